"""Which result figures may be published: the anonymity rules, applied once per layer.

Pure Python on purpose (no Django): the results build calls :func:`suppress` once per *layer*
(round × respondent group × scale or item) with every node cell of that layer and the additive
relations between them, and stores only what is shown. Pages, PDF, Excel and JSON read those
stored rows, so every output obeys the same rules and none can leak a hidden value.

The model
---------
A *cell* is any published figure, named by a hashable key (node × cut), with ``n`` respondents;
scales also carry a sum of values, so the mean is sum / n. A :class:`Relation` says
``total = parts + remainder``: a programme is its regions, a region its owners, an owner its
units, a unit its classes plus the respondents without a class, a unit's grade-band cell the
classes in that band. Overlapping cuts are just more relations over the same cells. The
remainder is ``n(total) − Σ n(parts)``; it is never published.

The rules (``t`` is the programme's threshold, 7 by default)
-------------------------------------------------------------
1. **Empty cells** (``n == 0``) are never hidden: the page says "no respondents". A group with
   nobody in it tells nothing about anybody, and everyone may treat its zero as known.
2. **Primary:** every cell with ``0 < n < t`` is hidden.
3. **Remainder:** a relation's remainder counts as *known* when it is 0 (the parts add up to
   the total exactly) and *unknown* otherwise. A remainder that is published as a figure of its
   own must be given as a part (a cell), never left as a remainder. An unknown remainder appears
   in its relation only, so that relation pins no single cell on its own.
4. **Difference groups:** when a total is shown, ``total − shown parts`` is the aggregate (n and
   sum, hence mean) of the people in the hidden parts plus the remainder. That group must be
   empty or hold at least ``t`` people. This protects "a unit's total minus its classes" when a
   few respondents have no class, and two small classes hidden together.
5. **No lone unknown:** a shown total with a zero remainder and exactly one hidden part would
   give that part away; a hidden total whose parts are all shown and whose remainder is zero
   would be their sum. Both get a complementary cell hidden.
6. **Exact audit:** when rules 4–5 hold everywhere, the relations with a zero remainder are
   solved together in exact integer arithmetic (Gauss–Jordan over the hidden cells). A hidden
   cell the system still determines — a chain through several relations, e.g. grade bands cut
   across units — gets a complementary cell, and rules 4–6 run again.

Complementary cells are chosen deterministically: the smallest shown non-empty part of the
relation at fault, ties going to the cell listed first in ``cells``; the total only when every
part is hidden or empty. Two names for one group (an owner with a single unit, a unit with a
single grade band) are hidden together. Relations are checked lowest totals first (a class's
before its unit's, a unit's before its owner's) and again whenever one of their cells is
hidden, so a complement found high up never undoes a check below it.

Why this is safe: n and the sum of values obey the *same* relations with the same hidden cells
and the same known remainders (a remainder with no people has sum 0), so their systems have
the same matrix and differ only in the right-hand side. A hidden cell that the shown figures
do not determine has neither its n nor its sum determined, so its mean cannot be worked back
either. The tests play the attacker on random hierarchies with grade bands at every level,
random remainders and arbitrary overlapping cuts: from the shown figures no hidden n or sum
follows (exact elimination, with a second solution exhibited for each hidden cell), and in a
plain hierarchy no group of 1 … t − 1 people has a total that follows either.

What this module does not cover: where two cuts cross at several levels (units × grade bands
within an owner and a region), a chain of relations can, rarely, give the total of a few
hidden cells from different nodes taken together (say the 5–7 pupils of two small schools
in different owners), though never any single hidden cell. Respondents outside every band of
a node are best given a cell of their own ("no band") so that those relations have no
remainder. The mean of a shown cell, with its n, can pin an answer distribution near the end
of the scale (n = 7, mean 1.14 on 1–5: six answered 1, one answered 2); the threshold is the
protection there. Layers (another scale, another round) are protected one by one, not against
each other, and ranges (a hidden value between two bounds) are not audited.
"""

from __future__ import annotations

import heapq
from collections.abc import Hashable, Iterable, Mapping, Sequence, Set
from dataclasses import dataclass
from typing import Generic, TypeVar

from samla.surveys import groups

from .audit import _determined

DEFAULT_THRESHOLD = 7
"""Smallest group whose results are shown (Øst-Finnmark's rule; programmes may choose)."""

DEFAULT_MIN_ANSWERS = 3
"""Smallest number of answers an answer option may show as a count in a distribution."""

STAFF_GROUPS = groups.STAFF_GROUPS
"""Respondent groups whose small unit cells roll up to the owner's figure."""

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True, slots=True)
class Relation(Generic[K]):
    """``total = sum of parts + remainder``, where the remainder is never published.

    ``parts`` must be disjoint groups of respondents inside ``total``. Give a published
    remainder (e.g. a "no class" cell) as a part instead.
    """

    total: K
    parts: tuple[K, ...]

    def __post_init__(self) -> None:
        parts = tuple(self.parts)
        object.__setattr__(self, "parts", parts)
        if len(set(parts)) != len(parts):
            raise ValueError(f"relation for {self.total!r} lists a part twice")
        if self.total in parts:
            raise ValueError(f"relation for {self.total!r} lists its total as a part")


