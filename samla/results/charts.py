"""Charts of results: Vega-Lite specifications, drawn on the server by vl-convert.

A :class:`Chart` is a title, a description for those who cannot see it, and a Vega-Lite
spec built here from the figures a page already holds. The same spec is drawn as SVG for
the page and the PDF report and as PNG for the slide deck, so the three show one picture.
Drawing costs tens of milliseconds, so a drawing is cached under a hash of its spec: the
spec holds every figure it draws, so a changed figure is a new key and nothing needs to be
forgotten. ``svgs`` fetches a page's charts in one cache round trip.

Colours: the node first in a dark green, then the comparisons in orange, sky blue and grey
— told apart by readers with the common colour-vision deficiencies and in lightness, so
they also print in grey; every bar has a dark edge and its value written beside it, and a
hidden figure is drawn as the word for hidden, never as a silent gap.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.utils.formats import get_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .figures import CHART_FROM, CHART_TO, ChildTable, GroupBlock, ItemRow, TrendPoint
from .queries import Node

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
FONT = "DejaVu Sans, Noto Sans, Arial, sans-serif"
INK, MUTED, EDGE = "#1b1f24", "#4d5560", "#1b1f24"
# The node, then up to three comparisons (owner, region, programme): dark to light.
SERIES_COLOURS = ["#073f39", "#d55e00", "#56b4e9", "#bdbdbd"]
# Answer options, first to last: one hue from light to dark (ColorBrewer's Blues, which
# readers with any of the common colour-vision deficiencies see as a lightness ramp),
# resampled to even steps of grey (240, 206, …, 43 of 255), so neighbouring answers differ
# in lightness on screen and in grey print alike.
ANSWER_RAMP = ["#e9f2fa", "#b7d4ea", "#80b9da", "#4f9bcb", "#2979b9", "#0c56a0", "#08306b"]
WHITE = "#ffffff"
CACHE_SECONDS = 60 * 60 * 24 * 30
_CACHE_PREFIX = "chart:v2:"
_lock = threading.Lock()  # vl-convert's converter is shared by the process's threads


@dataclass(frozen=True)
class Chart:
    """A chart to draw: ``title`` is shown above it and names it for screen readers,
    ``description`` says in words what it shows (the data table beside it holds the
    figures)."""

    title: str
    description: str
    spec: dict[str, Any] = field(hash=False, compare=False)

    @property
    def key(self) -> str:
        text = json.dumps(
            [self.title, self.description, self.spec], sort_keys=True, ensure_ascii=False
        )
        return hashlib.sha256(text.encode()).hexdigest()[:32]


def base_config() -> dict[str, Any]:
    """The look shared by every chart: fonts, ink, no chart-level ARIA of Vega's own (the
    whole drawing is one image with its own title and description)."""
    return {
        "font": FONT,
        "aria": False,
        "background": "white",
        "view": {"stroke": None},
        "axis": {
            "labelColor": INK,
            "titleColor": INK,
            "labelFontSize": 11,
            "titleFontSize": 11,
            "titleFontWeight": "normal",
            "domainColor": MUTED,
            "tickColor": MUTED,
            "gridColor": "#d9dee3",
        },
        "legend": {
            "labelColor": INK,
            "titleColor": INK,
            "labelFontSize": 11,
            "titleFontSize": 11,
            "orient": "bottom",
            "direction": "horizontal",
            "labelLimit": 260,
            "symbolStrokeColor": EDGE,
            "symbolStrokeWidth": 0.75,
        },
        "title": {"color": INK, "fontSize": 13, "anchor": "start"},
    }


def _convert():
    """vl-convert, imported on first use: it starts a JavaScript runtime (a third of a
    second), which a process that draws nothing should not pay for."""
    import vl_convert  # noqa: PLC0415

    return vl_convert


def _draw_svg(chart: Chart) -> str:
    with _lock:
        drawn = _convert().vegalite_to_svg(chart.spec)
    return _accessible(drawn, chart)


_ID = re.compile(r'\bid="([^"]+)"')
_VEGA_ARIA = re.compile(r'\s(?:role|aria-roledescription|aria-label|aria-hidden)="[^"]*"')


def _accessible(svg: str, chart: Chart) -> str:
    """The drawing as one image named by its title and described by its description; its
    ids made unique to the chart, so that several charts can stand inline in one page."""
    prefix = f"c{chart.key[:10]}-"
    ids = set(_ID.findall(svg))
    for each in sorted(ids, key=len, reverse=True):
        svg = svg.replace(f'id="{each}"', f'id="{prefix}{each}"')
        svg = svg.replace(f"url(#{each})", f"url(#{prefix}{each})")
        svg = svg.replace(f'href="#{each}"', f'href="#{prefix}{each}"')
    # Vega's own ARIA roles on marks and guides: the image is one picture to a screen
    # reader (its children are presentational), and axe asks every "graphics-symbol" for
    # a title of its own.
    svg = _VEGA_ARIA.sub("", svg)
    title_id, desc_id = f"{prefix}title", f"{prefix}desc"
    head = (
        ' class="chart" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" focusable="false">'
        f'<title id="{title_id}">{escape(chart.title)}</title>'
        f'<desc id="{desc_id}">{escape(chart.description)}</desc>'
    )
    return re.sub(
        r"<svg\b([^>]*)>",
        lambda m: "<svg" + m.group(1).replace(' class="marks"', "") + head,
        svg,
        count=1,
    )


class _Recent:
    """The drawings this process served last, up to ``limit`` characters in all: a large
    school's page holds half a megabyte of SVG, which the shared cache would send, decode
    and unpickle on every request. A key is a hash of the chart, so an entry is never
    stale."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.size = 0
        self.entries: OrderedDict[str, str] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> str | None:
        with self.lock:
            found = self.entries.get(key)
            if found is not None:
                self.entries.move_to_end(key)
            return found

    def put(self, key: str, svg: str) -> None:
        if len(svg) > self.limit:
            return
        with self.lock:
            if key in self.entries:
                return
            self.entries[key] = svg
            self.size += len(svg)
            while self.size > self.limit:
                _key, dropped = self.entries.popitem(last=False)
                self.size -= len(dropped)


