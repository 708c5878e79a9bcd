"""Who may keep the catalogue, lead learning work, and open learning groups and meetings.

Everyone taking part in a programme reads its catalogue and multi-year plan; programme
administrators keep them. A unit leader runs the unit's learning work; a group's leader
records its meetings; members see their own group. Above the unit, people see counts and
shares only: no names of individuals outside their own unit. Built on the grants and
scopes of ``samla.org.access``.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from samla.org.access import admin_programme_ids, grants_for, led_unit_ids
from samla.org.models import Programme, RegionOwner, Role, Unit

from .models import LearningGroup, Meeting


def can_keep_catalogue(user, programme: Programme) -> bool:
    return programme.pk in admin_programme_ids(user)


def can_lead_learning(user, unit: Unit) -> bool:
    """Choosing packages, writing the implementation plan and dividing staff into groups
    is the unit leader's."""
    return unit.pk in led_unit_ids(user)


def learning_groups_for(user) -> QuerySet[LearningGroup]:
    """Learning groups whose page the person may open: all groups of units they lead, and
    the groups they lead or are a member of at a unit where they still work. Someone who
    leaves a unit loses its groups at once, though their name stays in the records."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return LearningGroup.objects.none()
    works_at = grants_for(user).member_unit_ids
    return LearningGroup.objects.filter(
        Q(unit_id__in=led_unit_ids(user))
        | Q(unit_id__in=works_at, leader_id=user.pk)
        | Q(unit_id__in=works_at, members__person_id=user.pk)
    ).distinct()


def get_learning_group_or_404(user, pk: int) -> LearningGroup:
    try:
        return learning_groups_for(user).select_related("unit", "leader").get(pk=pk)
    except LearningGroup.DoesNotExist as missing:
        raise Http404 from missing


def can_record_meetings(user, group) -> bool:
    """Planning and recording a group's meetings: its group leader (while they work at the
    unit) and the unit leader."""
    if group.unit_id in led_unit_ids(user):
        return True
    return group.leader_id == user.pk and group.unit_id in grants_for(user).member_unit_ids


def can_change_group(user, group) -> bool:
    """Members, group leader and name: the unit leader's."""
    return group.unit_id in led_unit_ids(user)


def learning_scope(user, programme: Programme) -> dict[str, set[int]]:
    """The nodes whose learning dashboard the person may open, by level ("programme",
    "region", "owner", "unit"). Administrators, researchers, the county governor and
    programme-wide union representatives: the programme and everything in it; region
    coordinators: their region, its owners and their units; owners: the owner and its
    units; unit leaders: their unit."""
    grants = grants_for(user)
    nodes: dict[str, set[int]] = {k: set() for k in ("programme", "region", "owner", "unit")}
    enrolled = Unit.objects.filter(enrolment__programme=programme)
    placed = RegionOwner.objects.filter(programme=programme)
    if programme.pk in grants.programme_wide_ids:
        nodes["programme"].add(programme.pk)
        nodes["region"].update(programme.regions.values_list("pk", flat=True))
        nodes["owner"].update(placed.values_list("owner_id", flat=True))
        nodes["unit"].update(enrolled.values_list("pk", flat=True))
        return nodes
    coordinated = set(
        programme.regions.filter(pk__in=grants.ids(Role.REGION_COORDINATOR, "region")).values_list(
            "pk", flat=True
        )
    )
    if coordinated:
        nodes["region"] |= coordinated
        owners = set(placed.filter(region_id__in=coordinated).values_list("owner_id", flat=True))
        nodes["owner"] |= owners
        nodes["unit"].update(enrolled.filter(owner_id__in=owners).values_list("pk", flat=True))
    owned = grants.ids(frozenset({Role.OWNER, Role.UNION_REPRESENTATIVE}), "owner")
    owned = set(enrolled.filter(owner_id__in=owned).values_list("owner_id", flat=True))
    if owned:
        nodes["owner"] |= owned
        nodes["unit"].update(enrolled.filter(owner_id__in=owned).values_list("pk", flat=True))
    nodes["unit"].update(enrolled.filter(pk__in=led_unit_ids(user)).values_list("pk", flat=True))
    return nodes


def sees_names_in_unit(user, unit_id: int) -> bool:
    """Names of group leaders and members on dashboards: only the unit's own people."""
    return unit_id in grants_for(user).member_unit_ids


def get_meeting_or_404(user, pk: int) -> Meeting:
    """A meeting of a learning group whose page the person may open."""
    try:
        return Meeting.objects.select_related(
            "group__unit", "group__leader", "module__package"
        ).get(pk=pk, group__in=learning_groups_for(user).values("pk"))
    except Meeting.DoesNotExist as missing:
        raise Http404 from missing
