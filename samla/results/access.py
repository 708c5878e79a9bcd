"""Who may open a round's results, and when.

Results open for everyone with access once released; programme administrators and
researchers see them before. Which nodes (programme, region, owner, unit, class) a person
may open follows their role; the respondent-level export is for researchers only. Built
on the grants of ``samla.org.access``.
"""

from __future__ import annotations

from django.utils import timezone

from samla.org.access import grants_for
from samla.org.models import Group, Region, RegionOwner, Role, Unit
from samla.surveys.models import RoundState


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


def result_nodes(user, round) -> dict[str, set[int]]:
    """The nodes whose results the person may open in a round, by level ("programme",
    "region", "owner", "unit", "group"). Unit leaders: their unit and its classes; owners:
    the owner and its units; region coordinators: the region and its owners; the county
    governor: the programme, regions and owners; administrators and researchers: every
    node. Before release only administrators and researchers see anything. A node's
    comparison figures (its owner, region, programme) come with it on its page."""
    empty: dict[str, set[int]] = {
        k: set() for k in ("programme", "region", "owner", "unit", "group")
    }
    if round.state() == RoundState.DRAFT:
        return empty
    grants = grants_for(user)
    programme = round.programme_id
    early = sees_results_early(user, round)
    if not early and not results_released(round):
        return empty
    nodes = {k: set() for k in empty}
    round_units = set(round.units.values_list("pk", flat=True))
    regions = dict(
        RegionOwner.objects.filter(programme_id=programme).values_list("owner_id", "region_id")
    )
    if early:
        nodes["programme"].add(programme)
        nodes["region"].update(
            Region.objects.filter(programme_id=programme).values_list("pk", flat=True)
        )
        owners = set(Unit.objects.filter(pk__in=round_units).values_list("owner_id", flat=True))
        nodes["owner"].update(owners)
        nodes["unit"].update(round_units)
        nodes["group"].update(
            Group.objects.filter(unit_id__in=round_units).values_list("pk", flat=True)
        )
        return nodes
    if programme in grants.ids(Role.OBSERVER, "programme"):
        nodes["programme"].add(programme)
        nodes["region"].update(
            Region.objects.filter(programme_id=programme).values_list("pk", flat=True)
        )
        nodes["owner"].update(
            Unit.objects.filter(pk__in=round_units).values_list("owner_id", flat=True)
        )
    coordinated = grants.ids(Role.REGION_COORDINATOR, "region")
    for region_id in Region.objects.filter(pk__in=coordinated, programme_id=programme).values_list(
        "pk", flat=True
    ):
        nodes["region"].add(region_id)
        nodes["owner"].update(owner for owner, region in regions.items() if region == region_id)
    owned = grants.ids(Role.OWNER, "owner")
    if owned:
        nodes["owner"].update(owned)
        nodes["unit"].update(
            Unit.objects.filter(pk__in=round_units, owner_id__in=owned).values_list("pk", flat=True)
        )
    led = grants.ids(Role.UNIT_LEADER, "unit") & round_units
    if led:
        nodes["unit"].update(led)
        nodes["group"].update(Group.objects.filter(unit_id__in=led).values_list("pk", flat=True))
    return nodes


def may_export_responses(user, round) -> bool:
    """The pseudonymised respondent-level file is for the programme's researchers only."""
    return round.programme_id in grants_for(user).ids(Role.RESEARCHER, "programme")