_recent = _Recent(32 * 1024 * 1024)


def svgs(charts: Sequence[Chart]) -> list[SafeString]:
    """The charts drawn as inline SVG: from this process's recent drawings, else from the
    shared cache (one round trip for all of them); those drawn now are stored for the next
    reader."""
    keys = [_CACHE_PREFIX + c.key for c in charts]
    found = {key: svg for key in keys if (svg := _recent.get(key)) is not None}
    missing = [key for key in keys if key not in found]
    if missing:
        found.update(cache.get_many(missing))
    drawn = {}
    out = []
    for chart, key in zip(charts, keys, strict=True):
        svg = found.get(key)
        if svg is None:
            svg = drawn[key] = _draw_svg(chart)
        _recent.put(key, svg)
        # Drawn by vl-convert from our own spec; every text in it is escaped by the drawing.
        out.append(mark_safe(svg))
    if drawn:
        cache.set_many(drawn, CACHE_SECONDS)
    return out


def svg(chart: Chart) -> SafeString:
    return svgs([chart])[0]


def png(chart: Chart, scale: float = 2.0) -> bytes:
    """The chart as a PNG image (for slides), ``scale`` times its size in pixels."""
    key = f"{_CACHE_PREFIX}png:{scale}:{chart.key}"
    found = cache.get(key)
    if found is not None:
        return found
    with _lock:
        drawn = _convert().vegalite_to_png(chart.spec, scale=scale)
    cache.set(key, drawn, CACHE_SECONDS)
    return drawn


