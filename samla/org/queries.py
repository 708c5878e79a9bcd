"""Reads of the organisation that pages need, as plain data. Callers pass objects they
already obtained through ``samla.org.access``."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from .models import Group, Membership, Owner, Programme, Region, RegionOwner, Unit


@dataclass(frozen=True)
class UnitRow:
    pk: int
    name: str
    kind: str
    group_count: int
    linked: bool


@dataclass(frozen=True)
class OwnerRow:
    pk: int
    name: str
    units: list[UnitRow]


@dataclass(frozen=True)
class RegionRow:
    pk: int
    name: str
    short_name: str
    owners: list[OwnerRow]

    @property
    def unit_count(self) -> int:
        return sum(len(owner.units) for owner in self.owners)


def programme_tree(programme: Programme, visible_unit_ids: set[int]) -> list[RegionRow]:
    """Regions → owners → units of a programme, in three queries whatever its size.

    Units are listed by name for everybody in the programme; ``visible_unit_ids`` only
    says which of them the caller may open (the template links those)."""
    regions = list(Region.objects.filter(programme=programme).order_by("name"))
    placements = list(
        RegionOwner.objects.filter(programme=programme)
        .select_related("owner")
        .order_by("owner__name")
    )
    units = list(
        Unit.objects.filter(enrolment__programme=programme)
        .annotate(group_count=Count("groups"))
        .order_by("name")
    )
    units_by_owner: dict[int, list[UnitRow]] = {}
    for unit in units:
        units_by_owner.setdefault(unit.owner_id, []).append(
            UnitRow(
                unit.pk,
                unit.name,
                unit.get_kind_display(),
                unit.group_count,
                linked=unit.pk in visible_unit_ids,
            )
        )
    owners_by_region: dict[int, list[OwnerRow]] = {}
    for placement in placements:
        owners_by_region.setdefault(placement.region_id, []).append(
            OwnerRow(
                placement.owner_id,
                placement.owner.name,
                units_by_owner.get(placement.owner_id, []),
            )
        )
    return [
        RegionRow(region.pk, region.name, region.short_name, owners_by_region.get(region.pk, []))
        for region in regions
    ]


@dataclass(frozen=True)
class OwnerCount:
    pk: int
    name: str
    unit_count: int


@dataclass(frozen=True)
class RegionOverview:
    pk: int
    name: str
    short_name: str
    owners: list[OwnerCount]

    @property
    def unit_count(self) -> int:
        return sum(owner.unit_count for owner in self.owners)


def programme_overview(programme: Programme) -> list[RegionOverview]:
    """Regions → owners of a programme with each owner's number of enrolled units, in two
    queries whatever its size (the units of one owner: :func:`owner_units`)."""
    regions = list(Region.objects.filter(programme=programme).order_by("name"))
    counts = dict(
        Unit.objects.filter(enrolment__programme=programme)
        .values_list("owner_id")
        .annotate(n=Count("pk", distinct=True))
    )
    owners: dict[int, list[OwnerCount]] = {}
    for region_id, owner_id, name in (
        RegionOwner.objects.filter(programme=programme)
        .order_by("owner__name", "owner_id")
        .values_list("region_id", "owner_id", "owner__name")
    ):
        owners.setdefault(region_id, []).append(OwnerCount(owner_id, name, counts.get(owner_id, 0)))
    return [RegionOverview(r.pk, r.name, r.short_name, owners.get(r.pk, [])) for r in regions]


def owner_units(programme: Programme, owner_id: int, visible_units) -> list[UnitRow]:
    """The owner's units enrolled in the programme, by name; ``visible_units`` (a scoped
    queryset) says which of them the caller may open."""
    units = list(
        Unit.objects.filter(enrolment__programme=programme, owner_id=owner_id)
        .annotate(group_count=Count("groups", distinct=True))
        .order_by("name", "pk")
    )
    linked = set(visible_units.filter(pk__in=[u.pk for u in units]).values_list("pk", flat=True))
    return [
        UnitRow(u.pk, u.name, u.get_kind_display(), u.group_count, u.pk in linked) for u in units
    ]


def unit_people(unit: Unit) -> list[Membership]:
    """Memberships held at the unit or at one of its groups, for the unit page."""
    # By id from a UNION of the two (each by index): ``unit = X OR group.unit = X`` across
    # the join to the classes scanned every membership.
    held = (
        Membership.objects.filter(unit=unit)
        .values("pk")
        .union(Membership.objects.filter(group__unit=unit).values("pk"))
    )
    return list(
        Membership.objects.filter(pk__in=held)
        .select_related("person", "group")
        .order_by("person__last_name", "person__first_name", "role")
    )


def unit_groups(unit: Unit) -> list[Group]:
    """The unit's classes and departments of this school year (those that have moved on
    or left are closed; they stay only with the rounds and results they were part of)."""
    return list(unit.groups.open().order_by("grade", "name"))


def memberships_of(person) -> list[Membership]:
    """A person's roles with the node each is held at, for the home page."""
    return list(
        Membership.objects.filter(person=person)
        .select_related("programme", "region__programme", "owner", "unit", "group__unit")
        .order_by("role")
    )