def remainder(cells: Mapping[K, int], relation: Relation[K]) -> int:
    """The respondents in ``relation.total`` outside its parts (missing cells count as 0)."""
    return cells.get(relation.total, 0) - sum(cells.get(part, 0) for part in relation.parts)


def suppress(
    cells: Mapping[K, int],
    relations: Iterable[Relation[K]],
    threshold: int = DEFAULT_THRESHOLD,
) -> set[K]:
    """Return the keys of the cells that must not be published in this layer.

    ``cells`` maps each cell to its n (respondents); a key named in a relation but missing
    from ``cells`` is an empty cell (n = 0). Ties between candidate complements are broken by
    the order of ``cells``, so the same input always gives the same answer. Raises
    ``ValueError`` for a negative n, a threshold below 1, or parts that add up to more than
    their total.
    """
    return _Layer(cells, list(relations), threshold).run()


def rolled_up(
    parent: K,
    children: Iterable[K],
    cells: Mapping[K, int],
    hidden: Set[K],
) -> list[K]:
    """The children with respondents whose figures are hidden but counted in the parent's.

    For staff groups (:data:`STAFF_GROUPS`: one or two leaders per school) this is how small
    units roll up to the owner: the unit page says "see the owner's figure". Empty when the
    parent's own figure is hidden too (there is nothing to see there).
    """
    if parent in hidden or cells.get(parent, 0) == 0:
        return []
    return [child for child in children if child in hidden and cells.get(child, 0) > 0]


def is_staff_group(respondent_group: str) -> bool:
    """Whether small unit cells of this respondent group are expected to roll up to the owner."""
    return respondent_group in STAFF_GROUPS


@dataclass(slots=True)
class _Rel(Generic[K]):
    total: K
    parts: tuple[K, ...]
    remainder: int
    index: int


