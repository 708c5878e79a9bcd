"""The home page: what is the person's to see and do, by role."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from samla.analysis import access as analysis_access
from samla.analysis import queries as analysis_queries
from samla.analysis.models import Status
from samla.org import access
from samla.org.models import Membership, Programme, Region, Role, Unit
from samla.plans import access as plan_access
from samla.plans import queries
from samla.plans.models import DeadlineDone
from samla.surveys import access as survey_access
from samla.surveys.models import Round


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    grants = access.grants_for(user)
    memberships = list(
        Membership.objects.filter(person=user)
        .select_related("programme", "region__programme", "owner", "unit", "group__unit")
        .order_by("role")
    )
    roles = grants.roles
    units = list(
        access.units_for(user)
        .select_related("owner")
        .annotate(group_count=Count("groups", distinct=True))
        .order_by("name")
    )
    member_unit_ids = grants.member_unit_ids
    context = {
        "memberships": memberships,
        "programmes": list(access.programmes_for(user).order_by("name")),
        "administered": _administered_programmes(user),
        "regions": list(
            Region.objects.filter(pk__in=grants.ids(Role.REGION_COORDINATOR, "region"))
            .select_related("programme")
            .annotate(owner_count=Count("owners", distinct=True))
        ),
        "own_units": [u for u in units if u.pk in member_unit_ids],
        "owned_units": [u for u in units if u.owner_id in grants.ids(Role.OWNER, "owner")],
        "supervised_units": [u for u in units if u.pk in grants.ids(Role.PPT_ADVISOR, "unit")],
        "is_aggregate_reader": bool(
            roles & {Role.RESEARCHER, Role.OBSERVER, Role.UNION_REPRESENTATIVE}
        ),
        "is_unit_leader": Role.UNIT_LEADER in roles,
        "is_group_leader": Role.GROUP_LEADER in roles,
        "has_no_roles": not memberships,
        "deadlines": _due_deadlines(user),
        "monitored_rounds": _monitored_rounds(user),
        "analyses": _open_analyses(user),
    }
    return render(request, "portal/home.html", context)


def _open_analyses(user) -> list:
    """Open pedagogical analyses the person may open (a few; the analyses page has all)."""
    if not analysis_access.may_see_analyses(user):
        return []
    return analysis_queries.analysis_lines(
        analysis_access.analyses_for(user).filter(status=Status.OPEN), timezone.localdate(), limit=6
    )


def _monitored_rounds(user) -> list:
    """Open or closed rounds whose response rates the person may follow."""
    rounds = Round.objects.filter(programme__in=access.programmes_for(user), published=True)
    return [r for r in rounds.order_by("-opens_at")[:5] if survey_access.monitor_unit_ids(user, r)]


def _due_deadlines(user) -> list:
    deadlines = list(plan_access.deadlines_for(user))
    if not deadlines:
        return []
    done = set(
        DeadlineDone.objects.filter(done_by=user, deadline__in=deadlines).values_list(
            "deadline_id", "due"
        )
    )
    return queries.due_deadlines(deadlines, done, timezone.localdate())


def _administered_programmes(user) -> list[dict]:
    ids = access.admin_programme_ids(user)
    if not ids:
        return []
    programmes = (
        Programme.objects.filter(pk__in=ids)
        .annotate(
            region_count=Count("regions", distinct=True),
            unit_count=Count("units", distinct=True),
        )
        .order_by("name")
    )
    people = dict(
        Unit.objects.filter(enrolment__programme__in=ids)
        .values_list("enrolment__programme")
        .annotate(n=Count("membership__person", distinct=True))
    )
    return [
        {
            "programme": p,
            "region_count": p.region_count,
            "unit_count": p.unit_count,
            "people_count": people.get(p.pk, 0),
        }
        for p in programmes
    ]
