"""The cells of an export in the order the files list them, without holding them all.

A national round's whole selection is two million cells: as :class:`Cell` objects they
take gigabytes, and sorting them (``_ordered(cells_for(…))``) holds them all at once.
Here the selection's stored rows are read once (:func:`queries.stored_rows`) into three
small numpy tables per respondent group — respondents, floats and answer counts per node ×
grade band, as packed (a national round ≈ 70 MB) — the rows are sorted by node once, and
the cells are made one measure at a time while a file is written: the same cells in the
same order as ``_ordered(cells_for(round, nodes), measures, tree)``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from samla.surveys.models import Round

from ..packing import (
    _MARK,
    FIGURE_TYPE,
    HIDDEN,
    LARGE,
    SMALL,
    Cell,
    Layout,
    hidden_cell,
    shown_cell,
)
from ..queries import stored_rows
from .common import Measures, _group_rank
from .tree import LEVELS, Tree, _node_set

Entry = tuple[int, object, int, int]  # a layout's (position, measure, first float, first count)
BLOCK = 2000  # rows whose figures are taken out of the tables at a time


def _numbers(data: bytes, length: int) -> np.ndarray:
    """A stored row's whole numbers as int32, HIDDEN where the row marks one."""
    kind = SMALL if len(data) == length * SMALL.itemsize else LARGE
    if len(data) != length * kind.itemsize:
        raise ValueError(f"a stored row holds {len(data)} bytes for {length} numbers")
    raw = np.frombuffer(data, dtype=kind)
    out = raw.astype(np.int32)
    out[raw == _MARK[kind]] = HIDDEN
    return out


@dataclass
class SheetCells:
    """One respondent group's selected rows: the tables in the order they were read,
    ``order`` the rows sorted by node (level, name, id) and band."""

    group: str
    shape: Layout
    ranked: list[Entry]  # the sheet's measures, in the order the files list them
    keys: list[tuple[str, int, str]]  # (level, node id, grade band) per row, sorted
    order: np.ndarray  # per sorted row, its row in the tables
    n: np.ndarray  # rows × measures: 0 nobody, HIDDEN hidden, else respondents
    floats: np.ndarray  # rows × the layout's floats
    counts: np.ndarray  # rows × answer options, uint16 as stored: its largest value withheld
    large: dict[int, np.ndarray]  # rows whose counts are stored as int32: HIDDEN withheld

    def entries(self, kind: str | None = None) -> list[Entry]:
        if kind is None:
            return self.ranked
        return [entry for entry in self.ranked if bool(entry[1].item) == (kind == "item")]

    def has_cells(self, entry: Entry) -> bool:
        return bool(np.any(self.n[:, entry[0]]))

    def has_shown(self, entry: Entry) -> bool:
        return bool(np.any(self.n[:, entry[0]] > 0))

    def cells(self, entry: Entry, first: int = 0, end: int | None = None) -> Iterator[Cell]:
        """The measure's cells node by node (of the sorted rows ``first`` to ``end``), a
        block of rows at a time."""
        chosen = self.order[first:end]
        present = np.flatnonzero(self.n[chosen, entry[0]])
        for block in range(0, present.size, BLOCK):
            yield from self._cells(entry, chosen, present[block : block + BLOCK], first)

    def _cells(self, entry: Entry, chosen, present, first: int) -> Iterator[Cell]:
        index, measure, start_float, start_count = entry
        rows = chosen[present]
        counts = self.n[rows, index].tolist()
        width = 3 if measure.item else 4
        values = self.floats[rows, start_float : start_float + width].tolist()
        options = []
        if measure.item:
            options = self._options(rows, start_count, measure.points)
        for number, position in enumerate((present + first).tolist()):
            level, pk, band = self.keys[position]
            count = counts[number]
            if count == HIDDEN:
                yield hidden_cell(level, pk, self.group, band, measure)
                continue
            shown = None
            if measure.item:
                shown = [None if c == HIDDEN else c for c in options[number]]
            yield shown_cell(level, pk, self.group, band, measure, count, values[number], shown)

    def _options(self, rows: np.ndarray, start: int, points: int) -> list[list[int]]:
        stored = self.counts[rows, start : start + points]
        options = stored.astype(np.int32)
        options[stored == _MARK[SMALL]] = HIDDEN
        for number, row in enumerate(rows.tolist()):
            if row in self.large:
                options[number] = self.large[row][start : start + points]
        return options.tolist()

    def node_cells(self, kind: str | None = None) -> Iterator[list[Cell]]:
        """Per node (in order), its cells: measure by measure, band by band."""
        entries = self.entries(kind)
        start, rows = 0, len(self.keys)
        while start < rows:
            node = self.keys[start][:2]
            end = start + 1
            while end < rows and self.keys[end][:2] == node:
                end += 1
            yield [cell for entry in entries for cell in self.cells(entry, start, end)]
            start = end


