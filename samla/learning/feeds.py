"""A person's learning group meetings as a calendar subscription (iCalendar).

The address carries a signed token naming the person and the version of their address
(``CalendarKey``; version 1 while they have none), since calendar apps cannot log in.
Making a new address (``services.renew_calendar_address``) raises the version, so the old
token stops working. Changing ``SAMLA_SECRET_KEY`` (or ``SALT``) retires every address.

The feed holds the planned and held meetings of every group the person is a member of or
leads. Cancelled meetings are left out rather than sent as STATUS:CANCELLED: calendar apps
drop an event that is gone from a subscription, while some show a cancelled one as if it
were on."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC

from django.db.models import Q
from django.utils.translation import gettext as _
from icalendar import Event

from samla.core import signed
from samla.core.ics import calendar_file
from samla.core.time import OSLO
from samla.org.access import grants_for
from samla.org.models import Person

from .models import CalendarKey, Meeting, MeetingStatus

SALT = "samla.learning.feed.v1"


def token_for(person: Person) -> str:
    """The token of the person's current calendar address."""
    key = CalendarKey.objects.filter(person=person).values_list("version", flat=True).first()
    return signed.token_for([person.pk, key or 1], SALT)


def person_for(token: str) -> Person | None:
    """The person whose current address carries this token; None for an altered token, an
    old version or an inactive person."""
    try:
        person_id, version = signed.value_of(token, SALT)
    except (ValueError, TypeError):
        return None
    if not isinstance(person_id, int) or not isinstance(version, int):
        return None
    person = (
        Person.objects.filter(pk=person_id, is_active=True)
        .select_related("learning_calendar")
        .first()
    )
    if person is None:
        return None
    key = getattr(person, "learning_calendar", None)
    return person if (key.version if key else 1) == version else None


def person_meetings(person: Person) -> list[Meeting]:
    """The planned and held meetings of the groups the person is in or leads, by time."""
    works_at = grants_for(person).member_unit_ids  # not after leaving the unit
    return list(
        Meeting.objects.filter(
            Q(group__members__person=person) | Q(group__leader=person),
            group__unit_id__in=works_at,
            status__in=(MeetingStatus.PLANNED, MeetingStatus.HELD),
        )
        .distinct()
        .select_related("group__unit", "module__package")
        .order_by("starts_at", "pk")
    )


def person_calendar(token: str) -> bytes | None:
    """The calendar behind a token, or None when the token does not open one. Two queries
    whatever the number of meetings."""
    person = person_for(token)
    if person is None:
        return None
    name = _("Learning group meetings – %(name)s") % {"name": person}
    return meetings_to_ics(person_meetings(person), calendar_name=name)


def meetings_to_ics(meetings: Iterable[Meeting], *, calendar_name: str) -> bytes:
    events = [meeting_event(meeting) for meeting in meetings]
    return calendar_file(events, product="Learning group meetings", name=calendar_name)


def meeting_event(meeting: Meeting) -> Event:
    """One meeting. The UID comes from its key, so a calendar updates the event when the
    meeting is moved or recorded instead of adding a copy."""
    event = Event()
    event.add("uid", f"learning-meeting-{meeting.pk}@samla")
    event.add("dtstamp", meeting.updated_at.astimezone(UTC).replace(microsecond=0))
    start = meeting.starts_at.astimezone(OSLO)
    event.add("dtstart", start)
    event.add("dtend", meeting.ends_at.astimezone(OSLO))
    module = meeting.module
    title = meeting.group.name
    event.add("summary", f"{title}: {module.title}" if module else title)
    description = meeting_description(meeting)
    if description:
        event.add("description", description)
    if meeting.place:
        event.add("location", meeting.place)
    event.add("status", "CONFIRMED")
    return event


def meeting_description(meeting: Meeting) -> str:
    lines = [str(meeting.group.unit)]
    module = meeting.module
    if module:
        lines.append(
            _("%(package)s, module %(number)d: %(title)s")
            % {"package": module.package.title, "number": module.number, "title": module.title}
        )
        if module.meeting_tasks:
            lines.append(_("Tasks for the meeting: %(text)s") % {"text": module.meeting_tasks})
        if module.between_work:
            lines.append(_("Work between meetings: %(text)s") % {"text": module.between_work})
    if meeting.status == MeetingStatus.HELD:
        lines.append(_("The meeting is recorded as held."))
        if meeting.between_tasks:
            lines.append(_("Tasks agreed: %(text)s") % {"text": meeting.between_tasks})
    return "\n".join(lines)
