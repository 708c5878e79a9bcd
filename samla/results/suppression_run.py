"""The work of one :func:`suppression.suppress_matrix` call (:class:`_Run`): the rules
applied family by family over a matrix of counts, cells × measures, until every relation
of every measure holds, with the exact audit of the zero-remainder relations.

Pure (numpy, no Django)."""

from __future__ import annotations

import numpy as np

from .audit import _determined
from .suppression_structure import Structure, _gather

_FREE = np.iinfo(np.int64).max


class _Run:
    """The state of one :func:`suppress_matrix` call."""

    def __init__(
        self, structure: Structure, n: np.ndarray, t: int, hidden: np.ndarray | None = None
    ) -> None:
        self.s = structure
        self.t = t
        self.n = n
        self.measures = n.shape[1]
        self.hidden = (n > 0) & (n < t)
        self.remainder = np.zeros((structure.relations, self.measures), dtype=np.int64)
        self.dirty = np.ones(structure.relations, dtype=bool)
        alias_a, alias_b, alias_m = [], [], []
        for index, family in enumerate(structure.families):
            part_n = n[family.parts]
            sums = np.add.reduceat(part_n, family.ptr[:-1], axis=0)
            rest = n[family.totals] - sums
            if (rest < 0).any():
                raise ValueError("the parts of a relation add up to more than its total")
            self.remainder[structure.offsets[index] : structure.offsets[index + 1]] = rest
            # One group under two names: a zero remainder and a single non-empty part.
            filled = part_n > 0
            count = np.add.reduceat(filled, family.ptr[:-1], axis=0)
            marked = np.where(filled, family.parts[:, None] + 1, 0)
            which = np.maximum.reduceat(marked, family.ptr[:-1], axis=0) - 1
            same = (rest == 0) & (count == 1) & (n[family.totals] > 0)
            rows, columns = np.nonzero(same)
            alias_a.append(family.totals[rows])
            alias_b.append(which[rows, columns])
            alias_m.append(columns)
        empty = np.zeros(0, dtype=np.int64)
        self.alias_a = np.concatenate(alias_a) if alias_a else empty
        self.alias_b = np.concatenate(alias_b) if alias_b else empty
        self.alias_m = np.concatenate(alias_m) if alias_m else empty
        self.unaudited = self.hidden.copy()
        self._solved: dict[int, list[int]] = {}
        if hidden is not None:  # hidden from the start, with their other names
            cells, measures = np.nonzero(hidden & (n > 0) & ~self.hidden)
            if cells.size:
                self.hide(cells.astype(np.int64), measures.astype(np.int64))

    # --- hiding ---------------------------------------------------------------------------

    def hide(self, cells: np.ndarray, measures: np.ndarray) -> None:
        """Hide (cell, measure) pairs and every other name of the same group; mark their
        relations for another check and their measures for another audit."""
        fresh = ~self.hidden[cells, measures]
        cells, measures = cells[fresh], measures[fresh]
        self.hidden[cells, measures] = True
        new_cells, new_measures = [cells], [measures]
        if self.alias_a.size:
            a, b, m = self.alias_a, self.alias_b, self.alias_m
            while True:
                spread = self.hidden[a, m] != self.hidden[b, m]
                if not spread.any():
                    break
                targets = np.where(self.hidden[a, m], b, a)[spread]
                self.hidden[targets, m[spread]] = True
                new_cells.append(targets)
                new_measures.append(m[spread])
        cells, measures = np.concatenate(new_cells), np.concatenate(new_measures)
        self.unaudited[cells, measures] = True
        _which, relations = self.s.touching(_distinct(cells, self.s.cells))
        self.dirty[relations] = True

    # --- rules 4 and 5, family by family ------------------------------------------------

    def check(self, index: int) -> None:
        family = self.s.families[index]
        start, end = self.s.offsets[index], self.s.offsets[index + 1]
        rows = np.flatnonzero(self.dirty[start:end])
        self.dirty[start + rows] = False
        parts, starts = _gather(family, rows)
        totals = family.totals[rows]
        part_n = self.n[parts]
        part_hidden = self.hidden[parts]
        hidden_count = np.add.reduceat(part_hidden, starts, axis=0)
        hidden_n = np.add.reduceat(np.where(part_hidden, part_n, 0), starts, axis=0)
        shown = ~part_hidden & (part_n > 0)
        key = np.where(shown, part_n * self.s.cells + parts[:, None], _FREE)
        smallest = np.minimum.reduceat(key, starts, axis=0)
        rest = self.remainder[start + rows]
        total_hidden = self.hidden[totals]
        has_part = smallest != _FREE
        unknown = rest + hidden_n
        lone = (rest == 0) & (hidden_count == 1)
        faults = np.where(
            total_hidden,
            (rest == 0) & (hidden_count == 0) & has_part,
            lone | ((unknown > 0) & (unknown < self.t)),
        )
        found, measures = np.nonzero(faults)
        if not found.size:
            return
        chosen = smallest[found, measures]
        targets = np.where(chosen != _FREE, chosen % self.s.cells, totals[found])
        if found.size > 1:
            now = self._first_in_zone(index, start + rows[found], targets, measures)
            self.dirty[start + rows[found[~now]]] = True  # to be checked again
            targets, measures = targets[now], measures[now]
        self.hide(targets, measures)

    def _first_in_zone(
        self, index: int, relations: np.ndarray, targets: np.ndarray, measures: np.ndarray
    ) -> np.ndarray:
        """Which of a family's faults (in relation order) to act on now.

        Hiding a complement can settle another relation of the family through a lower
        relation checked before this family comes round again: a unit's band hidden for the
        owner's band relation hides the unit's other band (unit = its bands), which may be
        just what the owner's other band relation needed. So a fault waits (stays dirty)
        while an earlier fault of the same measure hid a cell of a lower relation that
        shares a cell with the waiting fault's relation — as the reference, one relation at
        a time, would have seen it."""
        width = self.measures
        which, touched = self.s.touching(targets)
        lower = self.s.family_of[touched] < index
        if not lower.any():
            return np.ones(targets.size, dtype=bool)
        which, touched = which[lower], touched[lower]
        keys = touched * width + measures[which]
        order = np.lexsort((which, keys))
        keys, which = keys[order], which[order]
        first = np.concatenate([[True], keys[1:] != keys[:-1]])
        reached, earliest = keys[first], which[first]
        fault, neighbours = self.s.lower_neighbours(relations)
        own = neighbours * width + measures[fault]
        at = np.minimum(np.searchsorted(reached, own), reached.size - 1)
        waits = (reached[at] == own) & (earliest[at] < fault)
        now = np.ones(targets.size, dtype=bool)
        now[fault[waits]] = False
        return now

    def finish(self) -> None:
        """Check and audit until nothing more is hidden."""
        while True:
            self.settle()
            if not self.audit():
                return

    def settle(self) -> None:
        """Check dirty families, lowest first, until none is dirty."""
        while True:
            dirty = np.flatnonzero(self.dirty)
            if not dirty.size:
                return
            self.check(int(self.s.family_of[dirty[0]]))

    # --- rule 6 -----------------------------------------------------------------------

    def audit(self) -> bool:
        """Hide complements for hidden cells that the exact relations still fix; True if
        any was hidden. Only the relations linked to a cell hidden since the last audit of
        its measure are solved again."""
        measures = np.flatnonzero(self.unaudited.any(axis=0))
        cells_out, measures_out = [], []
        for measure in measures:
            chosen = self._audit_measure(int(measure))
            cells_out += chosen
            measures_out += [int(measure)] * len(chosen)
        self.unaudited[:] = False
        if not cells_out:
            return False
        self.hide(np.asarray(cells_out, dtype=np.int64), np.asarray(measures_out, dtype=np.int64))
        return True

    def _exact(self, cell: int, measure: int) -> list[int]:
        start, end = self.s.incidence_ptr[cell], self.s.incidence_ptr[cell + 1]
        relations = self.s.incidence[start:end]
        return [int(r) for r in relations[self.remainder[relations, measure] == 0]]

    def _linked(self, measure: int, hidden: np.ndarray) -> np.ndarray:
        """The zero-remainder relations linked by hidden cells to a cell hidden since the
        last audit of the measure (their equations are the ones to solve again)."""
        frontier = np.flatnonzero(self.unaudited[:, measure] & hidden)
        reached = np.zeros(self.s.cells, dtype=bool)
        reached[frontier] = True
        taken = np.zeros(self.s.relations, dtype=bool)
        found = []
        while frontier.size:
            _which, relations = self.s.touching(frontier)
            relations = _distinct(relations, self.s.relations)
            relations = relations[(self.remainder[relations, measure] == 0) & ~taken[relations]]
            if not relations.size:
                break
            taken[relations] = True
            found.append(relations)
            _which, cells, _signs = self.s.members(relations)
            cells = _distinct(cells[hidden[cells]], self.s.cells)
            frontier = cells[~reached[cells]]
            reached[frontier] = True
        return np.concatenate(found) if found else np.zeros(0, dtype=np.int64)

    def _audit_measure(self, measure: int) -> list[int]:
        hidden = self.hidden[:, measure]
        relations = self._linked(measure, hidden)
        if not relations.size:
            return []
        which, cells, signs = self.s.members(relations)
        keep = hidden[cells]
        which, cells, signs = which[keep], cells[keep], signs[keep]
        determined: list[int] = []
        order, starts = _components(which, cells, relations.shape[0])
        # A system whose rows and cells form a tree, each row with two cells or more, fixes
        # no cell (peel the rows with a cell of their own off, from the leaves in): most
        # do, and need no solving.
        component = np.empty(order.shape[0], dtype=np.int64)
        component[order] = np.repeat(np.arange(starts.shape[0]), np.diff([*starts, order.size]))
        count = starts.shape[0]
        entries = np.bincount(component, minlength=count)
        row_size = np.bincount(which, minlength=relations.shape[0])
        row_component = np.full(relations.shape[0], -1, dtype=np.int64)
        row_component[which] = component
        used = row_component >= 0
        rows_in = np.bincount(row_component[used], minlength=count)
        smallest_row = np.full(count, np.iinfo(np.int64).max, dtype=np.int64)
        np.minimum.at(smallest_row, row_component[used], row_size[used])
        # A cell's entries all lie in one system.
        system_of = np.full(self.s.cells, -1, dtype=np.int64)
        system_of[cells] = component
        cells_in = np.bincount(system_of[system_of >= 0], minlength=count)
        tree = (entries == rows_in + cells_in - 1) & (smallest_row >= 2)
        kept = _without_free_rows(which, cells, relations.shape[0])
        mixed = _mix(relations[which], cells, signs)[order]
        with np.errstate(over="ignore"):
            keys = np.add.reduceat(mixed, starts).tolist()
        ends = [*starts[1:].tolist(), order.shape[0]]
        for key, start, end, simple in zip(keys, starts.tolist(), ends, tree.tolist(), strict=True):
            if simple:
                continue
            if key not in self._solved:
                component = order[start:end]
                component = component[kept[which[component]]]
                rows_of, cells_of, signs_of = which[component], cells[component], signs[component]
                rows: dict[int, dict[int, int]] = {}
                for row, cell, sign in zip(
                    rows_of.tolist(), cells_of.tolist(), signs_of.tolist(), strict=True
                ):
                    rows.setdefault(row, {})[cell] = sign
                self._solved[key] = sorted(_determined(list(rows.values()), _Identity()))
            determined += self._solved[key]
        chosen: list[int] = []
        touched: set[int] = set()
        for key in sorted(determined):
            tight = self._exact(key, measure)
            if any(r in touched for r in tight):
                continue
            if not chosen:
                hidden = hidden.copy()
            complement = self._complement_around(key, tight, measure, hidden)
            chosen.append(complement)
            hidden[complement] = True  # later choices see this one
            touched.update(tight)
            touched.update(self._exact(complement, measure))
        return chosen

    def _smallest(self, cells: list[int], measure: int, hidden: np.ndarray) -> int | None:
        candidates = [c for c in cells if not hidden[c] and self.n[c, measure] > 0]
        if not candidates:
            return None
        return min(candidates, key=lambda c: (int(self.n[c, measure]), c))

    def _complement_around(
        self, key: int, tight: list[int], measure: int, hidden: np.ndarray
    ) -> int:
        """A shown cell sharing an exact relation with ``key``, searched outwards from it."""
        relations = [self.s.relation(r) for r in tight]
        choice = self._smallest([int(p) for _t, parts in relations for p in parts], measure, hidden)
        if choice is None:
            choice = self._smallest([t for t, _parts in relations], measure, hidden)
        seen, frontier = {key}, [key]
        while choice is None and frontier:
            nearby: list[int] = []
            for cell in frontier:
                for relation in self._exact(cell, measure):
                    total, parts = self.s.relation(relation)
                    nearby.extend(c for c in (total, *map(int, parts)) if c not in seen)
            seen.update(nearby)
            choice = self._smallest(nearby, measure, hidden)
            frontier = [c for c in nearby if hidden[c]]
        if choice is None:  # pragma: no cover - consistent counts always leave one
            raise AssertionError(f"no shown cell protects cell {key}")
        return choice