class CellSource:
    """The selection's cells (``nodes`` exactly, as :func:`cells_for` takes them; None:
    the whole round), every grade band, read in a fixed number of queries."""

    def __init__(self, round: Round, nodes, measures: dict[str, Measures], tree: Tree) -> None:
        pairs = None
        if nodes is not None:
            pairs = [(level, pk) for level, ids in _node_set(nodes).items() for pk in ids]
        stored = stored_rows(round, pairs)
        tables = {
            sheet_id: _Tables(shape, stored.sizes[sheet_id])
            for sheet_id, (_group, shape) in stored.sheets.items()
        }
        for sheet_id, *row in stored:
            tables[sheet_id].add(*row)
        made = [
            tables[sheet_id].sheet(group, measures, tree)
            for sheet_id, (group, _shape) in stored.sheets.items()
        ]
        self.sheets: list[SheetCells] = sorted(made, key=lambda each: _group_rank(each.group))

    def ordered(self, kind: str | None = None) -> Iterator[Cell]:
        """Every cell (``kind`` "scale" or "item": only those) in the files' order."""
        for sheet in self.sheets:
            for entry in sheet.entries(kind):
                yield from sheet.cells(entry)

    def measures(self, kind: str | None = None) -> Iterator[tuple[SheetCells, Entry]]:
        for sheet in self.sheets:
            for entry in sheet.entries(kind):
                yield sheet, entry

    def count(self) -> int:
        return sum(int(np.count_nonzero(sheet.n)) for sheet in self.sheets)


class _Tables:
    """A sheet's rows decoded into numpy tables as they are read."""

    def __init__(self, shape: Layout, size: int) -> None:
        self.shape = shape
        self.keys: list[tuple[str, int, str]] = []
        self.n = np.zeros((size, len(shape.measures)), dtype=np.int32)
        self.floats = np.zeros((size, shape.floats), dtype=FIGURE_TYPE)
        # Answer counts as stored (most rows): uint16; the few larger rows apart.
        self.counts = np.zeros((size, shape.options), dtype=SMALL)
        self.large: dict[int, np.ndarray] = {}

    def add(self, level, pk, band, n_bytes, figure_bytes, count_bytes) -> None:
        row = len(self.keys)
        self.n[row] = _numbers(n_bytes, len(self.shape.measures))
        if len(figure_bytes) != self.shape.floats * FIGURE_TYPE.itemsize:
            raise ValueError("a stored row does not fit its sheet's measures")
        self.floats[row] = np.frombuffer(figure_bytes, dtype=FIGURE_TYPE)
        options = self.shape.options
        if len(count_bytes) == options * SMALL.itemsize:
            self.counts[row] = np.frombuffer(count_bytes, dtype=SMALL)
        else:
            self.large[row] = _numbers(count_bytes, options)
        self.keys.append((level, pk, band))

    def sheet(self, group: str, measures, tree: Tree) -> SheetCells:
        known = measures.get(group, Measures(None))
        ranked = sorted(
            [*self.shape.scales, *self.shape.items],
            key=lambda entry: known.rank(entry[1].scale, entry[1].item),
        )
        keys, used = self.keys, len(self.keys)
        order = sorted(
            range(used),
            key=lambda row: (
                LEVELS.index(keys[row][0]),
                tree.name(keys[row][0], keys[row][1]),
                keys[row][1],
                keys[row][2],
            ),
        )
        return SheetCells(
            group, self.shape, ranked, [keys[row] for row in order],
            np.asarray(order, dtype=np.int64), self.n[:used], self.floats[:used],
            self.counts[:used], self.large,
        )  # fmt: skip
