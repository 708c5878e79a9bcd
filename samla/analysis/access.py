"""Who may open, work on, comment on and follow pedagogical analyses.

An analysis stays inside its unit: the unit's people read it, the unit leader (and, for
a learning group's analysis, the group's leader and members) work on it, the unit's PPT
advisors read and comment. The owner reads it only while the unit leader shares it. A
region coordinator sees counts of shared analyses, never one analysis. Built on the
grants of ``samla.org.access`` and the result rules of ``samla.results.access``.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from samla.learning.models import LearningGroup
from samla.org.access import grants_for, led_unit_ids
from samla.org.models import Role, Unit
from samla.results.access import result_nodes, results_released

from .models import Analysis


def analyses_for(user) -> QuerySet[Analysis]:
    """Analyses whose pages and exports the person may open."""
    grants = grants_for(user)
    if not grants.items:
        return Analysis.objects.none()
    return Analysis.objects.filter(
        Q(unit_id__in=grants.member_unit_ids)
        | Q(unit_id__in=grants.ids(Role.PPT_ADVISOR, "unit"))
        | Q(unit__owner_id__in=grants.ids(Role.OWNER, "owner"), shared_with_owner_at__isnull=False)
    )


def get_analysis_or_404(user, pk: int) -> Analysis:
    try:
        return analyses_for(user).select_related("unit__owner", "learning_group").get(pk=pk)
    except Analysis.DoesNotExist as missing:
        raise Http404 from missing


def _in_analysis_group(user, analysis) -> bool:
    group = analysis.learning_group
    if group is None or analysis.unit_id not in grants_for(user).member_unit_ids:
        return False
    return group.leader_id == user.pk or group.members.filter(person_id=user.pk).exists()


def can_lead_analysis(user, analysis) -> bool:
    """Sharing with the owner, overriding the phase rule, linking to a learning caravan:
    the unit leader's."""
    return analysis.unit_id in led_unit_ids(user)


def can_edit_analysis(user, analysis) -> bool:
    """Working through the phases: the unit leader, and the learning group's leader and
    members for a group's analysis."""
    return can_lead_analysis(user, analysis) or _in_analysis_group(user, analysis)


def can_comment_analysis(user, analysis) -> bool:
    """Comments: those who work on the analysis and the unit's PPT advisors."""
    if analysis.unit_id in grants_for(user).ids(Role.PPT_ADVISOR, "unit"):
        return True
    return can_edit_analysis(user, analysis)


def analysis_start_groups(user, unit: Unit) -> QuerySet[LearningGroup]:
    """The learning groups of the unit the person may start an analysis for: every group
    of a unit they lead, or the groups they lead there."""
    groups = LearningGroup.objects.filter(unit=unit)
    if unit.pk in led_unit_ids(user):
        return groups
    if unit.pk not in grants_for(user).member_unit_ids:
        return groups.none()
    return groups.filter(leader_id=user.pk)


def analysis_start_units(user) -> set[int]:
    """Units where the person may start an analysis: led units, and units where they lead
    a learning group."""
    grants = grants_for(user)
    led_groups = LearningGroup.objects.filter(
        leader_id=user.pk, unit_id__in=grants.member_unit_ids
    ).values_list("unit_id", flat=True)
    return led_unit_ids(user) | set(led_groups)


def analysis_overview_scope(user) -> dict[str, set[int]]:
    """Whose analyses the person may follow as an overview: units they lead (all their
    analyses), owners (shared analyses, per unit), regions (counts of shared analyses,
    per owner)."""
    grants = grants_for(user)
    return {
        "unit": led_unit_ids(user),
        "owner": grants.ids(Role.OWNER, "owner"),
        "region": grants.ids(Role.REGION_COORDINATOR, "region"),
    }


def may_start_analysis_from(user, round, kind: str, node_id: int, unit_id: int) -> bool:
    """The results an analysis may start from: a unit leader's, those of the unit and its
    classes they may open; a group leader's, the unit's own once released (the figures
    every analysis of the unit shows its people anyway) — where the programme lets staff
    see results (``Programme.staff_see_results``)."""
    if unit_id in led_unit_ids(user):
        return node_id in result_nodes(user, round).get(kind, set())
    if kind != "unit" or unit_id not in analysis_start_units(user):
        return False
    if not round.programme.staff_see_results:
        return False
    return results_released(round) and round.units.filter(pk=unit_id).exists()


ANALYSIS_ROLES = frozenset(
    {
        Role.UNIT_LEADER,
        Role.GROUP_LEADER,
        Role.STAFF,
        Role.PPT_ADVISOR,
        Role.OWNER,
        Role.REGION_COORDINATOR,
    }
)


def may_see_analyses(user) -> bool:
    """Whether the menu offers analyses: roles that work on, supervise or follow them."""
    return bool(grants_for(user).roles & ANALYSIS_ROLES)