def _distinct(values: np.ndarray, size: int) -> np.ndarray:
    """The distinct values (from ``0..size − 1``), ascending: ``np.unique`` by marking."""
    seen = np.zeros(size, dtype=bool)
    seen[values] = True
    return np.flatnonzero(seen)


def _without_free_rows(rows: np.ndarray, cells: np.ndarray, count: int) -> np.ndarray:
    """Which of ``count`` equations are left after taking off, again and again, those that
    hold two cells or more that no other remaining equation holds; the cells they fix are
    the cells the whole system fixes.

    A combination of the equations that is a single cell cannot use such an equation: it
    would hold both of those cells. So taking one off changes for no other cell whether it
    is fixed, and its own cells are fixed by no combination at all."""
    alive = np.ones(count, dtype=bool)
    size = int(cells.max()) + 1 if cells.size else 0
    while True:
        live = alive[rows]
        holders = np.bincount(cells[live], minlength=size)
        own = np.bincount(rows[live & (holders[cells] == 1)], minlength=count)
        free = alive & (own >= 2)
        if not free.any():
            return alive
        alive &= ~free


def _mix(relations: np.ndarray, cells: np.ndarray, signs: np.ndarray) -> np.ndarray:
    """Each equation entry (relation, hidden cell, sign) mixed into 64 bits (splitmix64).
    Added up (modulo 2⁶⁴) over a system, they fingerprint it whatever the order of its
    entries: the same system in another measure gets the same fingerprint and is solved
    once."""
    with np.errstate(over="ignore"):
        z = (
            (relations.astype(np.uint64) << np.uint64(32))
            ^ (cells.astype(np.uint64) << np.uint64(1))
            ^ (signs > 0).astype(np.uint64)
        )
        z = z + np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def _components(rows: np.ndarray, cells: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
    """The entries (row, cell) grouped by connected system — rows sharing a cell belong
    together — as an order of the entries and where each system starts in it. Label
    propagation over the rows, the lowest cell label winning."""
    label = cells.copy()
    size = int(cells.max()) + 1
    while True:
        best = np.full(count, np.iinfo(np.int64).max, dtype=np.int64)
        np.minimum.at(best, rows, label)
        per_cell = np.full(size, np.iinfo(np.int64).max, dtype=np.int64)
        np.minimum.at(per_cell, cells, best[rows])
        updated = per_cell[cells]
        if (updated == label).all():
            break
        label = updated
    order = np.argsort(label, kind="stable")
    ordered = label[order]
    starts = np.flatnonzero(np.concatenate([[True], ordered[1:] != ordered[:-1]]))
    return order, starts


class _Identity:
    """Cell indices are their own tie-breaking positions."""

    def __getitem__(self, key: int) -> int:
        return key
