"""Learning-group dashboards: counts per region, owner, unit or group, as the dashboard
pages show them."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Query, Router

from samla.core.time import Semester, current_semester
from samla.learning import access as learning_access
from samla.learning import queries
from samla.org import access

from ..params import LearningLevel, id_path, slug_path
from ..problems import Problem
from ..schemas import DashboardOut

router = Router(tags=["learning"])
ERRORS = {401: Problem, 404: Problem, 422: Problem, 429: Problem}


def _figures(f: queries.Figures) -> dict:
    return {
        "groups": f.groups,
        "groups_in_size": f.groups_in_size,
        "members": f.members,
        "meetings_held": f.held,
        "meetings_planned": f.planned,
        "minutes": f.minutes,
        "attendance_percent": f.attendance_percent,
        "modules_done": f.modules_done,
        "modules_total": f.modules_total,
        "groups_meeting_rule": f.met,
        "groups_not_yet": f.not_yet,
        "groups_missed": f.missed,
    }


@router.get("/programmes/{slug}/learning/{kind}/{node_id}", response={200: DashboardOut, **ERRORS})
def dashboard(
    request: HttpRequest,
    kind: LearningLevel,
    slug: str = slug_path(),
    node_id: int = id_path(),
    semester: str | None = Query(None, pattern=r"^\d{4}[HVhv]$", description="E.g. 2026H"),
):
    """One node's learning dashboard in a semester (this semester unless ``semester``):
    a line per region, owner, unit or learning group below it, and the total. Group
    leaders' names only for those who see the unit's people."""
    programme = access.get_programme_or_404(request.auth, slug)
    scope = learning_access.learning_scope(request.auth, programme)
    if node_id not in scope.get(kind, ()):
        raise Http404
    chosen = Semester.parse(semester or "") or current_semester(timezone.localdate())
    names = kind == "unit" and learning_access.sees_names_in_unit(request.auth, node_id)
    board = queries.dashboard(programme, kind, node_id, chosen, timezone.now(), names=names)
    if board is None:
        raise Http404
    return {
        "kind": board.kind,
        "id": board.pk,
        "name": board.name,
        "semester": chosen.key,
        "units": board.units,
        "units_with_groups": board.units_with_groups,
        "total": _figures(board.total),
        "lines": [
            {
                "kind": line.kind,
                "id": line.pk,
                "name": line.name,
                "status": str(line.status) if line.status is not None else None,
                "leader": line.leader,
                "units": line.units,
                "units_with_groups": line.units_with_groups,
                "figures": _figures(line.figures),
            }
            for line in board.lines
        ],
    }
