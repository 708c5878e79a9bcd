"""Every node's figures for every measure of one respondent group, as arrays.

Pure (numpy, no Django): the results build gives this module the round's responses as
arrays — unit, class and grade band per respondent, and the measures' values — and gets
back one row per *cell row* (a node × grade band) with n, mean, SD, the lowest-band share
and, for items, the answer counts of every measure, plus the relations between the rows
that the anonymity rules need (:class:`suppression_structure.Structure`).

How. Respondents are first grouped into *atoms*: the people of one unit, one class (or
none) and one grade band (or none). Every node is a union of atoms, so each atom's sums
(n, Σx, Σx², values in the lowest band, answers per option) are taken once over the
respondents, and every node's sums are added up from atoms (classes, units and unit bands)
or from the rows below (owners, regions, the programme). Means and SDs come from the sums
(shifted to the middle of the answer scale so that the squares keep their precision);
item figures come from the exact answer counts.

Rows, in this order (the anonymity rules break ties by it): classes; units, then unit ×
band; owners, then owner × band; regions, then region × band; the programme, then its
bands. Within each, by node id (and band). Laying out the rows and their relations is
:mod:`layout` (:func:`layout.layout_rows`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from samla.surveys.answers import BYTE_DONT_KNOW, BYTE_MISSING

from .stats import lowest_band_cut
from .suppression_structure import Structure

GROUP, UNIT, OWNER, REGION, PROGRAMME = range(5)
LEVEL_NAMES = ("group", "unit", "owner", "region", "programme")
NO_BAND = -1


@dataclass(frozen=True)
class ItemSpec:
    """A single-choice item: its column in the packed answers and its answer options
    (positions ``1..points``; 0 is missing, 255 "vet ikke")."""

    code: str
    column: int
    points: int


@dataclass(frozen=True)
class ScaleSpec:
    """An index: its scores per respondent (NaN when not scored) and its scale's points."""

    code: str
    points: int


@dataclass
class Rows:
    """The cell rows of one respondent group: parallel arrays, one entry per row."""

    level: np.ndarray  # GROUP … PROGRAMME
    node: np.ndarray  # the node's id at its level
    band: np.ndarray  # index into the band names, NO_BAND for all respondents
    structure: Structure

    def __len__(self) -> int:
        return int(self.level.shape[0])


@dataclass
class Figures:
    """Per row (first axis) and measure (second axis; scales first, then items)."""

    n: np.ndarray  # int64
    mean: np.ndarray
    sd: np.ndarray
    low: np.ndarray
    counts: list[np.ndarray]  # per item: rows × points (int64)


@dataclass
class Hierarchy:
    """Where each unit sits in the round's programme."""

    owner_of_unit: Mapping[int, int]
    region_of_owner: Mapping[int, int]
    programme: int


def band_order(band: str) -> tuple[int, str]:
    """Grade bands in school order: "1-4" before "5-7" before "8-10"."""
    head = band.split("-", 1)[0]
    return (int(head) if head.isdigit() else 99, band)


