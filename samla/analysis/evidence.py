"""Result figures copied for an analysis: what a results page shows of one index at one
node, with the nodes above it and the index's items — read through
``results.queries.read_cells``, so a hidden cell comes as hidden and nothing more."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Q

from samla.core.text import label_in
from samla.org.models import Group
from samla.results import queries as results
from samla.results.trends import indices_present
from samla.surveys.models import RESPONDENT_GROUP_LABELS, Round


@dataclass(frozen=True)
class IndexChoice:
    """An index a person may take as evidence: a round, a node, a respondent group."""

    round: Round
    node: results.Node
    respondent_group: str
    scale: str
    label: str

    @property
    def query(self) -> str:
        """The start page's address query for this index."""
        return urlencode(
            {"runde": self.round.slug, "node": f"{self.node.kind}:{self.node.id}",
             "gruppe": self.respondent_group, "indeks": self.scale}
        )  # fmt: skip

    @property
    def respondent_group_label(self) -> str:
        return str(RESPONDENT_GROUP_LABELS.get(self.respondent_group, self.respondent_group))

    @property
    def key(self) -> str:
        node = f"{self.node.kind}:{self.node.id}"
        return f"{self.round.slug}|{node}|{self.respondent_group}|{self.scale}"


def _figures(cell) -> dict:
    if cell is None:
        return {"n": None, "hidden": False}
    if cell.suppressed:
        return {"n": None, "hidden": True}
    return {
        "n": cell.n,
        "hidden": False,
        "mean": cell.mean,
        "sd": cell.sd,
        "score500": cell.score500,
        "low_share": cell.low_share,
    }


def index_figures(round: Round, at: results.Node, respondent_group: str, scale_code: str):
    """(labels, figures) of one index at a node, or None when the round's questionnaire
    for the respondent group has no such index. ``figures`` is plain JSON: the node and
    its comparisons, then the items with their answer shares (node only)."""
    instrument = results.instruments_of(round).get(respondent_group)
    if instrument is None:
        return None
    scale = next((s for s in instrument.scales if s.code == scale_code), None)
    if scale is None:
        return None
    chain = results.lineage(round, at)
    scale_cells = {
        (c.node_kind, c.node_id): c
        for c in results.read_cells(
            round, [n.key for n in chain], respondent_group=respondent_group,
            codes=[scale_code], kind="scale",
        )
    }  # fmt: skip
    rows = [
        {"kind": n.kind, "id": n.id, "name": n.name, **_figures(scale_cells.get(n.key))}
        for n in chain
    ]
    item_cells = {
        c.item: c
        for c in results.read_cells(
            round, [at.key], respondent_group=respondent_group,
            codes=scale.item_codes, kind="item",
        )
    }  # fmt: skip
    items = []
    for code in scale.item_codes:
        item = instrument.item(code)
        cell = item_cells.get(code)
        figures = _figures(cell)
        shown = cell is not None and not cell.suppressed
        percents = (cell.distribution or {}).get("percents", {}) if shown else {}
        choices = [c for c in item.choices if not c.is_dont_know]
        options = [[dict(c.label), percents.get(str(i))] for i, c in enumerate(choices, 1)]
        figures.pop("score500", None)
        if shown and any(share is None for _labels, share in options):
            figures.update(mean=None, sd=None, low_share=None)  # rows built before the rule
        items.append(
            {"code": code, "labels": dict(item.label), "reversed": item.reversed,
             **figures, "options": options}
        )  # fmt: skip
    return dict(scale.label), {"rows": rows, "items": items}


def unit_of(round: Round, at: results.Node) -> int | None:
    """The unit a unit or class node belongs to (None above the unit)."""
    if at.kind == "unit":
        return at.id
    if at.kind == "group":
        return Group.objects.filter(pk=at.id).values_list("unit_id", flat=True).first()
    return None


def released_rounds_of_unit(unit_id: int):
    """Rounds the unit took part in whose results are released, newest first."""
    return (
        Round.objects.filter(results.released(), units=unit_id)
        .select_related("programme")
        .order_by("-opens_at")
    )


def unit_indices(unit, language: str, limit_rounds: int = 3) -> list[IndexChoice]:
    """Every index with results at the unit in its latest released rounds (four queries):
    the choices for more result evidence."""
    node = results.Node("unit", unit.pk, unit.name)
    found = []
    rounds = list(released_rounds_of_unit(unit.pk)[:limit_rounds])
    present_in = indices_present(rounds, node)
    for round in rounds:
        present = present_in[round.pk]
        for group, instrument in sorted(results.instruments_of(round).items()):
            for scale in instrument.scales:
                if (group, scale.code) in present:
                    label = label_in(scale.label, language) or scale.code
                    found.append(IndexChoice(round, node, group, scale.code, label))
    return found


def next_round(snapshot) -> Round | None:
    """The first released round of the same programme after the snapshot's round that has
    results for the same node, respondent group and index."""
    if snapshot.round is None:
        return None
    candidates = Round.objects.filter(
        results.released(),
        Q(opens_at__gt=snapshot.round_opened_at),
        programme_id=snapshot.round.programme_id,
    ).order_by("opens_at")
    key = (snapshot.node_kind, snapshot.node_id)
    for round in candidates:
        if results.read_cells(
            round, [key], respondent_group=snapshot.respondent_group,
            codes=[snapshot.scale], kind="scale",
        ):  # fmt: skip
            return round
    return None
