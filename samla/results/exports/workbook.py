"""A round's results as an Excel workbook: README, indices per respondent group, trend,
item distributions and the questions. A hidden figure shows as "–"."""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from typing import Any, BinaryIO

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from samla.core.spreadsheets import append_row
from samla.core.text import label_in
from samla.surveys.instrument import Instrument, Item
from samla.surveys.models import RESPONDENT_GROUP_LABELS, Round

from ..models import NodeKind
from ..packing import Cell
from .common import (
    HIDDEN_MARK,
    Measures,
    _built_at,
    _group_rank,
    _measures,
    hidden_note,
    not_for_ranking,
)
from .stream import CellSource
from .tree import Tree, tree_for
from .trend import Trends, _top_node, _trends, changed_note


def _sheet_title(text: str, taken: set[str]) -> str:
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in str(text)).strip()[:31]
    title, number = cleaned or "Sheet", 2
    while title.lower() in taken:
        suffix = f" ({number})"
        title, number = cleaned[: 31 - len(suffix)] + suffix, number + 1
    taken.add(title.lower())
    return title


def _band_label(band: str) -> str:
    return band or _("All")


def results_xlsx(
    round: Round,
    nodes: Mapping[str, Iterable[int]] | Iterable[tuple[str, int]] | None = None,
    language: str | None = None,
) -> bytes:
    """A workbook: README, one sheet of indices per respondent group (a row per node ×
    grade band; n, mean and 500-scale score per index), the top node's trend when more
    than one round has results there, the single-choice items' answer distributions
    (percents only) and the questions. Hidden figures are "–"."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    with translation.override(language):
        return _workbook(round, nodes, language)


def write_results_xlsx(round: Round, nodes, language: str, out: BinaryIO, progress=None) -> None:
    """:func:`results_xlsx` written to ``out``, with ``progress(percent, step)`` as the
    sheets are written."""
    with translation.override(language):
        _workbook(round, nodes, language, out, progress)


def _workbook(round: Round, nodes, language: str, out: BinaryIO | None = None, progress=None):
    """The workbook written to ``out`` (returned as bytes without one); the cells are made a
    measure or a node at a time (``stream.CellSource``), never all held."""
    tree = tree_for(round, nodes)
    measures = _measures(round)
    source = CellSource(round, nodes, measures, tree)
    threshold = round.programme.anonymity_threshold
    book = Workbook(write_only=True)
    taken: set[str] = set()
    steps = max(1, len(source.sheets) + 1)

    readme = book.create_sheet(_sheet_title(_("README"), taken))
    readme.column_dimensions["A"].width = 28
    readme.column_dimensions["B"].width = 100
    _bold_row(readme, [_("Results of %(round)s") % {"round": str(round)}])
    for label, value in _readme_rows(round, nodes, threshold):
        append_row(readme, [label, value])

    for number, sheet_cells in enumerate(source.sheets):
        scales = [entry for entry in sheet_cells.entries("scale") if sheet_cells.has_cells(entry)]
        if scales:
            group = sheet_cells.group
            title = _sheet_title(RESPONDENT_GROUP_LABELS.get(group, group), taken)
            known = measures.get(group, Measures(None))
            codes = [entry[1].scale for entry in scales]
            _index_sheet(
                book.create_sheet(title), codes, sheet_cells.node_cells("scale"), known, tree,
                language, threshold,
            )  # fmt: skip
        if progress is not None:
            progress(50 * (number + 1) // steps, sheet_cells.group)

    top = _top_node(tree, nodes)
    if top is not None and (trends := _trends(round, tree, measures, top, language)):
        _trend_sheet(book.create_sheet(_sheet_title(_("Trend"), taken)), trends, threshold)

    items = [(sheet, entry) for sheet, entry in source.measures("item") if sheet.has_cells(entry)]
    if items:
        sheet = book.create_sheet(_sheet_title(_("Item distributions"), taken))
        options = max(
            (entry[1].points for each, entry in items if each.has_shown(entry)), default=0
        )
        _distribution_sheet(sheet, items, options, measures, tree, language, threshold, progress)

    _questions_sheet(book.create_sheet(_sheet_title(_("Questions"), taken)), measures, language)
    if out is not None:
        book.save(out)
        return None
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def _bold_row(sheet, values: list[Any]) -> None:
    append_row(sheet, values, bold=True)


def _figure(sheet, value: float | None, number_format: str) -> Any:
    if value is None:
        return None
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = number_format
    return cell


def _node_columns(tree: Tree, cell: Cell) -> list[str]:
    """Level, name, what it is part of (which tells two schools of the same name apart)
    and grade band: names, never Samla's internal ids."""
    return [
        str(NodeKind(cell.node_kind).label),
        tree.name(cell.node_kind, cell.node_id),
        part_of(tree, cell.node_kind, cell.node_id),
        _band_label(cell.grade_band),
    ]