def _score(value: float | None) -> int | None:
    return None if value is None else round(value)


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
            {
                "mark": {"type": "rect", "color": "#eef1f4"},
                "data": {"values": [{"from": 480, "to": 520}]},
                "encoding": {
                    "x": {"field": "from", "type": "quantitative", "scale": x_scale},
                    "x2": {"field": "to"},
                },
            },
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
            {
                "mark": {"type": "rule", "color": INK, "strokeDash": [4, 3]},
                "data": {"values": [{"at": 500}]},
                "encoding": {"x": {"field": "at", "type": "quantitative", "scale": x_scale}},
            },
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


# --- Colours and labels ------------------------------------------------------------------


def grey_level(colour: str) -> float:
    """The colour as a grey printer or a greyscale conversion sees it (ITU-R 601 luma,
    0–255: what Pillow's "L" mode gives)."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return r * 299 / 1000 + g * 587 / 1000 + b * 114 / 1000


def _luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(int(colour[i : i + 2], 16)) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG's contrast ratio of two colours."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_colour_on(fill: str) -> str:
    """Ink or white, whichever reads better on the fill."""
    return INK if contrast(INK, fill) >= contrast(WHITE, fill) else WHITE


def answer_colours(count: int) -> list[str]:
    """``count`` colours of the answer ramp, spread as far apart in lightness as it
    allows (first answer lightest)."""
    if count <= 0:
        return []
    if count == 1:
        return [ANSWER_RAMP[-1]]
    if count > len(ANSWER_RAMP):  # more answers than steps: repeat the darkest
        return ANSWER_RAMP + [ANSWER_RAMP[-1]] * (count - len(ANSWER_RAMP))
    last = len(ANSWER_RAMP) - 1
    return [ANSWER_RAMP[round(i * last / (count - 1))] for i in range(count)]


def wrap(text: str, width: int, lines: int = 2) -> list[str]:
    """The text broken at spaces into at most ``lines`` lines of about ``width``
    characters; what does not fit ends in an ellipsis (the table beside the chart holds
    the whole text)."""
    words, out, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            out.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        out.append(line)
    out = [each if len(each) <= width else each[: width - 1] + "…" for each in out]
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: width - 1].rstrip() + "…"
    return out or [""]


def _unique(names: Sequence[str]) -> list[str]:
    """Names made unique for a chart's axis (two schools of one name in two
    municipalities): a repeated name gets its number in brackets."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out


def _percent(value: float) -> str:
    return f"{round(value)} %"


# --- Answer distributions ----------------------------------------------------------------


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
        start = 0.0
        for option, percent in shown:
            end = start + 100 * percent / total
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
                        "scale": {"domain": options, "range": colours},
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
            {
                "mark": {"type": "rect", "color": "#eef1f4"},
                "data": {"values": [{"from": 480, "to": 520}]},
                "encoding": {
                    "y": {"field": "from", "type": "quantitative", "scale": y_scale},
                    "y2": {"field": "to"},
                },
            },
            {
                "mark": {"type": "rule", "color": INK, "strokeDash": [4, 3]},
                "data": {"values": [{"at": 500}]},
                "encoding": {"y": {"field": "at", "type": "quantitative", "scale": y_scale}},
            },
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
                        "legend": {"title": None, "direction": "vertical", "symbolSize": 90},
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
            "mark": {"type": "rect", "color": "#eef1f4"},
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


def below_charts(tables: Iterable[ChildTable], level: str) -> list[Chart]:
    return [below_chart(table, level) for table in tables]


# --- Learning groups --------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingLine:
    """One line of a learning dashboard as the meetings chart draws it: a group's meetings
    held in the semester (those long enough for the rule, and shorter ones), or for a
    unit, owner or region the same per group on average over its ``groups``."""

    name: str
    qualifying: int
    held: int
    groups: int = 1


