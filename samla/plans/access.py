"""Who may read and change action plans, their sessions and deadlines.

Everyone taking part in a programme reads its plans; programme administrators edit them;
a region coordinator sets the sessions of their own region only. Deadlines concern the
roles a person holds in the deadline's own programme. Built on the grants and scopes of
``samla.org.access``.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from samla.org.access import admin_programme_ids, grants_for, programme_roles, programmes_for
from samla.org.models import Region, Role

from .models import Deadline, Plan


def plans_for(user) -> QuerySet[Plan]:
    """Plans of the programmes the person takes part in."""
    return Plan.objects.filter(programme__in=programmes_for(user))


def get_plan_or_404(user, programme_slug: str, school_year: str) -> Plan:
    """A programme's own plan (not a region's) for a school year, within the person's scope."""
    try:
        return (
            plans_for(user)
            .select_related("programme", "region")
            .get(programme__slug=programme_slug, school_year=school_year, region__isnull=True)
        )
    except Plan.DoesNotExist as missing:
        raise Http404 from missing


def can_edit_plan(user, plan) -> bool:
    return plan.programme_id in admin_programme_ids(user)


def session_region_ids(user, plan) -> set[int]:
    """Regions whose sessions in this plan the person may set."""
    if can_edit_plan(user, plan):
        return set(plan.programme.regions.values_list("pk", flat=True))
    coordinated = grants_for(user).ids(Role.REGION_COORDINATOR, "region")
    return set(
        Region.objects.filter(pk__in=coordinated, programme_id=plan.programme_id).values_list(
            "pk", flat=True
        )
    )


def deadlines_for(user) -> QuerySet[Deadline]:
    """Deadlines owned by a role the person holds in the deadline's own programme."""
    condition = Q(pk__in=[])
    for programme_id, roles in programme_roles(user).items():
        condition |= Q(programme_id=programme_id, role__in=roles)
    return Deadline.objects.filter(condition).select_related("programme")
