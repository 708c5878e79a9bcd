"""The anonymity rules of :mod:`anonymity`, applied to every measure of a layer at once.

Pure (numpy, no Django). :func:`anonymity.suppress` decides one layer — one index or item —
at a time with dictionaries and a work queue; that is the reference, and the place where
the rules are explained. The results build has about 70 measures per respondent group and
tens of thousands of cells per measure, and every measure has the *same* cells and the same
relations between them: only the counts differ. This module keeps that shared structure as
arrays (:class:`Structure`) and runs the rules over a matrix of counts, cells × measures, in
one go (:func:`suppress_matrix`). The rules are the same:

1. empty cells are never hidden; 2. a cell with ``0 < n < t`` is hidden;
3. a relation's remainder is known when 0 and unknown otherwise;
4. a shown total minus its shown parts holds 0 or at least ``t`` people;
5. no lone unknown (one hidden part and a zero remainder; a hidden total that is the sum of
   its shown parts); 6. an exact audit of the zero-remainder relations (Gauss–Jordan,
   :func:`anonymity._determined`) hides a complement for any hidden cell they still fix.

Complements are chosen as in the reference (the smallest shown non-empty part, ties to the
lower cell index; the total when every part is hidden or empty), and one group under two
names is hidden under both at once. What differs is the order: relations come in
*families* (:class:`Family`), each a batch in which no cell occurs twice, so the relations
of a family can be checked together without changing each other. Families are checked in
the order given (lowest totals first); a family is checked again whenever one of its cells
is hidden, the lowest such family first. The result satisfies rules 4–6 in every relation
of every measure, which is what the attacker tests in ``tests/results`` check; it may hide
a cell more or less than the reference would, since two relations of one family that fail
together each take a complement of their own."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np

from .anonymity import DEFAULT_MIN_ANSWERS, DEFAULT_THRESHOLD, Relation, _determined

__all__ = ["Family", "Structure", "protect_figures", "suppress_matrix"]

_FREE = np.iinfo(np.int64).max


@dataclass(frozen=True)
class Family:
    """Relations ``total = parts + remainder`` of which no two share a cell.

    ``totals[r]`` is relation ``r``'s total; its parts are ``parts[ptr[r]:ptr[r + 1]]``.
    """

    totals: np.ndarray
    ptr: np.ndarray
    parts: np.ndarray

    @classmethod
    def of(cls, relations: Sequence[tuple[int, Sequence[int]]]) -> Family:
        """A family from ``(total, parts)`` pairs of cell indices."""
        totals = np.asarray([total for total, _parts in relations], dtype=np.int64)
        lengths = np.asarray([len(parts) for _total, parts in relations], dtype=np.int64)
        ptr = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
        parts = np.fromiter(
            (part for _total, each in relations for part in each), dtype=np.int64, count=ptr[-1]
        )
        return cls(totals, ptr, parts)

    @property
    def size(self) -> int:
        return int(self.totals.shape[0])

    @property
    def lengths(self) -> np.ndarray:
        return np.diff(self.ptr)


def _gather(family: Family, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The parts of ``rows`` laid end to end, and where each row's parts start."""
    lengths = family.ptr[rows + 1] - family.ptr[rows]
    starts = np.zeros(rows.shape[0], dtype=np.int64)
    np.cumsum(lengths[:-1], out=starts[1:])
    offsets = np.repeat(family.ptr[rows] - starts, lengths) + np.arange(int(lengths.sum()))
    return family.parts[offsets], starts


