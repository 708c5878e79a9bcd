"""Notifications from the partnership: needs reports and yearly reports due, to the people
who write them for an owner (the ``owner`` role at an owner taking part in the programme,
as ``partnership.access.owner_ids``), while the owner's report is not submitted.

Only programmes that run the scheme (they have ``SchemeSettings``) remind. The due dates
are the scheme's: needs reports for year Y on its needs day in Y
(``queries.needs.deadline``); the yearly report on year Y on its report day in Y + 1
(``queries.reports.due_date``). A needs report is expected from every owner taking part;
a yearly report from every owner taking part that had an allocation for the year (the
report accounts for the year's money, so an owner without one has nothing to report).

Two occasions per report, as for deadlines (Oslo dates): from 7 days before the due date
until the day before (a late run still sends it; the text names the date), and on the day
itself. The key holds the kind, the occasion, the programme, the owner and the due date
(``needs_report_due:week:<programme>:<owner>:<due>``): a person writing for two owners
is told about each. There is no "done" but submitting: a draft still reminds.

Set-based: six queries whatever the number of owners and people."""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from samla.core.time import oslo_today
from samla.org.models import Enrolment, Membership, Role
from samla.partnership.models import (
    Allocation,
    NeedsReport,
    SchemeSettings,
    SubmissionStatus,
    YearlyReport,
)
from samla.partnership.queries import needs as needs_queries

from ..kinds import Kind
from .base import Due, Texts, date_words

WEEK = 7
WEEK_BEFORE, ON_THE_DAY = "week", "today"


def _occasion(today: date, due_on: date) -> str | None:
    if due_on == today:
        return ON_THE_DAY
    if due_on - timedelta(days=WEEK) <= today < due_on:
        return WEEK_BEFORE
    return None


def _report_due(settings: SchemeSettings, year: int) -> date:
    """The yearly report on ``year``: the scheme's day in the year after (a day past the
    month's end is its last), as ``queries.reports.due_date`` without its query."""
    last = calendar.monthrange(year + 1, settings.report_due_month)[1]
    return date(year + 1, settings.report_due_month, min(settings.report_due_day, last))


def due(now: datetime) -> Iterator[Due]:
    today = oslo_today(now)
    # (kind, programme id, year the report is on or due, due date, occasion)
    occasions: list[tuple[Kind, int, int, date, str]] = []
    schemes = {s.programme_id: s for s in SchemeSettings.objects.select_related("programme")}
    for programme_id, settings in schemes.items():
        for year in (today.year, today.year + 1):
            due_on = needs_queries.deadline(settings, year)
            if occasion := _occasion(today, due_on):
                occasions.append((Kind.NEEDS_REPORT_DUE, programme_id, year, due_on, occasion))
        for year in (today.year - 1, today.year):
            due_on = _report_due(settings, year)
            if occasion := _occasion(today, due_on):
                occasions.append((Kind.YEARLY_REPORT_DUE, programme_id, year, due_on, occasion))
    if not occasions:
        return
    programme_ids = {programme_id for _k, programme_id, _y, _d, _o in occasions}
    years = {year for _k, _p, year, _d, _o in occasions}
    owners: dict[int, dict[int, str]] = defaultdict(dict)  # programme → owner → name
    for programme_id, owner_id, name in (
        Enrolment.objects.filter(programme_id__in=programme_ids)
        .values_list("programme_id", "unit__owner_id", "unit__owner__name")
        .distinct()
    ):
        owners[programme_id][owner_id] = name
    allocated = set(
        Allocation.objects.filter(programme_id__in=programme_ids, year__in=years).values_list(
            "programme_id", "owner_id", "year"
        )
    )
    reports = {
        Kind.NEEDS_REPORT_DUE: _reports(NeedsReport, programme_ids, years),
        Kind.YEARLY_REPORT_DUE: _reports(YearlyReport, programme_ids, years),
    }
    writers: dict[int, set[int]] = defaultdict(set)
    for owner_id, person_id in Membership.objects.filter(
        role=Role.OWNER,
        owner_id__in={o for by_owner in owners.values() for o in by_owner},
        person__is_active=True,
    ).values_list("owner_id", "person_id"):
        writers[owner_id].add(person_id)
    for kind, programme_id, year, due_on, occasion in occasions:
        programme = schemes[programme_id].programme
        for owner_id, owner_name in sorted(owners[programme_id].items()):
            if kind == Kind.YEARLY_REPORT_DUE and (programme_id, owner_id, year) not in allocated:
                continue
            report_id, status = reports[kind].get((programme_id, owner_id, year), (None, None))
            if status == SubmissionStatus.SUBMITTED:
                continue
            link = _link(kind, programme.slug, report_id)
            params = {
                "occasion": occasion,
                "owner": owner_name,
                "programme": programme.name,
                "year": year,
                "date": due_on.isoformat(),
            }
            key = f"{kind.value}:{occasion}:{programme_id}:{owner_id}:{due_on.isoformat()}"
            for person_id in sorted(writers.get(owner_id, ())):
                yield Due(person_id, kind, key, link, programme_id, params)


def _reports(model, programme_ids: set[int], years: set[int]) -> dict:
    """(programme, owner, year) → (report id, status) of the reports there are."""
    return {
        (programme_id, owner_id, year): (pk, status)
        for pk, programme_id, owner_id, year, status in model.objects.filter(
            programme_id__in=programme_ids, year__in=years
        ).values_list("pk", "programme_id", "owner_id", "year", "status")
    }


def _link(kind: Kind, slug: str, report_id: int | None) -> str:
    """The owner's report when it is started, else the page where it is started."""
    if kind == Kind.NEEDS_REPORT_DUE:
        if report_id is None:
            return reverse("portal:partnership_needs", kwargs={"slug": slug})
        return reverse("portal:partnership_needs_report", kwargs={"slug": slug, "pk": report_id})
    if report_id is None:
        return reverse("portal:partnership_reports", args=[slug])
    return reverse("portal:partnership_report", args=[slug, report_id])


def _words(params: dict[str, Any]) -> dict[str, Any]:
    return {
        "owner": params["owner"],
        "programme": params["programme"],
        "year": params["year"],
        "date": date_words(params["date"]),
    }


def _needs(params: dict[str, Any]) -> tuple[str, str]:
    words = _words(params)
    if params["occasion"] == ON_THE_DAY:
        return (
            _("Needs report due today: %(owner)s") % words,
            _(
                "The needs report of %(owner)s to the cooperation forum (%(programme)s) is due "
                "today, %(date)s, and is not submitted yet."
            )
            % words,
        )
    return (
        _("Needs report due on %(date)s: %(owner)s") % words,
        _(
            "The needs report of %(owner)s to the cooperation forum (%(programme)s) is due on "
            "%(date)s and is not submitted yet."
        )
        % words,
    )


def _yearly(params: dict[str, Any]) -> tuple[str, str]:
    words = _words(params)
    if params["occasion"] == ON_THE_DAY:
        return (
            _("Yearly report due today: %(owner)s") % words,
            _(
                "The yearly report of %(owner)s on %(year)s (%(programme)s) is due today, "
                "%(date)s, and is not submitted yet."
            )
            % words,
        )
    return (
        _("Yearly report due on %(date)s: %(owner)s") % words,
        _(
            "The yearly report of %(owner)s on %(year)s (%(programme)s) is due on %(date)s and "
            "is not submitted yet."
        )
        % words,
    )


TEXTS: dict[Kind, Texts] = {Kind.NEEDS_REPORT_DUE: _needs, Kind.YEARLY_REPORT_DUE: _yearly}
