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
   empty or hold at least ``t`` people — also after replacing a hidden part by what *its* own
   relations give away (``owner − class = that class's hidden sibling + another hidden unit``).
   This is what protects "a unit's total minus its classes" when a few respondents have no
   class, and two small classes hidden together.
5. **No lone unknown:** a shown total with a known (zero) remainder and exactly one hidden part
   would give that part away; a hidden total whose parts are all shown and whose remainder is
   zero would be their sum. Both get a complementary cell hidden.
6. **Exact audit:** after rules 1–5 reach a fixed point, every relation with a zero remainder is
   solved exactly (rational Gauss–Jordan elimination over the hidden cells). Any hidden cell the
   system still determines — a chain across several relations, e.g. a grade band cut across
   units — gets a complementary cell, and rules 4–6 run again until nothing is determined.

Complementary cells are chosen deterministically: the smallest shown non-empty part of the
relation at fault (ties by the order of ``cells``); for rule 4, when every part is already
hidden, the smallest shown cell found by walking down the hidden parts' relations; the total
only when nothing else can be hidden. Relations are handled bottom-up (a class before its
unit, a unit before its owner), so a cell hidden low down is accounted for higher up in the
same pass.

Why this is safe: n and the sum of values obey the *same* relations with the same hidden cells
and the same known remainders (a remainder with no people has sum 0), so their systems have
the same matrix and differ only in the right-hand side. A hidden cell that the shown figures
do not determine has neither its n nor its sum determined, so its mean cannot be worked back
either. The tests build every relation's linear system from the shown figures and prove, by
exact elimination, that no hidden n or sum is determined, for random hierarchies with
overlapping cuts and random remainders.

What this module does not cover: the mean of a shown cell, with its n, can pin an answer
distribution near the end of a scale (n = 7, mean 1.14 on 1–5: six answered 1, one answered 2);
the threshold is the protection there. Figures in different layers (another scale, another
round) are protected layer by layer, not against each other. Disclosure of ranges (a hidden
cell between two bounds) is not audited; no hidden cell's value is ever fixed.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence, Set
from dataclasses import dataclass
from fractions import Fraction
from typing import Generic, TypeVar

DEFAULT_THRESHOLD = 7
"""Smallest group whose results are shown (Øst-Finnmark's rule; programmes may choose)."""

DEFAULT_MIN_ANSWERS = 3
"""Smallest number of answers an answer option may show as a count in a distribution."""

STAFF_GROUPS = frozenset({"teacher", "assistant", "school_leader", "kg_staff", "kg_leader"})
"""Respondent groups whose small unit cells roll up to the owner's figure."""

K = TypeVar("K", bound=Hashable)
Option = TypeVar("Option", bound=Hashable)


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


@dataclass(frozen=True, slots=True)
class Distribution(Generic[Option]):
    """The answer distribution of one shown item cell, as it may be published.

    ``counts`` and ``percents`` have one entry per answer option, in the given order; ``None``
    marks an option whose count is withheld. Percentages are of ``n`` and rounded half up.
    """

    n: int
    counts: dict[Option, int | None]
    percents: dict[Option, int | None]

    @property
    def withheld(self) -> list[Option]:
        """The options whose counts are not published."""
        return [option for option, count in self.counts.items() if count is None]


def visible_distribution(
    counts: Mapping[Option, int],
    *,
    cell_hidden: bool,
    min_answers: int = DEFAULT_MIN_ANSWERS,
) -> Distribution[Option] | None:
    """The publishable answer distribution of an item cell, or None when the cell is hidden.

    The options are parts of one relation whose total is the item's n, and the cell rules
    apply with ``min_answers`` as threshold: an option chosen by 1 to ``min_answers − 1``
    people is withheld; when the withheld answers would add up to fewer than
    ``min_answers``, or only one option is withheld (n minus the others gives it back), the
    smallest shown option is withheld too. Options nobody chose show 0. Pass every option the
    page shows ("vet ikke" included when it is shown).
    """
    if cell_hidden:
        return None
    total = _DistributionTotal()
    options = list(counts)
    n = sum(counts.values())
    layer: dict[Hashable, int] = {total: n, **{option: counts[option] for option in options}}
    hidden = suppress(layer, [Relation(total, tuple(options))], threshold=min_answers)
    if total in hidden:  # fewer answers than min_answers: even a 0 would tell too much
        hidden.update(options)
    shown = {option: None if option in hidden else counts[option] for option in options}
    return Distribution(
        n=n,
        counts=shown,
        percents={option: _percent(count, n) for option, count in shown.items()},
    )


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


class _DistributionTotal:
    """A key that no answer option can equal."""

    __slots__ = ()


def _percent(count: int | None, n: int) -> int | None:
    if count is None or n == 0:
        return None
    return int(Fraction(100 * count, n) + Fraction(1, 2))


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
        self._small = ((1 << t) - 1) & ~1  # residual sizes 1 … t−1
        self._reach: dict[K, int] = {}
        heights = self._heights()
        self._order = sorted(self.relations, key=lambda rel: heights[rel.total])

    # --- the driver -------------------------------------------------------------------

    def run(self) -> set[K]:
        while True:
            while self._sweep():
                pass
            if not self._audit():
                return set(self.hidden)

    def _hide(self, key: K) -> None:
        self.hidden.add(key)
        stale = [key]
        while stale:
            cell = stale.pop()
            self._reach.pop(cell, None)
            for rel in self.part_of.get(cell, ()):
                if rel.total in self._reach:
                    stale.append(rel.total)

    def _smallest(self, keys: Iterable[K]) -> K | None:
        candidates = [key for key in keys if key not in self.hidden and self.n[key] > 0]
        if not candidates:
            return None
        return min(candidates, key=lambda key: (self.n[key], self.position[key]))

    # --- rules 4 and 5, bottom-up until nothing changes -------------------------------

    def _sweep(self) -> bool:
        changed = False
        for rel in self._order:
            hidden_parts = [part for part in rel.parts if part in self.hidden]
            if rel.total in self.hidden:
                if rel.remainder == 0 and not hidden_parts:
                    complement = self._smallest(rel.parts)
                    if complement is not None:
                        self._hide(complement)
                        changed = True
                continue
            if self.n[rel.total] == 0:
                continue
            if rel.remainder == 0 and len(hidden_parts) == 1:
                complement = self._smallest(rel.parts)
                self._hide(rel.total if complement is None else complement)
                changed = True
            elif self._residuals(rel, set()) & self._small:
                self._hide(self._complement_below(rel))
                changed = True
        return changed

    def _complement_below(self, rel: _Rel[K]) -> K:
        """The smallest shown cell whose hiding adds people to ``rel``'s difference group."""
        level = [rel]
        seen: set[K] = set()
        while level:
            choice = self._smallest(part for r in level for part in r.parts)
            if choice is not None:
                return choice
            below = []
            for r in level:
                for part in r.parts:
                    if part in self.hidden and part not in seen:
                        seen.add(part)
                        below.extend(self.defined_by.get(part, ()))
            level = below
        return rel.total

    # residual sets: bit i (i < t) set when a difference group of exactly i people can be
    # worked out; bit t when one of t or more can. Only sizes below t matter, so t + 1 bits do.

    def _bit(self, size: int) -> int:
        return 1 << min(size, self.t)

    def _add(self, a: int, b: int) -> int:
        full = (1 << self.t) - 1
        total = 0
        i = 0
        while a:
            if a & 1:
                shifted = b << i
                total |= (shifted & full) | (self._bit(self.t) if shifted >> self.t else 0)
            a >>= 1
            i += 1
        return total

    def _residuals(self, rel: _Rel[K], visiting: set[K]) -> int:
        sizes = self._bit(rel.remainder)
        for part in rel.parts:
            if part in self.hidden:
                sizes = self._add(sizes, self._reach_of(part, visiting))
        return sizes

    def _reach_of(self, key: K, visiting: set[K]) -> int:
        """The sizes of the groups left unknown when a hidden cell is worked out from below."""
        if key in self._reach:
            return self._reach[key]
        sizes = self._bit(self.n[key])
        if key not in visiting:
            visiting.add(key)
            for rel in self.defined_by.get(key, ()):
                sizes |= self._residuals(rel, visiting)
            visiting.discard(key)
            self._reach[key] = sizes
        return sizes

    def _heights(self) -> dict[K, int]:
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
        """Hide complements for hidden cells the shown figures determine; True if any."""
        equations: list[dict[K, Fraction]] = []
        for rel in self.relations:
            if rel.remainder != 0:
                continue
            row = {part: Fraction(-1) for part in rel.parts if part in self.hidden}
            if rel.total in self.hidden:
                row[rel.total] = Fraction(1)
            if row:
                equations.append(row)
        determined = _determined(equations, self.position)
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
            nearby = []
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


def _determined(equations: list[dict[K, Fraction]], position: Mapping[K, int]) -> set[K]:
    """The unknowns that a homogeneous-coefficient system fixes to a single value.

    Gauss–Jordan elimination in exact rational arithmetic. An unknown is fixed exactly when
    its unit vector lies in the row space: in reduced row echelon form, when it is a pivot
    whose row has no other entry.
    """
    pivots: dict[K, dict[K, Fraction]] = {}
    holders: dict[K, set[K]] = {}  # unknown -> pivots whose row mentions it
    for equation in equations:
        row = dict(equation)
        for key in [key for key in row if key in pivots]:
            factor = row.pop(key)
            for other, value in pivots[key].items():
                if other != key:
                    updated = row.get(other, 0) - factor * value
                    if updated:
                        row[other] = updated
                    else:
                        row.pop(other, None)
        if not row:
            continue
        pivot = min(row, key=position.__getitem__)
        scale = row[pivot]
        row = {key: value / scale for key, value in row.items()}
        for holder in holders.pop(pivot, set()):
            target = pivots[holder]
            factor = target.pop(pivot)
            for other, value in row.items():
                if other == pivot:
                    continue
                updated = target.get(other, 0) - factor * value
                if updated:
                    target[other] = updated
                    holders.setdefault(other, set()).add(holder)
                else:
                    target.pop(other, None)
                    holders.get(other, set()).discard(holder)
        pivots[pivot] = row
        for other in row:
            if other != pivot:
                holders.setdefault(other, set()).add(pivot)
    return {key for key, row in pivots.items() if len(row) == 1}
