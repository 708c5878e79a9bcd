"""Charts of one index: its items' answer distributions and its trend over rounds."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

from ..figures import CHART_FROM, CHART_TO, ItemRow
from ..trends import TrendPoint
from .drawing import (
    EDGE,
    INK,
    SCHEMA,
    SERIES_COLOURS,
    WHITE,
    Chart,
    _score,
    _unique,
    answer_colours,
    base_config,
    reference_band,
    reference_line,
    text_colour_on,
    wrap,
)

# --- Answer distributions ----------------------------------------------------------------


HIDDEN_FILL = "#ffffff"  # a withheld share: an empty segment with its edge, marked hidden


def distribution_chart(scale_label: str, node_name: str, items: Sequence[ItemRow]) -> Chart:
    """The answers to each item of an index at the node as a 100 % stacked bar, answers
    in their order from left to right, light to dark, the percent written in every
    segment wide enough for it; a hidden item is the word for hidden."""
    hidden_word = _("hidden")
    options: list[str] = []
    for item in items:
        for label, _percent_value in item.options:
            if label not in options:
                options.append(label)
    colours = answer_colours(len(options))
    inks = {label: text_colour_on(colour) for label, colour in zip(options, colours, strict=True)}
    labels = _unique([item.label for item in items])
    rows, hidden_rows = [], []
    any_withheld = False
    most_lines = 1
    for label, item in zip(labels, items, strict=True):
        lines = wrap(label, 44, 3)
        most_lines = max(most_lines, len(lines))
        key = "\n".join(lines)
        shown = [(o, p) for o, p in item.options if p is not None] if item.figure.shown else []
        total = sum(p for _o, p in shown)
        if not total:
            hidden_rows.append({"item": key, "text": hidden_word})
            continue
        # Some answers withheld (too few gave them): the shown ones keep their true width
        # and the rest of the bar is one segment marked hidden (its share is 100 less the
        # shown ones, which the table gives anyway); otherwise rounding is spread out.
        withheld = len(shown) < len(item.options)
        scale = 1.0 if withheld else 100 / total
        start = 0.0
        for option, percent in shown:
            end = start + percent * scale
            rows.append(
                {
                    "item": key,
                    "option": option,
                    "from": start,
                    "to": end,
                    "mid": (start + end) / 2,
                    "text": str(percent) + " %" if end - start >= 7 else "",
                    "ink": inks[option],
                }
            )
            start = end
        if withheld and start < 100:
            any_withheld = True
            rows.append(
                {
                    "item": key,
                    "option": hidden_word,
                    "from": start,
                    "to": 100.0,
                    "mid": (start + 100) / 2,
                    "text": hidden_word if 100 - start >= 9 else "",
                    "ink": INK,
                }
            )
    item_keys = ["\n".join(wrap(label, 44, 3)) for label in labels]
    y = {
        "field": "item",
        "type": "nominal",
        "sort": item_keys,
        "title": None,
        "scale": {"domain": item_keys, "paddingInner": 0.3, "paddingOuter": 0.15},
        "axis": {
            "labelLimit": 260,
            "ticks": False,
            "domain": False,
            "labelExpr": "split(datum.label, '\\n')",
        },
    }
    x_scale = {"domain": [0, 100], "nice": False}
    spec = {
        "$schema": SCHEMA,
        "config": base_config(),
        "width": 400,
        "height": max(len(items), 1) * (14 * most_lines + 16),
        "layer": [
            {
                "data": {"values": rows},
                "mark": {"type": "bar", "stroke": EDGE, "strokeWidth": 0.75},
                "encoding": {
                    "y": y,
                    "x": {
                        "field": "from",
                        "type": "quantitative",
                        "scale": x_scale,
                        "title": _("Share of those who answered (%)"),
                        "axis": {"values": [0, 25, 50, 75, 100]},
                    },
                    "x2": {"field": "to"},
                    "color": {
                        "field": "option",
                        "type": "nominal",
                        "scale": {
                            "domain": [*options, hidden_word] if any_withheld else options,
                            "range": [*colours, HIDDEN_FILL] if any_withheld else colours,
                        },
                        "legend": {
                            "title": None,
                            "columns": len(options) if sum(map(len, options)) <= 64 else 3,
                            "symbolType": "square",
                        },
                    },
                },
            },
            {
                "data": {"values": rows},
                "mark": {"type": "text", "baseline": "middle", "fontSize": 10},
                "encoding": {
                    "y": y,
                    "x": {"field": "mid", "type": "quantitative", "scale": x_scale},
                    "text": {"field": "text"},
                    "color": {"field": "ink", "type": "nominal", "scale": None},
                },
            },
            {
                "data": {"values": hidden_rows},
                "mark": {
                    "type": "text",
                    "align": "left",
                    "baseline": "middle",
                    "dx": 4,
                    "fontSize": 11,
                    "fontStyle": "italic",
                    "color": INK,
                },
                "encoding": {
                    "y": y,
                    "x": {"datum": 0, "type": "quantitative", "scale": x_scale},
                    "text": {"field": "text"},
                },
            },
        ],
    }
    title = _("%(index)s at %(node)s: the answers") % {"index": scale_label, "node": node_name}
    description = _(
        "One bar per question, 100 %% wide, split by answer from %(first)s (lightest) to "
        "%(last)s (darkest), with the percent written in each part wide enough for it. "
        "The tables under the chart hold the same figures."
    ) % {"first": options[0] if options else "", "last": options[-1] if options else ""}
    return Chart(title, description, spec)


# --- Trend ------------------------------------------------------------------------------


def trend_chart(scale_label: str, node_name: str, points: Sequence[TrendPoint]) -> Chart:
    """The index at the node round by round on the 500 scale: a point per round with its
    value written above it and a line between neighbouring shown points; a round whose
    items changed since the round before is a diamond (compare with care); a hidden
    round is the word for hidden and breaks the line."""
    hidden_word = _("hidden")
    same, changed = _("Same items as the round before"), _("Items changed: compare with care")
    names = _unique([point.round.name for point in points])
    rows, segment = [], 0
    for name, point in zip(names, points, strict=True):
        score = _score(point.figure.score500) if point.figure.shown else None
        if score is None:
            segment += 1  # the line stops here and starts again after
        rows.append(
            {
                "round": name,
                "score": score,
                "at": score if score is not None else CHART_FROM + 25,
                "text": str(score) if score is not None else hidden_word,
                "hidden": score is None,
                "segment": segment,
                "kind": changed if point.changed else same,
            }
        )
    x = {
        "field": "round",
        "type": "ordinal",
        "sort": names,
        "scale": {"domain": names, "paddingOuter": 0.4},
        "title": None,
        "axis": {"labelAngle": 0, "labelLimit": 120},
    }
    y_scale = {"domain": [CHART_FROM, CHART_TO], "clamp": True, "zero": False}
    spec = {
        "$schema": SCHEMA,
        "config": base_config(),
        "width": max(240, 110 * len(points)),
        "height": 220,
        "layer": [
            reference_band(y_scale, "y"),
            reference_line(y_scale, "y"),
            {
                "data": {"values": rows},
                "transform": [{"filter": "!datum.hidden"}],
                "mark": {"type": "line", "color": SERIES_COLOURS[0], "strokeWidth": 2},
                "encoding": {
                    "x": x,
                    "y": {"field": "score", "type": "quantitative", "scale": y_scale},
                    "detail": {"field": "segment", "type": "nominal"},
                },
            },
            {
                "data": {"values": rows},
                "transform": [{"filter": "!datum.hidden"}],
                "mark": {
                    "type": "point",
                    "filled": True,
                    "size": 90,
                    "color": SERIES_COLOURS[0],
                    "stroke": WHITE,
                    "strokeWidth": 1,
                    "opacity": 1,
                },
                "encoding": {
                    "x": x,
                    "y": {
                        "field": "score",
                        "type": "quantitative",
                        "scale": y_scale,
                        "title": _("500 scale"),
                        "axis": {"values": [300, 400, 500, 600, 700]},
                    },
                    "shape": {
                        "field": "kind",
                        "type": "nominal",
                        "scale": {"domain": [same, changed], "range": ["circle", "diamond"]},
                        "legend": {
                            "title": None,
                            "direction": "vertical",
                            "symbolSize": 90,
                            "labelLimit": 420,
                        },
                    },
                },
            },
            {
                "data": {"values": rows},
                "mark": {"type": "text", "dy": -12, "fontSize": 11, "color": INK},
                "encoding": {
                    "x": x,
                    "y": {"field": "at", "type": "quantitative", "scale": y_scale},
                    "text": {"field": "text"},
                    "fontStyle": {
                        "condition": {"test": "datum.hidden", "value": "italic"},
                        "value": "normal",
                    },
                },
            },
        ],
    }
    title = _("%(index)s at %(node)s over the rounds") % {"index": scale_label, "node": node_name}
    description = _(
        "A point per round on the 500 scale (300 to 700), %(rounds)s, joined by a line; "
        "the dashed line is 500 and the shaded band ±0.2 standard deviations around it. "
        "A diamond marks a round whose items changed: compare with care. The table beside "
        "the chart holds the same figures."
    ) % {"rounds": ", ".join(names)}
    return Chart(title, description, spec)
