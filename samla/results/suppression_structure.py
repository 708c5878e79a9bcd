"""The shared shape of one layer's cells for :mod:`suppression`: the cells, their
relations (a total and its parts) and the families in which the relations are checked
together (:class:`Family`, :class:`Structure`).

Pure (numpy, no Django)."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np

from .anonymity import Relation

__all__ = ["Family", "Structure"]


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
