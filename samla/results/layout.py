"""The cell rows of one respondent group for :mod:`aggregate`: which atoms (a unit's
class and grade band) each row adds up, in the order the anonymity rules break ties by,
and the relations between the rows (:class:`suppression_structure.Structure`).

Pure (numpy, no Django)."""

from __future__ import annotations

import numpy as np

from .aggregate import (
    GROUP,
    NO_BAND,
    OWNER,
    PROGRAMME,
    REGION,
    UNIT,
    Hierarchy,
    Rows,
    _dense,
    _lookup,
    _pairs,
)
from .suppression_structure import Family, Structure


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
    # Atoms in (unit, band, class) order: every unit's, unit band's and (normally) class's
    # atoms lie next to each other, so their sums are taken without sorting (_add_into).
    groups = group_keys.size
    key = (unit_dense * (bands + 1) + (band + 1)) * groups + group_dense
    atom_keys, atom_of_row = _dense(key)
    atom_group = group_keys[atom_keys % groups]
    atom_band = (atom_keys // groups) % (bands + 1) - 1
    atom_unit = unit_keys[atom_keys // (groups * (bands + 1))]
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
    pairs = _pairs(parent, child)
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
        np.add.at(units_per, _pairs(g, atom_unit[has_group])[:, 0], 1)
        np.add.at(bands_per, _pairs(g, atom_band[has_group] + 1)[:, 0], 1)
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
