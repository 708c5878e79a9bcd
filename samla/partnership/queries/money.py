"""Reading the money: each owner's ledger for a year, and the totals per owner, region and
year, as plain dicts for the pages, the Excel export and the yearly report.

Who sees what (``visible_owner_ids`` and ``line_owner_ids``): administrators and the
county governor every owner's totals and lines; forum members every owner's totals, not
the lines; an owner its own totals and lines; a university contact nothing."""

from __future__ import annotations

import math
from collections.abc import Iterable
from decimal import Decimal

from django.contrib.humanize.templatetags.humanize import intcomma
from django.db.models import Q, Sum
from django.http import Http404
from django.utils.translation import gettext as _

from samla.org.models import Owner, Programme, RegionOwner

from .. import access
from ..models import (
    Allocation,
    SchemeSettings,
    Spending,
    SpendingCategory,
    SpendingSource,
    SubmissionStatus,
    YearlyReport,
)

ZERO = Decimal(0)
# The money columns of a row of totals, in the order pages and the export show them.
MONEY = (
    "state_grant",
    "coordinator",
    "own_share",
    "spent_grant",
    "spent_own",
    "left_grant",
    "left_own",
    "own_share_missing",
)


def scheme(programme: Programme) -> SchemeSettings:
    """The programme's scheme settings; the national defaults (unsaved) when none are set."""
    return SchemeSettings.objects.filter(programme=programme).first() or SchemeSettings(
        programme=programme
    )


def programme_owners(programme: Programme):
    """Owners with units in the programme: those who can have a ledger in it."""
    return Owner.objects.filter(units__programmes=programme).distinct().order_by("name")


def required_own_share(state_grant: Decimal, percent: int) -> Decimal:
    """The least own share: ``percent`` % of the grant, rounded up to whole kroner."""
    return Decimal(math.ceil(Decimal(state_grant) * percent / 100))


def coordinator_cap(state_grant: Decimal, percent: int) -> Decimal:
    """The most the coordinator may have: ``percent`` % of the grant, rounded down."""
    return Decimal(math.floor(Decimal(state_grant) * percent / 100))


def is_locked(programme: Programme, owner_id: int, year: int) -> bool:
    """Whether the owner's yearly report on ``year`` is submitted: the ledger is then closed."""
    return YearlyReport.objects.filter(
        programme=programme, owner_id=owner_id, year=year, status=SubmissionStatus.SUBMITTED
    ).exists()


# --- who sees what ----------------------------------------------------------------------


def visible_owner_ids(user, programme: Programme) -> set[int] | None:
    """Owners whose totals the person sees: ``None`` for every owner; 404 for nobody."""
    if access.reads_everything(user, programme) or access.forum_ids(user, programme):
        return None
    owned = access.owner_ids(user, programme)
    if not owned:
        raise Http404
    return owned


def line_owner_ids(user, programme: Programme) -> set[int] | None:
    """Owners whose spending lines the person sees: ``None`` for every owner."""
    if access.reads_everything(user, programme):
        return None
    return access.owner_ids(user, programme)


def sees_lines(user, programme: Programme, owner_id: int) -> bool:
    allowed = line_owner_ids(user, programme)
    return allowed is None or owner_id in allowed


# --- rows -------------------------------------------------------------------------------


def _row(owner: Owner, region, year: int, allocation: dict | None, percent: int) -> dict:
    allocation = allocation or {}
    grant = allocation.get("state_grant") or ZERO
    own = allocation.get("own_share") or ZERO
    spent_grant = allocation.get("spent_grant") or ZERO
    spent_own = allocation.get("spent_own") or ZERO
    required = required_own_share(grant, percent)
    return {
        "allocation_id": allocation.get("pk"),
        "owner_id": owner.pk,
        "owner": owner.name,
        "region_id": region.pk if region else None,
        "region": region.name if region else "",
        "year": year,
        "state_grant": grant,
        "coordinator": allocation.get("coordinator") or ZERO,
        "own_share": own,
        "spent_grant": spent_grant,
        "spent_own": spent_own,
        "left_grant": grant - spent_grant,
        "left_own": own - spent_own,
        "own_share_required": required,
        "own_share_missing": max(required - own, ZERO),
        "grant_overspent": max(spent_grant - grant, ZERO),
    }


def _regions(programme: Programme) -> dict[int, object]:
    return {
        link.owner_id: link.region
        for link in RegionOwner.objects.filter(programme=programme).select_related("region")
    }


def _allocations(programme: Programme, owner_ids, years) -> list[dict]:
    found = Allocation.objects.filter(programme=programme)
    if owner_ids is not None:
        found = found.filter(owner_id__in=owner_ids)
    if years is not None:
        found = found.filter(year__in=years)
    return list(
        found.values("pk", "owner_id", "year", "state_grant", "own_share", "coordinator").annotate(
            spent_grant=Sum("spending__amount", filter=Q(spending__source=SpendingSource.GRANT)),
            spent_own=Sum("spending__amount", filter=Q(spending__source=SpendingSource.OWN)),
        )
    )


