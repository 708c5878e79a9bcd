"""Learning: the person's own page (groups, next meetings, where to look) and the
compliance dashboards from the programme down to a unit's groups."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from samla.core.time import Semester, current_semester
from samla.learning import access as learning_access
from samla.learning import queries
from samla.org import access
from samla.org import queries as org_queries
from samla.org.models import Programme, Role
from samla.results import charts


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    now = timezone.now()
    mine = queries.own_groups(learning_access.learning_groups_for(user), user, now)
    led_units = org_queries.units_named(access.led_unit_ids(user))
    context = {
        "groups": mine,
        # Learning groups are a unit's staff: only they are told they are in none yet.
        "works_at_a_unit": bool(access.grants_for(user).member_unit_ids),
        "led_units": led_units,
        "dashboards": _dashboard_entries(user),
        "programmes": list(access.programmes_for(user).order_by("name")),
    }
    return render(request, "learning/home.html", context)


def _dashboard_entries(user) -> list[dict]:
    """The highest nodes whose dashboard the person may open, per programme."""
    grants = access.grants_for(user)
    entries = []
    programmes = {p.pk: p for p in access.programmes_for(user)}
    for pk in sorted(grants.programme_wide_ids & set(programmes)):
        entries.append(_entry(programmes[pk], "programme", pk, programmes[pk].name))
    coordinated = grants.ids(Role.REGION_COORDINATOR, "region")
    for region in org_queries.regions_of_programmes(coordinated, programmes):
        if region.programme_id not in grants.programme_wide_ids:
            entries.append(
                _entry(programmes[region.programme_id], "region", region.pk, region.name)
            )
    owned = grants.ids(frozenset({Role.OWNER, Role.UNION_REPRESENTATIVE}), "owner")
    owners = org_queries.owners_named(owned)
    for programme in programmes.values():
        if not owners or programme.pk in grants.programme_wide_ids:
            continue
        in_scope = learning_access.learning_scope(user, programme)["owner"]
        entries += [_entry(programme, "owner", o.pk, o.name) for o in owners if o.pk in in_scope]
    for unit in org_queries.units_with_programmes(access.led_unit_ids(user)):
        for programme in unit.programmes.all():
            if programme.pk in programmes:
                entries.append(_entry(programme, "unit", unit.pk, unit.name))
    return entries


def _entry(programme: Programme, kind: str, pk: int, name: str) -> dict:
    url = reverse(
        "portal:learning_dashboard", kwargs={"slug": programme.slug, "kind": kind, "pk": pk}
    )
    return {"programme": programme, "kind": kind, "name": name, "url": url}


def chosen_semester(request: HttpRequest) -> Semester:
    return Semester.parse(request.GET.get("semester", "")) or current_semester(timezone.localdate())


# As many as the results page draws as bars side by side (results.charts.BELOW_CHART_MOST).
LINES_PER_PAGE = 40


@login_required
def dashboard(request: HttpRequest, slug: str, kind: str, pk: int) -> HttpResponse:
    programme = access.get_programme_or_404(request.user, slug)
    scope = learning_access.learning_scope(request.user, programme)
    if kind not in scope or pk not in scope[kind]:
        raise Http404
    semester = chosen_semester(request)
    names = kind == "unit" and learning_access.sees_names_in_unit(request.user, pk)
    board = queries.dashboard(programme, kind, pk, semester, timezone.now(), names=names)
    if board is None:
        raise Http404
    child = queries.CHILD_LEVEL[kind]
    openable = (
        set(learning_access.learning_groups_for(request.user).values_list("pk", flat=True))
        if child == "group"
        else scope.get(child, set())
    )
    # An owner's hundreds of units (or a national programme's owners) are paged: the table
    # and the chart show the page's lines; the figures above count them all.
    page = Paginator(board.lines, LINES_PER_PAGE).get_page(request.GET.get("side"))
    lines = page.object_list
    for line in lines:
        if line.pk not in openable:
            line.url = ""
        elif child == "group":
            line.url = reverse("portal:learning_group", kwargs={"pk": line.pk})
        else:
            line.url = (
                reverse(
                    "portal:learning_dashboard",
                    kwargs={"slug": slug, "kind": child, "pk": line.pk},
                )
                + f"?semester={semester.key}"
            )
    semester_name = (_("Autumn %(year)s") if semester.half == "H" else _("Spring %(year)s")) % {
        "year": semester.year
    }
    meetings_chart = charts.meetings_chart(
        [charts.MeetingLine(line.name, line.figures.qualifying, line.figures.held,
                            line.figures.groups) for line in lines],
        board.rule.meetings, board.rule.minutes, semester_name, per_group=child == "group",
    )  # fmt: skip
    context = {
        "programme": programme,
        "board": board,
        "meetings_svg": charts.svg(meetings_chart) if lines else "",
        "lines": lines,
        "page": page,
        "child": child,
        "semester": semester,
        "semesters": queries.semester_choices(timezone.localdate()),
        "trail": _trail(programme, kind, pk, scope, semester),
        "can_lead": kind == "unit" and pk in access.led_unit_ids(request.user),
    }
    if request.htmx and request.htmx.target == "dashboard-body":
        response = render(request, "learning/includes/dashboard_body.html", context)
    else:
        response = render(request, "learning/dashboard.html", context)
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


def _trail(programme: Programme, kind: str, pk: int, scope, semester: Semester) -> list:
    """Links up the tree to the nodes above that the person may open."""
    steps: list[tuple[str, int, str]] = [("programme", programme.pk, programme.name)]
    region, owner = org_queries.nodes_above(programme, kind, pk)
    if region is not None and kind != "region":
        steps.append(("region", region.pk, region.name))
    if kind == "unit" and owner is not None:
        steps.append(("owner", owner.pk, str(owner)))
    return [
        {
            "name": name,
            "url": reverse(
                "portal:learning_dashboard",
                kwargs={"slug": programme.slug, "kind": k, "pk": node},
            )
            + f"?semester={semester.key}",
        }
        for k, node, name in steps
        if node in scope.get(k, set()) and not (k == kind and node == pk)
    ]
