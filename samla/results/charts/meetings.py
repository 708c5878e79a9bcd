"""The learning groups' meetings against the rule, as a chart."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import get_format
from django.utils.translation import gettext as _

from .drawing import (
    ANSWER_RAMP,
    EDGE,
    INK,
    SCHEMA,
    SERIES_COLOURS,
    Chart,
    _unique,
    base_config,
)

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
