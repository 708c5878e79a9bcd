"""The home page: what is the person's to see and do, by role."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from samla.analysis import access as analysis_access
from samla.analysis import queries as analysis_queries
from samla.analysis.models import Status
from samla.org import access
from samla.org import queries as org_queries
from samla.org.models import Role
from samla.plans import access as plan_access
from samla.plans import queries as plan_queries
from samla.surveys import access as survey_access

OWNED_SHOWN = 20  # an owner's units on the home page; all of them on the units page


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    grants = access.grants_for(user)
    today = timezone.localdate()
    memberships = org_queries.memberships_of(user)
    roles = grants.roles
    member_unit_ids = grants.member_unit_ids
    owned = grants.ids(Role.OWNER, "owner")
    supervised = grants.ids(Role.PPT_ADVISOR, "unit")
    # Only the units the page lists (an administrator's are on the units page, paged).
    visible = access.units_for(user)
    units = org_queries.units_with_group_counts(
        org_queries.units_among(visible, member_unit_ids, (), supervised)
    )
    # An owner's units: the first ones read, the rest counted (Oslo has hundreds).
    owned_all = org_queries.units_among(visible, (), owned, ())
    owned_units = org_queries.units_with_group_counts(owned_all, limit=OWNED_SHOWN)
    context = {
        "memberships": memberships,
        "programmes": list(access.programmes_for(user).order_by("name")),
        "administered": org_queries.programme_summaries(access.admin_programme_ids(user)),
        "regions": org_queries.regions_with_owner_counts(
            grants.ids(Role.REGION_COORDINATOR, "region")
        ),
        "own_units": [u for u in units if u.pk in member_unit_ids],
        "owned_units": owned_units,
        "owned_count": owned_all.count() if len(owned_units) == OWNED_SHOWN else len(owned_units),
        "supervised_units": [u for u in units if u.pk in supervised],
        "is_aggregate_reader": bool(
            roles & {Role.RESEARCHER, Role.OBSERVER, Role.UNION_REPRESENTATIVE}
        ),
        "is_unit_leader": Role.UNIT_LEADER in roles,
        "is_group_leader": Role.GROUP_LEADER in roles,
        "has_no_roles": not memberships,
        "deadlines": plan_queries.person_deadline_lines(
            user, plan_access.deadlines_for(user), today
        ),
        "monitored_rounds": survey_access.monitored_rounds(user),
        "analyses": _open_analyses(user, today),
    }
    return render(request, "portal/home.html", context)


def _open_analyses(user, today) -> list:
    """Open pedagogical analyses the person may open (a few; the analyses page has all)."""
    if not analysis_access.may_see_analyses(user):
        return []
    return analysis_queries.analysis_lines(
        analysis_access.analyses_for(user).filter(status=Status.OPEN), today, limit=6
    )
