"""A round's results as a tagged PDF report (WeasyPrint), a hidden figure as "–"."""

from __future__ import annotations

from typing import Any

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from samla.core.pdf import render_pdf
from samla.core.text import label_in
from samla.surveys.models import RESPONDENT_GROUP_LABELS, Round

from ..models import NodeKind
from ..packing import Cell
from .common import (
    HIDDEN_MARK,
    _built_at,
    _group_rank,
    _measures,
    cells_for,
    hidden_note,
    not_for_ranking,
)
from .tree import UnknownNode, _node_set, _report_nodes, tree_for
from .trend import Trends, _trends, changed_note

PDF_TEMPLATE = "results/export/results_pdf.html"


def _number(value: float | None, places: int) -> str:
    if value is None:
        return ""
    # number_format cuts surplus decimals off rather than rounding them.
    return formats.number_format(round(value, places), places, use_l10n=True)


def _pdf_row(cell: Cell, level: str, name: str) -> dict[str, Any]:
    row: dict[str, Any] = {"level": NodeKind(level).label, "name": name, "hidden": cell.suppressed}
    if not cell.suppressed:
        low = cell.low_share
        row.update(
            n=cell.n,
            mean=_number(cell.mean, 2),
            sd=_number(cell.sd, 2),
            score500=_number(cell.score500, 0),
            low_share=f"{_number(low * 100, 0)}\u00a0%" if low is not None else "",
        )
    return row


def pdf_context(round: Round, nodes=None, language: str = "nb") -> dict[str, Any]:
    """Everything the report template shows, in ``language``."""
    with translation.override(language):
        return _pdf_context(round, nodes, language)


def _pdf_context(round: Round, nodes, language: str) -> dict[str, Any]:
    tree = tree_for(round)
    measures = _measures(round)
    selected = None if nodes is None else _node_set(nodes)
    report, comparisons = _report_nodes(tree, selected)
    if not report:
        raise UnknownNode("The selection holds no node of the round.")
    wanted = {*report, *comparisons}
    trends = _trends(round, tree, measures, report[0], language)
    cells: dict[tuple, Cell] = {}
    for cell in cells_for(round, [*wanted], grade_band="", kind="scale"):
        cells[(cell.respondent_group, cell.scale, cell.node_kind, cell.node_id)] = cell
    threshold = round.programme.anonymity_threshold
    sections = []
    for group in sorted(measures, key=_group_rank):
        instrument = measures[group].instrument
        tables = []
        for scale in instrument.scales if instrument else ():
            rows = [
                _pdf_row(cell, level, tree.name(level, pk))
                for level, pk in report
                if (cell := cells.get((group, scale.code, level, pk)))
            ]
            others = [
                _pdf_row(cell, level, tree.name(level, pk))
                for level, pk in comparisons
                if (cell := cells.get((group, scale.code, level, pk)))
            ]
            if rows:
                label = label_in(scale.label, language, instrument.default_language)
                tables.append({"label": label, "rows": rows, "comparisons": others})
        if tables:
            sections.append(
                {
                    "label": RESPONDENT_GROUP_LABELS.get(group, group),
                    "tables": tables,
                    "trend": _pdf_trend(trends, group),
                }
            )
    built = _built_at(round)
    return {
        "language": language,
        "title": _("Results of %(round)s") % {"round": str(round)},
        "round": round,
        "programme": round.programme,
        "built": formats.date_format(timezone.localtime(built), "SHORT_DATE_FORMAT")
        if built
        else "",
        "subject": ", ".join(tree.name(level, pk) for level, pk in report[:1]),
        "sections": sections,
        "hidden_mark": HIDDEN_MARK,
        "hidden_note": hidden_note(threshold),
        "not_for_ranking": not_for_ranking(),
        "changed_note": changed_note(),
        "threshold": threshold,
    }


def _pdf_trend(trends: Trends | None, group: str) -> dict[str, Any] | None:
    """The respondent group's trend table: a row per index, a column per round with a
    result (the 500-scale score; "–" hidden; empty without a cell), or None for fewer than
    two rounds."""
    lines = [line for line in trends.lines if line.respondent_group == group] if trends else []
    rounds = trends.rounds_of(lines) if trends else []
    if len(rounds) < 2:
        return None
    rows = []
    for line in lines:
        cells = []
        for each in rounds:
            point = line.point(each.pk)
            if point is None:
                cells.append({"text": "", "changed": False})
            elif point.figure.hidden:
                cells.append({"text": HIDDEN_MARK, "changed": point.changed})
            else:
                cells.append({"text": _number(point.figure.score500, 0), "changed": point.changed})
        rows.append({"label": line.label, "cells": cells})
    return {
        "caption": _("Trend for %(node)s (500 scale)") % {"node": trends.name},
        "rounds": [each.name for each in rounds],
        "rows": rows,
        "changed": any(cell["changed"] for row in rows for cell in row["cells"]),
    }


def results_pdf(round: Round, nodes=None, language: str = "nb") -> bytes:
    """A tagged PDF report: per respondent group, a table per index with the selection's top
    node and the level below it, then the top node's owner, region and programme for
    comparison, and the top node's trend when more than one round has results. Raises
    :class:`samla.core.pdf.PdfUnavailable` without WeasyPrint."""
    with translation.override(language):
        return render_pdf(PDF_TEMPLATE, pdf_context(round, nodes, language))
