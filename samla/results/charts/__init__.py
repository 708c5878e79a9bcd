"""Charts of results: Vega-Lite specifications, drawn on the server by vl-convert.

A :class:`Chart` is a title, a description for those who cannot see it, and a Vega-Lite
spec built here from the figures a page already holds. The same spec is drawn as SVG for
the page and the PDF report and as PNG for the slide deck, so the three show one picture.
Drawing costs tens of milliseconds, so a drawing is cached under a hash of its spec: the
spec holds every figure it draws, so a changed figure is a new key and nothing needs to be
forgotten. ``svgs`` fetches a page's charts in one cache round trip.

Colours: the node first in a dark green, then the comparisons in orange, sky blue, grey and yellow
— told apart by readers with the common colour-vision deficiencies and in lightness, so
they also print in grey; every bar has a dark edge and its value written beside it, and a
hidden figure is drawn as the word for hidden, never as a silent gap.
"""

from .answers import distribution_chart, trend_chart
from .drawing import (
    ANSWER_RAMP,
    SCHEMA,
    SERIES_COLOURS,
    Chart,
    _convert,
    _Recent,
    answer_colours,
    base_config,
    contrast,
    grey_level,
    png,
    svg,
    svgs,
    text_colour_on,
)
from .indices import (
    BELOW_CHART_MOST,
    below_chart,
    below_charts,
    charts_below,
    index_chart,
    index_charts,
)
from .meetings import MeetingLine, meetings_chart
from .slide import index_slide_chart

__all__ = [
    "ANSWER_RAMP",
    "BELOW_CHART_MOST",
    "SCHEMA",
    "SERIES_COLOURS",
    "Chart",
    "MeetingLine",
    "_Recent",
    "_convert",
    "answer_colours",
    "base_config",
    "below_chart",
    "below_charts",
    "charts_below",
    "contrast",
    "distribution_chart",
    "grey_level",
    "index_chart",
    "index_charts",
    "index_slide_chart",
    "meetings_chart",
    "png",
    "svg",
    "svgs",
    "text_colour_on",
    "trend_chart",
]
