"""A round's results as JSON, an Excel workbook and a tagged PDF; its responses,
pseudonymised, as CSV and Parquet for researchers.

The results exports read the stored cells only (:func:`queries.read_cells`): anonymity was
applied when they were built, and a hidden cell holds no figure, so no export can show
one. In JSON a hidden cell has ``"suppressed": true`` and no figure keys at all; in the
workbook and the PDF it shows as "–" with a note on why.

Trends. When the programme has more than one round with results at the selection's top
node, every export adds that node's indices in this and the earlier rounds
(:func:`queries.trend`, stored cells too), marking a round where an item of the index
changed since the round before: compare with care.

Nodes. A node is ``(level, id)`` with level one of programme, region, owner, unit, group.
``nodes`` arguments take what :func:`samla.org.access.result_nodes` returns (level → ids),
or any iterable of ``(level, id)`` pairs; :func:`parse_node` turns ``"owner:12"`` into the
owner and everything under it (its units and their classes).

Respondent-level files (:func:`responses_frame`): one row per response, numeric answers
only — free text is never read, since it can name people.

- ``unit`` and ``group``: keyed pseudonyms, not database ids: ``U``/``G`` + the first 16 hex
  digits of HMAC-SHA256(key, ``"samla-export:<programme id>:<level>:<id>"``). The key is
  ``settings.EXPORT_PSEUDONYM_KEY`` when set, else ``SECRET_KEY`` (rotating that key changes
  every pseudonym). Stable across the rounds of a programme (trends can be followed),
  different between programmes (files of two programmes cannot be joined on them).
- ``respondent_group``, ``instrument_version`` (``form_id version``), ``grade_band`` (null
  when none), ``submitted_on`` (a date).
- One column per item code, in questionnaire order. Single choice: the stored position
  ``1..P`` among the options that are not "vet ikke" (a Likert answer is its own score; a
  reversed item is *not* turned round), null when not answered *or* answered "vet ikke";
  an item that offers "vet ikke" gets a marker column ``code/dk``: 1 for "vet ikke", 0 for
  another answer, null when not answered. Multiple choice: ``code/value`` per option, 1
  chosen, 0 not chosen, null when the item was not answered. Integer: the number, null when
  missing. An item code means one question *within a respondent group*; analyse per group.

Rows are sorted by respondent group, unit, group and date, so their order does not tell the
order in which people answered.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import polars as pl
from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from samla.core.pdf import render_pdf
from samla.org.models import Group, Owner, Region, RegionOwner, Unit
from samla.surveys.answers import (
    BYTE_DONT_KNOW,
    BYTE_MISSING,
    INTEGER_MISSING,
    MULTIPLE_CHOSEN,
    answer_slots,
    packed_size,
)
from samla.surveys.instrument import RESPONDENT_GROUPS, Instrument, Item
from samla.surveys.models import RESPONDENT_GROUP_LABELS, InstrumentVersion, Response, Round

from .models import BuildState, NodeKind
from .packing import Cell, clean
from .queries import Node, TrendPoint, read_cells, trend

__all__ = [
    "HIDDEN_MARK",
    "UnknownNode",
    "cells_for",
    "log_export",
    "parse_node",
    "pseudonym",
    "responses_csv",
    "responses_frame",
    "responses_parquet",
    "results_json",
    "results_pdf",
    "results_xlsx",
]

access_log = logging.getLogger("samla.access")

LEVELS: tuple[str, ...] = ("programme", "region", "owner", "unit", "group")
FIGURES: tuple[str, ...] = ("n", "mean", "sd", "score500", "low_share")
HIDDEN_MARK = "–"
PDF_TEMPLATE = "results/export/results_pdf.html"

NodeSet = dict[str, set[int]]


class UnknownNode(ValueError):
    """A node filter names no node of the round."""


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


# --- The round's organisation -------------------------------------------------------------


@dataclass
class Tree:
    """The nodes of a round (the units taking part and everything above and below them),
    with their names and parents."""

    programme_id: int
    programme_name: str
    regions: dict[int, str]
    owners: dict[int, str]
    units: dict[int, str]
    groups: dict[int, str]
    region_of_owner: dict[int, int]
    owner_of_unit: dict[int, int]
    unit_of_group: dict[int, int]

    def exists(self, level: str, pk: int) -> bool:
        if level == "programme":
            return pk == self.programme_id
        return pk in self._names(level)

    def name(self, level: str, pk: int) -> str:
        if level == "programme":
            return self.programme_name
        if level == "group" and pk in self.groups:
            unit = self.units.get(self.unit_of_group[pk], "")
            return f"{unit}, {self.groups[pk]}" if unit else self.groups[pk]
        return self._names(level).get(pk, f"{level}:{pk}")

    def parent(self, level: str, pk: int) -> tuple[str, int] | None:
        if level == "group":
            found = ("unit", self.unit_of_group.get(pk))
        elif level == "unit":
            found = ("owner", self.owner_of_unit.get(pk))
        elif level == "owner":
            found = ("region", self.region_of_owner.get(pk))
        elif level == "region":
            found = ("programme", self.programme_id)
        else:
            return None
        return None if found[1] is None else found

    def ancestors(self, level: str, pk: int) -> list[tuple[str, int]]:
        found, node = [], self.parent(level, pk)
        while node is not None:
            found.append(node)
            node = self.parent(*node)
        return found

    def subtree(self, level: str, pk: int) -> NodeSet:
        """The node and every node under it."""
        nodes: NodeSet = {each: set() for each in LEVELS}
        nodes[level].add(pk)
        below = {
            "region": ("owner", self.region_of_owner),
            "owner": ("unit", self.owner_of_unit),
            "unit": ("group", self.unit_of_group),
        }
        if level == "programme":
            nodes["region"].update(self.regions)
            nodes["owner"].update(self.owners)
            nodes["unit"].update(self.units)
            nodes["group"].update(self.groups)
            return nodes
        current = level
        while current in below:
            child_level, parent_of = below[current]
            nodes[child_level].update(
                child for child, parent in parent_of.items() if parent in nodes[current]
            )
            current = child_level
        return nodes

    def _names(self, level: str) -> dict[int, str]:
        return {
            "region": self.regions,
            "owner": self.owners,
            "unit": self.units,
            "group": self.groups,
        }[level]


def tree_for(round: Round) -> Tree:
    """The round's nodes in five queries, whatever their number."""
    programme = round.programme
    units = {
        pk: (name, owner_id)
        for pk, name, owner_id in Unit.objects.filter(rounds=round).values_list(
            "pk", "name", "owner_id"
        )
    }
    owner_ids = {owner_id for _name, owner_id in units.values()}
    groups = {
        pk: (name, unit_id)
        for pk, name, unit_id in Group.objects.filter(unit_id__in=units).values_list(
            "pk", "name", "unit_id"
        )
    }
    return Tree(
        programme_id=programme.pk,
        programme_name=programme.name,
        regions=dict(Region.objects.filter(programme=programme).values_list("pk", "name")),
        owners=dict(Owner.objects.filter(pk__in=owner_ids).values_list("pk", "name")),
        units={pk: name for pk, (name, _owner) in units.items()},
        groups={pk: name for pk, (name, _unit) in groups.items()},
        region_of_owner=dict(
            RegionOwner.objects.filter(programme=programme, owner_id__in=owner_ids).values_list(
                "owner_id", "region_id"
            )
        ),
        owner_of_unit={pk: owner for pk, (_name, owner) in units.items()},
        unit_of_group={pk: unit for pk, (_name, unit) in groups.items()},
    )