class Structure:
    """The cells and relations that every measure of a layer shares.

    ``families`` are checked in the order given: put the relations with the lowest totals
    first (a class's unit band before the unit, a unit before its owner). Relations without
    parts are dropped (they cannot give anything away). Raises ``ValueError`` when a family
    lists a cell twice or names a cell outside ``0..cells − 1``."""

    def __init__(self, cells: int, families: Sequence[Family]) -> None:
        self.cells = cells
        kept = []
        for family in families:
            keep = np.flatnonzero(family.lengths > 0)
            if keep.size < family.size:
                parts, _starts = _gather(family, keep)
                ptr = np.concatenate([[0], np.cumsum(family.lengths[keep])]).astype(np.int64)
                family = Family(family.totals[keep], ptr, parts)
            if family.size:
                kept.append(family)
        self.families = kept
        self.offsets = np.cumsum([0] + [f.size for f in kept]).astype(np.int64)
        owners, relations = [], []
        for index, family in enumerate(kept):
            members = np.concatenate([family.totals, family.parts])
            if members.size and (members.min() < 0 or members.max() >= cells):
                raise ValueError("a relation names a cell that is not in the layer")
            if members.size and np.bincount(members).max() > 1:
                raise ValueError(f"family {index} lists a cell in two places")
            local = np.concatenate(
                [np.arange(family.size), np.repeat(np.arange(family.size), family.lengths)]
            )
            owners.append(members)
            relations.append(local + self.offsets[index])
        member = np.concatenate(owners) if owners else np.zeros(0, np.int64)
        relation = np.concatenate(relations) if relations else np.zeros(0, np.int64)
        order = np.argsort(member, kind="stable")
        # Incidence: the relations (global ids) each cell takes part in, as total or part.
        self.incidence = relation[order]
        self.incidence_ptr = np.zeros(cells + 1, dtype=np.int64)
        np.cumsum(np.bincount(member, minlength=cells), out=self.incidence_ptr[1:])
        self.family_of = np.repeat(np.arange(len(kept)), [f.size for f in kept])
        # Every relation in one table (global ids), for the audit.
        empty = np.zeros(0, dtype=np.int64)
        self.totals = np.concatenate([f.totals for f in kept]) if kept else empty
        lengths = np.concatenate([f.lengths for f in kept]) if kept else empty
        self.ptr = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
        self.parts = np.concatenate([f.parts for f in kept]) if kept else empty
        self._lower: tuple[np.ndarray, np.ndarray] | None = None

    @property
    def relations(self) -> int:
        return int(self.offsets[-1])

    def relation(self, index: int) -> tuple[int, np.ndarray]:
        """Relation ``index`` (global id) as (total, parts)."""
        family = self.families[int(self.family_of[index])]
        local = index - int(self.offsets[self.family_of[index]])
        return int(family.totals[local]), family.parts[family.ptr[local] : family.ptr[local + 1]]

    def touching(self, cells: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each cell given, the relations it takes part in: (position in ``cells``,
        relation id) pairs."""
        lengths = self.incidence_ptr[cells + 1] - self.incidence_ptr[cells]
        which = np.repeat(np.arange(cells.shape[0]), lengths)
        starts = np.zeros(cells.shape[0], dtype=np.int64)
        np.cumsum(lengths[:-1], out=starts[1:])
        offsets = np.repeat(self.incidence_ptr[cells] - starts, lengths) + np.arange(
            int(lengths.sum())
        )
        return which, self.incidence[offsets]

    def lower_neighbours(self, relations: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each relation given, the relations of lower families that share a cell with
        it: (position in ``relations``, relation id) pairs."""
        if self._lower is None:
            every = np.arange(self.relations)
            which, cells, _signs = self.members(every)
            at, other = self.touching(cells)
            pairs = np.stack([which[at], other], axis=1)
            pairs = pairs[self.family_of[pairs[:, 1]] < self.family_of[pairs[:, 0]]]
            keys = np.unique(pairs[:, 0] * max(self.relations, 1) + pairs[:, 1])
            owner, other = keys // max(self.relations, 1), keys % max(self.relations, 1)
            ptr = np.zeros(self.relations + 1, dtype=np.int64)
            np.cumsum(np.bincount(owner, minlength=self.relations), out=ptr[1:])
            self._lower = (ptr, other)
        ptr, other = self._lower
        lengths = ptr[relations + 1] - ptr[relations]
        starts = np.zeros(relations.shape[0], dtype=np.int64)
        np.cumsum(lengths[:-1], out=starts[1:])
        offsets = np.repeat(ptr[relations] - starts, lengths) + np.arange(int(lengths.sum()))
        return np.repeat(np.arange(relations.shape[0]), lengths), other[offsets]

    def members(self, relations: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The cells of the given relations: (position in ``relations``, cell, +1 for the
        total and −1 for a part)."""
        lengths = self.ptr[relations + 1] - self.ptr[relations]
        starts = np.zeros(relations.shape[0], dtype=np.int64)
        np.cumsum(lengths[:-1], out=starts[1:])
        offsets = np.repeat(self.ptr[relations] - starts, lengths) + np.arange(int(lengths.sum()))
        which = np.concatenate(
            [np.arange(relations.shape[0]), np.repeat(np.arange(relations.shape[0]), lengths)]
        )
        cells = np.concatenate([self.totals[relations], self.parts[offsets]])
        signs = np.concatenate(
            [np.ones(relations.shape[0], np.int64), -np.ones(offsets.shape[0], np.int64)]
        )
        return which, cells, signs

    @classmethod
    def from_relations(
        cls, keys: Sequence[Hashable], relations: Sequence[Relation]
    ) -> tuple[Structure, dict[Hashable, int]]:
        """A structure for any relations over named cells (``keys`` in tie-breaking order;
        names only in relations are appended): families by height of the total and then in
        the order given, each split so that no cell occurs twice in it. Returns the
        structure and each name's index."""
        index: dict[Hashable, int] = {}
        for key in [*keys, *(k for r in relations for k in (r.total, *r.parts))]:
            index.setdefault(key, len(index))
        defined: dict[int, list[tuple[int, tuple[int, ...]]]] = {}
        numbered = [(index[r.total], tuple(index[p] for p in r.parts)) for r in relations]
        for total, parts in numbered:
            defined.setdefault(total, []).append((total, parts))
        height: dict[int, int] = {}

        def height_of(cell: int, path: frozenset[int]) -> int:
            if cell in height:
                return height[cell]
            below = [
                height_of(part, path | {cell})
                for _total, parts in defined.get(cell, ())
                for part in parts
                if part not in path
            ]
            height[cell] = 1 + max(below, default=-1) if cell in defined else 0
            return height[cell]

        # In order of height, then as given; a relation that shares a cell with the batch
        # being filled starts the next one, so the order given is kept.
        batches: list[tuple[set[int], list[tuple[int, tuple[int, ...]]]]] = []
        ordered = sorted((r for r in numbered if r[1]), key=lambda r: height_of(r[0], frozenset()))
        level = None
        for total, parts in ordered:
            members = {total, *parts}
            if batches and height[total] == level and not batches[-1][0] & members:
                batches[-1][0].update(members)
                batches[-1][1].append((total, parts))
            else:
                batches.append((members, [(total, parts)]))
                level = height[total]
        families = [Family.of(batch) for _used, batch in batches]
        return cls(len(index), families), index


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


def suppress_matrix(
    structure: Structure,
    n: np.ndarray,
    threshold: int = DEFAULT_THRESHOLD,
    hidden: np.ndarray | None = None,
) -> np.ndarray:
    """Which cells of each measure must not be published: a boolean matrix shaped like
    ``n`` (cells × measures, respondents per cell). ``hidden``: cells hidden from the start
    whatever their n (empty cells excepted), as if they were small. Raises ``ValueError``
    for a negative n, a threshold below 1, a matrix that does not fit the structure, or
    parts that add up to more than their total."""
    counts = _checked(structure, n, threshold)
    if hidden is not None and np.shape(hidden) != counts.shape:
        raise ValueError("hidden must be shaped like n")
    run = _Run(structure, counts, threshold, hidden)
    run.finish()
    return run.hidden


def _checked(structure: Structure, n: np.ndarray, *thresholds: int) -> np.ndarray:
    for threshold in thresholds:
        if not isinstance(threshold, int) or threshold < 1:
            raise ValueError(f"threshold must be a whole number from 1, not {threshold!r}")
    counts = np.asarray(n, dtype=np.int64)
    if counts.ndim != 2 or counts.shape[0] != structure.cells:
        raise ValueError(f"n has one row per cell ({structure.cells}) and one column a measure")
    if (counts < 0).any():
        raise ValueError("a cell has a negative n")
    return counts


def protect_figures(
    structure: Structure,
    n: np.ndarray,
    item_counts: Sequence[np.ndarray],
    index_items: Sequence[Sequence[int]],
    threshold: int = DEFAULT_THRESHOLD,
    min_answers: int = DEFAULT_MIN_ANSWERS,
) -> tuple[np.ndarray, np.ndarray]:
    """Every publication decision of one layer set: ``(hidden, blank)``, both shaped like
    ``n`` (cells × measures: the indices first, then the items, one ``item_counts`` block
    of cells × options per item). ``index_items[s]`` lists the item positions (0-based,
    among the items) that index ``s`` is scored from.

    ``hidden``: the cell is not published at all (the rules above on n, ``threshold``).
    ``blank``: the cell's n may be shown but no other figure of it — for an item no mean,
    SD, lowest-band share or answer count, for an index no mean, SD, score or share.
    ``blank`` includes ``hidden``. The rules (``docs/privacy.md``):

    - an item's answer distribution is published whole or not at all: a cell where an
      option was chosen by 1 to ``min_answers − 1`` people is blank, and so its mean, SD
      and share, which are worked out from the same counts;
    - the blank cells of a measure obey rules 4–6 above as hidden cells do, with
      ``min_answers`` as threshold: the sums (and so every answer count) of blank cells
      obey the same relations as their n, so a blank cell must not be its total minus
      shown parts, nor follow from a chain of them (complements are blanked, not hidden);
    - an index's mean is (for those who answer all its items) the mean of its items'
      means: where an index's figures are shown, none or at least two of its items are
      blank (a lone blank item gets the item with the fewest answers beside it; an index of
      one item is blanked with it).

    Repeats until nothing changes: a complement may start the other rule again.

    One run does it all: the first pass's result is a fixed point of rules 4–6 at
    ``min_answers`` too (a remainder outside ``1..threshold − 1`` is outside
    ``1..min_answers − 1``), so blanking goes on from it — only the relations of the cells
    blanked since are checked again and only their systems solved — and gives what a fresh
    run from those cells would (measures never affect each other)."""
    counts_n = _checked(structure, n, threshold, min_answers)
    run = _Run(structure, counts_n, threshold)
    run.finish()
    hidden = run.hidden.copy()
    run.t = min_answers
    scales = n.shape[1] - len(item_counts)
    start = np.zeros(counts_n.shape, dtype=bool)
    for offset, counts in enumerate(item_counts):
        small = (counts > 0) & (counts < min_answers)
        start[:, scales + offset] = small.any(axis=1)
    while True:
        cells, measures = np.nonzero(start & ~run.hidden & (counts_n > 0))
        if not cells.size:
            return hidden, run.hidden.copy()
        run.hide(cells.astype(np.int64), measures.astype(np.int64))
        run.finish()
        start = _lone_items(run.hidden, counts_n, scales, index_items)


def _lone_items(
    blank: np.ndarray, n: np.ndarray, scales: int, index_items: Sequence[Sequence[int]]
) -> np.ndarray:
    """The cells to blank so that no shown index has exactly one blank item: the item with
    the fewest answers beside the lone one, or the index when there is none. Indices are
    taken in turn, each seeing what the ones before it blanked."""
    work = blank.copy()
    for index, items in enumerate(index_items):
        if not len(items):
            continue
        columns = scales + np.asarray(items, dtype=np.int64)
        shown = ~work[:, index] & (n[:, index] > 0)
        rows = np.flatnonzero(shown & (work[:, columns].sum(axis=1) == 1))
        if not rows.size:
            continue
        if columns.size == 1:
            work[rows, index] = True
            continue
        sizes = np.where(
            work[np.ix_(rows, columns)] | (n[np.ix_(rows, columns)] == 0),
            np.iinfo(np.int64).max,
            n[np.ix_(rows, columns)],
        )
        pick = sizes.argmin(axis=1)
        usable = sizes[np.arange(rows.size), pick] != np.iinfo(np.int64).max
        work[rows[~usable], index] = True  # no second item to blank: the index goes
        work[rows[usable], columns[pick[usable]]] = True
    return work & ~blank
