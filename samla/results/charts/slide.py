"""One index at a node beside the levels above it, for a slide: names on the axis and
letters large enough for a projector (the page's :func:`index_chart` draws all of a
group's indices with a legend; one index reads better this way)."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

from ..figures import CHART_FROM, CHART_TO, Figure, GroupBlock, ScaleRow
from ..queries import Node
from .drawing import INK, SCHEMA, SERIES_COLOURS, Chart, base_config, reference_band, reference_line


def index_title(block: GroupBlock, row: ScaleRow) -> str:
    return _("%(group)s: %(index)s") % {"group": block.label, "index": row.label}


def score_text(figure: Figure) -> str:
    """The 500-scale score as the page writes it, or why there is none."""
    if figure.hidden:
        return _("hidden")
    if figure.n is None:
        return _("no answers")
    if figure.score500 is None:  # n only: the other figures would give hidden answers away
        return "–"
    return f"{figure.score500:.0f}"


def index_slide_chart(block: GroupBlock, row: ScaleRow, chain: Sequence[Node]) -> Chart:
    """One index at the node and the levels above it, a bar each named by its node, for a
    slide: the page's colours, 300–700 axis, dashed line at 500, ±0.2 SD band and the word
    for hidden where a hidden bar would start, in letters large enough for a projector.
    (The page's :func:`charts.index_chart` draws all of a group's indices with a legend;
    one index reads better with the names on the axis.)"""
    pairs = [(chain[0], row.figure), *((c.node, c.figure) for c in row.comparisons)]
    values = []
    for position, (node, figure) in enumerate(pairs):
        if not (figure.hidden or figure.n is not None):
            continue  # nobody at this level answered: no bar and no mark
        score = round(figure.score500) if figure.shown and figure.score500 is not None else None
        values.append(
            {
                "node": node.name,
                "order": position,
                "score": score,
                "bar": score if score is not None else CHART_FROM,
                "text": str(score) if score is not None else score_text(figure),
                "hidden": score is None,
            }
        )
    names = [node.name for node, _figure in pairs]
    x_scale = {"domain": [CHART_FROM, CHART_TO], "clamp": True, "zero": False}
    y = {
        "field": "node",
        "type": "nominal",
        "sort": names,
        "title": None,
        "scale": {"paddingInner": 0.3, "paddingOuter": 0.15},
        "axis": {"labelLimit": 190, "labelFontSize": 15, "ticks": False, "domain": False},
    }
    spec = {
        "$schema": SCHEMA,
        "config": base_config(),
        "width": 300,
        "height": 46 * max(len(values), 1),
        "data": {"values": values},
        "layer": [
            reference_band(x_scale),
            {
                "mark": {"type": "bar", "stroke": INK, "strokeWidth": 1},
                "transform": [{"filter": "!datum.hidden"}],
                "encoding": {
                    "y": y,
                    "x": {
                        "field": "score",
                        "type": "quantitative",
                        "scale": x_scale,
                        "title": _("500 scale"),
                        "axis": {
                            "values": [300, 400, 500, 600, 700],
                            "labelFontSize": 14,
                            "titleFontSize": 14,
                        },
                    },
                    "x2": {"datum": CHART_FROM},
                    "color": {
                        "field": "node",
                        "type": "nominal",
                        "scale": {"domain": names, "range": SERIES_COLOURS[: len(names)]},
                        "legend": None,
                    },
                },
            },
            reference_line(x_scale),
            {
                "mark": {
                    "type": "text",
                    "align": "left",
                    "baseline": "middle",
                    "dx": 5,
                    "fontSize": 15,
                    "color": INK,
                },
                "encoding": {
                    "y": y,
                    "x": {"field": "bar", "type": "quantitative", "scale": x_scale},
                    "text": {"field": "text"},
                    "fontStyle": {
                        "condition": {"test": "datum.hidden", "value": "italic"},
                        "value": "normal",
                    },
                },
            },
        ],
    }
    in_words = "; ".join(f"{each['node']}: {each['text']}" for each in values)
    description = _(
        "Bar chart of %(index)s on the 500 scale from 300 to 700, the dashed line at 500 "
        "and a shaded band of ±0.2 standard deviations around it. %(figures)s."
    ) % {"index": row.label, "figures": in_words}
    return Chart(index_title(block, row), description, spec)
