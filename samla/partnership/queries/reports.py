"""Reads for the yearly reports: who reads which report, the money of an owner's year (the
totals computed here from ``Allocation`` and ``Spending``), the due date and lateness.

Readers: the owner reads its own reports and writes them; the county governor (the
``observer`` role) and the programme's administrators read every report of the programme;
the county governor alone writes comments, on submitted reports. Everyone else gets 404.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db.models import QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from samla.core.time import OSLO
from samla.org.models import Owner, Programme

from .. import access
from ..models import Allocation, SchemeSettings, Spending, SpendingSource, YearlyReport
from ..models.status import SubmissionStatus
from . import money as money_queries

SECTION_KEYS = ("money", "participants", "measures", "partner", "outcomes")


def nok(value: Decimal | int) -> str:
    """An amount in whole kroner with the language's grouping: "1 250 000 kr"."""
    return f"{money_queries.nok(Decimal(value))}\u00a0kr"


# --- Who reads and writes ---------------------------------------------------------------------


def report_owners(user, programme: Programme) -> QuerySet[Owner]:
    """Owners the person writes yearly reports for."""
    return Owner.objects.filter(pk__in=access.owner_ids(user, programme)).order_by("name")


def readable_reports(user, programme: Programme) -> QuerySet[YearlyReport]:
    reports = YearlyReport.objects.filter(programme=programme).select_related("owner")
    if access.reads_everything(user, programme):
        return reports
    return reports.filter(owner_id__in=access.owner_ids(user, programme))


def get_report_or_404(user, programme: Programme, pk: int) -> YearlyReport:
    found = readable_reports(user, programme).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def reads_reports(user, programme: Programme) -> bool:
    return access.reads_everything(user, programme) or bool(access.owner_ids(user, programme))


def writes_report(user, report: YearlyReport) -> bool:
    """The owner writes (generates, edits, submits) its own report."""
    return report.owner_id in access.owner_ids(user, report.programme)


def comments_on(user, report: YearlyReport) -> bool:
    """The county governor comments on a submitted report."""
    return report.status == SubmissionStatus.SUBMITTED and access.is_county_governor(
        user, report.programme
    )


# --- Dates ----------------------------------------------------------------------------------------


def scheme(programme: Programme) -> SchemeSettings:
    """The programme's scheme settings (the national defaults if none are saved)."""
    return SchemeSettings.objects.filter(programme=programme).first() or SchemeSettings(
        programme=programme
    )


def due_date(programme: Programme, year: int) -> date:
    """The report on ``year`` is due in the year after (15 January by default)."""
    settings = scheme(programme)
    month, day = settings.report_due_month, settings.report_due_day
    while True:  # 31 in a month without it: the month's last day
        try:
            return date(year + 1, month, day)
        except ValueError:
            day -= 1


def default_year(today: date) -> int:
    """The calendar year just ended."""
    return today.year - 1


def submitted_late(report: YearlyReport) -> bool:
    """Submitted after the due date (Oslo time). Late reports are accepted and marked."""
    if report.submitted_at is None:
        return False
    day = timezone.localtime(report.submitted_at, OSLO).date()
    return day > due_date(report.programme, report.year)


def year_bounds(year: int) -> tuple[datetime, datetime]:
    """The first moment of the year and of the next, Oslo time."""
    return datetime(year, 1, 1, tzinfo=OSLO), datetime(year + 1, 1, 1, tzinfo=OSLO)


# --- Money ----------------------------------------------------------------------------------------


@dataclass
class Money:
    """An owner's money in a year: the allocation and what the ledger shows spent."""

    allocation: Allocation | None
    state_grant: Decimal = Decimal(0)
    own_share_budget: Decimal = Decimal(0)
    coordinator: Decimal = Decimal(0)
    spent_grant: Decimal = Decimal(0)
    spent_own: Decimal = Decimal(0)
    by_category: list[tuple[str, Decimal, Decimal]] = field(default_factory=list)
    own_share_percent: int = 30

    @property
    def required_own_share(self) -> Decimal:
        # The ledger's own rule (rounded up to whole kroner), so the two never disagree.
        return money_queries.required_own_share(self.state_grant, self.own_share_percent)

    @property
    def own_share_missing(self) -> Decimal:
        """How much own share the ledger lacks (0 when enough is spent)."""
        return max(Decimal(0), self.required_own_share - self.spent_own)

    @property
    def own_share_of_grant(self) -> int | None:
        if not self.state_grant:
            return None
        return round(100 * self.spent_own / self.state_grant)


def money(programme: Programme, owner: Owner, year: int) -> Money:
    """The year's allocation and spending totals, per source and category (2 queries).

    The own share counted is what the ledger shows spent from the owner's own money: the
    report accounts for what was done, not what was budgeted."""
    allocation = Allocation.objects.filter(programme=programme, owner=owner, year=year).first()
    result = Money(allocation, own_share_percent=scheme(programme).own_share_percent)
    if allocation is None:
        return result
    result.state_grant = allocation.state_grant
    result.own_share_budget = allocation.own_share
    result.coordinator = allocation.coordinator
    rows = (
        Spending.objects.filter(allocation=allocation)
        .values("category", "source")
        .annotate(total=Sum("amount"))
        .order_by("category", "source")
    )
    categories: dict[str, list[Decimal]] = {}
    for row in rows:
        amounts = categories.setdefault(row["category"], [Decimal(0), Decimal(0)])
        own = row["source"] == SpendingSource.OWN
        amounts[1 if own else 0] += row["total"]
        if own:
            result.spent_own += row["total"]
        else:
            result.spent_grant += row["total"]
    result.by_category = [(key, grant, own) for key, (grant, own) in categories.items()]
    return result
