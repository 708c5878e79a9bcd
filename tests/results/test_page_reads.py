"""The node page's reads made cheap (issue 17, speed): its index cells read once for the
overview, the level below and the triangulation give the same figures as reading each
apart; a read in several grade bands; a sheet's layout; the charts a process served last
kept in memory, never more than its limit."""

from __future__ import annotations

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samla.results import charts, figures, queries
from samla.results.models import ResultRow, ResultSheet
from samla.results.packing import Measure, layout, unpack
from tests.conftest import client_for


def _page_nodes(round, org):
    here = queries.node(round, "unit", org.school.pk)
    chain = queries.lineage(round, here)
    allowed = {"group": set(org.school.groups.values_list("pk", flat=True))}
    return here, chain, queries.children(round, here, allowed)


def test_one_read_gives_the_figures_of_separate_reads(demo_org):
    round = demo_org.results_round()
    here, chain, children = _page_nodes(round, demo_org)
    assert children  # the school's classes are the level below
    bands = figures.bands_at(round, here)
    for band in ["", *bands]:
        with CaptureQueriesContext(connection) as captured:
            cells = figures.scale_cells(round, [*chain, *children], sorted({band, ""}))
        assert len(captured) == 2  # the sheets and the rows, whatever the number of nodes
        assert figures.overview(round, chain, "nb", band, cells) == figures.overview(
            round, chain, "nb", band
        )
        assert figures.below(round, children, "nb", band, cells) == figures.below(
            round, children, "nb", band
        )
        assert figures.triangulation(round, here, "nb", band, cells) == figures.triangulation(
            round, here, "nb", band
        )


def test_a_read_in_several_bands_is_the_reads_of_each(demo_org):
    round = demo_org.results_round()
    here, chain, children = _page_nodes(round, demo_org)
    keys = [n.key for n in [*chain, *children]]
    bands = ["", *figures.bands_at(round, here)]
    assert len(bands) > 1
    together = queries.read_cells(round, keys, grade_band=bands)
    apart = [cell for band in bands for cell in queries.read_cells(round, keys, grade_band=band)]

    def key(cell):
        return (
            cell.node_kind,
            cell.node_id,
            cell.grade_band,
            cell.respondent_group,
            cell.scale,
            cell.item,
        )

    assert sorted(together, key=key) == sorted(apart, key=key)
    # One node, one level: the read is split in two terms and finds the same cells.
    single = children[0]
    assert queries.read_cells(round, [single.key]) == [
        c for c in apart if (c.node_kind, c.node_id) == single.key and c.grade_band == ""
    ]


def test_a_sheets_layout_unpacks_as_its_measures(demo_org):
    round = demo_org.results_round()
    sheet = ResultSheet.objects.filter(round=round).first()
    measures = [Measure(*m) for m in sheet.measures]
    shape = layout(measures)
    assert len(shape.scales) + len(shape.items) == len(measures)
    for row in ResultRow.objects.filter(sheet=sheet)[:20]:
        parts = (bytes(row.n), bytes(row.figures), bytes(row.counts))
        for kind in (None, "scale", "item"):
            args = (row.node_kind, row.node_id, sheet.respondent_group, row.grade_band, *parts)
            assert unpack(shape, *args, kind=kind) == unpack(measures, *args, kind=kind)


def test_recent_drawings_stay_within_their_limit():
    recent = charts._Recent(10)
    recent.put("a", "1234")
    recent.put("b", "5678")
    assert recent.get("a") == "1234"  # now the newest
    recent.put("c", "90ab")  # over the limit: the oldest read goes
    assert recent.get("b") is None
    assert recent.get("a") == "1234" and recent.get("c") == "90ab"
    assert recent.size == 8
    recent.put("d", "x" * 11)  # larger than the limit: never kept
    assert recent.get("d") is None and recent.size == 8


def test_the_page_serves_its_charts_from_memory_once_drawn(demo_org):
    round = demo_org.results_round()
    url = reverse(
        "portal:node_results", kwargs={"slug": round.slug, "kind": "unit", "pk": demo_org.school.pk}
    )
    client = client_for("rektor")
    first = client.get(url).content.decode()
    assert first.count("<svg") >= 1
    cache.clear()  # the shared cache forgets; this process still has the drawings
    with CaptureQueriesContext(connection) as captured:
        again = client.get(url).content.decode()
    assert not any("samla_cache" in q["sql"] for q in captured.captured_queries)
    assert again.count("<svg") == first.count("<svg")
