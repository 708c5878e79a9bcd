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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .figures import CHART_FROM, CHART_TO, GroupBlock
from .queries import Node

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
FONT = "DejaVu Sans, Noto Sans, Arial, sans-serif"
INK, MUTED, EDGE = "#1b1f24", "#4d5560", "#1b1f24"
# The node, then up to three comparisons (owner, region, programme): dark to light.
SERIES_COLOURS = ["#073f39", "#d55e00", "#56b4e9", "#bdbdbd"]
CACHE_SECONDS = 60 * 60 * 24 * 30
_CACHE_PREFIX = "chart:v1:"
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


def _accessible(svg: str, chart: Chart) -> str:
    """The drawing as one image named by its title and described by its description; its
    ids made unique to the chart, so that several charts can stand inline in one page."""
    prefix = f"c{chart.key[:10]}-"
    ids = set(_ID.findall(svg))
    for each in sorted(ids, key=len, reverse=True):
        svg = svg.replace(f'id="{each}"', f'id="{prefix}{each}"')
        svg = svg.replace(f"url(#{each})", f"url(#{prefix}{each})")
        svg = svg.replace(f'href="#{each}"', f'href="#{prefix}{each}"')
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


def svgs(charts: Sequence[Chart]) -> list[SafeString]:
    """The charts drawn as inline SVG, from the cache where drawn before (one round trip
    for all of them); those drawn now are stored for the next reader."""
    keys = [_CACHE_PREFIX + c.key for c in charts]
    found = cache.get_many(keys) if keys else {}
    drawn = {}
    out = []
    for chart, key in zip(charts, keys, strict=True):
        svg = found.get(key)
        if svg is None:
            svg = drawn[key] = _draw_svg(chart)
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
