"""Every node's figures from atoms (``aggregate.py``), checked against the plainest
computation: pick the node's respondents with a mask and take their values."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from samla.results import aggregate, layout
from samla.results.aggregate import GROUP, NO_BAND, OWNER, PROGRAMME, REGION, UNIT
from samla.results.distributions import published_counts
from samla.results.stats import lowest_band_cut

PROGRAMME_ID = 900


def random_round(seed: int, respondents: int = 600):
    """Units in owners in regions (one owner outside every region, one unit without a
    known owner), classes with a grade band, some respondents without a class or band."""
    rng = np.random.default_rng(seed)
    unit_ids = np.arange(101, 113)
    owner_of_unit = {int(u): 201 + int(i) % 4 for i, u in enumerate(unit_ids[:-1])}
    region_of_owner = {201: 301, 202: 301, 203: 302}  # 204 is in no region
    unit = rng.choice(unit_ids, respondents)
    classes = {int(u): [int(u) * 10 + k for k in range(rng.integers(1, 4))] for u in unit_ids}
    band_of_class = {c: int(rng.integers(0, 3)) for cs in classes.values() for c in cs}
    group = np.asarray([rng.choice(classes[int(u)]) for u in unit])
    group[rng.random(respondents) < 0.1] = -1
    band = np.asarray([band_of_class.get(int(g), -1) for g in group])
    band[(group < 0) & (rng.random(respondents) < 0.5)] = 1
    scores = [np.where(rng.random(respondents) < 0.1, np.nan, rng.uniform(1, 5, respondents))]
    answers = rng.integers(0, 6, (respondents, 2)).astype(np.uint8)
    answers[rng.random((respondents, 2)) < 0.05] = 255
    hierarchy = aggregate.Hierarchy(owner_of_unit, region_of_owner, PROGRAMME_ID)
    return unit, group, band, scores, answers, hierarchy


def members(level, node, row_band, unit, group, band, hierarchy) -> np.ndarray:
    owner = np.asarray([hierarchy.owner_of_unit.get(int(u), -1) for u in unit])
    region = np.asarray([hierarchy.region_of_owner.get(int(o), -1) for o in owner])
    at = {
        GROUP: group == node,
        UNIT: unit == node,
        OWNER: owner == node,
        REGION: region == node,
        PROGRAMME: np.ones(unit.shape, dtype=bool),
    }[level]
    return at if row_band == NO_BAND else at & (band == row_band)


def build(unit, group, band, scores, answers, hierarchy):
    items = [aggregate.ItemSpec("q1", 0, 5), aggregate.ItemSpec("q2", 1, 5)]
    atom_of_row, row_of_atom, rows = layout.layout_rows(unit, group, band, 3, hierarchy)
    sums = aggregate.respondent_sums(atom_of_row, row_of_atom.shape[0], scores, [5], answers, items)
    total = aggregate.roll_up(row_of_atom, len(rows), sums)
    return rows, aggregate.figures(total, [5], [5, 5])


def test_every_row_matches_its_respondents():
    for seed in range(5):
        unit, group, band, scores, answers, hierarchy = random_round(seed)
        rows, figures = build(unit, group, band, scores, answers, hierarchy)
        seen = set()
        for row in range(len(rows)):
            level, node, row_band = (int(rows.level[row]), int(rows.node[row]), int(rows.band[row]))
            assert (level, node, row_band) not in seen
            seen.add((level, node, row_band))
            mask = members(level, node, row_band, unit, group, band, hierarchy)
            assert mask.any()
            x = scores[0][mask]
            x = x[~np.isnan(x)]
            assert figures.n[row, 0] == x.size
            if x.size:
                assert np.isclose(figures.mean[row, 0], x.mean())
                assert np.isclose(figures.low[row, 0], (x < lowest_band_cut(5)).mean())
            if x.size > 1:
                assert np.isclose(figures.sd[row, 0], x.std(ddof=1))
            for offset in range(2):
                raw = answers[mask, offset]
                counted = np.bincount(raw[(raw >= 1) & (raw <= 5)], minlength=6)[1:]
                assert figures.counts[offset][row].tolist() == counted.tolist()
                assert figures.n[row, 1 + offset] == counted.sum()
        # Every node and band with anyone in it has its row.
        for u in np.unique(unit):
            assert (UNIT, int(u), NO_BAND) in seen
        for g in np.unique(group[group >= 0]):
            assert (GROUP, int(g), NO_BAND) in seen
        assert (PROGRAMME, PROGRAMME_ID, NO_BAND) in seen


def test_the_relations_are_true_of_the_respondents():
    unit, group, band, scores, answers, hierarchy = random_round(7)
    rows, _figures = build(unit, group, band, scores, answers, hierarchy)

    def people(row: int) -> set[int]:
        mask = members(int(rows.level[row]), int(rows.node[row]), int(rows.band[row]),
                       unit, group, band, hierarchy)  # fmt: skip
        return set(np.flatnonzero(mask).tolist())

    structure = rows.structure
    assert structure.relations > 0
    for index in range(structure.relations):
        total, parts = structure.relation(index)
        inside = people(total)
        covered: set[int] = set()
        for part in parts:
            part_people = people(int(part))
            assert part_people <= inside and not part_people & covered  # disjoint parts
            covered |= part_people


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.integers(0, 9), min_size=5, max_size=5), min_size=1, max_size=6))
def test_distributions_are_withheld_as_the_one_cell_rule_says(rows):
    shown = aggregate.published_counts_matrix(np.asarray(rows))
    for row, out in zip(rows, shown.tolist(), strict=True):
        expected, _percents = published_counts(row)
        assert out == [-1 if value is None else value for value in expected]
