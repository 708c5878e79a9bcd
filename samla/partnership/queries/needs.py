"""Reads for needs reports (behovsmelding): the deadline, who reads which report, the
overview of who has submitted.

- An owner (the ``owner`` role) reads and writes its own reports, drafts and submitted.
- Programme administrators, the county governor and the members of the programme's
  forums read every submitted report and the overview.
- A partner's contact reads the submitted reports that wish that partner.
- Everyone else: 404."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.http import Http404

from samla.core.time import school_year_text
from samla.org.models import Owner, Programme, Role
from samla.plans.models import Deadline

from .. import access
from ..models import Evidence, NeedsPriority, NeedsReport, Partner, PartnerKind, SchemeSettings
from ..models.status import SubmissionStatus


def scheme(programme: Programme) -> SchemeSettings:
    """The programme's scheme settings; the national defaults (unsaved) when it has none."""
    found = SchemeSettings.objects.filter(programme=programme).first()
    return found or SchemeSettings(programme=programme)


def deadline(settings: SchemeSettings, year: int) -> date:
    """The day needs reports are due in ``year`` (a day past the month's end: its last)."""
    last = calendar.monthrange(year, settings.needs_due_month)[1]
    return date(year, settings.needs_due_month, min(settings.needs_due_day, last))


def year_due(settings: SchemeSettings, today: date) -> int:
    """The year of the coming deadline: this year's until its day has passed, then next."""
    return today.year if today <= deadline(settings, today.year) else today.year + 1


def first_school_year(year: int) -> str:
    """A report due in ``year`` starts with the school year that begins that August."""
    return school_year_text(year)


def is_late(report: NeedsReport, today: date) -> bool:
    return today > deadline(scheme(report.programme), report.year)


def reads_overview(user, programme: Programme) -> bool:
    """Administrators, the county governor and forum members see who has submitted."""
    return access.reads_everything(user, programme) or bool(access.forum_ids(user, programme))


def university_partners(programme: Programme) -> QuerySet[Partner]:
    """The partners an owner may wish for: the programme's universities."""
    return Partner.objects.filter(programme=programme, kind=PartnerKind.UNIVERSITY).order_by("name")


def owners_of(user, programme: Programme) -> list[Owner]:
    """The owners the person writes needs reports for in the programme."""
    return list(Owner.objects.filter(pk__in=access.owner_ids(user, programme)).order_by("name"))


def readable_reports(user, programme: Programme) -> QuerySet[NeedsReport]:
    """The programme's needs reports the person may open."""
    owned = access.owner_ids(user, programme)
    condition = Q(owner_id__in=owned)
    submitted = Q(status=SubmissionStatus.SUBMITTED)
    if reads_overview(user, programme):
        condition |= submitted
    else:
        partners = access.partner_ids(user, programme)
        if partners:
            condition |= submitted & Q(wished_partner_id__in=partners)
    return NeedsReport.objects.filter(condition, programme=programme).select_related(
        "owner", "wished_partner", "submitted_by", "programme"
    )


def get_report_or_404(user, programme: Programme, pk: int) -> NeedsReport:
    try:
        return readable_reports(user, programme).get(pk=pk)
    except NeedsReport.DoesNotExist as missing:
        raise Http404 from missing


def may_edit(user, report: NeedsReport) -> bool:
    """A draft, by the owner it belongs to."""
    return report.status == SubmissionStatus.DRAFT and report.owner_id in access.owner_ids(
        user, report.programme
    )


def submitted_reports(programme: Programme, year: int) -> list[NeedsReport]:
    """The needs reports submitted to the programme's forum for the deadline of ``year``,
    with their priorities and evidence (3 queries): for the recommendation."""
    return list(
        NeedsReport.objects.filter(
            programme=programme, year=year, status=SubmissionStatus.SUBMITTED
        )
        .select_related("owner", "wished_partner")
        .prefetch_related("priorities__evidence")
        .order_by("owner__name")
    )


@dataclass(frozen=True)
class OverviewLine:
    owner: Owner
    report: NeedsReport | None

    @property
    def submitted(self) -> bool:
        return self.report is not None and self.report.status == SubmissionStatus.SUBMITTED


def overview(programme: Programme, year: int) -> list[OverviewLine]:
    """Every owner taking part in the programme, with its report for ``year`` if
    submitted (drafts are the owner's own: shown as not submitted). Two queries."""
    owners = Owner.objects.filter(units__programmes=programme).distinct().order_by("name")
    reports = {
        r.owner_id: r
        for r in NeedsReport.objects.filter(
            programme=programme, year=year, status=SubmissionStatus.SUBMITTED
        )
    }
    return [OverviewLine(owner, reports.get(owner.pk)) for owner in owners]


def report_years(programme: Programme, settings: SchemeSettings, today: date) -> list[int]:
    """The years the overview offers: those with reports and the coming deadline's."""
    years = set(
        NeedsReport.objects.filter(programme=programme).values_list("year", flat=True).distinct()
    )
    years.add(year_due(settings, today))
    return sorted(years, reverse=True)


def priorities_with_evidence(report: NeedsReport) -> list:
    """The report's priorities in order, each with its evidence (2 queries)."""
    return list(report.priorities.prefetch_related("evidence").order_by("order", "pk"))


def hub_entry(user, programme: Programme, today: date) -> dict | None:
    """The needs reports' line on the partnership page, for owners, forum members, the
    county governor, administrators and partners' contacts: the coming deadline and
    whether the person writes a report. None for anyone else."""
    is_owner = bool(access.owner_ids(user, programme))
    if not (is_owner or reads_overview(user, programme) or access.partner_ids(user, programme)):
        return None
    settings = scheme(programme)
    return {"is_owner": is_owner, "deadline": deadline(settings, year_due(settings, today))}


def needs_programme_of_deadline(user, deadline_id: int, due: date) -> Programme | None:
    """The programme whose needs reports an owner's deadline (``plans.Deadline``) falling
    on the programme's needs deadline is about, where the person writes needs reports;
    else None."""
    found = (
        Deadline.objects.filter(pk=deadline_id, role=Role.OWNER).select_related("programme").first()
    )
    if found is None or not SchemeSettings.objects.filter(programme=found.programme).exists():
        return None
    if due != deadline(scheme(found.programme), due.year):
        return None
    return found.programme if access.owner_ids(user, found.programme) else None


def get_priority_or_404(report: NeedsReport, pk: int) -> NeedsPriority:
    try:
        return report.priorities.get(pk=pk)
    except NeedsPriority.DoesNotExist as missing:
        raise Http404 from missing


def get_evidence_or_404(priority: NeedsPriority, pk) -> Evidence:
    try:
        return priority.evidence.get(pk=int(pk))
    except (Evidence.DoesNotExist, TypeError, ValueError) as missing:
        raise Http404 from missing