def part_of(tree: Tree, level: str, pk: int) -> str:
    """Where a node sits, up to its owner: "Bjørkely skole, Hamar kommune" for a class,
    the owner for a unit, the region for an owner, the programme for a region."""
    above = tree.ancestors(level, pk)
    shown = above[:2] if level == "group" else above[:1]
    return ", ".join(tree.name(*node) for node in shown)


def _index_sheet(sheet, codes, node_cells, known: Measures, tree: Tree, language, threshold):
    """A row per node × grade band; n, mean and 500-scale score per index. ``codes``: the
    indices with a cell, in order; ``node_cells``: per node (in order), its index cells
    measure by measure, band by band."""
    labels = {code: code for code in codes}
    for scale in known.instrument.scales if known.instrument else ():
        if scale.code in labels:
            labels[scale.code] = label_in(scale.label, language, known.instrument.default_language)
    sheet.freeze_panes = "E3"
    for column, width in zip("ABCD", (12, 36, 30, 11), strict=True):
        sheet.column_dimensions[column].width = width
    append_row(sheet, [hidden_note(threshold)])
    header = [_("Level"), _("Name"), _("Part of"), _("Grade band")]
    for code in codes:
        header += [f"{labels[code]}: n", f"{labels[code]}: {_('mean')}"]
        header.append(f"{labels[code]}: {_('500 scale')}")
    _bold_row(sheet, header)
    for cells in node_cells:
        # A row per band, in the order the node's first index with a cell there lists them.
        rows: dict[str, dict[str, Cell]] = {}
        for cell in cells:
            rows.setdefault(cell.grade_band, {})[cell.scale] = cell
        for row_cells in rows.values():
            row: list[Any] = _node_columns(tree, next(iter(row_cells.values())))
            for code in codes:
                cell = row_cells.get(code)
                if cell is None:
                    row += [None, None, None]
                elif cell.suppressed:
                    row += [HIDDEN_MARK] * 3
                else:
                    mean = _figure(sheet, cell.mean, "0.00")
                    row += [cell.n, mean, _figure(sheet, cell.score500, "0")]
            append_row(sheet, row)


def _trend_sheet(sheet, trends: Trends, threshold: int) -> None:
    """A row per respondent group × index at the top node; per round the 500-scale score,
    n and whether an item of the index changed since the round before."""
    sheet.freeze_panes = "C5"
    for column, width in zip("AB", (22, 30), strict=True):
        sheet.column_dimensions[column].width = width
    caption = _("Trend for %(node)s (500 scale)") % {"node": trends.name}
    _bold_row(sheet, [f"{caption} – {trends.key}"])
    append_row(sheet, [hidden_note(threshold)])
    append_row(sheet, [changed_note()])
    header = [_("Respondent group"), _("Index")]
    # Outside the f-strings, so that makemessages finds them.
    score, changed = _("500 scale"), _("changed since the round before")
    for each in trends.rounds:
        header += [f"{each.name}: {score}", f"{each.name}: n", f"{each.name}: {changed}"]
    _bold_row(sheet, header)
    for line in trends.lines:
        group = RESPONDENT_GROUP_LABELS.get(line.respondent_group, line.respondent_group)
        row: list[Any] = [str(group), line.label]
        for each in trends.rounds:
            point = line.point(each.pk)
            if point is None:
                row += [None, None, None]
                continue
            if point.figure.hidden:
                row += [HIDDEN_MARK, HIDDEN_MARK]
            else:
                row += [_figure(sheet, point.figure.score500, "0"), point.figure.n]
            row.append(_("yes") if point.changed else "")
        append_row(sheet, row)


