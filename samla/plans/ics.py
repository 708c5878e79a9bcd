"""An action plan's activities, regional sessions and deadlines as iCalendar (RFC 5545).

All-day items use DATE values with an exclusive end; timed items use Europe/Oslo with a
VTIMEZONE. UIDs come from primary keys, so a calendar app that reads the file or the feed
again updates its events instead of adding copies."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

from django.utils.translation import gettext as _
from icalendar import Event

from samla.core.ics import calendar_file
from samla.core.time import OSLO

from .models import Activity, ActivityStatus, Deadline, RegionalSession
from .when_values import Precision


def activities_to_ics(
    activities: Iterable[Activity],
    *,
    calendar_name: str,
    region_ids: set[int] | None = None,
    deadlines: Iterable[tuple[Deadline, date]] = (),
) -> bytes:
    """A calendar (RFC 5545) with one event per dated activity or regional session.

    An activity with sessions gives one event per session (of ``region_ids`` when given)
    that has a date; when none has, the activity's own time is used, so that "Uke 34-35"
    above empty "NØR:" lines still reaches the calendar. ``deadlines`` are (deadline, due
    date) pairs, see :func:`deadline_occurrences`. UIDs come from primary keys, so a
    calendar that imports the file again updates its events instead of adding copies."""
    stamp = datetime.now(UTC).replace(microsecond=0)
    events = [event for activity in activities for event in activity_events(activity, region_ids)]
    events += [deadline_event(deadline, due) for deadline, due in deadlines]
    for event in events:
        event.add("dtstamp", stamp)
    return calendar_file(events, product="Action plan export", name=calendar_name)


def activity_events(activity: Activity, region_ids: set[int] | None = None) -> list[Event]:
    sessions = [
        session
        for session in activity.sessions.all()
        if session.start_date and (region_ids is None or session.region_id in region_ids)
    ]
    if not sessions:
        event = _timed_event(activity, f"activity-{activity.pk}@samla", activity.title)
        if event is None:
            return []
        _describe(event, activity, activity, activity.location)
        return [event]
    events = []
    for session in sessions:
        summary = f"{activity.title} – {session.region.short_name}"
        event = _timed_event(session, f"session-{session.pk}@samla", summary)
        if event is not None:
            _describe(event, activity, session, session.location or activity.location)
            events.append(event)
    return events


def _timed_event(item: Activity | RegionalSession, uid: str, summary: str) -> Event | None:
    start = item.start_date
    if start is None:
        return None
    end = item.end_date or start  # open-ended ("fra og med 20.02.22"): the first day only
    event = Event()
    event.add("uid", uid)
    event.add("summary", summary)
    if item.start_time is None:
        event.add("dtstart", start)
        event.add("dtend", end + timedelta(days=1))  # DTEND of a DATE event is exclusive
        if item.precision != Precision.DAY:
            # "Uke 34", "Mai": sometime in the period, not a busy block in anyone's calendar.
            event.add("transp", "TRANSPARENT")
        return event
    event.add("dtstart", datetime.combine(start, item.start_time, OSLO))
    if item.end_time is not None:
        event.add("dtend", datetime.combine(start, item.end_time, OSLO))
    if end > start:
        # "26.-27.9 kl.9-15" meets on each day at those hours, not for two days on end.
        event.add("rrule", {"freq": "daily", "count": (end - start).days + 1})
    return event


def _describe(
    event: Event, activity: Activity, timing: Activity | RegionalSession, location: str
) -> None:
    lines = [f"{_('When')}: {timing.when_text}"] if timing.when_text.strip() else []
    for block in activity.details:
        text = str(block.get("text", "")).strip()
        if text:
            lines.append(f"• {text}" if block.get("kind") == "bullet" else text)
    if activity.responsible:
        lines.append(f"{_('Responsible')}: {activity.responsible}")
    if activity.audience:
        lines.append(f"{_('Target group')}: {activity.audience}")
    if lines:
        event.add("description", "\n".join(lines))
    if location:
        event.add("location", location)
    tentative = timing.tentative or activity.tentative
    event.add("status", _ics_status(activity, tentative))


def _ics_status(activity: Activity, tentative: bool) -> str:
    if activity.status == ActivityStatus.CANCELLED:
        return "CANCELLED"
    if tentative or activity.status in (ActivityStatus.TENTATIVE, ActivityStatus.POSTPONED):
        return "TENTATIVE"
    return "CONFIRMED"


def deadline_occurrences(
    deadlines: Iterable[Deadline], school_year: str
) -> list[tuple[Deadline, date]]:
    """(deadline, due date) for each deadline that falls in the school year (August–July)."""
    first_year = int(school_year[:4])
    year_start, year_end = date(first_year, 8, 1), date(first_year + 1, 7, 31)
    return [
        (deadline, due)
        for deadline in deadlines
        for due in deadline.occurrences(year_start, year_end)
    ]


def deadline_event(deadline: Deadline, due: date) -> Event:
    event = Event()
    event.add("uid", f"deadline-{deadline.pk}-{due:%Y%m%d}@samla")
    event.add("summary", _("Deadline: %(title)s") % {"title": deadline.title})
    event.add("dtstart", due)
    event.add("dtend", due + timedelta(days=1))
    event.add("description", f"{_('Role')}: {deadline.get_role_display()}")
    event.add("transp", "TRANSPARENT")
    event.add("status", "CONFIRMED")
    return event
