"""The level below a node is drawn as a chart only while it has few enough nodes to read
as bars; past that the page says why and the table still holds every figure."""

from __future__ import annotations

from django.urls import reverse

from samla.results import charts
from samla.results.charts import indices
from tests.conftest import client_for


def _owner_page(demo_org) -> str:
    round = demo_org.results_round()
    url = reverse(
        "portal:node_results",
        kwargs={"slug": round.slug, "kind": "owner", "pk": demo_org.school.owner_id},
    )
    client = client_for("eier")
    client.cookies["samla_language"] = "en"
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_few_units_below_are_drawn(demo_org):
    page = _owner_page(demo_org)
    assert "the indices side by side" in page
    assert "No chart:" not in page


def test_more_units_below_than_the_chart_takes_are_a_table_only(demo_org, monkeypatch):
    drawn = _owner_page(demo_org)
    monkeypatch.setattr(indices, "BELOW_CHART_MOST", 1)
    monkeypatch.setattr(charts, "BELOW_CHART_MOST", 1)
    page = _owner_page(demo_org)
    below = len(demo_org.results_round().units.all())
    assert (
        f"No chart: {below} units side by side are too many to read as bars (a chart takes "
        "at most 1). The table holds every figure." in page
    )
    assert "the indices side by side" not in page
    assert page.count("<svg") < drawn.count("<svg")
    for unit in demo_org.results_round().units.all():
        assert unit.name in page
