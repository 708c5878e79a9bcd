"""What every results export shares: reading the cells, their order, labels in a
language, the round's facts and the notes on hidden figures and ranking."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from samla.surveys.groups import RESPONDENT_GROUPS
from samla.surveys.instrument import Instrument
from samla.surveys.models import Round

from ..models import BuildState
from ..packing import Cell
from ..queries import read_cells
from .tree import LEVELS, Tree, _node_set

FIGURES: tuple[str, ...] = ("n", "mean", "sd", "score500", "low_share")
HIDDEN_MARK = "–"


def hidden_note(threshold: int) -> str:
    return _(
        "– hidden: fewer than %(threshold)s respondents, or the figure would reveal a "
        "hidden figure."
    ) % {"threshold": threshold}


def not_for_ranking() -> str:
    return _(
        "The figures show how respondents experience their school or kindergarten, as a "
        "starting point for improvement work. They are not for ranking units, owners or "
        "regions against each other."
    )


def cells_for(
    round: Round,
    nodes: Mapping[str, Iterable[int]] | Iterable[tuple[str, int]] | None = None,
    **filters: Any,
) -> list[Cell]:
    """The round's cells in every grade band, all of them or those of ``nodes`` (exactly
    those nodes: expand a node to its subtree with :func:`parse_node` first); ``filters``
    as :func:`queries.read_cells` takes them."""
    pairs = None
    if nodes is not None:
        pairs = [(level, pk) for level, ids in _node_set(nodes).items() for pk in ids]
    return read_cells(round, pairs, **{"grade_band": None, **filters})


@dataclass
class Measures:
    """One respondent group's indices and single-choice items, in questionnaire order."""

    instrument: Instrument | None
    scales: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)

    def rank(self, scale: str, item: str = "") -> tuple[int, int, str]:
        if scale:
            known = self.scales
            return (0, known.index(scale) if scale in known else len(known), scale)
        known = self.items
        return (1, known.index(item) if item in known else len(known), item)


def _measures(round: Round) -> dict[str, Measures]:
    found: dict[str, Measures] = {}
    for link in round.instruments.select_related("version"):
        instrument = link.version.instrument()
        found[link.respondent_group] = Measures(
            instrument,
            [scale.code for scale in instrument.scales],
            [item.code for item in instrument.items if item.kind == "single"],
        )
    return found


def _ordered(cells: Iterable[Cell], measures: dict[str, Measures], tree: Tree) -> list[Cell]:
    def key(cell: Cell) -> tuple:
        group = cell.respondent_group
        return (
            _group_rank(group),
            measures.get(group, Measures(None)).rank(cell.scale, cell.item),
            LEVELS.index(cell.node_kind),
            tree.name(cell.node_kind, cell.node_id),
            cell.node_id,
            cell.grade_band,
        )

    return sorted(cells, key=key)


def _built_at(round: Round):
    return (
        round.builds.filter(state=BuildState.DONE, finished_at__isnull=False)
        .order_by("-finished_at")
        .values_list("finished_at", flat=True)
        .first()
    )


def round_info(round: Round) -> dict[str, Any]:
    built = _built_at(round)
    return {
        "slug": round.slug,
        "name": round.name,
        "programme": round.programme.slug,
        "programme_name": round.programme.name,
        "anonymity_threshold": round.programme.anonymity_threshold,
        "built_at": built.isoformat(timespec="seconds") if built else None,
    }


def _group_rank(group: str) -> int:
    return RESPONDENT_GROUPS.index(group) if group in RESPONDENT_GROUPS else len(RESPONDENT_GROUPS)
