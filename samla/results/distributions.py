"""The answer distribution of an item cell, as it may be published: which option counts
are withheld so that no small group of answers can be worked out (the anonymity rules of
:mod:`anonymity` with the smallest number of answers as threshold).

Pure Python (no Django)."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Generic, TypeVar

from .anonymity import DEFAULT_MIN_ANSWERS, Relation, suppress

Option = TypeVar("Option", bound=Hashable)


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


def published_counts(
    counts: Sequence[int], min_answers: int = DEFAULT_MIN_ANSWERS
) -> tuple[list[int | None], list[int | None]]:
    """:func:`visible_distribution` for one shown cell, without the general solver: the
    counts and whole percentages to publish, ``None`` where withheld. The build calls this
    once per item cell (millions of times), so it works the single relation out directly;
    a test checks that it always agrees with :func:`visible_distribution`."""
    n = sum(counts)
    if 0 < n < min_answers:  # the total itself is too small: nothing is shown
        return [None] * len(counts), [None] * len(counts)
    hidden = [0 < count < min_answers for count in counts]
    while True:
        withheld = [count for count, h in zip(counts, hidden, strict=True) if h]
        total = sum(withheld)
        if not withheld or (len(withheld) > 1 and (total == 0 or total >= min_answers)):
            break
        candidates = [
            (count, index) for index, count in enumerate(counts) if not hidden[index] and count
        ]
        if not candidates:  # nothing left to hide but the total: hide everything
            return [None] * len(counts), [None] * len(counts)
        hidden[min(candidates)[1]] = True
    shown = [None if h else count for count, h in zip(counts, hidden, strict=True)]
    percents = [None if c is None or n == 0 else (200 * c + n) // (2 * n) for c in shown]
    return shown, percents


class _DistributionTotal:
    """A key that no answer option can equal."""

    __slots__ = ()


def _percent(count: int | None, n: int) -> int | None:
    if count is None or n == 0:
        return None
    return int(Fraction(100 * count, n) + Fraction(1, 2))
