"""Every node's figures for every measure of one respondent group, as arrays.

Pure (numpy, no Django): the results build gives this module the round's responses as
arrays — unit, class and grade band per respondent, and the measures' values — and gets
back one row per *cell row* (a node × grade band) with n, mean, SD, the lowest-band share
and, for items, the answer counts of every measure, plus the relations between the rows
that the anonymity rules need (:class:`suppression.Structure`).

How. Respondents are first grouped into *atoms*: the people of one unit, one class (or
none) and one grade band (or none). Every node is a union of atoms, so each atom's sums
(n, Σx, Σx², values in the lowest band, answers per option) are taken once over the
respondents, and every node's sums are added up from atoms (classes, units and unit bands)
or from the rows below (owners, regions, the programme). Means and SDs come from the sums
(shifted to the middle of the answer scale so that the squares keep their precision);
item figures come from the exact answer counts.

Rows, in this order (the anonymity rules break ties by it): classes; units, then unit ×
band; owners, then owner × band; regions, then region × band; the programme, then its
bands. Within each, by node id (and band)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from samla.surveys.answers import BYTE_DONT_KNOW, BYTE_MISSING

from .stats import lowest_band_cut
from .suppression import Family, Structure

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


def _dense(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    keys, inverse = np.unique(values, return_inverse=True)
    return keys, inverse.reshape(-1).astype(np.int64)


def _lookup(mapping: Mapping[int, int], keys: np.ndarray) -> np.ndarray:
    return np.fromiter((mapping.get(int(k), -1) for k in keys), dtype=np.int64, count=keys.size)


class _Sums:
    """Sums per row: one float64 matrix, columns per scale (n, Σx, Σx², low) then the
    items' answer counts."""

    def __init__(self, scales: int, points: Sequence[int]) -> None:
        self.scales = scales
        self.points = list(points)
        self.item_start = 4 * scales
        self.width = self.item_start + sum(self.points)


def _add_up(target: np.ndarray, size: int, values: np.ndarray) -> np.ndarray:
    """Rows of ``values`` added up by ``target`` (−1: left out) into ``size`` rows."""
    keep = target >= 0
    target, values = target[keep], values[keep]
    out = np.zeros((size, values.shape[1]), dtype=values.dtype)
    if not target.size:
        return out
    order = np.argsort(target, kind="stable")
    ordered = target[order]
    starts = np.flatnonzero(np.concatenate([[True], ordered[1:] != ordered[:-1]]))
    out[ordered[starts]] = np.add.reduceat(values[order], starts, axis=0)
    return out


def respondent_sums(
    atom_of_row: np.ndarray,
    atoms: int,
    scores: Sequence[np.ndarray],
    scale_points: Sequence[int],
    answers: np.ndarray,
    items: Sequence[ItemSpec],
) -> np.ndarray:
    """Each atom's sums (see :class:`_Sums`) over its respondents.

    Raises ``ValueError`` for an item value that is neither an answer ``1..points`` nor a
    missing marker (damaged stored answers)."""
    layout = _Sums(len(scores), [item.points for item in items])
    out = np.zeros((atoms, layout.width), dtype=np.float64)
    order = np.argsort(atom_of_row, kind="stable")
    ordered = atom_of_row[order]
    starts = np.flatnonzero(np.concatenate([[True], ordered[1:] != ordered[:-1]]))
    present_atoms = ordered[starts] if ordered.size else ordered
    for index, (values, points) in enumerate(zip(scores, scale_points, strict=True)):
        x = values[order]
        scored = ~np.isnan(x)
        shifted = np.where(scored, x - (points + 1) / 2, 0.0)
        block = np.stack(
            [scored, shifted, shifted * shifted, x < lowest_band_cut(points)], axis=1
        ).astype(np.float64)
        if ordered.size:
            out[present_atoms, 4 * index : 4 * index + 4] = np.add.reduceat(block, starts, axis=0)
    column = layout.item_start
    for item in items:
        raw = answers[:, item.column]
        valid = (raw >= 1) & (raw <= item.points)
        bad = ~valid & (raw != BYTE_MISSING) & (raw != BYTE_DONT_KNOW)
        if bad.any():
            row = int(np.flatnonzero(bad)[0])
            raise ValueError(
                f"item {item.code}: {int(bad.sum())} stored answers are not answers on its "
                f"scale, the first {int(raw[row])} at row {row} (answers are 1..{item.points})"
            )
        cells = atom_of_row[valid] * item.points + (raw[valid].astype(np.int64) - 1)
        counts = np.bincount(cells, minlength=atoms * item.points)
        out[:, column : column + item.points] = counts.reshape(atoms, item.points)
        column += item.points
    return out


