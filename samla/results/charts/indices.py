"""Charts of indices: a node beside the levels above it, and the nodes below it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.utils.translation import gettext as _

from ..figures import CHART_FROM, CHART_TO, ChildTable, GroupBlock
from ..queries import Node
from .drawing import (
    BAND_FILL,
    EDGE,
    INK,
    SCHEMA,
    SERIES_COLOURS,
    WHITE,
    Chart,
    _score,
    _unique,
    base_config,
    reference_band,
    reference_line,
    wrap,
)


def index_chart(block: GroupBlock, chain: Sequence[Node]) -> Chart:
    """One respondent group's indices at a node beside the levels above it, on the 500
    scale from 300 to 700: a bar per node and index with its value written at its end,
    the reference line at 500 and a band of ±0.2 SD (±20) around it; a hidden figure is
    written as the word for hidden where its bar would start."""
    names = [node.name for node in chain]
    hidden_word = _("hidden")
    rows = []
    for index_row in block.rows:
        figures = [index_row.figure, *(c.figure for c in index_row.comparisons)]
        for position, (name, figure) in enumerate(zip(names, figures, strict=False)):
            if figure.n is None and not figure.hidden:
                continue  # nobody at this level answered: no bar and no mark
            score = _score(figure.score500) if figure.shown else None
            rows.append(
                {
                    "index": index_row.label,
                    "node": name,
                    "order": position,
                    "score": score,
                    "bar": score if score is not None else CHART_FROM,
                    "text": str(score) if score is not None else hidden_word,
                    "hidden": score is None,
                }
            )
    domain = [name for name in names]
    colours = SERIES_COLOURS[: len(domain)]
    step = 14
    y = {
        "field": "index",
        "type": "nominal",
        "sort": None,
        "title": None,
        "scale": {"paddingInner": 0.25, "paddingOuter": 0.1},
        "axis": {"labelLimit": 170, "ticks": False, "domain": False},
    }
    y_offset = {"field": "node", "type": "nominal", "sort": domain, "scale": {"paddingInner": 0.15}}
    x_scale = {"domain": [CHART_FROM, CHART_TO], "clamp": True, "zero": False}
    spec = {
        "$schema": SCHEMA,
        "config": base_config(),
        "width": 420,
        "height": max(len(block.rows), 1) * (step * max(len(domain), 1) + 10),
        "data": {"values": rows},
        "layer": [
            reference_band(x_scale),
            {
                "mark": {"type": "bar", "stroke": EDGE, "strokeWidth": 0.75},
                "transform": [{"filter": "!datum.hidden"}],
                "encoding": {
                    "y": y,
                    "yOffset": y_offset,
                    "x": {
                        "field": "score",
                        "type": "quantitative",
                        "scale": x_scale,
                        "title": _("500 scale (the reference round: 500, one SD: 100)"),
                        "axis": {"values": [300, 400, 500, 600, 700]},
                    },
                    "x2": {"datum": CHART_FROM},
                    "color": {
                        "field": "node",
                        "type": "nominal",
                        "scale": {"domain": domain, "range": colours},
                        "legend": {"title": None},
                    },
                },
            },
            reference_line(x_scale),
            {
                "mark": {
                    "type": "text",
                    "align": "left",
                    "baseline": "middle",
                    "dx": 4,
                    "fontSize": 10,
                    "color": INK,
                },
                "encoding": {
                    "y": y,
                    "yOffset": y_offset,
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
    title = _("%(group)s: indices on the 500 scale") % {"group": block.label}
    description = _(
        "Bars for %(nodes)s per index, from 300 to 700; the dashed line is 500 and the "
        "shaded band ±0.2 standard deviations around it. The table under the chart holds "
        "the same figures."
    ) % {"nodes": ", ".join(domain)}
    return Chart(title, description, spec)


def index_charts(blocks: Iterable[GroupBlock], chain: Sequence[Node]) -> list[Chart]:
    return [index_chart(block, chain) for block in blocks]


# --- The nodes below --------------------------------------------------------------------


def below_chart(table: ChildTable, level: str) -> Chart:
    """The indices of the nodes right under a node, small multiples: a panel per index
    side by side, a bar per node in the panel, the nodes in the table's order (by name,
    never by result) and the same in every panel, each bar's value written on it; a
    hidden figure is the word for hidden."""
    hidden_word = _("hidden")
    names = _unique([node.name for node, _figures in table.rows])
    indices = [label for _code, label in table.scales]
    panel = max(96, min(200, 720 // max(len(indices), 1)))
    header_width = max(10, panel // 7)
    headers = ["\n".join(wrap(label, header_width, 3)) for label in indices]
    # A value is written inside the end of its bar (white on the dark green) when the bar
    # is long enough for three digits (about 24 pixels), otherwise just after it.
    inside_from = CHART_FROM + 26 * (CHART_TO - CHART_FROM) / panel
    rows = []
    for name, (_node, figures) in zip(names, table.rows, strict=True):
        for position, (header, figure) in enumerate(zip(headers, figures, strict=True)):
            if figure.n is None and not figure.hidden:
                continue  # nobody answered there
            score = _score(figure.score500) if figure.shown else None
            rows.append(
                {
                    "child": name,
                    "index": header,
                    "score": score,
                    "text": str(score) if score is not None else hidden_word,
                    "hidden": score is None,
                    "inside": score is not None and score >= inside_from,
                    "first": False,
                    "order": position,
                }
            )
    for header in headers:  # one row per panel draws its band and line at 500
        rows.append({"child": names[0] if names else "", "index": header, "first": True,
                     "hidden": True, "score": None, "text": "", "inside": False})  # fmt: skip
    x_scale = {"domain": [CHART_FROM, CHART_TO], "clamp": True, "zero": False, "nice": False}
    y = {
        "field": "child",
        "type": "nominal",
        "sort": names,
        "scale": {"domain": names, "paddingInner": 0.2, "paddingOuter": 0.1},
        "title": None,
        "axis": {"labelLimit": 150, "ticks": False, "domain": False},
    }
    x_axis = {"values": [300, 500, 700], "labelFontSize": 9, "grid": False}
    text = {"type": "text", "baseline": "middle", "fontSize": 10}
    bars = [
        {
            "transform": [{"filter": "datum.first"}],
            "mark": {"type": "rect", "color": BAND_FILL},
            "encoding": {
                "x": {"datum": 480, "type": "quantitative", "scale": x_scale},
                "x2": {"datum": 520},
            },
        },
        {
            "transform": [{"filter": "!datum.hidden"}],
            "mark": {
                "type": "bar",
                "color": SERIES_COLOURS[0],
                "stroke": EDGE,
                "strokeWidth": 0.75,
            },
            "encoding": {
                "y": y,
                "x": {
                    "field": "score",
                    "type": "quantitative",
                    "scale": x_scale,
                    "title": None,
                    "axis": x_axis,
                },
                "x2": {"datum": CHART_FROM},
            },
        },
        {
            "transform": [{"filter": "datum.first"}],
            "mark": {"type": "rule", "color": INK, "strokeDash": [4, 3]},
            "encoding": {"x": {"datum": 500, "type": "quantitative", "scale": x_scale}},
        },
        {
            "transform": [{"filter": "!datum.first && !datum.inside"}],
            "mark": {**text, "align": "left", "dx": 3, "color": INK},
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
        {
            "transform": [{"filter": "datum.inside"}],
            "mark": {**text, "align": "right", "dx": -3, "color": WHITE},
            "encoding": {
                "y": y,
                "x": {"field": "score", "type": "quantitative", "scale": x_scale},
                "text": {"field": "text"},
            },
        },
    ]
    for row in rows:
        row["bar"] = row["score"] if row["score"] is not None else CHART_FROM
    spec = {
        "$schema": SCHEMA,
        "config": {**base_config(), "facet": {"spacing": 12}},
        "data": {"values": rows},
        "facet": {
            "column": {
                "field": "index",
                "type": "nominal",
                "sort": headers,
                "title": None,
                "header": {
                    "labelExpr": "split(datum.label, '\\n')",
                    "labelFontSize": 11,
                    "labelColor": INK,
                    "labelAlign": "left",
                    "labelAnchor": "start",
                    "labelBaseline": "bottom",
                    "labelOrient": "top",
                },
            }
        },
        "spec": {"width": panel, "height": max(len(names), 1) * 16 + 6, "layer": bars},
        "resolve": {"scale": {"y": "shared"}},
    }
    title = _("%(level)s: %(group)s, the indices side by side") % {
        "level": level,
        "group": table.label,
    }
    description = _(
        "A panel per index, %(indices)s; in each a bar per %(level)s on the 500 scale from "
        "300 to 700, in alphabetical order (not a ranking), with its value written at the "
        "end; the dashed line is 500 and the shaded band ±0.2 standard deviations around "
        "it. The table beside the chart holds the same figures."
    ) % {"indices": ", ".join(indices), "level": level.lower()}
    return Chart(title, description, spec)


# A chart of the level below has a bar per node in each index's panel: past this many
# nodes (an owner of 200 schools) it is too tall to read and too large to send (1.5 MB of
# SVG for a page); the table beside it holds the same figures.
BELOW_CHART_MOST = 40


def charts_below(table: ChildTable) -> bool:
    """Whether the level below is drawn as a chart beside its table."""
    return len(table.rows) <= BELOW_CHART_MOST


def below_charts(tables: Iterable[ChildTable], level: str) -> list[Chart]:
    return [below_chart(table, level) for table in tables]
