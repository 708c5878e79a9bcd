"""Notifications from learning groups' meetings: the day before a planned meeting, to the
group's members (the group leader is one; a leader who is not, e.g. an old row, is told
too).

When: on the Oslo day before the meeting's Oslo day, any run that day. A meeting that is
cancelled or already recorded as held is left out. The key holds the meeting's day
(``meeting_tomorrow:<meeting>:<day>``): a meeting moved to another day is a new occasion
and reminds again; moved within the same day, it does not. A run that only comes on the
meeting's own day sends nothing: "tomorrow" would be untrue.

Set-based: two queries whatever the number of meetings and people (the meetings with
their groups, the groups' members)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime, time, timedelta
from typing import Any

from django.urls import reverse
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from samla.core.time import OSLO, in_oslo, oslo_today
from samla.learning.models import GroupMember, Meeting, MeetingStatus

from ..kinds import Kind
from .base import Due, Texts, date_words


def due(now: datetime) -> Iterator[Due]:
    tomorrow = oslo_today(now) + timedelta(days=1)
    start = datetime.combine(tomorrow, time(0, 0), tzinfo=OSLO)
    end = datetime.combine(tomorrow + timedelta(days=1), time(0, 0), tzinfo=OSLO)
    meetings = list(
        Meeting.objects.filter(
            status=MeetingStatus.PLANNED, starts_at__gte=start, starts_at__lt=end
        ).values(
            "pk",
            "starts_at",
            "minutes",
            "place",
            "group_id",
            "group__name",
            "group__leader_id",
            "group__unit__name",
            "module__package__programme_id",
        )
    )
    if not meetings:
        return
    members: dict[int, set[int]] = defaultdict(set)
    for group_id, person_id in GroupMember.objects.filter(
        group_id__in={m["group_id"] for m in meetings}, person__is_active=True
    ).values_list("group_id", "person_id"):
        members[group_id].add(person_id)
    for meeting in meetings:
        starts = in_oslo(meeting["starts_at"])
        ends = in_oslo(meeting["starts_at"] + timedelta(minutes=meeting["minutes"]))
        people = set(members.get(meeting["group_id"], ()))
        if meeting["group__leader_id"]:
            people.add(meeting["group__leader_id"])
        params = {
            "group": meeting["group__name"],
            "unit": meeting["group__unit__name"],
            "date": starts.date().isoformat(),
            "start": starts.strftime("%H:%M"),
            "end": ends.strftime("%H:%M"),
            "place": meeting["place"],
        }
        link = reverse("portal:learning_group", kwargs={"pk": meeting["group_id"]})
        for person_id in sorted(people):
            yield Due(
                person_id=person_id,
                kind=Kind.MEETING_TOMORROW,
                key=f"{Kind.MEETING_TOMORROW.value}:{meeting['pk']}:{starts.date().isoformat()}",
                link=link,
                programme_id=meeting["module__package__programme_id"],
                params=params,
            )


def _tomorrow(params: dict[str, Any]) -> tuple[str, str]:
    words = {
        "group": params["group"],
        "unit": params["unit"],
        "date": date_words(params["date"]),
        "start": time_format(time.fromisoformat(params["start"]), "TIME_FORMAT"),
        "end": time_format(time.fromisoformat(params["end"]), "TIME_FORMAT"),
        "place": params.get("place", ""),
    }
    # The date, not "tomorrow": a digest or a retried mail can arrive on the day itself.
    title = _("Learning-group meeting %(date)s: %(group)s") % words
    if words["place"]:
        body = _("%(group)s (%(unit)s) meets on %(date)s, %(start)s–%(end)s. Place: %(place)s.")
    else:
        body = _("%(group)s (%(unit)s) meets on %(date)s, %(start)s–%(end)s.")
    return title, body % words


TEXTS: dict[Kind, Texts] = {Kind.MEETING_TOMORROW: _tomorrow}