def parse_node(round: Round, spec: str, tree: Tree | None = None) -> NodeSet:
    """``"owner:12"`` → that owner and everything under it. Raises :class:`UnknownNode`."""
    level, _sep, raw = spec.strip().partition(":")
    level = level.strip().lower()
    if level not in LEVELS or not raw.strip().isdigit():
        raise UnknownNode(
            f"{spec!r} is not a node: write LEVEL:ID with LEVEL one of {', '.join(LEVELS)}."
        )
    tree = tree or tree_for(round)
    pk = int(raw)
    if not tree.exists(level, pk):
        raise UnknownNode(f"No {level} with id {pk} takes part in the round {round.slug}.")
    return tree.subtree(level, pk)


def _node_set(nodes: Mapping[str, Iterable[int]] | Iterable[tuple[str, int]]) -> NodeSet:
    found: NodeSet = {level: set() for level in LEVELS}
    pairs = (
        ((level, pk) for level, ids in nodes.items() for pk in ids)
        if isinstance(nodes, Mapping)
        else nodes
    )
    for level, pk in pairs:
        if level not in found:
            raise UnknownNode(f"{level!r} is not a level: choose {', '.join(LEVELS)}.")
        found[level].add(int(pk))
    return found


# --- Reading the cells --------------------------------------------------------------------


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


def _label(labels: Mapping[str, str], instrument: Instrument | None, language: str) -> str:
    if not labels:
        return ""
    default = instrument.default_language if instrument else next(iter(labels))
    return labels.get(language) or labels.get(default) or next(iter(labels.values()))


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


