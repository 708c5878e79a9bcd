"""Survey rounds: the person's rounds, their response rates, and their released results
— exactly the figures the results pages show, hidden ones hidden."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.utils import translation
from ninja import Query, Router

from samla.results import access as result_access
from samla.results import figures, queries
from samla.results.figures import Figure
from samla.surveys import access as survey_access
from samla.surveys import rate_levels, rates

from ..paging import PageQuery, page_of
from ..params import MAX_ID, ResultLevel, id_path, slug_path
from ..problems import Problem
from ..schemas import NodePage, NodeResultsOut, RatesPage, RoundPage

router = Router(tags=["rounds"])
ERRORS = {401: Problem, 403: Problem, 404: Problem, 422: Problem, 429: Problem}


@router.get("/rounds", response={200: RoundPage, **ERRORS})
def rounds(request: HttpRequest, paging: PageQuery):
    """The survey rounds the person may see, the latest first."""
    found = page_of(
        request,
        survey_access.rounds_for(request.auth)
        .select_related("programme")
        .order_by("-opens_at", "pk"),
        paging,
    )
    found["items"] = [
        {
            "slug": r.slug,
            "name": r.name,
            "programme": r.programme.slug,
            "opens_at": r.opens_at,
            "closes_at": r.closes_at,
            "state": r.state(),
            "results_released": result_access.results_released(r),
        }
        for r in found["items"]
    ]
    return found


def _counts(c: rates.Counts) -> dict:
    return {"issued": c.issued, "started": c.started, "submitted": c.submitted, "rate": c.rate}


@router.get("/rounds/{slug}/response-rates", response={200: RatesPage, **ERRORS})
def response_rates(
    request: HttpRequest,
    paging: PageQuery,
    slug: str = slug_path(),
    respondent_group: str = Query("", max_length=40, pattern=r"^[a-z0-9_]*$"),
    region: int | None = Query(None, ge=1, le=MAX_ID),
):
    """Codes made, started and answered per unit and class, for the units whose response
    rates the person follows (403 for a round they see but follow no unit in)."""
    round, unit_ids = survey_access.round_and_units_or_403(
        request.auth, slug, survey_access.monitor_unit_ids
    )
    if region is not None:
        unit_ids = rate_levels.units_in_region(round, unit_ids, region)
    start = (paging.page - 1) * paging.page_size
    count, total, units = rate_levels.unit_rates_page(
        round, unit_ids, respondent_group, start, start + paging.page_size
    )
    found = page_of(request, range(count), paging)  # the page's numbers; the units are read
    found["total"] = _counts(total)
    found["items"] = [
        {
            "id": unit.pk,
            "name": unit.name,
            "owner": unit.owner,
            "region": unit.region,
            "total": _counts(unit.total),
            "classes": [
                {
                    "group": row.group,
                    "respondent_group": row.respondent_group,
                    "counts": _counts(row.counts),
                    "size": row.size,
                }
                for row in unit.rows
            ],
        }
        for unit in units
    ]
    return found


def _round_nodes(request: HttpRequest, slug: str):
    round = survey_access.get_round_or_404(request.auth, slug)
    nodes = result_access.result_nodes(request.auth, round)
    if not any(nodes.values()) or not queries.has_results(round):
        raise Http404
    return round, nodes


@router.get("/rounds/{slug}/results", response={200: NodePage, **ERRORS})
def result_nodes(request: HttpRequest, paging: PageQuery, slug: str = slug_path()):
    """The programme, regions, owners and units whose results the person may open in the
    round (classes are reached through their unit's ``below``)."""
    _round, nodes = _round_nodes(request, slug)
    found = queries.named_nodes(
        [(kind, pk) for kind in ("programme", "region", "owner", "unit") for pk in nodes[kind]]
    )
    return page_of(request, found, paging)


def _figure(f: Figure) -> dict:
    return {
        "hidden": f.hidden,
        "n": None if f.hidden else f.n,
        "mean": None if f.hidden else f.mean,
        "score500": None if f.hidden else f.score500,
    }


def _node(n: queries.Node) -> dict:
    return {"kind": n.kind, "id": n.id, "name": n.name}


@router.get("/rounds/{slug}/results/{kind}/{node_id}", response={200: NodeResultsOut, **ERRORS})
def node_results(
    request: HttpRequest,
    kind: ResultLevel,
    slug: str = slug_path(),
    node_id: int = id_path(),
    grade_band: str = Query("", max_length=10, pattern=r"^[0-9\-–]*$"),
):
    """A node's indices per respondent group beside the levels above it, and the level
    below it that the person may open — the figures of the node's results page."""
    round, nodes = _round_nodes(request, slug)
    if node_id not in nodes.get(kind, set()):
        raise Http404
    here = queries.node(round, kind, node_id)
    if here is None:
        raise Http404
    language = translation.get_language()
    chain = queries.lineage(round, here)
    bands = figures.bands_at(round, here)
    if len(bands) < 2:
        bands = []
    band = grade_band if grade_band in bands else ""
    children = queries.children(round, here, nodes)
    cells = figures.scale_cells(round, [*chain, *children], sorted({band, ""}))
    blocks = figures.overview(round, chain, language, band, cells)
    below = figures.below(round, children, language, band, cells)
    return {
        "round": round.slug,
        "node": _node(here),
        "chain": [_node(n) for n in chain[1:]],
        "grade_band": band,
        "grade_bands": bands,
        "anonymity_threshold": round.programme.anonymity_threshold,
        "groups": [
            {
                "respondent_group": block.respondent_group,
                "label": block.label,
                "codes_issued": block.issued,
                "codes_answered": block.submitted,
                "scales": [
                    {
                        "code": row.code,
                        "label": row.label,
                        "figure": _figure(row.figure),
                        "comparisons": [
                            {
                                "node": _node(c.node),
                                "figure": _figure(c.figure),
                                "difference": c.band,
                            }
                            for c in row.comparisons
                        ],
                    }
                    for row in block.rows
                ],
            }
            for block in blocks
        ],
        "below": [
            {
                "respondent_group": table.respondent_group,
                "label": table.label,
                "scales": [code for code, _label in table.scales],
                "rows": [
                    {"node": _node(n), "figures": [_figure(f) for f in row_figures]}
                    for n, row_figures in table.rows
                ],
            }
            for table in below
        ],
    }