def owner_rows(
    programme: Programme,
    *,
    owner_ids: Iterable[int] | None = None,
    years: Iterable[int] | None = None,
    every_owner_in: int | None = None,
) -> list[dict]:
    """A row per owner and year with an allocation, newest year first, then by owner;
    with ``every_owner_in`` (a year), also a row of zeros for each owner of the programme
    (within ``owner_ids``) that has none that year."""
    owner_ids = None if owner_ids is None else set(owner_ids)
    years = None if years is None else list(years)
    percent = scheme(programme).own_share_percent
    allocations = _allocations(programme, owner_ids, years)
    wanted = {a["owner_id"] for a in allocations}
    if every_owner_in is not None:
        owners = programme_owners(programme)
        if owner_ids is not None:
            owners = owners.filter(pk__in=owner_ids)
        everyone = {owner.pk: owner for owner in owners}
    else:
        everyone = {}
    missing = wanted - set(everyone)
    everyone |= {owner.pk: owner for owner in Owner.objects.filter(pk__in=missing)}
    regions = _regions(programme)
    rows = [
        _row(everyone[a["owner_id"]], regions.get(a["owner_id"]), a["year"], a, percent)
        for a in allocations
    ]
    if every_owner_in is not None:
        having = {r["owner_id"] for r in rows if r["year"] == every_owner_in}
        rows += [
            _row(owner, regions.get(pk), every_owner_in, None, percent)
            for pk, owner in everyone.items()
            if pk not in having and (owner_ids is None or pk in owner_ids)
        ]
    rows.sort(key=lambda r: (-r["year"], r["owner"].lower(), r["owner_id"]))
    return rows


def summed(rows: list[dict], **labels) -> dict:
    """The rows' money added up (what is missing of the own share is each owner's own
    shortfall added up), with ``labels`` and the number of owners."""
    total = dict(labels)
    for field in (*MONEY, "own_share_required", "grant_overspent"):
        total[field] = sum((row[field] for row in rows), ZERO)
    total["owners"] = len({row["owner_id"] for row in rows})
    return total


def totals(programme: Programme, rows: list[dict]) -> dict:
    """The rows per region and year and per year (the programme's totals)."""
    by_region: dict[tuple, list[dict]] = {}
    by_year: dict[int, list[dict]] = {}
    for row in rows:
        by_region.setdefault((row["year"], row["region_id"], row["region"]), []).append(row)
        by_year.setdefault(row["year"], []).append(row)
    regions = [
        summed(group, year=year, region_id=region_id, region=region or _("No region"))
        for (year, region_id, region), group in by_region.items()
    ]
    regions.sort(key=lambda r: (-r["year"], r["region_id"] is None, r["region"].lower()))
    years = [summed(group, year=year) for year, group in sorted(by_year.items(), reverse=True)]
    return {"owners": rows, "regions": regions, "years": years}


def years(programme: Programme, owner_ids: Iterable[int] | None = None) -> list[int]:
    found = Allocation.objects.filter(programme=programme)
    if owner_ids is not None:
        found = found.filter(owner_id__in=set(owner_ids))
    return sorted(set(found.values_list("year", flat=True)), reverse=True)


# --- one owner's ledger -----------------------------------------------------------------


def lines(programme: Programme, owner_ids: Iterable[int] | None, years=None) -> list[Spending]:
    """Spending lines, by owner, year and date."""
    found = Spending.objects.filter(allocation__programme=programme).select_related(
        "allocation__owner", "entered_by"
    )
    if owner_ids is not None:
        found = found.filter(allocation__owner_id__in=set(owner_ids))
    if years is not None:
        found = found.filter(allocation__year__in=list(years))
    return list(found.order_by("-allocation__year", "allocation__owner__name", "date", "pk"))


def spending_line(programme: Programme, pk: int) -> Spending | None:
    """One spending line of the programme, with its ledger's owner and programme."""
    return (
        Spending.objects.filter(pk=pk, allocation__programme=programme)
        .select_related("allocation__owner", "allocation__programme")
        .first()
    )


def by_category(spending: list[Spending]) -> list[dict]:
    """Spending per category: from the grant, from the own share, in all."""
    rows = []
    for category in SpendingCategory:
        mine = [s for s in spending if s.category == category]
        if not mine:
            continue
        grant = sum((s.amount for s in mine if s.source == SpendingSource.GRANT), ZERO)
        own = sum((s.amount for s in mine if s.source == SpendingSource.OWN), ZERO)
        rows.append(
            {"category": category.value, "label": category.label, "grant": grant, "own": own}
            | {"total": grant + own}
        )
    return rows


def warnings(row: dict, percent: int) -> list[str]:
    """What is wrong with an owner's year, though allowed: too small an own share, more
    spent from the grant than was allocated."""
    found = []
    if row["own_share_missing"] > 0:
        found.append(
            _(
                "The own share is %(missing)s kr short: it should be at least %(percent)s %% "
                "of the state grant, %(required)s kr."
            )
            % {
                "missing": nok(row["own_share_missing"]),
                "percent": percent,
                "required": nok(row["own_share_required"]),
            }
        )
    if row["grant_overspent"] > 0:
        found.append(
            _("%(over)s kr more is spent from the state grant than was allocated.")
            % {"over": nok(row["grant_overspent"])}
        )
    return found


def ledger(programme: Programme, owner: Owner, year: int) -> dict:
    """One owner's year: the totals (a row as in ``owner_rows``), the spending lines,
    spending per category, the warnings and whether the year is locked. For the pages and
    the yearly report; whoever calls it has checked that the reader may see the lines."""
    rows = owner_rows(programme, owner_ids=[owner.pk], years=[year])
    settings = scheme(programme)
    percent = settings.own_share_percent
    row = rows[0] if rows else _row(owner, _regions(programme).get(owner.pk), year, None, percent)
    spending = lines(programme, [owner.pk], [year])
    return {
        "totals": row,
        "lines": spending,
        "by_category": by_category(spending),
        "warnings": warnings(row, settings.own_share_percent),
        "locked": is_locked(programme, owner.pk, year),
        "own_share_percent": settings.own_share_percent,
        "coordinator_cap_percent": settings.coordinator_cap_percent,
    }


def nok(amount: Decimal) -> str:
    """Whole kroner with the active language's grouping (1 200 000 in Norwegian)."""
    return intcomma(int(amount))