# --- Trends -------------------------------------------------------------------------------


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
    the programme has an earlier round (:func:`queries.trend`), whatever the units."""
    earlier = Round.objects.filter(
        programme_id=round.programme_id,
        opens_at__lt=round.opens_at,
        published=True,
        results_released_at__isnull=False,
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
                label = _label(scale.label, instrument, language)
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


# --- JSON ---------------------------------------------------------------------------------


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


# --- Excel --------------------------------------------------------------------------------


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


def _workbook(round: Round, nodes, language: str) -> bytes:
    from openpyxl import Workbook

    tree = tree_for(round)
    measures = _measures(round)
    cells = _ordered(cells_for(round, nodes), measures, tree)
    threshold = round.programme.anonymity_threshold
    book = Workbook(write_only=True)
    taken: set[str] = set()

    readme = book.create_sheet(_sheet_title(_("README"), taken))
    readme.column_dimensions["A"].width = 28
    readme.column_dimensions["B"].width = 100
    _bold_row(readme, [_("Results of %(round)s") % {"round": str(round)}])
    for label, value in _readme_rows(round, nodes, threshold):
        readme.append([label, value])

    by_group: dict[str, list[Cell]] = {}
    for cell in cells:
        if cell.scale:
            by_group.setdefault(cell.respondent_group, []).append(cell)
    for group, scale_cells in by_group.items():
        title = _sheet_title(RESPONDENT_GROUP_LABELS.get(group, group), taken)
        known = measures.get(group, Measures(None))
        _index_sheet(book.create_sheet(title), scale_cells, known, tree, language, threshold)

    top = _top_node(tree, nodes)
    if top is not None and (trends := _trends(round, tree, measures, top, language)):
        _trend_sheet(book.create_sheet(_sheet_title(_("Trend"), taken)), trends, threshold)

    if items := [cell for cell in cells if cell.item]:
        sheet = book.create_sheet(_sheet_title(_("Item distributions"), taken))
        _distribution_sheet(sheet, items, measures, tree, language, threshold)

    _questions_sheet(book.create_sheet(_sheet_title(_("Questions"), taken)), measures, language)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def _bold_row(sheet, values: list[Any]) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    row = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=value)
        cell.font = Font(bold=True)
        row.append(cell)
    sheet.append(row)


def _figure(sheet, value: float | None, number_format: str) -> Any:
    from openpyxl.cell import WriteOnlyCell

    if value is None:
        return None
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = number_format
    return cell


def _node_columns(tree: Tree, cell: Cell) -> list[str]:
    return [
        str(NodeKind(cell.node_kind).label),
        f"{cell.node_kind}:{cell.node_id}",
        tree.name(cell.node_kind, cell.node_id),
        _band_label(cell.grade_band),
    ]


def _index_sheet(sheet, cells: list[Cell], known: Measures, tree: Tree, language, threshold):
    """A row per node × grade band; n, mean and 500-scale score per index."""
    codes = sorted({cell.scale for cell in cells}, key=known.rank)
    labels = {code: code for code in codes}
    for scale in known.instrument.scales if known.instrument else ():
        if scale.code in labels:
            labels[scale.code] = _label(scale.label, known.instrument, language)
    sheet.freeze_panes = "E3"
    for column, width in zip("ABCD", (12, 14, 36, 11), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.append([hidden_note(threshold)])
    header = [_("Level"), _("Node"), _("Name"), _("Grade band")]
    for code in codes:
        header += [f"{labels[code]}: n", f"{labels[code]}: {_('mean')}"]
        header.append(f"{labels[code]}: {_('500 scale')}")
    _bold_row(sheet, header)
    rows: dict[tuple[str, int, str], dict[str, Cell]] = {}
    for cell in sorted(
        cells,
        key=lambda c: (LEVELS.index(c.node_kind), tree.name(c.node_kind, c.node_id), c.node_id),
    ):  # grade bands stay in the order _ordered gave them
        rows.setdefault((cell.node_kind, cell.node_id, cell.grade_band), {})[cell.scale] = cell
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
        sheet.append(row)


def _trend_sheet(sheet, trends: Trends, threshold: int) -> None:
    """A row per respondent group × index at the top node; per round the 500-scale score,
    n and whether an item of the index changed since the round before."""
    sheet.freeze_panes = "C5"
    for column, width in zip("AB", (22, 30), strict=True):
        sheet.column_dimensions[column].width = width
    caption = _("Trend for %(node)s (500 scale)") % {"node": trends.name}
    _bold_row(sheet, [f"{caption} – {trends.key}"])
    sheet.append([hidden_note(threshold)])
    sheet.append([changed_note()])
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
        sheet.append(row)


def _distribution_sheet(sheet, cells: list[Cell], measures, tree: Tree, language, threshold):
    """A row per item cell: n, mean and the answer options' percents (no counts)."""
    options = max(
        (len((cell.distribution or {}).get("percents") or {}) for cell in cells), default=0
    )
    sheet.freeze_panes = "H3"
    sheet.append([hidden_note(threshold)])
    header = [_("Respondent group"), _("Level"), _("Node"), _("Name"), _("Grade band")]
    header += [_("Item"), _("Question"), "n", _("mean")]
    header += [_("Option %(number)s (%%)") % {"number": n} for n in range(1, options + 1)]
    _bold_row(sheet, header)
    for cell in cells:
        instrument = measures.get(cell.respondent_group, Measures(None)).instrument
        question = ""
        if instrument is not None and cell.item in instrument.items_by_code:
            question = _label(instrument.item(cell.item).label, instrument, language)
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
        sheet.append(row)


