"""Who may open a round's results, and when.

Results open for everyone with access once released; programme administrators and
researchers see them before. Which nodes (programme, region, owner, unit, class) a person
may open follows their role; staff see their own unit's released results where the
programme lets them (``Programme.staff_see_results``), never its classes. The
respondent-level export is for researchers only. Built on the grants of
``samla.org.access``.
"""

from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Set as AbstractSet

from django.utils import timezone

from samla.org.access import grants_for
from samla.org.models import Group, Region, RegionOwner, Role, Unit
from samla.surveys.models import Round, RoundState

from .models import ResultSheet


def results_released(round) -> bool:
    """Results open for everyone with access once released by the administrator, or by
    themselves on the release date after the round has closed."""
    if round.results_released_at is not None:
        return True
    return (
        round.published
        and round.results_release_on is not None
        and timezone.now() >= round.closes_at
        and timezone.localdate() >= round.results_release_on
    )


def sees_results_early(user, round) -> bool:
    """Programme administrators and researchers see results before they are released."""
    grants = grants_for(user)
    early = frozenset({Role.PROGRAMME_ADMIN, Role.RESEARCHER})
    return round.programme_id in grants.ids(early, "programme")


LEVELS = ("programme", "region", "owner", "unit", "group")

Nodes = dict[str, AbstractSet[int]]


def no_nodes() -> Nodes:
    return {level: set() for level in LEVELS}


def results_open_to(user, round) -> bool:
    """Whether the person sees any of the round's results yet: never a draft's; before
    release only administrators' and researchers'."""
    if round.state() == RoundState.DRAFT:
        return False
    return sees_results_early(user, round) or results_released(round)


class RoundClasses(AbstractSet):
    """Every class of a round's units, read only as far as it is asked about: whether a
    class is among them reads that class's unit (and keeps all of the unit's classes for
    the next question), and only going through all of them reads them all. An
    administrator's page of one region then reads no class at all, where a national round
    has 25 000."""

    def __init__(self, unit_ids: set[int]):
        self.unit_ids = unit_ids
        self._known: set[int] = set()
        self._units_read: set[int] = set()
        self._all: set[int] | None = None

    def of_unit(self, unit_id: int) -> set[int]:
        """The classes of one of the units (none for a unit not among them)."""
        if unit_id not in self.unit_ids:
            return set()
        found = set(Group.objects.filter(unit_id=unit_id).values_list("pk", flat=True))
        self._known |= found
        self._units_read.add(unit_id)
        return found

    def __contains__(self, pk: object) -> bool:
        if self._all is not None:
            return pk in self._all
        if pk in self._known:
            return True
        if not isinstance(pk, int) or isinstance(pk, bool):
            return False
        unit_id = (
            Group.objects.filter(pk=pk, unit_id__in=self.unit_ids)
            .values_list("unit_id", flat=True)
            .first()
        )
        if unit_id is None or unit_id in self._units_read:
            return False
        return pk in self.of_unit(unit_id)

    def _every(self) -> set[int]:
        if self._all is None:
            self._all = set(
                Group.objects.filter(unit_id__in=self.unit_ids).values_list("pk", flat=True)
            )
        return self._all

    def __iter__(self) -> Iterator[int]:
        return iter(self._every())

    def __len__(self) -> int:
        return len(self._every())

    def __bool__(self) -> bool:
        if self._all is not None:
            return bool(self._all)
        return Group.objects.filter(unit_id__in=self.unit_ids).exists()


def _every_node(round, round_units: set[int]) -> Nodes:
    """Administrators and researchers: the programme, its regions, and every owner, unit
    and class taking part."""
    nodes = no_nodes()
    nodes["programme"].add(round.programme_id)
    nodes["region"].update(
        Region.objects.filter(programme_id=round.programme_id).values_list("pk", flat=True)
    )
    owners = set(Unit.objects.filter(pk__in=round_units).values_list("owner_id", flat=True))
    nodes["owner"].update(owners)
    nodes["unit"].update(round_units)
    nodes["group"] = RoundClasses(round_units)
    return nodes


def _observer_nodes(round, round_units: set[int]) -> Nodes:
    """The county governor: the programme, its regions and the owners taking part."""
    nodes = no_nodes()
    nodes["programme"].add(round.programme_id)
    nodes["region"].update(
        Region.objects.filter(programme_id=round.programme_id).values_list("pk", flat=True)
    )
    nodes["owner"].update(
        Unit.objects.filter(pk__in=round_units).values_list("owner_id", flat=True)
    )
    return nodes


def _coordinator_nodes(round, coordinated: set[int], regions: dict[int, int]) -> Nodes:
    """Region coordinators: their regions in the round's programme and the owners placed
    there (``regions``: owner → region in that programme)."""
    nodes = no_nodes()
    for region_id in Region.objects.filter(
        pk__in=coordinated, programme_id=round.programme_id
    ).values_list("pk", flat=True):
        nodes["region"].add(region_id)
        nodes["owner"].update(owner for owner, region in regions.items() if region == region_id)
    return nodes