class _Layer(Generic[K]):
    """The state of one :func:`suppress` call."""

    def __init__(self, cells: Mapping[K, int], relations: Sequence[Relation[K]], t: int) -> None:
        if not isinstance(t, int) or t < 1:
            raise ValueError(f"threshold must be a whole number from 1, not {t!r}")
        self.t = t
        self.n: dict[K, int] = {}
        self.position: dict[K, int] = {}
        for key, n in cells.items():
            if n < 0:
                raise ValueError(f"cell {key!r} has a negative n ({n})")
            self.n[key] = n
            self.position[key] = len(self.position)
        self.relations: list[_Rel[K]] = []
        self.defined_by: dict[K, list[_Rel[K]]] = {}
        self.part_of: dict[K, list[_Rel[K]]] = {}
        for relation in relations:
            for key in (relation.total, *relation.parts):
                if key not in self.position:
                    self.n[key] = 0
                    self.position[key] = len(self.position)
            rest = remainder(self.n, relation)
            if rest < 0:
                raise ValueError(f"the parts of {relation.total!r} add up to more than its n")
            rel = _Rel(relation.total, relation.parts, rest, len(self.relations))
            self.relations.append(rel)
            self.defined_by.setdefault(rel.total, []).append(rel)
            for part in rel.parts:
                self.part_of.setdefault(part, []).append(rel)
        self.hidden: set[K] = {key for key, n in self.n.items() if 0 < n < t}
        self._height = self._heights()
        self._queue: list[tuple[int, int]] = []  # (height of total, relation index)
        self._queued: set[int] = set()
        self._unaudited: set[K] = set(self.hidden)
        self._aliases = self._same_groups()

    # --- the driver -------------------------------------------------------------------

    def run(self) -> set[K]:
        for rel in self.relations:
            self._enqueue(rel)
        while True:
            while self._queue:
                _, index = heapq.heappop(self._queue)
                self._queued.discard(index)
                self._check(self.relations[index])
            if not self._audit():
                return set(self.hidden)

    def _enqueue(self, rel: _Rel[K]) -> None:
        if rel.index not in self._queued:
            self._queued.add(rel.index)
            heapq.heappush(self._queue, (self._height[rel.total], rel.index))

    def _hide(self, key: K) -> None:
        for same in self._aliases.get(key, (key,)):
            self.hidden.add(same)
            self._unaudited.add(same)
            for rel in (*self.defined_by.get(same, ()), *self.part_of.get(same, ())):
                self._enqueue(rel)

    def _same_groups(self) -> dict[K, tuple[K, ...]]:
        """Cells that are one group under two names (an owner with one unit, a unit with
        one grade band): hiding one hides the others at once, before any complement is
        chosen for a relation whose total is about to be hidden anyway."""
        linked: dict[K, K] = {}

        def root(key: K) -> K:
            while (parent := linked.get(key, key)) != key:
                key = parent
            return key

        for rel in self.relations:
            filled = [part for part in rel.parts if self.n[part] > 0]
            if rel.remainder == 0 and len(filled) == 1 and self.n[rel.total] > 0:
                a, b = root(rel.total), root(filled[0])
                if a != b:
                    linked[b] = a
        groups: dict[K, list[K]] = {}
        for key in linked:
            groups.setdefault(root(key), [root(key)]).append(key)
        return {key: tuple(group) for group in groups.values() for key in group}

    def _smallest(self, keys: Iterable[K]) -> K | None:
        candidates = [key for key in keys if key not in self.hidden and self.n[key] > 0]
        if not candidates:
            return None
        return min(candidates, key=lambda key: (self.n[key], self.position[key]))

    # --- rules 4 and 5, lowest totals first ---------------------------------------------

    def _check(self, rel: _Rel[K]) -> None:
        """Hide a complement if ``rel`` gives a hidden cell or a small group away.

        Relations are checked lowest totals first, and again whenever one of their cells is
        hidden. That order is what makes one relation at a time enough in a hierarchy: a
        part hidden as a complement had its own relations checked while it was still
        shown, so working it out from below yields nothing smaller than ``t`` either.
        """
        hidden_parts = [part for part in rel.parts if part in self.hidden]
        if rel.total in self.hidden:
            if rel.remainder == 0 and not hidden_parts:  # the total = its shown parts
                complement = self._smallest(rel.parts)
                if complement is not None:
                    self._hide(complement)
            return
        unknown = rel.remainder + sum(self.n[part] for part in hidden_parts)
        lone = rel.remainder == 0 and len(hidden_parts) == 1
        if lone or 0 < unknown < self.t:
            # n(total) ≥ t, so a shown part is left unless the parts are all hidden
            complement = self._smallest(rel.parts)
            self._hide(rel.total if complement is None else complement)

    def _heights(self) -> dict[K, int]:
        """The longest chain of relations below each cell (0 for a class); cycles are cut."""
        heights: dict[K, int] = {}
        for start in self.n:
            if start in heights:
                continue
            stack: list[tuple[K, bool]] = [(start, False)]
            on_path: set[K] = set()
            while stack:
                key, done = stack.pop()
                if done:
                    on_path.discard(key)
                    heights[key] = 1 + max(
                        (heights.get(part, 0) for r in self.defined_by[key] for part in r.parts),
                        default=-1,
                    )
                    continue
                if key in heights or key in on_path:
                    continue
                if key not in self.defined_by:
                    heights[key] = 0
                    continue
                on_path.add(key)
                stack.append((key, True))
                for rel in self.defined_by[key]:
                    stack.extend((part, False) for part in rel.parts if part not in heights)
        return heights

    # --- rule 6: exact audit of the relations with a known remainder ------------------

    def _audit(self) -> bool:
        """Hide complements for hidden cells the shown figures determine; True if any.

        Only the exact relations linked (through hidden cells) to a cell hidden since the last
        audit are solved again: the others have the same equations as when found clean.
        """
        rows: list[dict[K, int]] = []
        seen_relations: set[int] = set()
        reached = set(self._unaudited)
        frontier = list(self._unaudited)
        self._unaudited = set()
        while frontier:  # every exact relation linked to a new hidden cell by hidden cells
            key = frontier.pop()
            for rel in (*self.defined_by.get(key, ()), *self.part_of.get(key, ())):
                if rel.remainder != 0 or rel.index in seen_relations:
                    continue
                seen_relations.add(rel.index)
                row = {part: -1 for part in rel.parts if part in self.hidden}
                if rel.total in self.hidden:
                    row[rel.total] = 1
                rows.append(row)
                frontier.extend(cell for cell in row if cell not in reached)
                reached.update(row)
        determined = _determined(rows, self.position)
        if not determined:
            return False
        touched: set[int] = set()
        for key in sorted(determined, key=self.position.__getitem__):
            tight = [
                rel
                for rel in (*self.defined_by.get(key, ()), *self.part_of.get(key, ()))
                if rel.remainder == 0
            ]
            if any(rel.index in touched for rel in tight):
                continue
            complement = self._complement_around(key, tight)
            self._hide(complement)
            touched.update(rel.index for rel in tight)
            touched.update(
                rel.index
                for rel in (*self.defined_by.get(complement, ()), *self.part_of.get(complement, ()))
            )
        return True

    def _complement_around(self, key: K, tight: list[_Rel[K]]) -> K:
        """A shown cell sharing an exact relation with ``key``, searched outwards from it."""
        choice = self._smallest(part for rel in tight for part in rel.parts)
        if choice is None:
            choice = self._smallest(rel.total for rel in tight)
        seen = {key}
        frontier = [key]
        while choice is None and frontier:
            nearby: list[K] = []
            for cell in frontier:
                for rel in (*self.defined_by.get(cell, ()), *self.part_of.get(cell, ())):
                    if rel.remainder == 0:
                        nearby.extend(k for k in (rel.total, *rel.parts) if k not in seen)
            seen.update(nearby)
            choice = self._smallest(nearby)
            frontier = [cell for cell in nearby if cell in self.hidden]
        if choice is None:  # pragma: no cover - consistent counts always leave one
            raise AssertionError(f"no shown cell protects {key!r}")
        return choice
