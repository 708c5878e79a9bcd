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
   :func:`audit._determined`) hides a complement for any hidden cell they still fix.

Complements are chosen as in the reference (the smallest shown non-empty part, ties to the
lower cell index; the total when every part is hidden or empty), and one group under two
names is hidden under both at once. What differs is the order: relations come in
*families* (:class:`Family`), each a batch in which no cell occurs twice, so the relations
of a family can be checked together without changing each other. Families are checked in
the order given (lowest totals first); a family is checked again whenever one of its cells
is hidden, the lowest such family first. The result satisfies rules 4–6 in every relation
of every measure, which is what the attacker tests in ``tests/results`` check; it may hide
a cell more or less than the reference would, since two relations of one family that fail
together each take a complement of their own.

The shared shape is :mod:`suppression_structure`, the run of the rules
:mod:`suppression_run`."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .anonymity import DEFAULT_MIN_ANSWERS, DEFAULT_THRESHOLD
from .suppression_run import _Run
from .suppression_structure import Structure

__all__ = ["protect_figures", "suppress_matrix"]


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
