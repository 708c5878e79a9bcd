"""Reads for the list pages of regions, owners, units and classes in a steward's part of a
programme, and the overview's counts. Each list is two queries (count and page) whatever
its size: counts beside each row are subqueries, never joins that multiply rows."""

from __future__ import annotations

from django.db.models import IntegerField, OuterRef, QuerySet, Subquery

from .directory import (
    Listing,
    ListQuery,
    State,
    groups_looked_after,
    ordered,
    owners_looked_after,
    paged,
    people_looked_after,
    regions_looked_after,
    search_condition,
    units_looked_after,
    with_state,
)
from .models import (
    Enrolment,
    Membership,
    OwnerKind,
    Programme,
    Region,
    RegionOwner,
    Unit,
    UnitKind,
)

OPEN, CLOSED = "open", "closed"


class _Count(Subquery):
    """The number of rows of a subquery, as a column."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _counted)"
    output_field = IntegerField()


def _region_name(programme: Programme, owner_ref: str) -> Subquery:
    placed = RegionOwner.objects.filter(programme=programme, owner_id=OuterRef(owner_ref))
    return Subquery(placed.values("region__name")[:1])


def _enrolled_units(programme: Programme) -> QuerySet[Unit]:
    return Unit.objects.filter(
        pk__in=Enrolment.objects.filter(programme=programme).values("unit_id")
    )


def _finish(queryset: QuerySet, query: ListQuery, columns: dict, default: str) -> Listing:
    queryset, sort = ordered(queryset, query.sort, columns, default)
    page, total = paged(queryset, query)
    rows = list(page.object_list)
    page.object_list = rows
    return Listing(page=page, rows=rows, sort=sort, total=total)


# --- Regions ----------------------------------------------------------------------------

REGION_COLUMNS = {"name": ("name",), "owners": ("owner_count",), "units": ("unit_count",)}


def region_list(actor, programme: Programme, query: ListQuery) -> Listing:
    """Regions with their number of owners and of units enrolled in the programme."""
    regions = regions_looked_after(actor, programme)
    if query.search:
        regions = regions.filter(search_condition(query.search, ("name", "short_name")))
    placed = RegionOwner.objects.filter(region_id=OuterRef("pk")).values("owner_id")
    units = _enrolled_units(programme).filter(owner_id__in=placed).values("pk")
    regions = regions.annotate(
        owner_count=_Count(RegionOwner.objects.filter(region_id=OuterRef("pk")).values("pk")),
        unit_count=_Count(units),
    )
    return _finish(regions, query, REGION_COLUMNS, "name")


# --- Owners -----------------------------------------------------------------------------

OWNER_COLUMNS = {
    "name": ("name",),
    "kind": ("kind", "name"),
    "region": ("region_name", "name"),
    "units": ("unit_count",),
}


def owner_list(actor, programme: Programme, query: ListQuery) -> Listing:
    """Owners with units in the steward's part: kind, region, number of units enrolled."""
    owners = owners_looked_after(actor, programme)
    if query.search:
        owners = owners.filter(search_condition(query.search, ("name", "organisation_number")))
    if query.filters.get("kind") in OwnerKind.values:
        owners = owners.filter(kind=query.filters["kind"])
    if query.filters.get("region"):
        owners = owners.filter(
            pk__in=RegionOwner.objects.filter(region_id=query.filters["region"]).values("owner_id")
        )
    units = _enrolled_units(programme).filter(owner_id=OuterRef("pk")).values("pk")
    owners = owners.annotate(region_name=_region_name(programme, "pk"), unit_count=_Count(units))
    return _finish(owners, query, OWNER_COLUMNS, "name")


# --- Units ------------------------------------------------------------------------------

UNIT_COLUMNS = {
    "name": ("name",),
    "owner": ("owner__name", "name"),
    "kind": ("kind", "name"),
    "region": ("region_name", "name"),
    "classes": ("class_count",),
    "people": ("people_count",),
    "closed": ("closed_on", "name"),
}


def unit_list(actor, programme: Programme, query: ListQuery) -> Listing:
    """Units the steward looks after: owner, kind, region, open classes, people with a
    role there, closed or open."""
    units = units_looked_after(actor, programme)
    filters = query.filters
    if query.search:
        units = units.filter(search_condition(query.search, ("name", "organisation_number")))
    if filters.get("state") == OPEN:
        units = units.filter(closed_on__isnull=True)
    elif filters.get("state") == CLOSED:
        units = units.filter(closed_on__isnull=False)
    if filters.get("kind") in UnitKind.values:
        units = units.filter(kind=filters["kind"])
    if filters.get("owner"):
        units = units.filter(owner_id=filters["owner"])
    if filters.get("region"):
        placed = RegionOwner.objects.filter(region_id=filters["region"]).values("owner_id")
        units = units.filter(owner_id__in=placed)
    classes = groups_looked_after(actor, programme).filter(
        unit_id=OuterRef("pk"), closed_on__isnull=True
    )
    people = Membership.objects.filter(unit_id=OuterRef("pk")).values("person_id").distinct()
    units = units.select_related("owner").annotate(
        region_name=_region_name(programme, "owner_id"),
        class_count=_Count(classes.values("pk")),
        people_count=_Count(people),
    )
    return _finish(units, query, UNIT_COLUMNS, "name")


# --- Classes ----------------------------------------------------------------------------

CLASS_COLUMNS = {
    "unit": ("unit__name", "grade", "name"),
    "name": ("name", "unit__name"),
    "grade": ("grade", "unit__name", "name"),
    "school_year": ("school_year", "unit__name", "name"),
    "size": ("size",),
}


def class_list(actor, programme: Programme, query: ListQuery) -> Listing:
    """Classes and departments of the units the steward looks after."""
    groups = groups_looked_after(actor, programme)
    filters = query.filters
    if query.search:
        groups = groups.filter(search_condition(query.search, ("name", "unit__name")))
    if filters.get("state") == OPEN:
        groups = groups.filter(closed_on__isnull=True)
    elif filters.get("state") == CLOSED:
        groups = groups.filter(closed_on__isnull=False)
    if filters.get("unit"):
        groups = groups.filter(unit_id=filters["unit"])
    if filters.get("owner"):
        groups = groups.filter(unit__owner_id=filters["owner"])
    if filters.get("grade"):
        groups = groups.filter(grade=filters["grade"])
    staff = Membership.objects.filter(group_id=OuterRef("pk")).values("pk")
    groups = groups.select_related("unit").annotate(staff_count=_Count(staff))
    return _finish(groups, query, CLASS_COLUMNS, "unit")


# --- Overview ---------------------------------------------------------------------------


def overview_counts(actor, programme: Programme) -> dict[str, int]:
    """How much the steward looks after, one count per kind."""
    people = with_state(people_looked_after(actor, programme))
    units = units_looked_after(actor, programme)
    return {
        "regions": regions_looked_after(actor, programme).count(),
        "owners": owners_looked_after(actor, programme).count(),
        "units": units.count(),
        "closed_units": units.filter(closed_on__isnull=False).count(),
        "classes": groups_looked_after(actor, programme).filter(closed_on__isnull=True).count(),
        "people": people.count(),
        State.NOT_ACTIVATED: people.filter(is_active=True, invited_pending=True).count(),
        State.DEACTIVATED: people.filter(is_active=False).count(),
    }


def region_in(programme: Programme, pk: int) -> Region | None:
    """One of the programme's regions, or None."""
    return Region.objects.filter(programme=programme, pk=pk).first()
