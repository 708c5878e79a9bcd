"""The trend in the exports.

When the programme has more than one round with results at the selection's top node, every
export adds that node's indices in this and the earlier rounds (:func:`trends.trend`,
stored cells too), marking a round where an item of the index changed since the round
before: compare with care.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from samla.core.text import label_in
from samla.surveys.models import Round

from ..packing import clean
from ..queries import Node, released
from ..trends import TrendPoint, trend
from .common import Measures, _group_rank
from .tree import Tree, _node_set, _report_nodes


def changed_note() -> str:
    return _("Items of the index changed since the round before: compare with care.")


@dataclass
class TrendLine:
    """One index of one respondent group at the top node, a point per round with a cell."""

    respondent_group: str
    scale: str
    label: str
    points: list[TrendPoint]

    def point(self, round_id: int) -> TrendPoint | None:
        return next((p for p in self.points if p.round.pk == round_id), None)


@dataclass
class Trends:
    """The top node's indices across the programme's rounds (oldest first)."""

    node: tuple[str, int]
    name: str
    rounds: list[Round]
    lines: list[TrendLine]

    @property
    def key(self) -> str:
        return f"{self.node[0]}:{self.node[1]}"

    def rounds_of(self, lines: list[TrendLine]) -> list[Round]:
        return [each for each in self.rounds if any(line.point(each.pk) for line in lines)]


def _trends(
    round: Round, tree: Tree, measures: dict[str, Measures], top: tuple[str, int], language: str
) -> Trends | None:
    """The node's indices in this and the programme's earlier rounds, or None when fewer
    than two rounds have results there. One query, then four per index of the round when
    the programme has an earlier round (:func:`trends.trend`), whatever the units."""
    earlier = Round.objects.filter(
        released(), programme_id=round.programme_id, opens_at__lt=round.opens_at
    )
    if not earlier.exists():
        return None
    at = Node(top[0], top[1], tree.name(*top))
    lines: list[TrendLine] = []
    rounds: dict[int, Round] = {}
    for group in sorted(measures, key=_group_rank):
        instrument = measures[group].instrument
        for scale in instrument.scales if instrument else ():
            points = trend(round, at, group, scale.code)
            if points:
                label = label_in(scale.label, language, instrument.default_language)
                lines.append(TrendLine(group, scale.code, label, points))
                rounds.update((point.round.pk, point.round) for point in points)
    if len(rounds) < 2:
        return None
    ordered = sorted(rounds.values(), key=lambda each: (each.opens_at, each.pk))
    return Trends(top, at.name, ordered, lines)


def _top_node(tree: Tree, nodes) -> tuple[str, int] | None:
    """The selection's first top node (for the whole programme: the programme)."""
    report, _comparisons = _report_nodes(tree, None if nodes is None else _node_set(nodes))
    return report[0] if report else None


def trend_point_dict(point: TrendPoint) -> dict[str, Any]:
    """A trend point as plain data: as in :func:`cell_dict`, no figure keys when hidden."""
    figure = point.figure
    data: dict[str, Any] = {"round": point.round.slug}
    if not figure.hidden:
        data["n"] = figure.n
        for name in ("mean", "score500"):
            value = getattr(figure, name)
            data[name] = None if value is None else clean(value)
    data.update(suppressed=figure.hidden, changed=point.changed)
    return data
