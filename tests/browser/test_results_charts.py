"""The results charts in a real browser: a unit leader, an owner and a region coordinator
open their node's page (the index chart and the nodes below side by side, each with its
legend, its values and its table), and the unit leader an index (answer distributions and
the trend over T2 and T3); axe finds nothing on any of them."""

from __future__ import annotations

import pytest

from samla.org import demo
from samla.org.models import Region
from tests.browser.conftest import assert_accessible, log_in
from tests.conftest import DemoOrg

pytestmark = pytest.mark.browser


def _assert_chart_with_table(page, figure) -> None:
    svg = figure.locator("svg[role=img]")
    assert svg.count() == 1
    assert svg.locator("title").first.text_content()  # named
    assert svg.locator("desc").first.text_content()  # described
    assert svg.bounding_box()["width"] > 200  # drawn, not collapsed
    # the table with the same figures stands in the same card, after the chart
    assert figure.locator("xpath=ancestor::section[1]//table").count() >= 1


def _drawn_texts(figure) -> list[str]:
    return [t.strip() for t in figure.locator("svg text").all_text_contents()]


@pytest.mark.parametrize(
    ("username", "level"), [("rektor", "unit"), ("eier", "owner"), ("region", "region")]
)
def test_the_node_page_shows_its_charts(live_server, transactional_db, page, username, level):
    demo.build_organisation()
    org = DemoOrg()
    round = org.later_results_round()
    pk = {
        "unit": org.school.pk,
        "owner": org.school.owner_id,
        "region": Region.objects.get(programme=org.school_programme, short_name="HR").pk,
    }[level]
    log_in(page, live_server.url, username)

    page.goto(f"{live_server.url}/resultater/{round.slug}/{level}/{pk}/")

    figures = page.locator("main figure.chart-figure")
    assert figures.count() == 2  # the indices beside the levels above, the nodes below
    for n in range(2):
        _assert_chart_with_table(page, figures.nth(n))
    index_texts = _drawn_texts(figures.nth(0))
    assert org.school_programme.name in index_texts or any(  # the legend names the levels
        org.school_programme.name.startswith(t.rstrip("…")) for t in index_texts
    )
    table = page.locator("main table").first
    first_score = table.locator("tbody tr").first.locator("td strong").first.inner_text()
    assert first_score in index_texts  # the value written on the chart
    below_texts = _drawn_texts(figures.nth(1))
    section = figures.nth(1).locator("xpath=ancestor::section[1]")
    first_child = section.locator("tbody th[scope=row] a").first.inner_text()
    assert any(first_child.startswith(t.rstrip("…")) for t in below_texts)
    assert_accessible(page)


def test_the_index_page_shows_answers_and_trend(live_server, transactional_db, page):
    demo.build_organisation()
    org = DemoOrg()
    round = org.later_results_round()
    log_in(page, live_server.url, "rektor")

    page.goto(f"{live_server.url}/resultater/{round.slug}/unit/{org.school.pk}/pupil_5_7/trivsel/")

    trend = page.locator("#trend-heading ~ figure.chart-figure")
    _assert_chart_with_table(page, trend)
    trend_texts = _drawn_texts(trend)
    assert {"T2", "T3"} <= set(trend_texts)
    answers = page.locator("#items-heading ~ figure.chart-figure")
    _assert_chart_with_table(page, answers)
    answer_texts = _drawn_texts(answers)
    headers = page.locator(".item-result table").first.locator("thead th").all_inner_texts()
    assert headers and all(h in answer_texts for h in headers)  # the legend, every answer
    cells = page.locator(".item-result table").first.locator("tbody td").all_inner_texts()
    assert any(c.replace("\xa0", " ") in answer_texts for c in cells)  # percents written
    # the answer headers stand right-aligned over their right-aligned numbers
    for cell in ("thead th", "tbody td"):
        align = page.locator(f".item-result table {cell}").first.evaluate(
            "e => getComputedStyle(e).textAlign"
        )
        assert align == "right"
    assert_accessible(page)
