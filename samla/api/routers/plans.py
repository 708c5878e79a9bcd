"""A programme's shared action plans and their activities, as the plan pages show them."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import Path, Router

from samla.org import access
from samla.plans import queries

from ..paging import PageQuery, page_of
from ..params import slug_path
from ..problems import Problem
from ..schemas import ActivityPage, PlanPage

router = Router(tags=["plans"])
ERRORS = {401: Problem, 404: Problem, 422: Problem, 429: Problem}


@router.get("/programmes/{slug}/plans", response={200: PlanPage, **ERRORS})
def plans(request: HttpRequest, paging: PageQuery, slug: str = slug_path()):
    """The programme's shared plans, the latest school year first."""
    programme = access.get_programme_or_404(request.auth, slug)
    return page_of(request, queries.shared_plans(programme), paging)


def _activity(activity) -> dict:
    return {
        "id": activity.pk,
        "term": activity.term,
        "title": activity.title,
        "when_text": activity.when_text,
        "start_date": activity.start_date,
        "end_date": activity.end_date,
        "tentative": activity.tentative,
        "is_deadline": activity.is_deadline,
        "responsible": activity.responsible,
        "audience": activity.audience,
        "status": activity.status,
        "location": activity.location,
        "sessions": [
            {
                "region_id": session.region_id,
                "when_text": session.when_text,
                "start_date": session.start_date,
                "end_date": session.end_date,
                "location": session.location,
            }
            for session in activity.sessions.all()
        ],
    }


@router.get(
    "/programmes/{slug}/plans/{school_year}/activities", response={200: ActivityPage, **ERRORS}
)
def activities(
    request: HttpRequest,
    paging: PageQuery,
    slug: str = slug_path(),
    school_year: str = Path(..., pattern=r"^\d{4}-\d{4}$", description="E.g. 2026-2027"),
):
    """The plan's activities in the plan's order, each with its regional sessions."""
    programme = access.get_programme_or_404(request.auth, slug)
    plan = queries.shared_plan(programme, school_year.replace("-", "/"))
    if plan is None:
        raise Http404
    found = page_of(request, queries.activities_of(plan), paging)
    found["items"] = [_activity(activity) for activity in found["items"]]
    return found
