"""Drawing a chart: the Vega-Lite spec to SVG or PNG by vl-convert, made one accessible
image, cached; and the colours and label helpers every chart shares."""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
FONT = "DejaVu Sans, Noto Sans, Arial, sans-serif"
INK, MUTED, EDGE = "#1b1f24", "#4d5560", "#1b1f24"
# The node, then up to four comparisons (a class: unit, owner, region, programme), dark to
# light.
SERIES_COLOURS = ["#073f39", "#d55e00", "#56b4e9", "#bdbdbd", "#f5ec6e"]
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


# Control characters (C0 but tab and line breaks, DEL and C1): a name typed with one (an
# escape from a pasted text, say) makes vl-convert abort the whole process, not just the
# drawing; and XML, which the SVG is, forbids them anyway. Line breaks stay: the charts
# break long labels with them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]+")


def _plain(text: str) -> str:
    return _CONTROL.sub(" ", text).strip() if _CONTROL.search(text) else text


def safe_spec(value: Any) -> Any:
    """The spec with every text in it free of control characters (each run of them one
    space; tabs and line breaks kept), so that no name can take the drawing process
    down."""
    if isinstance(value, str):
        return _plain(value)
    if isinstance(value, dict):
        return {_plain(k) if isinstance(k, str) else k: safe_spec(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [safe_spec(v) for v in value]
    return value


def _draw_svg(chart: Chart) -> str:
    spec = safe_spec(chart.spec)
    with _lock:
        drawn = _convert().vegalite_to_svg(spec)
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
        f'<title id="{title_id}">{escape(_plain(chart.title))}</title>'
        f'<desc id="{desc_id}">{escape(_plain(chart.description))}</desc>'
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
        drawn = _convert().vegalite_to_png(safe_spec(chart.spec), scale=scale)
    cache.set(key, drawn, CACHE_SECONDS)
    return drawn


BAND_FILL = "#eef1f4"


def reference_band(scale: dict[str, Any], channel: str = "x") -> dict[str, Any]:
    """The layer shading ±0.2 standard deviations (480–520) around 500 on the 500 scale."""
    return {
        "mark": {"type": "rect", "color": BAND_FILL},
        "data": {"values": [{"from": 480, "to": 520}]},
        "encoding": {
            channel: {"field": "from", "type": "quantitative", "scale": scale},
            f"{channel}2": {"field": "to"},
        },
    }


def reference_line(scale: dict[str, Any], channel: str = "x") -> dict[str, Any]:
    """The layer drawing 500, the reference round's mean, as a dashed line."""
    return {
        "mark": {"type": "rule", "color": INK, "strokeDash": [4, 3]},
        "data": {"values": [{"at": 500}]},
        "encoding": {channel: {"field": "at", "type": "quantitative", "scale": scale}},
    }


def _score(value: float | None) -> int | None:
    return None if value is None else round(value)


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