def _distribution_sheet(
    sheet, items, options: int, measures, tree: Tree, language, threshold, progress=None
):
    """A row per item cell: n, mean and the answer options' percents (no counts).
    ``items``: (the group's cells, the item) pairs in order; ``options``: the most answer
    options of an item with a figure shown."""
    sheet.freeze_panes = "H3"
    append_row(sheet, [hidden_note(threshold)])
    header = [_("Respondent group"), _("Level"), _("Name"), _("Part of"), _("Grade band")]
    header += [_("Item"), _("Question"), "n", _("mean")]
    header += [_("Option %(number)s (%%)") % {"number": n} for n in range(1, options + 1)]
    _bold_row(sheet, header)
    for number, (group_cells, entry) in enumerate(items):
        for cell in group_cells.cells(entry):
            _distribution_row(sheet, cell, options, measures, tree, language)
        if progress is not None:
            progress(50 + 50 * (number + 1) // len(items), group_cells.group)


def _distribution_row(sheet, cell: Cell, options: int, measures, tree: Tree, language) -> None:
    instrument = measures.get(cell.respondent_group, Measures(None)).instrument
    question = ""
    if instrument is not None and cell.item in instrument.items_by_code:
        question = label_in(instrument.item(cell.item).label, language, instrument.default_language)
    group = RESPONDENT_GROUP_LABELS.get(cell.respondent_group, cell.respondent_group)
    row = [str(group), *_node_columns(tree, cell), cell.item, question]
    if cell.suppressed:
        row += [HIDDEN_MARK] * (2 + options)
    else:
        percents = (cell.distribution or {}).get("percents") or {}
        row += [cell.n, _figure(sheet, cell.mean, "0.00")]
        for number in range(1, options + 1):
            value = percents.get(str(number), "")
            row.append(HIDDEN_MARK if value is None else value)
    append_row(sheet, row)


def _questions_sheet(sheet, measures: dict[str, Measures], language: str) -> None:
    """The single-choice questions: index, wording, reversed, what each position means."""
    header = [_("Respondent group"), _("Index"), _("Item"), _("Question"), _("Reversed")]
    _bold_row(sheet, [*header, _("Answer options")])
    for group in sorted(measures, key=_group_rank):
        instrument = measures[group].instrument
        for item in instrument.items if instrument else ():
            if item.kind != "single":
                continue
            append_row(
                sheet,
                [
                    str(RESPONDENT_GROUP_LABELS.get(group, group)),
                    item.scale or "",
                    item.code,
                    label_in(item.label, language, instrument.default_language),
                    _("yes") if item.reversed else "",
                    _options_text(item, instrument, language),
                ],
            )


def _when(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def _readme_rows(round: Round, nodes, threshold: int) -> list[tuple[str, Any]]:
    built = _built_at(round)
    anonymity = _(
        "Figures are shown only for groups of at least %(threshold)s respondents. A figure "
        "is also hidden when it, together with figures that are shown, would reveal a hidden "
        "one (for example a school's total minus its other classes)."
    ) % {"threshold": threshold}
    score500 = _(
        "500 + 100 × (mean − reference mean) / reference SD. The reference is the "
        "programme's first round, so 550 is half a standard deviation above it."
    )
    index_score = _(
        "A respondent's index score is the mean of the index's answered items, reversed "
        "items turned round, given only when at least half of them are answered; "
        '"don\'t know" counts as not answered.'
    )
    return [
        (_("Programme"), round.programme.name),
        (_("Round"), f"{round.name} ({round.slug})"),
        (_("Results built"), _when(built) if built else _("not recorded")),
        (_("Exported"), _when(timezone.now())),
        (_("Selection"), _("the whole programme") if nodes is None else _("selected units")),
        (_("Anonymity threshold"), threshold),
        (_("Anonymity"), anonymity),
        (_("Hidden figures"), hidden_note(threshold)),
        (_("Not for ranking"), not_for_ranking()),
        (_("Mean"), _("The mean on the answer scale, e.g. 1–4.")),
        (_("500 scale"), score500),
        (_("Index score"), index_score),
    ]


def _options_text(item: Item, instrument: Instrument, language: str) -> str:
    ordinary = [choice for choice in item.choices if not choice.is_dont_know]
    parts = [
        f"{number} = {label_in(choice.label, language, instrument.default_language)}"
        for number, choice in enumerate(ordinary, 1)
    ]
    return "; ".join(parts)
