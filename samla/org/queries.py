"""Reads of the organisation that pages need, as plain data. Callers pass objects they
already obtained through ``samla.org.access``."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from .models import Group, Membership, Programme, Region, RegionOwner, Unit


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


def unit_people(unit: Unit) -> list[Membership]:
    """Memberships held at the unit or at one of its groups, for the unit page."""
    return list(
        Membership.objects.filter(Q(unit=unit) | Q(group__unit=unit))
        .select_related("person", "group")
        .order_by("person__last_name", "person__first_name", "role")
    )


def unit_groups(unit: Unit) -> list[Group]:
    return list(unit.groups.order_by("grade", "name"))
