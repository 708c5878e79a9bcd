"""A round's results as JSON: a hidden cell has ``"suppressed": true`` and no figure keys
at all."""

from __future__ import annotations

import io
import json
import secrets
from collections.abc import Iterable, Mapping
from typing import Any, BinaryIO

from django.conf import settings

from samla.surveys.models import Round

from ..packing import Cell, clean
from .common import FIGURES, _measures, round_info
from .jsontext import dumps_indented
from .stream import CellSource
from .tree import Tree, tree_for
from .trend import _top_node, _trends, trend_point_dict


def cell_dict(cell: Cell, tree: Tree) -> dict[str, Any]:
    """A cell as plain data: the figure keys are absent, not null, when it is hidden."""
    data: dict[str, Any] = {
        "node": f"{cell.node_kind}:{cell.node_id}",
        "node_name": tree.name(cell.node_kind, cell.node_id),
        "respondent_group": cell.respondent_group,
        "grade_band": cell.grade_band or None,
        "scale": cell.scale or None,
        "item": cell.item or None,
        "suppressed": cell.suppressed,
    }
    if not cell.suppressed:
        data["n"] = cell.n
        for name in FIGURES[1:]:
            value = getattr(cell, name)
            data[name] = None if value is None else clean(value)
        if cell.distribution is not None:
            data["percents"] = cell.distribution.get("percents")
    return data


def results_json(
    round: Round, nodes: Mapping[str, Iterable[int]] | Iterable[tuple[str, int]] | None = None
) -> dict[str, Any]:
    """``{"round": {...}, "cells": [...]}`` — see :func:`cell_dict`; with ``"trend": [...]``
    (the top node's indices, a point per round: :func:`trend_point_dict`) when more than one
    round has results there."""
    tree = tree_for(round, nodes)
    measures = _measures(round)
    cells = CellSource(round, nodes, measures, tree).ordered()
    data = {"round": round_info(round), "cells": [cell_dict(cell, tree) for cell in cells]}
    if (trend := _trend_data(round, tree, measures, nodes)) is not None:
        data["trend"] = trend
    return data


def _trend_data(round: Round, tree: Tree, measures, nodes) -> list[dict[str, Any]] | None:
    top = _top_node(tree, nodes)
    trends = None if top is None else _trends(round, tree, measures, top, settings.LANGUAGE_CODE)
    if trends is None:
        return None
    return [
        {
            "node": trends.key,
            "respondent_group": line.respondent_group,
            "scale": line.scale,
            "points": [trend_point_dict(point) for point in line.points],
        }
        for line in trends.lines
    ]


# Cells written at a time: a few hundred kB of text, not a measure's tens of MB.
WRITE_CELLS = 500


def write_results_json(round: Round, nodes, out: BinaryIO, progress=None) -> None:
    """:func:`results_json` written to ``out`` as ``json.dumps(…, ensure_ascii=False,
    indent=1)`` writes it, a measure at a time: the cells are never all in memory.
    ``progress(percent, step)`` is called as the measures are written."""
    tree = tree_for(round, nodes)
    measures = _measures(round)
    source = CellSource(round, nodes, measures, tree)
    marker = f"cells {secrets.token_hex(16)}"
    head: dict[str, Any] = {"round": round_info(round), "cells": [marker]}
    if (trend := _trend_data(round, tree, measures, nodes)) is not None:
        head["trend"] = trend
    if not source.count():
        head["cells"] = []
        out.write(json.dumps(head, ensure_ascii=False, indent=1).encode())
        return
    before, after = json.dumps(head, ensure_ascii=False, indent=1).split(f'"{marker}"')
    out.write(before.encode())
    measures = list(source.measures())
    first = True
    for number, (sheet, entry) in enumerate(measures):
        parts = []
        for cell in sheet.cells(entry):
            parts.append(("" if first else ",\n  ") + dumps_indented(cell_dict(cell, tree), 2))
            first = False
            if len(parts) == WRITE_CELLS:
                out.write("".join(parts).encode())
                parts.clear()
        out.write("".join(parts).encode())
        if progress is not None:
            progress(100 * (number + 1) // len(measures), sheet.group)
    out.write(after.encode())


def results_json_bytes(round: Round, nodes=None) -> bytes:
    buffer = io.BytesIO()
    write_results_json(round, nodes, buffer)
    return buffer.getvalue()