def _owner_nodes(owned: set[int], round_units: set[int]) -> Nodes:
    """Owners: the owner and its units taking part."""
    nodes = no_nodes()
    if owned:
        nodes["owner"].update(owned)
        nodes["unit"].update(
            Unit.objects.filter(pk__in=round_units, owner_id__in=owned).values_list("pk", flat=True)
        )
    return nodes


def _leader_nodes(led: set[int]) -> Nodes:
    """Unit leaders: their units taking part and the units' classes."""
    nodes = no_nodes()
    if led:
        nodes["unit"].update(led)
        nodes["group"].update(Group.objects.filter(unit_id__in=led).values_list("pk", flat=True))
    return nodes


STAFF_RESULT_ROLES = frozenset({Role.STAFF, Role.GROUP_LEADER})


def staff_result_units(grants, round) -> set[int]:
    """The units whose released results the person sees as staff (a teacher, a group
    leader; staff of one of the unit's classes too): none unless the programme lets staff
    see results and the round's results are released. The caller keeps them to the
    round's units."""
    if not (round.programme.staff_see_results and results_released(round)):
        return set()
    units = grants.ids(STAFF_RESULT_ROLES, "unit")
    units |= {
        g.unit_id
        for g in grants.items
        if g.role in STAFF_RESULT_ROLES and g.scope_kind == "group" and g.unit_id
    }
    return units


def _staff_nodes(units: set[int]) -> Nodes:
    """Staff: their unit only. Classes stay with the unit's leaders: a class's figures are
    about pupils a teacher knows by name."""
    nodes = no_nodes()
    nodes["unit"].update(units)
    return nodes


def result_nodes(user, round) -> Nodes:
    """The nodes whose results the person may open in a round, by level ("programme",
    "region", "owner", "unit", "group"). Unit leaders: their unit and its classes; staff
    and group leaders: their unit, once released and where the programme allows it; owners:
    the owner and its units; region coordinators: the region and its owners; the county
    governor: the programme, regions and owners; administrators and researchers: every
    node. Before release only administrators and researchers see anything. A node's
    comparison figures (its owner, region, programme) come with it on its page."""
    if not results_open_to(user, round):
        return no_nodes()
    round_units = set(round.units.values_list("pk", flat=True))
    regions = dict(
        RegionOwner.objects.filter(programme_id=round.programme_id).values_list(
            "owner_id", "region_id"
        )
    )
    if sees_results_early(user, round):
        return _every_node(round, round_units)
    grants = grants_for(user)
    parts = []
    if round.programme_id in grants.ids(Role.OBSERVER, "programme"):
        parts.append(_observer_nodes(round, round_units))
    parts.append(_coordinator_nodes(round, grants.ids(Role.REGION_COORDINATOR, "region"), regions))
    parts.append(_owner_nodes(grants.ids(Role.OWNER, "owner"), round_units))
    parts.append(_leader_nodes(grants.ids(Role.UNIT_LEADER, "unit") & round_units))
    parts.append(_staff_nodes(staff_result_units(grants, round) & round_units))
    nodes = no_nodes()
    for part in parts:
        for level, ids in part.items():
            nodes[level] |= ids
    return nodes


def may_export_responses(user, round) -> bool:
    """The pseudonymised respondent-level file is for the programme's researchers only."""
    return round.programme_id in grants_for(user).ids(Role.RESEARCHER, "programme")


def rounds_with_results_for(user, rounds) -> list:
    """Of ``rounds`` (those the person may open), the built ones in which the person may
    open at least one node: what ``any(result_nodes(user, round).values())`` says for each,
    answered for all of them in three queries whatever their number (the results list)."""
    rounds = [round for round in rounds if results_open_to(user, round)]
    built = set(
        ResultSheet.objects.filter(round__in=rounds).values_list("round_id", flat=True).distinct()
    )
    rounds = [round for round in rounds if round.pk in built]
    grants = grants_for(user)
    coordinated = grants.ids(Role.REGION_COORDINATOR, "region")
    coordinated_in = set(
        Region.objects.filter(pk__in=coordinated).values_list("programme_id", flat=True)
        if coordinated
        else ()
    )
    led = grants.ids(Role.UNIT_LEADER, "unit")
    wanted = set()
    for round in rounds:
        if (
            sees_results_early(user, round)
            or round.programme_id in grants.ids(Role.OBSERVER, "programme")
            or round.programme_id in coordinated_in
            or grants.ids(Role.OWNER, "owner")
        ):
            wanted.add(round.pk)
    rest = [round for round in rounds if round.pk not in wanted]
    if rest:
        units_of: dict[int, set[int]] = {round.pk: set() for round in rest}
        for round_id, unit_id in Round.units.through.objects.filter(round__in=rest).values_list(
            "round_id", "unit_id"
        ):
            units_of[round_id].add(unit_id)
        for round in rest:
            if units_of[round.pk] & (led | staff_result_units(grants, round)):
                wanted.add(round.pk)
    return [round for round in rounds if round.pk in wanted]