def _dense(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    keys, inverse = np.unique(values, return_inverse=True)
    return keys, inverse.reshape(-1).astype(np.int64)


def _lookup(mapping: Mapping[int, int], keys: np.ndarray) -> np.ndarray:
    return np.fromiter((mapping.get(int(k), -1) for k in keys), dtype=np.int64, count=keys.size)


@dataclass
class Sums:
    """Sums per atom or row: per scale the columns n, Σ(x − c), Σ(x − c)² and how many are
    in the lowest band (``c`` the middle of the answer scale), as floats; per item its
    answer counts, one column per option, as whole numbers."""

    scales: np.ndarray  # rows × 4·scales, float64
    counts: np.ndarray  # rows × options of all items, int32

    def empty_like(self, rows: int) -> Sums:
        return Sums(
            np.zeros((rows, self.scales.shape[1]), dtype=self.scales.dtype),
            np.zeros((rows, self.counts.shape[1]), dtype=self.counts.dtype),
        )


def _add_into(out: np.ndarray, target: np.ndarray, values: np.ndarray, running=None) -> None:
    """Rows of ``values`` added up by ``target`` (−1: left out) into the rows of ``out``
    (which must not have been written by another target). ``running`` is the running total
    of ``values`` down its rows with a zero row on top (pass it to share it between calls):
    when each target's rows lie next to each other, a target's sum is the difference of
    two running totals — one pass, no sorting."""
    if not target.size:
        return
    starts = np.flatnonzero(np.concatenate([[True], target[1:] != target[:-1]]))
    runs = target[starts]
    named = runs >= 0
    if np.unique(runs[named]).size == int(named.sum()):
        if running is None:
            running = _running(values)
        ends = np.concatenate([starts[1:], [target.size]])
        out[runs[named]] = running[ends[named]] - running[starts[named]]
        return
    keep = np.flatnonzero(target >= 0)
    if not keep.size:
        return
    order = keep[np.argsort(target[keep], kind="stable")]
    ordered = target[order]
    starts = np.flatnonzero(np.concatenate([[True], ordered[1:] != ordered[:-1]]))
    out[ordered[starts]] = np.add.reduceat(values[order], starts, axis=0)


def _running(values: np.ndarray) -> np.ndarray:
    running = np.zeros((values.shape[0] + 1, values.shape[1]), dtype=values.dtype)
    np.cumsum(values, axis=0, out=running[1:])
    return running


def respondent_sums(
    atom_of_row: np.ndarray,
    atoms: int,
    scores: Sequence[np.ndarray],
    scale_points: Sequence[int],
    answers: np.ndarray,
    items: Sequence[ItemSpec],
) -> Sums:
    """Each atom's :class:`Sums` over its respondents (:func:`scale_sums` and
    :func:`item_counts` together).

    Raises ``ValueError`` for an item value that is neither an answer ``1..points`` nor a
    missing marker (damaged stored answers)."""
    return Sums(
        scale_sums(atom_of_row, atoms, scores, scale_points),
        item_counts(atom_of_row, atoms, answers, items),
    )


def scale_sums(
    atom_of_row: np.ndarray, atoms: int, scores: Sequence[np.ndarray], scale_points: Sequence[int]
) -> np.ndarray:
    """Each atom's n, Σ(x − c), Σ(x − c)² and lowest-band count per scale (atoms × 4·scales)."""
    out = np.zeros((atoms, 4 * len(scores)), dtype=np.float64)
    for index, (values, points) in enumerate(zip(scores, scale_points, strict=True)):
        scored = ~np.isnan(values)
        shifted = np.where(scored, values - (points + 1) / 2, 0.0)
        columns = (scored, shifted, shifted * shifted, values < lowest_band_cut(points))
        for offset, weights in enumerate(columns):
            out[:, 4 * index + offset] = np.bincount(atom_of_row, weights, atoms)
    return out


def item_counts(
    atom_of_row: np.ndarray, atoms: int, answers: np.ndarray, items: Sequence[ItemSpec]
) -> np.ndarray:
    """Each atom's answers per option of every item (atoms × options, int32). Raises
    ``ValueError`` for a stored value that is not an answer on the item's scale."""
    out = np.zeros((atoms, sum(item.points for item in items)), dtype=np.int32)
    column = 0
    bases: dict[int, np.ndarray] = {}
    for item in items:
        raw = answers[:, item.column]
        position = raw - np.uint8(1)  # "missing" (0) wraps round to 255, as "vet ikke" is
        valid = position < item.points
        if not valid.all():
            bad = ~valid & (raw != BYTE_MISSING) & (raw != BYTE_DONT_KNOW)
            if bad.any():
                row = int(np.flatnonzero(bad)[0])
                raise ValueError(
                    f"item {item.code}: {int(bad.sum())} stored answers are not answers on "
                    f"its scale, the first {int(raw[row])} at row {row} (answers are "
                    f"1..{item.points})"
                )
        if item.points not in bases:  # one bin per atom and option, a last one for the rest
            bases[item.points] = atom_of_row * item.points
        bins = np.where(valid, bases[item.points] + position, atoms * item.points)
        counts = np.bincount(bins, minlength=atoms * item.points + 1)[:-1]
        out[:, column : column + item.points] = counts.reshape(atoms, item.points)
        column += item.points
    return out


def roll_up(row_of_atom: np.ndarray, rows: int, atom_sums: Sums) -> Sums:
    """Every row's sums: classes and units from their atoms, owners from their units,
    regions from their owners, and the programme from the units (everyone, whether or not
    their unit's owner is in a region)."""
    out = atom_sums.empty_like(rows)
    group, unit, unit_b, owner, owner_b, region, region_b, prog, prog_b = row_of_atom.T
    for values, target in ((atom_sums.scales, out.scales), (atom_sums.counts, out.counts)):
        running = _running(values)
        for column in (group, unit, unit_b):
            _add_into(target, column, values, running)
        for child, parent in (
            (unit, owner), (unit_b, owner_b), (owner, region), (owner_b, region_b),
            (unit, prog), (unit_b, prog_b),
        ):  # fmt: skip
            _carry(target, child, parent)
    return out


def _pairs(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """The distinct (first, second) pairs where both are ≥ 0, sorted: k × 2."""
    keep = (first >= 0) & (second >= 0)
    first, second = first[keep], second[keep]
    if not first.size:
        return np.zeros((0, 2), dtype=np.int64)
    width = int(second.max()) + 1
    keys = np.unique(first * width + second)
    return np.stack([keys // width, keys % width], axis=1)


def _carry(out: np.ndarray, child: np.ndarray, parent: np.ndarray) -> None:
    """Add each child row's sums into its parent row once (pairs taken from the atoms)."""
    pairs = _pairs(child, parent)
    if pairs.size:
        np.add.at(out, pairs[:, 1], out[pairs[:, 0]])


def figures(sums: Sums, scale_points: Sequence[int], item_points: Sequence[int]) -> Figures:
    """n, mean, SD and lowest-band share per row and measure (scales, then items), and the
    items' answer counts, from the rows' sums."""
    rows = sums.scales.shape[0]
    scales = len(scale_points)
    measures = scales + len(item_points)
    n = np.zeros((rows, measures), dtype=np.int64)
    mean = np.full((rows, measures), np.nan)
    sd = np.full((rows, measures), np.nan)
    low = np.full((rows, measures), np.nan)
    for index, points in enumerate(scale_points):
        count, s1, s2, below = (sums.scales[:, 4 * index + k] for k in range(4))
        n[:, index] = np.rint(count).astype(np.int64)
        _moments(n[:, index], s1, s2, (points + 1) / 2, mean[:, index], sd[:, index])
        np.divide(below, count, out=low[:, index], where=count > 0)
    counts: list[np.ndarray] = []
    column = 0
    for offset, points in enumerate(item_points):
        index = scales + offset
        block = sums.counts[:, column : column + points].astype(np.int64)
        column += points
        counts.append(block)
        values = np.arange(1, points + 1) - (points + 1) / 2
        total = block.sum(axis=1)
        n[:, index] = total
        _moments(total, block @ values, block @ (values * values), (points + 1) / 2,
                 mean[:, index], sd[:, index])  # fmt: skip
        below = block[:, np.arange(1, points + 1) < lowest_band_cut(points)].sum(axis=1)
        np.divide(below, total, out=low[:, index], where=total > 0)
    return Figures(n, mean, sd, low, counts)


def _moments(n, s1, s2, centre: float, mean_out: np.ndarray, sd_out: np.ndarray) -> None:
    """Mean and sample SD from n, Σ(x − centre) and Σ(x − centre)²."""
    nf = n.astype(np.float64)
    shifted_mean = np.divide(s1, nf, out=np.zeros_like(nf), where=n > 0)
    np.add(shifted_mean, centre, out=mean_out, where=n > 0)
    squares = np.maximum(s2 - s1 * shifted_mean, 0.0)
    variance = np.divide(squares, nf - 1, out=np.full_like(nf, np.nan), where=n > 1)
    np.sqrt(variance, out=sd_out, where=n > 1)


def published_counts_matrix(counts: np.ndarray, min_answers: int = 3) -> np.ndarray:
    """:func:`distributions.published_counts` for many cells at once: rows × options counts in,
    the same shape out with −1 where a count is withheld (every option when the cell's
    total is below ``min_answers``). Each round works only on the rows still at fault, and
    on options × rows internally, so that every sum runs over whole rows of memory."""
    table = np.array(counts, dtype=np.int64).T  # options × cells
    options = table.shape[0]
    total = table.sum(axis=0)
    tiny = (total > 0) & (total < min_answers)
    hidden = (table > 0) & (table < min_answers)
    active = np.flatnonzero(hidden.any(axis=0) & ~tiny)
    position = np.arange(options)[:, None]
    free = np.iinfo(np.int64).max
    while active.size:
        block, mask = table[:, active], hidden[:, active]
        how_many = mask.sum(axis=0)
        withheld = np.where(mask, block, 0).sum(axis=0)
        fine = (how_many == 0) | ((how_many > 1) & ((withheld == 0) | (withheld >= min_answers)))
        active, block, mask = active[~fine], block[:, ~fine], mask[:, ~fine]
        if not active.size:
            break
        candidates = ~mask & (block > 0)
        has = candidates.any(axis=0)
        tiny[active[~has]] = True  # nothing left to withhold but the total: withhold all
        key = np.where(candidates, block * (options + 1) + position, free)
        choice = key.argmin(axis=0)
        hidden[choice[has], active[has]] = True
        active = active[has]
    table[hidden] = -1
    table[:, tiny] = -1
    return table.T