def layout_rows(
    unit: np.ndarray,
    group: np.ndarray,
    band: np.ndarray,
    bands: int,
    hierarchy: Hierarchy,
) -> tuple[np.ndarray, np.ndarray, Rows]:
    """Atoms, the atom of each respondent, and the cell rows with their relations.

    ``unit``, ``group`` (−1: no class) and ``band`` (index, −1: none) have one entry per
    respondent. Returns ``(atom_of_row, row_of_atom, rows)`` where ``row_of_atom`` is
    atoms × variants (see :func:`figures`)."""
    unit_keys, unit_dense = _dense(unit)
    group_keys, group_dense = _dense(group)
    key = (unit_dense * (group_keys.size + 1) + group_dense) * (bands + 1) + (band + 1)
    atom_keys, atom_of_row = _dense(key)
    atom_band = atom_keys % (bands + 1) - 1
    atom_group = group_keys[(atom_keys // (bands + 1)) % (group_keys.size + 1)]
    atom_unit = unit_keys[atom_keys // ((bands + 1) * (group_keys.size + 1))]
    atom_owner = _lookup(hierarchy.owner_of_unit, unit_keys)[np.searchsorted(unit_keys, atom_unit)]
    owner_keys = np.unique(atom_owner[atom_owner >= 0])
    atom_region = np.full(atom_keys.shape, -1, dtype=np.int64)
    if owner_keys.size:
        region_of_owner = _lookup(hierarchy.region_of_owner, owner_keys)
        known = atom_owner >= 0
        atom_region[known] = region_of_owner[np.searchsorted(owner_keys, atom_owner[known])]
    atom_programme = np.full(atom_keys.shape, hierarchy.programme, dtype=np.int64)
    rows = _Builder(bands)
    per_atom = {
        GROUP: atom_group,
        UNIT: atom_unit,
        OWNER: atom_owner,
        REGION: atom_region,
        PROGRAMME: atom_programme,
    }
    row_of_atom = np.full((atom_keys.size, 9), -1, dtype=np.int64)
    column = 0
    for level in range(5):
        ids = per_atom[level]
        row_of_atom[:, column] = rows.add(level, ids, np.full(ids.shape, NO_BAND))
        column += 1
        if level != GROUP:
            banded = np.where(atom_band >= 0, ids, -1)
            row_of_atom[:, column] = rows.add(level, banded, atom_band)
            column += 1
    return atom_of_row, row_of_atom, rows.finish(row_of_atom, atom_band, atom_unit)


class _Builder:
    """Collects the cell rows level by level, and then their relations."""

    def __init__(self, bands: int) -> None:
        self.bands = bands
        self.levels: list[np.ndarray] = []
        self.nodes: list[np.ndarray] = []
        self.band_of: list[np.ndarray] = []
        self.count = 0

    def add(self, level: int, ids: np.ndarray, band: np.ndarray) -> np.ndarray:
        """Rows for the distinct (id, band) pairs (ids −1 left out); each atom's row."""
        present = ids >= 0
        key = np.where(present, ids * (self.bands + 1) + (band + 1), -1)
        keys, inverse = _dense(key[present])
        out = np.full(ids.shape, -1, dtype=np.int64)
        out[present] = inverse + self.count
        self.levels.append(np.full(keys.shape, level, dtype=np.int64))
        self.nodes.append(keys // (self.bands + 1))
        self.band_of.append(keys % (self.bands + 1) - 1)
        self.count += keys.size
        return out

    def finish(self, row_of_atom: np.ndarray, atom_band: np.ndarray, atom_unit: np.ndarray):
        level = np.concatenate(self.levels)
        node = np.concatenate(self.nodes)
        band = np.concatenate(self.band_of)
        structure = Structure(self.count, _families(row_of_atom, atom_band, atom_unit))
        return Rows(level, node, band, structure)


def _parents(child: np.ndarray, parent: np.ndarray) -> Family:
    """Relations parent = Σ children from (child row, parent row) pairs (−1: none)."""
    keep = (child >= 0) & (parent >= 0)
    pairs = np.unique(np.stack([parent[keep], child[keep]], axis=1), axis=0)
    if not pairs.size:
        return Family(np.zeros(0, np.int64), np.zeros(1, np.int64), np.zeros(0, np.int64))
    totals, first = np.unique(pairs[:, 0], return_index=True)
    ptr = np.concatenate([first, [pairs.shape[0]]]).astype(np.int64)
    return Family(totals.astype(np.int64), ptr, pairs[:, 1].astype(np.int64))


def _families(row_of_atom: np.ndarray, atom_band: np.ndarray, atom_unit: np.ndarray):
    """How the rows add up, lowest totals first. Columns of ``row_of_atom``: class, unit,
    unit × band, owner, owner × band, region, region × band, programme, programme × band.

    A class is a part of its unit's band only when all its respondents are in that band,
    and of its unit only when they all belong to it (as they do); a node's total is its
    bands plus those without a band; every node is its children plus those in none."""
    group, unit, unit_b, owner, owner_b, region, region_b, prog, prog_b = row_of_atom.T
    has_group = group >= 0
    # A class's atoms must agree on the unit (and on the band, for the band relation).
    lone = np.zeros(row_of_atom.shape[0], dtype=bool)
    lone_band = np.zeros(row_of_atom.shape[0], dtype=bool)
    if has_group.any():
        g = group[has_group]
        size = int(g.max()) + 1
        units_per = np.zeros(size, dtype=np.int64)
        bands_per = np.zeros(size, dtype=np.int64)
        pairs = np.unique(np.stack([g, atom_unit[has_group]], axis=1), axis=0)
        np.add.at(units_per, pairs[:, 0], 1)
        pairs = np.unique(np.stack([g, atom_band[has_group]], axis=1), axis=0)
        np.add.at(bands_per, pairs[:, 0], 1)
        lone[has_group] = units_per[g] == 1
        lone_band[has_group] = lone[has_group] & (bands_per[g] == 1) & (atom_band[has_group] >= 0)
    class_to_unit = np.where(lone, group, -1)
    class_to_band = np.where(lone_band, group, -1)
    return [
        _parents(class_to_band, unit_b),  # unit × band = its classes in the band
        _parents(class_to_unit, unit),  # unit = its classes (+ those without a class)
        _parents(unit_b, unit),  # unit = its bands (+ those without a band)
        _parents(unit_b, owner_b),  # owner × band = its units' band cells
        _parents(unit, owner),
        _parents(owner_b, owner),
        _parents(owner_b, region_b),
        _parents(owner, region),
        _parents(region_b, region),
        _parents(region_b, prog_b),
        _parents(region, prog),
        _parents(prog_b, prog),
    ]


def roll_up(row_of_atom: np.ndarray, rows: int, atom_sums: np.ndarray) -> np.ndarray:
    """Every row's sums: classes, units and the programme from their atoms (the programme
    is everyone, whether or not their unit has an owner in a region), owners from their
    units and regions from their owners."""
    out = np.zeros((rows, atom_sums.shape[1]), dtype=np.float64)
    group, unit, unit_b, owner, owner_b, region, region_b, prog, prog_b = row_of_atom.T
    for column in (group, unit, unit_b, prog, prog_b):
        out += _add_up(column, rows, atom_sums)
    for child, parent in ((unit, owner), (unit_b, owner_b), (owner, region), (owner_b, region_b)):
        _carry(out, child, parent)
    return out


def _carry(out: np.ndarray, child: np.ndarray, parent: np.ndarray) -> None:
    """Add each child row's sums into its parent row once (pairs taken from the atoms)."""
    keep = (child >= 0) & (parent >= 0)
    pairs = np.unique(np.stack([child[keep], parent[keep]], axis=1), axis=0)
    if pairs.size:
        np.add.at(out, pairs[:, 1], out[pairs[:, 0]])


def figures(sums: np.ndarray, scale_points: Sequence[int], item_points: Sequence[int]) -> Figures:
    """n, mean, SD and lowest-band share per row and measure (scales, then items), and the
    items' answer counts, from the rows' sums."""
    rows = sums.shape[0]
    layout = _Sums(len(scale_points), item_points)
    measures = layout.scales + len(layout.points)
    n = np.zeros((rows, measures), dtype=np.int64)
    mean = np.full((rows, measures), np.nan)
    sd = np.full((rows, measures), np.nan)
    low = np.full((rows, measures), np.nan)
    for index, points in enumerate(scale_points):
        count, s1, s2, below = (sums[:, 4 * index + k] for k in range(4))
        n[:, index] = np.rint(count).astype(np.int64)
        _moments(n[:, index], s1, s2, (points + 1) / 2, mean[:, index], sd[:, index])
        np.divide(below, count, out=low[:, index], where=count > 0)
    counts: list[np.ndarray] = []
    column = layout.item_start
    for offset, points in enumerate(layout.points):
        index = layout.scales + offset
        block = np.rint(sums[:, column : column + points]).astype(np.int64)
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
    """:func:`anonymity.published_counts` for many cells at once: rows × options counts in,
    the same shape out with −1 where a count is withheld (every option when the cell's
    total is below ``min_answers``)."""
    counts = np.asarray(counts, dtype=np.int64)
    options = counts.shape[1]
    total = counts.sum(axis=1)
    everything = (total > 0) & (total < min_answers)
    hidden = (counts > 0) & (counts < min_answers)
    position = np.arange(options)
    for _ in range(options + 1):
        withheld = np.where(hidden, counts, 0).sum(axis=1)
        how_many = hidden.sum(axis=1)
        fine = (how_many == 0) | ((how_many > 1) & ((withheld == 0) | (withheld >= min_answers)))
        need = ~fine & ~everything
        if not need.any():
            break
        candidates = ~hidden & (counts > 0)
        key = np.where(candidates, counts * (options + 1) + position, np.iinfo(np.int64).max)
        choice = key.argmin(axis=1)
        has = candidates.any(axis=1)
        chosen = np.flatnonzero(need & has)
        hidden[chosen, choice[chosen]] = True
        everything |= need & ~has
    out = np.where(hidden, -1, counts)
    out[everything] = -1
    return out