def units_with_group_counts(
    units, order: tuple[str, ...] = ("name",), limit: int | None = None
) -> list[Unit]:
    """The given units (a scoped queryset) in ``order``, each with its owner and number of
    classes or departments (``group_count``); the first ``limit`` only, when given."""
    found = (
        units.select_related("owner")
        .annotate(group_count=Count("groups", distinct=True))
        .order_by(*order, "pk")
    )
    return list(found[:limit] if limit is not None else found)


def units_matching(units, asked: str):
    """The given units (a scoped queryset) whose or whose owner's name holds ``asked``
    (any case; all when empty), by owner and name, as a queryset to page. Characters no
    name holds (NUL and other controls, which PostgreSQL refuses in text) are left out."""
    asked = "".join(ch for ch in asked if ch.isprintable())
    if asked:
        units = units.filter(Q(name__icontains=asked) | Q(owner__name__icontains=asked))
    return units.only("pk").order_by("owner__name", "name", "pk")


def units_among(units, unit_ids, owner_ids, more_unit_ids):
    """The given units (a scoped queryset) that are among ``unit_ids`` or
    ``more_unit_ids``, or belong to ``owner_ids``."""
    return units.filter(Q(pk__in=unit_ids) | Q(owner_id__in=owner_ids) | Q(pk__in=more_unit_ids))


def units_named_query(unit_ids):
    """The units of ``unit_ids`` as a queryset (for :func:`units_with_group_counts`)."""
    return Unit.objects.filter(pk__in=unit_ids)


def regions_with_owner_counts(region_ids) -> list[Region]:
    """The regions with their programme and number of owners (``owner_count``)."""
    return list(
        Region.objects.filter(pk__in=region_ids)
        .select_related("programme")
        .annotate(owner_count=Count("owners", distinct=True))
    )


def programme_summaries(programme_ids) -> list[dict]:
    """Each programme with its numbers of regions, units and people (one row per
    programme, by name) for its administrators' home page."""
    if not programme_ids:
        return []
    programmes = (
        Programme.objects.filter(pk__in=programme_ids)
        .annotate(
            region_count=Count("regions", distinct=True),
            unit_count=Count("units", distinct=True),
        )
        .order_by("name")
    )
    people = dict(
        Unit.objects.filter(enrolment__programme__in=programme_ids)
        .values_list("enrolment__programme")
        .annotate(n=Count("membership__person", distinct=True))
    )
    return [
        {
            "programme": programme,
            "region_count": programme.region_count,
            "unit_count": programme.unit_count,
            "people_count": people.get(programme.pk, 0),
        }
        for programme in programmes
    ]


def units_named(unit_ids) -> list[Unit]:
    """The units by name, with their owners (same-named units are told apart by them)."""
    return list(Unit.objects.filter(pk__in=unit_ids).select_related("owner").order_by("name"))


def regions_of_programmes(region_ids, programme_ids) -> list[Region]:
    """The given regions that belong to one of the programmes."""
    return list(Region.objects.filter(pk__in=region_ids, programme_id__in=programme_ids))


def owners_named(owner_ids) -> list[Owner]:
    """The owners (in the database's order)."""
    return list(Owner.objects.filter(pk__in=owner_ids))


def units_with_programmes(unit_ids) -> list[Unit]:
    """The units, each with the programmes it is enrolled in (prefetched)."""
    return list(Unit.objects.filter(pk__in=unit_ids).prefetch_related("programmes"))


def nodes_above(programme: Programme, kind: str, pk: int) -> tuple[Region | None, Owner | None]:
    """The region and the owner above a region, owner or unit of the programme: None where
    there is none or where the node is itself the region or the owner."""
    if kind == "region":
        return Region.objects.filter(pk=pk).first(), None
    owner = None
    owner_id = pk if kind == "owner" else None
    if kind == "unit":
        unit = Unit.objects.select_related("owner").filter(pk=pk).first()
        owner = unit.owner if unit is not None else None
        owner_id = unit.owner_id if unit is not None else None
    if owner_id is None:
        return None, None
    region = Region.objects.filter(programme=programme, regionowner__owner_id=owner_id).first()
    return region, owner