def _questions_sheet(sheet, measures: dict[str, Measures], language: str) -> None:
    """The single-choice questions: index, wording, reversed, what each position means."""
    header = [_("Respondent group"), _("Index"), _("Item"), _("Question"), _("Reversed")]
    _bold_row(sheet, [*header, _("Answer options")])
    for group in sorted(measures, key=_group_rank):
        instrument = measures[group].instrument
        for item in instrument.items if instrument else ():
            if item.kind != "single":
                continue
            sheet.append(
                [
                    str(RESPONDENT_GROUP_LABELS.get(group, group)),
                    item.scale or "",
                    item.code,
                    _label(item.label, instrument, language),
                    _("yes") if item.reversed else "",
                    _options_text(item, instrument, language),
                ]
            )


def _when(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def _readme_rows(round: Round, nodes, threshold: int) -> list[tuple[str, str]]:
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
        f"{number} = {_label(choice.label, instrument, language)}"
        for number, choice in enumerate(ordinary, 1)
    ]
    return "; ".join(parts)


# --- PDF ----------------------------------------------------------------------------------


def _report_nodes(tree: Tree, selected: NodeSet | None) -> tuple[list, list]:
    """(the report's nodes: the top of the selection and the level below it, the top's
    comparisons: its owner, region and programme)."""
    if selected is None:
        selected = tree.subtree("programme", tree.programme_id)
    top = [
        (level, pk)
        for level in LEVELS
        for pk in sorted(selected[level], key=lambda pk, level=level: tree.name(level, pk))
        if (parent := tree.parent(level, pk)) is None or parent[1] not in selected[parent[0]]
    ]
    tops = set(top)
    below = [
        (level, pk)
        for level in LEVELS
        for pk in sorted(selected[level], key=lambda pk, level=level: tree.name(level, pk))
        if tree.parent(level, pk) in tops
    ]
    # More than one top node (a person's units in two owners): no single comparison line.
    comparisons = tree.ancestors(*top[0]) if len(top) == 1 else []
    return top + below, comparisons


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
                label = _label(scale.label, instrument, language)
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


# --- Respondent-level files ---------------------------------------------------------------


def pseudonym(programme_id: int, level: str, pk: int) -> str:
    """A unit's or group's keyed pseudonym in a programme's files (see the module)."""
    key = getattr(settings, "EXPORT_PSEUDONYM_KEY", "") or settings.SECRET_KEY
    message = f"samla-export:{programme_id}:{level}:{pk}".encode()
    digest = hmac.new(key.encode(), message, hashlib.sha256).hexdigest()
    return f"{level[0].upper()}{digest[:16]}"


