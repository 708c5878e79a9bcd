"""Notifications from the programmes' deadlines (``plans.Deadline``): a week before and on
the day, to the people whose role owns the deadline, until each has marked it done.

Who: as ``plans.access.deadlines_for`` — a person with the deadline's role held in the
deadline's own programme (``org.access.programme_roles``: the programme itself, one of its
regions, or an owner, unit or class enrolled in it). Done is per person and occurrence
(``DeadlineDone``: deadline, due date, person), so one person marking it done stops only
their own reminders.

When (Oslo dates; the key holds the due date, so a yearly deadline reminds every year):

- ``deadline_week:<deadline>:<due>`` from 7 days before the due date until the day before.
  A run that comes late (the worker was down on the seventh day, or a deadline was added
  five days before it falls) still sends it; the text names the date, not "in a week".
- ``deadline_today:<deadline>:<due>`` on the due date only: after the day it is no longer
  news, and the home page shows the deadline as overdue.

Set-based: four queries whatever the number of people (the deadlines, the programmes'
enrolments, the memberships of the roles concerned, the done marks)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from samla.core.time import oslo_today
from samla.org.models import Enrolment, Membership, Role
from samla.plans.models import Deadline, DeadlineDone

from ..kinds import Kind
from .base import Due, Texts, date_words

WEEK = 7


def due(now: datetime) -> Iterator[Due]:
    today = oslo_today(now)
    occasions = _occasions(today)
    if not occasions:
        return
    holders = _holders({(d.programme_id, d.role) for d, _due, _kind in occasions})
    done = set(
        DeadlineDone.objects.filter(
            deadline_id__in={d.pk for d, _due, _kind in occasions},
            due__in={day for _d, day, _kind in occasions},
        ).values_list("deadline_id", "due", "done_by_id")
    )
    link = reverse("portal:home") + "#deadlines-heading"
    for deadline, day, kind in occasions:
        params = {
            "title": deadline.title,
            "date": day.isoformat(),
            "role": deadline.role,
            "programme": deadline.programme.name,
        }
        for person_id in sorted(holders.get((deadline.programme_id, deadline.role), ())):
            if (deadline.pk, day, person_id) in done:
                continue
            yield Due(
                person_id=person_id,
                kind=kind,
                key=f"{kind.value}:{deadline.pk}:{day.isoformat()}",
                link=link,
                programme_id=deadline.programme_id,
                params=params,
            )


def _occasions(today: date) -> list[tuple[Deadline, date, Kind]]:
    """(deadline, due date, kind) for every occurrence whose reminder is due today."""
    found = []
    for deadline in Deadline.objects.select_related("programme"):
        for day in deadline.occurrences(today, today + timedelta(days=WEEK)):
            found.append(
                (deadline, day, Kind.DEADLINE_TODAY if day == today else Kind.DEADLINE_WEEK)
            )
    return found


def _holders(wanted: set[tuple[int, str]]) -> dict[tuple[int, str], set[int]]:
    """The active people holding each (programme, role), by ``programme_roles``'s rule, in
    two queries: the enrolments of the programmes, the memberships of the roles."""
    programme_ids = {programme_id for programme_id, _role in wanted}
    roles = {role for _programme_id, role in wanted}
    unit_programmes: dict[int, set[int]] = defaultdict(set)
    owner_programmes: dict[int, set[int]] = defaultdict(set)
    for unit_id, owner_id, programme_id in Enrolment.objects.filter(
        programme_id__in=programme_ids
    ).values_list("unit_id", "unit__owner_id", "programme_id"):
        unit_programmes[unit_id].add(programme_id)
        owner_programmes[owner_id].add(programme_id)
    memberships = Membership.objects.filter(role__in=roles, person__is_active=True).values_list(
        "person_id",
        "role",
        "programme_id",
        "region__programme_id",
        "owner_id",
        "unit_id",
        "group__unit_id",
    )
    holders: dict[tuple[int, str], set[int]] = defaultdict(set)
    for (
        person_id,
        role,
        programme_id,
        region_programme_id,
        owner_id,
        unit_id,
        group_unit,
    ) in memberships:
        if programme_id is not None:
            held_in = {programme_id}
        elif region_programme_id is not None:
            held_in = {region_programme_id}
        elif owner_id is not None:
            held_in = owner_programmes.get(owner_id, set())
        else:
            held_in = unit_programmes.get(unit_id or group_unit, set())
        for held in held_in:
            if (held, role) in wanted:
                holders[(held, role)].add(person_id)
    return holders


def _words(params: dict[str, Any]) -> dict[str, str]:
    return {
        "title": params["title"],
        "date": date_words(params["date"]),
        "role": str(Role(params["role"]).label) if params["role"] in Role.values else "",
        "programme": params["programme"],
    }


def _week(params: dict[str, Any]) -> tuple[str, str]:
    words = _words(params)
    return (
        _("Deadline on %(date)s: %(title)s") % words,
        _(
            "“%(title)s” is due on %(date)s (%(role)s, %(programme)s). Mark it as done in "
            "Samla when it is done, and the reminders stop."
        )
        % words,
    )


def _today(params: dict[str, Any]) -> tuple[str, str]:
    words = _words(params)
    return (
        _("Deadline today: %(title)s") % words,
        _(
            "“%(title)s” is due today, %(date)s (%(role)s, %(programme)s). Mark it as done in "
            "Samla when it is done."
        )
        % words,
    )


TEXTS: dict[Kind, Texts] = {Kind.DEADLINE_WEEK: _week, Kind.DEADLINE_TODAY: _today}
