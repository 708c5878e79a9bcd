"""Charts of results (results.charts), built from the figures of real rounds (the demo
school's T2 and T3, answers simulated and built) and drawn by vl-convert: what the drawing
says, its colours in grey, and that it is safe to put inline in a page under our CSP."""

from __future__ import annotations

import io
import itertools
import re

import pytest
from django.utils import translation
from django.utils.translation import gettext
from PIL import Image

from samla.org.models import Group
from samla.results import charts, figures, queries, trends
from samla.results.figures import Figure
from tests.conftest import client_for

HOSTILE = '<script>alert(1)</script> & "Ås"'
LONG = "Klassen med et svært langt navn som aldri slutter, men går og går videre til"  # 80


def _texts(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def _unit_node(round, org):
    return queries.node(round, "unit", org.school.pk)


@pytest.mark.parametrize("count", [2, 3, 4, 5, 6, 7])
def test_neighbouring_answers_differ_in_lightness(count):
    greys = [charts.grey_level(c) for c in charts.answer_colours(count)]
    steps = [later - earlier for earlier, later in zip(greys[1:], greys, strict=False)]
    assert len(greys) == count
    assert min(steps) >= 25  # of 255: lighter to darker, each step seen in grey print


def test_the_series_colours_differ_in_lightness():
    greys = sorted(charts.grey_level(c) for c in charts.SERIES_COLOURS)
    assert min(b - a for a, b in itertools.pairwise(greys)) >= 25


def test_a_percent_in_a_segment_reads_against_its_colour():
    for colour in charts.ANSWER_RAMP:
        assert charts.contrast(charts.text_colour_on(colour), colour) >= 4.5


def test_distribution_and_trend_from_a_real_round(demo_org):
    t3 = demo_org.later_results_round()
    at = _unit_node(t3, demo_org)
    chain = queries.lineage(t3, at)
    label, items = figures.scale_detail(t3, chain, "pupil_5_7", "trivsel", "nb")
    points = trends.trend(t3, at, "pupil_5_7", "trivsel")
    # T3 as if its items had changed, and T2 hidden: how such rounds are drawn
    points[1].changed = True
    items[0].figure = Figure(hidden=True)

    with translation.override("nb"):
        distribution = charts.distribution_chart(label, at.name, items)
        trend = charts.trend_chart(label, at.name, points)
        hidden_trend = charts.trend_chart(
            label, at.name, [trends.TrendPoint(points[0].round, Figure(hidden=True), False),
                             points[1]],
        )  # fmt: skip
        drawn = charts.svgs([distribution, trend, hidden_trend])

        hidden, changed = gettext("hidden"), gettext("Items changed: compare with care")

    texts = _texts(drawn[0])
    options = [option for option, _percent in items[1].options]
    assert [t for t in texts if t in options] == options  # the legend, in answer order
    for _option, percent in items[1].options:
        if percent >= 10:
            assert f"{percent} %" in texts  # written in its segment
    assert hidden in texts  # the hidden item, in the page's language
    assert "<title id=" in drawn[0] and label in drawn[0]

    texts = _texts(drawn[1])
    assert [p.round.name for p in points] == ["T2", "T3"]
    assert {"T2", "T3"} <= set(texts)
    assert str(round(points[0].figure.score500)) in texts
    assert str(round(points[1].figure.score500)) in texts
    assert changed in texts  # the legend of the diamond
    assert hidden in _texts(drawn[2])
    # the hidden round breaks the line: with one point left there is no path between points
    assert len(hidden_trend.spec["layer"][2]["data"]["values"]) == 2
    assert [r["segment"] for r in hidden_trend.spec["layer"][2]["data"]["values"]] == [1, 1]


def test_the_classes_side_by_side_in_name_order_escaped_and_truncated(demo_org):
    t3 = demo_org.later_results_round()
    at = _unit_node(t3, demo_org)
    classes = Group.objects.filter(unit=demo_org.school, name__in=["5A", "5B"])
    classes.filter(name="5A").update(name=HOSTILE)
    classes.filter(name="5B").update(name=LONG)
    allowed = {"group": set(demo_org.school.groups.values_list("pk", flat=True))}
    nodes = queries.children(t3, at, allowed)
    (table,) = figures.below(t3, nodes, "nb")
    table.rows[1][1][0] = Figure(hidden=True)

    with translation.override("nb"):
        chart = charts.below_chart(table, "Klasser")
        svg = charts.svg(chart)
        hidden = gettext("hidden")

    texts = _texts(svg)
    names = [node.name for node, _figures in table.rows]
    assert names == sorted(names, key=str)  # the page's order, by name, never by result
    for name in names[:4]:  # the classes' names on the axis (6A, 6B, 7A, 7B)
        assert name in texts
    assert any(t.startswith("Klassen med et") and t.endswith("…") for t in texts)
    assert any(t.startswith("&lt;script&gt;alert(1)&lt;/script") for t in texts), texts
    assert "<script" not in svg
    assert "style=" not in svg
    assert hidden in texts
    for label in (label for _code, label in table.scales):
        assert any(t in label for t in texts)  # a panel per index, headed by its name
    scores = [str(round(f.score500)) for _node, fs in table.rows for f in fs if f.shown]
    assert set(scores) <= set(texts)  # every value written


def test_the_node_page_shows_its_charts_with_unique_ids_and_whole_names(demo_org):
    t3 = demo_org.later_results_round()
    Group.objects.filter(unit=demo_org.school, name="5B").update(name=LONG)

    page = client_for("rektor").get(f"/resultater/{t3.slug}/unit/{demo_org.school.pk}/")

    html = page.content.decode()
    assert html.count("<svg") == 2  # the index chart and the classes side by side
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    assert html.count('role="img"') == 2
    assert LONG.strip() in html  # whole in the table
    assert "<script" not in re.sub(r"<script src=[^>]*></script>", "", html)
    assert "style=" not in "".join(re.findall(r"<svg.*?</svg>", html, flags=re.S))


def test_the_distribution_prints_in_distinct_greys(demo_org):
    t3 = demo_org.later_results_round()
    at = _unit_node(t3, demo_org)
    label, items = figures.scale_detail(t3, queries.lineage(t3, at), "pupil_5_7", "trivsel", "nb")
    chart = charts.distribution_chart(label, at.name, items)

    grey = Image.open(io.BytesIO(charts.png(chart, scale=1))).convert("L")

    histogram = grey.histogram()
    count = len(items[0].options)
    levels = [round(charts.grey_level(c)) for c in charts.answer_colours(count)]
    for level in levels:  # each answer's fill is there in grey, as a large area
        assert sum(histogram[level - 1 : level + 2]) > 200, level
    assert min(b - a for a, b in itertools.pairwise(sorted(levels))) >= 25


def test_the_learning_dashboard_draws_meetings_against_the_rule(demo_org):
    group = demo_org.learning_group()
    programme = demo_org.school_programme
    url = f"/program/{programme.slug}/laering/unit/{demo_org.school.pk}/"

    page = client_for("rektor").get(url, HTTP_ACCEPT_LANGUAGE="nb")

    html = page.content.decode()
    svg = re.search(r"<svg.*?</svg>", html, flags=re.S).group(0)
    texts = _texts(svg)
    assert group.name in texts
    assert any(t.endswith(" 4") for t in texts)  # the rule
    assert "style=" not in svg
    assert 'role="img"' in svg


def test_withheld_answers_are_a_hidden_segment_not_stretched_away():
    """Answers too few gave are withheld: the shown ones keep their true width and the
    rest of the bar is one segment marked hidden, so a bar matches its own labels."""
    from samla.results.figures import Figure, ItemRow

    with translation.override("en"):
        item = ItemRow(
            "q1",
            "I like school.",
            False,
            Figure(n=30, mean=3.1, sd=0.8),
            [("No", None), ("Somewhat", 40), ("Yes", 50)],
            [],
        )
        chart = charts.distribution_chart("Wellbeing", "Bjørkely skole", [item])
    bars = chart.spec["layer"][0]["data"]["values"]

    widths = {bar["option"]: round(bar["to"] - bar["from"], 6) for bar in bars}
    assert widths == {"Somewhat": 40, "Yes": 50, "hidden": 10}
    assert "hidden" in chart.spec["layer"][0]["encoding"]["color"]["scale"]["domain"]
