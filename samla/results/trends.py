"""An index at a node across the programme's rounds (:func:`trend`): the figures the
results pages, the report and the charts show over time, read from the stored cells."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from samla.surveys.instrument import compare
from samla.surveys.models import Round, RoundInstrument

from .figures import Figure, _figure
from .models import ResultRow, ResultSheet
from .packing import Cell, Measure, unpack
from .queries import Node, released


def _trend_cells(
    rounds: list[Round], at: Node, respondent_group: str, scale: str
) -> dict[int, Cell]:
    """The node's index cell in each of ``rounds`` (two queries, whatever their number)."""
    sheets = {
        pk: (round_id, [Measure(*m) for m in measures])
        for pk, round_id, measures in ResultSheet.objects.filter(
            round__in=rounds, respondent_group=respondent_group
        ).values_list("pk", "round_id", "measures")
    }
    found: dict[int, Cell] = {}
    rows = ResultRow.objects.filter(
        sheet_id__in=list(sheets), node_kind=at.kind, node_id=at.id, grade_band=""
    ).values_list("sheet_id", "n", "figures", "counts")
    for sheet_id, n, figures, counts in rows:
        round_id, measures = sheets[sheet_id]
        cells = unpack(
            measures, at.kind, at.id, respondent_group, "", bytes(n), bytes(figures),
            bytes(counts), {scale},
        )  # fmt: skip
        for cell in cells:
            found[round_id] = cell
    return found


@dataclass
class TrendPoint:
    round: Round
    figure: Figure
    changed: bool  # an item of the index changed since the round before: compare with care


def trend(round: Round, at: Node, respondent_group: str, scale: str) -> list[TrendPoint]:
    """The index at the node in this and the programme's earlier rounds whose results are
    released, oldest first, with a warning where the index's items changed between rounds.
    (The round itself is whoever asks' business: pages and exports have checked it.)"""
    earlier = Q(opens_at__lt=round.opens_at) & released()
    rounds = list(
        Round.objects.filter(earlier | Q(pk=round.pk), programme_id=round.programme_id).order_by(
            "opens_at"
        )
    )
    cells = _trend_cells(rounds, at, respondent_group, scale)
    versions = {
        ri.round_id: ri.version.instrument()
        for ri in RoundInstrument.objects.filter(
            round__in=rounds, respondent_group=respondent_group
        ).select_related("version")
    }
    points, before = [], None
    for each in rounds:
        if each.pk not in cells:
            continue
        changed = False
        current = versions.get(each.pk)
        if before is not None and current is not None:
            codes = next((s.item_codes for s in current.scales if s.code == scale), ())
            changes = {c.code: c for c in compare(before, current)}
            changed = any(code not in changes or not changes[code].comparable for code in codes)
        points.append(TrendPoint(each, _figure(cells[each.pk]), changed))
        before = current or before
    return points


def indices_present(rounds: list[Round], at: Node) -> dict[int, set[tuple[str, str]]]:
    """(respondent group, index) with results at the node, per round of ``rounds`` (two
    queries, whatever their number); each round's questionnaires are read along (one
    query) and kept on the round as ``queries.instruments_of`` keeps them."""
    sheets = {
        pk: (round_id, group, [Measure(*m) for m in measures])
        for pk, round_id, group, measures in ResultSheet.objects.filter(
            round__in=rounds
        ).values_list("pk", "round_id", "respondent_group", "measures")
    }
    found: dict[int, set[tuple[str, str]]] = {round.pk: set() for round in rounds}
    # By round, not by sheet: the (round, level, node) index finds the node's rows; a
    # condition on the sheets reads every row of them (a national round's 16 000 each).
    rows = ResultRow.objects.filter(
        round__in=[round.pk for round in rounds], node_kind=at.kind, node_id=at.id, grade_band=""
    ).values_list("sheet_id", "n", "figures", "counts")
    for sheet_id, n, figures, counts in rows:
        if sheet_id not in sheets:  # a sheet built after the sheets were read
            continue
        round_id, group, measures = sheets[sheet_id]
        cells = unpack(
            measures, at.kind, at.id, group, "", bytes(n), bytes(figures), bytes(counts),
            None, "scale",
        )  # fmt: skip
        found[round_id].update((cell.respondent_group, cell.scale) for cell in cells)
    instruments: dict[int, dict] = {round.pk: {} for round in rounds}
    for ri in RoundInstrument.objects.filter(round__in=rounds).select_related("version"):
        instruments[ri.round_id][ri.respondent_group] = ri.version.instrument()
    for round in rounds:
        round._instruments_of = instruments[round.pk]
    return found