def meetings_chart(
    lines: Sequence[MeetingLine], meetings: int, minutes: int, semester: str, per_group: bool
) -> Chart:
    """Meetings held in a semester against the rule (``meetings`` of at least ``minutes``
    minutes): a bar per line, dark for the meetings that count, light for shorter ones,
    the count written after it, and the rule as a dashed line; a line without groups
    says so."""
    names = _unique([line.name for line in lines])
    long_word, short_word = (
        _("At least %(m)s minutes") % {"m": minutes},
        _("Shorter"),
    )
    no_groups = _("no groups")
    rows, labels, most = [], [], float(meetings)
    for name, line in zip(names, lines, strict=True):
        if not line.groups:
            labels.append({"line": name, "at": 0, "text": no_groups, "italic": True})
            continue
        counted = line.qualifying / line.groups
        shorter = max(line.held - line.qualifying, 0) / line.groups
        most = max(most, counted + shorter)
        rows.append({"line": name, "kind": long_word, "from": 0, "to": counted})
        if shorter:
            rows.append(
                {"line": name, "kind": short_word, "from": counted, "to": counted + shorter}
            )
        text = _number(counted)
        if shorter:
            text = _("%(n)s (+%(s)s shorter)") % {"n": text, "s": _number(shorter)}
        labels.append({"line": name, "at": counted + shorter, "text": text, "italic": False})
    top = int(most) + 1
    x_scale = {"domain": [0, top], "nice": False}
    y = {
        "field": "line",
        "type": "nominal",
        "sort": names,
        "scale": {"domain": names, "paddingInner": 0.25, "paddingOuter": 0.1},
        "title": None,
        "axis": {"labelLimit": 200, "ticks": False, "domain": False},
    }
    x_title = _("Meetings held per group (average)") if not per_group else _("Meetings held")
    spec = {
        "$schema": SCHEMA,
        "config": base_config(),
        "width": 380,
        "height": max(len(lines), 1) * 24 + 8,
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
                        "title": x_title,
                        "axis": {"values": list(range(top + 1)), "format": "d"},
                    },
                    "x2": {"field": "to"},
                    "color": {
                        "field": "kind",
                        "type": "nominal",
                        "scale": {
                            "domain": [long_word, short_word],
                            "range": [SERIES_COLOURS[0], ANSWER_RAMP[1]],
                        },
                        "legend": {"title": None, "symbolType": "square"},
                    },
                },
            },
            {
                "data": {"values": [{"at": meetings}]},
                "mark": {
                    "type": "rule",
                    "color": "#d55e00",
                    "strokeDash": [5, 3],
                    "strokeWidth": 2,
                },
                "encoding": {"x": {"field": "at", "type": "quantitative", "scale": x_scale}},
            },
            {
                "data": {
                    "values": [{"at": meetings, "text": _("The rule: %(n)s") % {"n": meetings}}]
                },
                "mark": {
                    "type": "text",
                    "align": "left",
                    "dx": 3,
                    "baseline": "bottom",
                    "y": -3,
                    "fontSize": 10,
                    "color": INK,
                },
                "encoding": {
                    "x": {"field": "at", "type": "quantitative", "scale": x_scale},
                    "text": {"field": "text"},
                },
            },
            {
                "data": {"values": labels},
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
                    "x": {"field": "at", "type": "quantitative", "scale": x_scale},
                    "text": {"field": "text"},
                    "fontStyle": {
                        "condition": {"test": "datum.italic", "value": "italic"},
                        "value": "normal",
                    },
                },
            },
        ],
    }
    title = _("Meetings held, %(semester)s, against the rule") % {"semester": semester}
    description = _(
        "A bar per line: dark for meetings of at least %(m)s minutes, light for shorter "
        "ones%(average)s; the dashed line is the rule of %(n)s meetings of at least %(m)s "
        "minutes a semester. The table under the chart holds the same figures."
    ) % {
        "m": minutes,
        "n": meetings,
        "average": "" if per_group else _(" (per learning group, on average)"),
    }
    return Chart(title, description, spec)


def _number(value: float) -> str:
    """A count as the page writes it: whole, or with one decimal in the language's
    separator."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.1f}".replace(".", get_format("DECIMAL_SEPARATOR"))
