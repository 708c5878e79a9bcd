"""Results pages: a round's results for the nodes a person may see, an index opened to
its items, the results build (administrators) with its progress."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from samla.analysis import access as analysis_access
from samla.analysis import evidence
from samla.core.pdf import PdfUnavailable
from samla.results import access as result_access
from samla.results import charts, export_jobs, exports, figures, queries, services, trends
from samla.results.exports.registry import RESPONSE_FORMATS, RESULT_FORMATS
from samla.results.services import BuildRefused, start_build
from samla.surveys import access as survey_access
from samla.surveys.models import RESPONDENT_GROUP_LABELS, Round
from samla.surveys.services import CollectionError, release_results

UNITS_PER_PAGE = 60  # units listed a page on a round's results overview

LEVEL_LABELS = {
    "programme": gettext_lazy("Programme"),
    "region": gettext_lazy("Region"),
    "owner": gettext_lazy("Owner"),
    "unit": gettext_lazy("Unit"),
    "group": gettext_lazy("Class or department"),
}


LEVEL_PLURALS = {
    "region": gettext_lazy("Regions"),
    "owner": gettext_lazy("Owners"),
    "unit": gettext_lazy("Units"),
    "group": gettext_lazy("Classes and departments"),
}


def _round_with_results(request: HttpRequest, slug: str) -> tuple[Round, dict[str, set[int]]]:
    round = survey_access.get_round_or_404(request.user, slug)
    nodes = result_access.result_nodes(request.user, round)
    manages = survey_access.can_manage_round(request.user, round)
    if not any(nodes.values()) and not manages:
        raise Http404
    return round, nodes


def _node_or_404(round: Round, nodes: dict[str, set[int]], kind: str, pk: int) -> queries.Node:
    if pk not in nodes.get(kind, set()):
        raise Http404
    found = queries.node(round, kind, pk)
    if found is None:
        raise Http404
    return found


@login_required
def results_list(request: HttpRequest) -> HttpResponse:
    rounds = result_access.rounds_with_results_for(
        request.user, survey_access.rounds_for(request.user).select_related("programme")
    )
    return render(request, "results/round_list.html", {"rounds": rounds})


@login_required
def round_results(request: HttpRequest, slug: str) -> HttpResponse:
    round, nodes = _round_with_results(request, slug)
    names: dict[str, list[queries.Node]] = {}
    # One query per level, whatever the number of nodes (classes are reached from units).
    for found in queries.named_nodes(
        (kind, pk) for kind in ("programme", "region", "owner", "unit") for pk in nodes[kind]
    ):
        names.setdefault(found.kind, []).append(found)
    # A national programme's units (hundreds) are paged; the other levels are short.
    units = Paginator(names.get("unit", []), UNITS_PER_PAGE).get_page(request.GET.get("side"))
    context = {
        "round": round,
        "levels": [
            (LEVEL_LABELS[k], units.object_list if k == "unit" else names[k])
            for k in ("programme", "region", "owner", "unit")
            if k in names
        ],
        "page": units,
        "manages": survey_access.can_manage_round(request.user, round),
        "released": result_access.results_released(round),
        "build": queries.build_of(round),
        "has_cells": queries.has_results(round),
        "may_export_responses": result_access.may_export_responses(request.user, round),
        "response_formats": RESPONSE_FORMATS.values(),
    }
    return render(request, "results/round_results.html", context)


@login_required
def build_status(request: HttpRequest, slug: str) -> HttpResponse:
    """The build's progress, for the htmx poll on the round's results page. Opened as a
    page of its own (no htmx), it sends the person to that whole page."""
    round = survey_access.get_round_or_404(request.user, slug)
    if not survey_access.can_manage_round(request.user, round):
        raise PermissionDenied
    if not request.htmx:
        return redirect("portal:round_results", slug=round.slug)
    return render(
        request,
        "results/includes/build_status.html",
        {"round": round, "build": queries.build_of(round), "has_cells": queries.has_results(round)},
    )


@login_required
@require_POST
def build_action(request: HttpRequest, slug: str) -> HttpResponse:
    round = survey_access.get_round_or_404(request.user, slug)
    if not survey_access.can_manage_round(request.user, round):
        raise PermissionDenied
    action = request.POST.get("action")
    if action == "build":
        try:
            start_build(round, request.user)
        except BuildRefused as refused:
            messages.error(
                request,
                _("The round must be closed before its results are built.")
                if refused.reason == "not_closed"
                else _("A build of this round is already waiting or working."),
            )
        else:
            messages.success(request, _("The results build has started."))
    elif action == "release":
        try:
            release_results(round)
        except CollectionError:
            messages.error(request, _("Results can be released only after the round has closed."))
        else:
            messages.success(request, _("The results are released."))
    return redirect("portal:round_results", slug=round.slug)


@login_required
def node_results(request: HttpRequest, slug: str, kind: str, pk: int) -> HttpResponse:
    round, nodes = _round_with_results(request, slug)
    here = _node_or_404(round, nodes, kind, pk)
    language = translation.get_language()
    chain = queries.lineage(round, here)
    bands = figures.bands_at(round, here)
    if len(bands) < 2:  # one band is all respondents (but those without a class)
        bands = []
    band = request.GET.get("trinn", "")
    if band not in bands:  # all respondents; an unknown band is not an error
        band = ""
    children = queries.children(round, here, nodes)
    # Every index figure of the page (the node, its comparisons, the level below) in one read.
    cells = figures.scale_cells(round, [*chain, *children], sorted({band, ""}))
    blocks = figures.overview(round, chain, language, band, cells)
    below = figures.below(round, children, language, band, cells)
    below_levels = LEVEL_PLURALS[children[0].kind] if children else ""
    # Every chart of the page drawn (or read from the cache) in one go.
    charted = [table for table in below if charts.charts_below(table)]
    drawn = charts.svgs(
        [*charts.index_charts(blocks, chain), *charts.below_charts(charted, str(below_levels))]
    )
    for each, svg in zip([*blocks, *charted], drawn, strict=True):
        each.chart_svg = svg
    context = {
        "round": round,
        "node": here,
        "level": LEVEL_LABELS[kind],
        "chain": chain,
        "bands": bands,
        "band": band,
        "blocks": blocks,
        "triangles": figures.triangulation(round, here, language, band, cells),
        "children": children,
        "below": below,
        "below_level": LEVEL_LABELS[children[0].kind] if children else "",
        "below_levels": below_levels,
        "threshold": round.programme.anonymity_threshold,
        "below_chart_most": charts.BELOW_CHART_MOST,
        "export_formats": RESULT_FORMATS.values(),
        "nodes": nodes,  # where a hidden figure's note may link to
    }
    if request.htmx:  # the band filter: only the figures change
        return render(request, "results/includes/node_figures.html", context)
    return render(request, "results/node_results.html", context)


@login_required
def scale_results(
    request: HttpRequest, slug: str, kind: str, pk: int, group: str, scale: str
) -> HttpResponse:
    round, nodes = _round_with_results(request, slug)
    here = _node_or_404(round, nodes, kind, pk)
    chain = queries.lineage(round, here)
    language = translation.get_language()
    detail = figures.scale_detail(round, chain, group, scale, language)
    if detail is None:
        raise Http404
    label, items = detail
    trend = trends.trend(round, here, group, scale)
    shown = [charts.distribution_chart(label, here.name, items)]
    if len(trend) > 1:
        shown.append(charts.trend_chart(label, here.name, trend))
    distribution_svg, *trend_svg = charts.svgs(shown)
    start = None
    if kind in ("unit", "group"):
        unit_id = evidence.unit_of(round, here)
        if unit_id is not None and analysis_access.may_start_analysis_from(
            request.user, round, kind, pk, unit_id
        ):
            start = (
                reverse("portal:analysis_start")
                + "?"
                + urlencode(
                    {"runde": round.slug, "node": f"{kind}:{pk}", "gruppe": group, "indeks": scale}
                )
            )
    return render(
        request,
        "results/scale_results.html",
        {
            "round": round,
            "node": here,
            "chain": chain,
            "group_label": RESPONDENT_GROUP_LABELS.get(group, group),
            "scale_label": label,
            "items": items,
            "trend": trend,
            "trend_svg": trend_svg[0] if trend_svg else "",
            "distribution_svg": distribution_svg,
            "analysis_start": start,
            "threshold": round.programme.anonymity_threshold,
            "nodes": nodes,  # where a hidden figure's note may link to
            "group": group,
            "scale": scale,
        },
    )


@login_required
def node_export(request: HttpRequest, slug: str, kind: str, pk: int, fmt: str) -> HttpResponse:
    """The node and everything under it that the person may see, in one of the formats of
    the results registry (PDF report, Excel, slide deck, JSON): made here when it is small
    (``export_jobs.runs_inline``), else by the task worker — then the person is sent to
    the job's page, which shows its progress and the link once it is done."""
    round, nodes = _round_with_results(request, slug)
    here = _node_or_404(round, nodes, kind, pk)
    export_format = RESULT_FORMATS.get(fmt)
    if export_format is None:
        raise Http404
    try:
        allowed = exports.visible_below(round, here.kind, here.id, nodes)
        if not export_jobs.runs_inline(round, fmt, allowed, (kind, pk)):
            # Too large to make within the request: the task worker makes it.
            job = export_jobs.request_export(
                request.user, round, fmt, kind, pk, translation.get_language()
            )
            return redirect("portal:results_export_job", slug=round.slug, pk=job.pk)
        content = services.export_results(
            request.user,
            round,
            export_format,
            allowed,
            translation.get_language(),
            kind=f"{fmt}:{kind}:{pk}",
        )
    except exports.UnknownNode as unknown:
        raise Http404 from unknown
    except PdfUnavailable:
        return render(request, "plans/pdf_unavailable.html", status=503)
    response = HttpResponse(content, content_type=export_format.content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="resultater-{round.slug}-{kind}-{pk}.{export_format.extension}"'
    )
    return response


@login_required
def responses_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """Researchers: one pseudonymous row per response (every download is logged)."""
    round = survey_access.get_round_or_404(request.user, slug)
    if not result_access.may_export_responses(request.user, round):
        raise PermissionDenied
    export_format = RESPONSE_FORMATS.get(fmt)
    if export_format is None:
        raise Http404
    content = services.export_responses(request.user, round, export_format)
    response = HttpResponse(content, content_type=export_format.content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="svar-{round.slug}.{export_format.extension}"'
    )
    return response
