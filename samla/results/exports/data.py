"""A round's results as JSON: a hidden cell has ``"suppressed": true`` and no figure keys
at all."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings

from samla.surveys.models import Round

from ..packing import Cell, clean
from .common import FIGURES, _measures, _ordered, cells_for, round_info
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
    tree = tree_for(round)
    measures = _measures(round)
    cells = _ordered(cells_for(round, nodes), measures, tree)
    data = {"round": round_info(round), "cells": [cell_dict(cell, tree) for cell in cells]}
    top = _top_node(tree, nodes)
    trends = None if top is None else _trends(round, tree, measures, top, settings.LANGUAGE_CODE)
    if trends is not None:
        data["trend"] = [
            {
                "node": trends.key,
                "respondent_group": line.respondent_group,
                "scale": line.scale,
                "points": [trend_point_dict(point) for point in line.points],
            }
            for line in trends.lines
        ]
    return data


def results_json_bytes(round: Round, nodes=None) -> bytes:
    return json.dumps(results_json(round, nodes), ensure_ascii=False, indent=1).encode()