def decoded_columns(instrument: Instrument, matrix: np.ndarray) -> list[pl.Series]:
    """One column per item (and per marker) from packed answers, nulls for missing."""
    slots = {slot.name: slot for slot in answer_slots(instrument)}
    columns: list[pl.Series] = []

    def with_nulls(name: str, values: np.ndarray, missing: np.ndarray, dtype) -> pl.Series:
        frame = pl.DataFrame({"v": values, "m": missing})
        return frame.select(
            pl.when(pl.col("m")).then(None).otherwise(pl.col("v")).cast(dtype).alias(name)
        ).to_series()

    for item in instrument.items:
        if item.kind == "single":
            raw = matrix[:, slots[item.code].offset]
            missing = (raw == BYTE_MISSING) | (raw == BYTE_DONT_KNOW)
            columns.append(with_nulls(item.code, raw, missing, pl.Int16))
            if item.has_dont_know:
                marker = (raw == BYTE_DONT_KNOW).astype(np.int8)
                columns.append(with_nulls(f"{item.code}/dk", marker, raw == BYTE_MISSING, pl.Int8))
        elif item.kind == "multiple":
            names = [f"{item.code}/{choice.value}" for choice in item.choices]
            marks = matrix[:, [slots[name].offset for name in names]]
            unanswered = ~marks.any(axis=1)
            for position, name in enumerate(names):
                chosen = (marks[:, position] == MULTIPLE_CHOSEN).astype(np.int8)
                columns.append(with_nulls(name, chosen, unanswered, pl.Int8))
        elif item.kind == "integer":
            offset = slots[item.code].offset
            numbers = matrix[:, offset : offset + 2].copy().view("<i2")[:, 0]
            columns.append(with_nulls(item.code, numbers, numbers == INTEGER_MISSING, pl.Int16))
    return columns


def responses_frame(round: Round, respondent_group: str | None = None) -> pl.DataFrame:
    """One row per submitted response, pseudonymised, numeric answers decoded (see the
    module docstring for every column). Free text is never read."""
    programme_id = round.programme_id
    responses = Response.objects.filter(round=round)
    if respondent_group:
        responses = responses.filter(respondent_group=respondent_group)
    rows = responses.order_by("pk").values_list(
        "version_id",
        "unit_id",
        "group_id",
        "respondent_group",
        "grade_band",
        "submitted_on",
        "answers",
    )
    by_version: dict[int, list[tuple]] = {}
    for row in rows.iterator(chunk_size=10_000):
        by_version.setdefault(row[0], []).append(row)
    versions = InstrumentVersion.objects.in_bulk(list(by_version))
    names: dict[tuple[str, int], str] = {}

    def named(level: str, pk: int | None) -> str | None:
        if pk is None:
            return None
        if (level, pk) not in names:
            names[(level, pk)] = pseudonym(programme_id, level, pk)
        return names[(level, pk)]

    frames = []
    order = sorted(
        by_version,
        key=lambda pk: (_group_rank(versions[pk].respondent_group), versions[pk].form_id, pk),
    )
    for version_id in order:
        version, found = versions[version_id], by_version[version_id]
        instrument = version.instrument()
        size = packed_size(instrument)
        matrix = np.frombuffer(b"".join(bytes(row[6]) for row in found), dtype=np.uint8)
        matrix = matrix.reshape(len(found), size)
        frame = pl.DataFrame(
            {
                "unit": [named("unit", row[1]) for row in found],
                "group": [named("group", row[2]) for row in found],
                "respondent_group": [row[3] for row in found],
                "instrument_version": [f"{version.form_id} {version.version}"] * len(found),
                "grade_band": [row[4] or None for row in found],
                "submitted_on": [row[5] for row in found],
            },
            schema={
                "unit": pl.String,
                "group": pl.String,
                "respondent_group": pl.String,
                "instrument_version": pl.String,
                "grade_band": pl.String,
                "submitted_on": pl.Date,
            },
        )
        frames.append(frame.with_columns(decoded_columns(instrument, matrix)))
    if not frames:
        return pl.DataFrame(
            schema={
                "unit": pl.String,
                "group": pl.String,
                "respondent_group": pl.String,
                "instrument_version": pl.String,
                "grade_band": pl.String,
                "submitted_on": pl.Date,
            }
        )
    combined = pl.concat(frames, how="diagonal_relaxed")
    # Database order is submission order: sorted, a row tells nothing about when it came in
    # beyond its date.
    return combined.sort(
        ["respondent_group", "unit", "group", "submitted_on"], nulls_last=True, maintain_order=True
    )


def _group_rank(group: str) -> int:
    return RESPONDENT_GROUPS.index(group) if group in RESPONDENT_GROUPS else len(RESPONDENT_GROUPS)


def responses_csv(round: Round, respondent_group: str | None = None) -> bytes:
    return responses_frame(round, respondent_group).write_csv().encode()


def responses_parquet(round: Round, respondent_group: str | None = None) -> bytes:
    output = io.BytesIO()
    responses_frame(round, respondent_group).write_parquet(output)
    return output.getvalue()


# --- Access log ---------------------------------------------------------------------------


def log_export(person, round: Round, kind: str) -> None:
    """Record who exported what (the ``samla.access`` logger; a page may also keep a row).
    Writes ids and kinds only: never a figure or a name."""
    who = f"person:{person.pk}" if person is not None and person.pk else "command line"
    access_log.info("export %s of round %s by %s", kind, round.slug, who)
