"""The anonymity rules: classic cases by hand, then proofs over random hierarchies.

The property tests play the attacker. They take every figure that is shown, write down every
relation as a linear equation, and check in exact integer arithmetic that no hidden cell's
value follows (its unit vector is not in the row space of the equations over the unknowns);
for each hidden cell they also exhibit a second solution that keeps every shown n and sum and
changes the hidden one.
"""

from __future__ import annotations

import math
import os
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samla.results.anonymity import (
    DEFAULT_THRESHOLD,
    STAFF_GROUPS,
    Relation,
    is_staff_group,
    remainder,
    rolled_up,
    suppress,
)
from samla.results.distributions import Distribution, visible_distribution

# --- exact linear algebra for the attacker ------------------------------------------------


def _normalised(vector: list[int]) -> list[int]:
    divisor = math.gcd(*vector)
    return [value // divisor for value in vector] if divisor > 1 else vector


def _reduced(basis: list[tuple[int, list[int]]], vector: Sequence[int]) -> list[int]:
    reduced = list(vector)
    for column, row in basis:
        if reduced[column]:
            factor, pivot = reduced[column], row[column]
            pairs = zip(reduced, row, strict=True)
            reduced = _normalised([v * pivot - r * factor for v, r in pairs])
    return reduced


def echelon(rows: list[list[int]]) -> list[tuple[int, list[int]]]:
    """Reduced row echelon form over the integers: (pivot column, row) pairs."""
    basis: list[tuple[int, list[int]]] = []
    for row in rows:
        reduced = _reduced(basis, row)
        if not any(reduced):
            continue
        column = next(i for i, value in enumerate(reduced) if value)
        for index, (pivot, other) in enumerate(basis):
            if other[column]:
                factor, pivot_value = other[column], reduced[column]
                pairs = zip(other, reduced, strict=True)
                combined = [o * pivot_value - r * factor for o, r in pairs]
                basis[index] = (pivot, _normalised(combined))
        basis.append((column, reduced))
    return basis


def in_row_space(basis: list[tuple[int, list[int]]], vector: Sequence[int]) -> bool:
    """rank(rows + vector) == rank(rows)."""
    return not any(_reduced(basis, vector))


def null_vector_moving(basis: list[tuple[int, list[int]]], width: int, column: int):
    """A solution of the homogeneous system that changes ``column``, or None."""
    pivots = {pivot: row for pivot, row in basis}
    free = [c for c in range(width) if c not in pivots]
    for chosen in free:
        vector = [Fraction(0)] * width
        vector[chosen] = Fraction(1)
        for pivot, row in pivots.items():
            vector[pivot] = Fraction(-row[chosen], row[pivot])
        if vector[column]:
            return vector
    return None


# --- a layer with its ground truth --------------------------------------------------------


@dataclass
class Layer:
    """Cells built from disjoint groups of respondents ("atoms"), with their relations."""

    atoms: dict[str, tuple[int, int]]  # atom -> (n, sum of values)
    members: dict[str, frozenset[str]]  # cell -> its atoms
    relations: list[Relation[str]]

    @property
    def n(self) -> dict[str, int]:
        return {cell: sum(self.atoms[a][0] for a in atoms) for cell, atoms in self.members.items()}

    @property
    def sums(self) -> dict[str, int]:
        return {cell: sum(self.atoms[a][1] for a in atoms) for cell, atoms in self.members.items()}


def relation_system(layer: Layer, hidden: set[str]):
    """The attacker's equations over the unknowns: hidden cells and non-zero remainders.

    Returns the unknowns, one row per relation (coefficients), and the true value of every
    unknown and of every right-hand side, for n and for sums.
    """
    n, sums = layer.n, layer.sums
    unknowns = sorted(hidden)
    truth_n = {cell: Fraction(n[cell]) for cell in unknowns}
    truth_sum = {cell: Fraction(sums[cell]) for cell in unknowns}
    rows: list[dict[object, int]] = []
    rhs_n: list[Fraction] = []
    rhs_sum: list[Fraction] = []
    for index, relation in enumerate(layer.relations):
        row: dict[object, int] = {}
        known_n = known_sum = Fraction(0)
        for cell, sign in [(relation.total, 1), *((part, -1) for part in relation.parts)]:
            if cell in hidden:
                row[cell] = sign
            else:  # shown (or empty): the attacker knows it
                known_n -= sign * n[cell]
                known_sum -= sign * sums[cell]
        rest = remainder(n, relation)
        if rest:  # unknown: a variable of its own
            key = ("remainder", index)
            unknowns.append(key)
            row[key] = -1
            truth_n[key] = Fraction(rest)
            truth_sum[key] = Fraction(
                sums[relation.total] - sum(sums[part] for part in relation.parts)
            )
        rows.append(row)
        rhs_n.append(known_n)
        rhs_sum.append(known_sum)
    return unknowns, rows, (truth_n, rhs_n), (truth_sum, rhs_sum)


def assert_nothing_recoverable(layer: Layer, hidden: set[str]) -> None:
    unknowns, rows, *systems = relation_system(layer, hidden)
    column = {key: i for i, key in enumerate(unknowns)}
    matrix = [[row.get(key, 0) for key in unknowns] for row in rows]
    basis = echelon(matrix)
    for cell in hidden:
        unit = [0] * len(unknowns)
        unit[column[cell]] = 1
        assert not in_row_space(basis, unit), f"{cell} can be worked back"
        move = null_vector_moving(basis, len(unknowns), column[cell])
        assert move is not None
        for truth, rhs in systems:  # n, then sums: both fit a second, different solution
            other = {key: truth[key] + move[column[key]] for key in unknowns}
            for row, expected in zip(rows, rhs, strict=True):
                assert sum(c * other[key] for key, c in row.items()) == expected
            assert other[cell] != truth[cell]


def atom_rows(layer: Layer, hidden: set[str]) -> tuple[list[str], list[tuple[int, list[int]]]]:
    """What the shown figures say about the atoms themselves (the strongest attacker)."""
    atoms = sorted(layer.atoms)
    rows = [[int(a in layer.members[cell]) for a in atoms] for cell in layer.members]
    rows = [row for row, cell in zip(rows, layer.members, strict=True) if cell not in hidden]
    rows += [[int(a == b) for a in atoms] for b in atoms if layer.atoms[b][0] == 0]
    return atoms, echelon(rows)


def small_groups_worked_out(layer: Layer, hidden: set[str], threshold: int) -> list[set[str]]:
    """Every set of atoms with 1 … threshold − 1 people whose total the shown figures give."""
    atoms, basis = atom_rows(layer, hidden)
    small = [a for a in atoms if 0 < layer.atoms[a][0] < threshold]
    found: list[set[str]] = []

    def extend(start: int, chosen: list[str], size: int) -> None:
        for i in range(start, len(small)):
            people = size + layer.atoms[small[i]][0]
            if people >= threshold:
                continue
            group = [*chosen, small[i]]
            if in_row_space(basis, [int(a in group) for a in atoms]):
                found.append(set(group))
            extend(i + 1, group, people)

    extend(0, [], 0)
    return found


def assert_layer_safe(layer: Layer, threshold: int) -> set[str]:
    hidden = suppress(layer.n, layer.relations, threshold)
    assert suppress(dict(layer.n), list(layer.relations), threshold) == hidden  # deterministic
    assert_hidden_safe(layer, hidden, threshold)
    return hidden


def assert_hidden_safe(layer: Layer, hidden: set[str], threshold: int) -> None:
    """The rules hold for these hidden cells, and the attacker gets nothing back."""
    n = layer.n
    assert {cell for cell, size in n.items() if 0 < size < threshold} <= hidden
    assert all(n[cell] > 0 for cell in hidden)  # empty cells are never hidden
    for relation in layer.relations:  # a shown total minus its shown parts: 0 or ≥ threshold
        if relation.total not in hidden:
            rest = n[relation.total] - sum(n[p] for p in relation.parts if p not in hidden)
            assert rest == 0 or rest >= threshold, relation
    assert_nothing_recoverable(layer, hidden)


# --- random layers ------------------------------------------------------------------------

CLASS_SIZES = st.sampled_from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 14, 20, 26])
REST_SIZES = st.sampled_from([0, 0, 0, 0, 1, 2, 3, 6, 8])
THRESHOLDS = st.sampled_from([3, 5, 7, 7, 10])
BANDS = ("b1", "b2")


@st.composite
def hierarchies(draw, bands: bool = True, max_units: int = 3) -> Layer:
    """programme → regions → owners → units → classes, with grade-band cuts at every level."""
    atoms: dict[str, tuple[int, int]] = {}
    members: dict[str, set[str]] = {}
    relations: list[Relation[str]] = []

    def atom(name: str, sizes) -> str:
        size = draw(sizes)
        atoms[name] = (size, draw(st.integers(size, 5 * size)))  # answers on a 1–5 scale
        return name

    def cell(name: str, contents) -> str:
        members[name] = set(contents)
        return name

    def parent(name: str, parts: list[str]) -> str:
        cell(name, set().union(*(members[p] for p in parts)) if parts else set())
        relations.append(Relation(name, tuple(parts)))
        return name

    cut_names = [*BANDS] if bands else []
    regions = []
    region_cuts: dict[str, list[str]] = {b: [] for b in cut_names}
    for r in range(draw(st.integers(1, 2))):
        owners = []
        owner_cuts: dict[str, list[str]] = {b: [] for b in cut_names}
        for o in range(draw(st.integers(1, 2))):
            units = []
            unit_cuts: dict[str, list[str]] = {b: [] for b in cut_names}
            for u in range(draw(st.integers(1, max_units))):
                unit = f"R{r}O{o}U{u}"
                classes, by_band = [], {b: [] for b in cut_names}
                for c in range(draw(st.integers(0, 3))):
                    name = cell(f"{unit}C{c}", [atom(f"{unit}C{c}", CLASS_SIZES)])
                    classes.append(name)
                    if bands:
                        by_band[draw(st.sampled_from(BANDS))].append(name)
                # respondents without a class: in a band, or in none
                rests = {b: atom(f"{unit}-{b}", REST_SIZES) for b in [*cut_names, "none"]}
                band_cells = []
                for b in cut_names:
                    band = cell(f"{unit}|{b}", set().union(*(members[x] for x in by_band[b])))
                    members[band].add(rests[b])
                    relations.append(Relation(band, tuple(by_band[b])))
                    band_cells.append(band)
                    unit_cuts[b].append(band)
                cell(unit, set().union(*(members[x] for x in classes), rests.values()))
                relations.append(Relation(unit, tuple(classes)))
                if bands:
                    relations.append(Relation(unit, tuple(band_cells)))
                units.append(unit)
            owner = parent(f"R{r}O{o}", units)
            for b in cut_names:
                owner_cuts[b].append(parent(f"{owner}|{b}", unit_cuts[b]))
            if bands:
                relations.append(Relation(owner, tuple(f"{owner}|{b}" for b in cut_names)))
            owners.append(owner)
        region = parent(f"R{r}", owners)
        for b in cut_names:
            region_cuts[b].append(parent(f"{region}|{b}", owner_cuts[b]))
        if bands:
            relations.append(Relation(region, tuple(f"{region}|{b}" for b in cut_names)))
        regions.append(region)
    programme = parent("P", regions)
    for b in cut_names:
        parent(f"P|{b}", region_cuts[b])
    if bands:
        relations.append(Relation(programme, tuple(f"P|{b}" for b in cut_names)))
    return Layer(atoms, {k: frozenset(v) for k, v in members.items()}, relations)


@st.composite
def overlapping_cuts(draw) -> Layer:
    """Cells over arbitrary, overlapping sets of atoms; relations wherever parts fit a total."""
    names = [f"a{i}" for i in range(draw(st.integers(3, 8)))]
    atoms = {}
    for name in names:
        size = draw(CLASS_SIZES)
        atoms[name] = (size, draw(st.integers(size, 5 * size)))
    members: dict[str, frozenset[str]] = {}
    for i in range(draw(st.integers(3, 10))):
        chosen = draw(st.sets(st.sampled_from(names), min_size=1))
        members[f"c{i}"] = frozenset(chosen)
    relations = []
    for total, inside in members.items():
        candidates = [c for c, m in members.items() if c != total and m <= inside]
        for _ in range(draw(st.integers(0, 2))):
            order = draw(st.permutations(candidates)) if candidates else []
            parts: list[str] = []
            covered: set[str] = set()
            for candidate in order:
                if not covered & members[candidate] and draw(st.booleans()):
                    parts.append(candidate)
                    covered |= members[candidate]
            if parts:
                relations.append(Relation(total, tuple(parts)))
    return Layer(atoms, members, relations)


# ANON_EXAMPLES=3000 for a deeper search (about two minutes); the suite runs 60 of each.
PROOF = settings(
    max_examples=int(os.environ.get("ANON_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@PROOF
@given(hierarchies(), THRESHOLDS)
def test_no_hidden_value_follows_from_a_hierarchy_with_grade_bands(layer, threshold):
    hidden = assert_layer_safe(layer, threshold)

    atoms, basis = atom_rows(layer, hidden)
    for cell in hidden:  # not even knowing every atom's place in every cell helps
        assert not in_row_space(basis, [int(a in layer.members[cell]) for a in atoms]), cell


@PROOF
@given(hierarchies(bands=False, max_units=4), THRESHOLDS)
def test_no_small_group_follows_from_a_plain_hierarchy(layer, threshold):
    hidden = assert_layer_safe(layer, threshold)

    assert small_groups_worked_out(layer, hidden, threshold) == []


@PROOF
@given(overlapping_cuts(), THRESHOLDS)
def test_no_hidden_value_follows_from_overlapping_cuts(layer, threshold):
    assert_layer_safe(layer, threshold)


# --- classic cases ------------------------------------------------------------------------


def test_one_small_class_hides_the_smallest_other_class_too():
    cells = {"unit": 40, "5A": 12, "5B": 4, "6A": 9, "6B": 15}

    hidden = suppress(cells, [Relation("unit", ("5A", "5B", "6A", "6B"))])

    assert hidden == {"5B", "6A"}


def test_a_small_remainder_hides_a_class_so_the_unit_minus_its_classes_is_no_small_group():
    # 20 respondents, 19 in classes: the unit minus its classes would be one pupil's answers.
    cells = {"unit": 20, "A": 10, "B": 9}

    assert suppress(cells, [Relation("unit", ("A", "B"))]) == {"B"}


def test_a_large_unknown_remainder_protects_a_lone_hidden_class():
    # unit − A = B + 17 pupils without a class: B cannot be told apart from them.
    cells = {"unit": 30, "A": 10, "B": 3}

    assert suppress(cells, [Relation("unit", ("A", "B"))]) == {"B"}


def test_hidden_classes_adding_up_to_a_small_group_take_a_shown_class_with_them():
    cells = {"unit": 20, "A": 14, "B": 3, "C": 3}

    assert suppress(cells, [Relation("unit", ("A", "B", "C"))]) == {"A", "B", "C"}


def test_grade_band_and_class_cuts_are_protected_together():
    cells = {"unit": 33, "1-4": 15, "5-7": 18, "1A": 3, "2A": 12, "5A": 8, "6A": 10}
    by_class = Relation("unit", ("1A", "2A", "5A", "6A"))
    bands = [Relation("1-4", ("1A", "2A")), Relation("5-7", ("5A", "6A"))]

    alone = suppress(cells, [by_class])
    together = suppress(cells, [by_class, *bands, Relation("unit", ("1-4", "5-7"))])

    assert alone == {"1A", "5A"}  # but then 1-4 minus 2A would give 1A away
    assert together == {"1A", "2A"}


def test_a_hidden_band_hides_another_band():
    cells = {"unit": 30, "1-4": 5, "5-7": 16, "8-10": 9}

    hidden = suppress(cells, [Relation("unit", ("1-4", "5-7", "8-10"))])

    assert hidden == {"1-4", "8-10"}


def test_a_hidden_unit_hides_the_smallest_other_unit_of_its_owner():
    cells = {"owner": 60, "A": 5, "B": 30, "C": 25}

    assert suppress(cells, [Relation("owner", ("A", "B", "C"))]) == {"A", "C"}


def test_hiding_reaches_down_and_up_the_levels():
    cells = {"owner": 40, "U1": 5, "U2": 15, "U3": 20, "c1": 7, "c2": 8}
    relations = [Relation("owner", ("U1", "U2", "U3")), Relation("U2", ("c1", "c2"))]

    hidden = suppress(cells, relations)

    # U1 is small; U2 is its complement; U2 is then c1 + c2, so c1 goes too.
    assert hidden == {"U1", "U2", "c1"}


def test_a_shown_owner_minus_a_shown_class_gives_no_small_group_of_hidden_cells():
    # c1 goes with c2 while U1 is still shown (U1 − c1 = c2), so that, once U1 is U2's
    # complement, owner − c1 cannot give c2 + U2: 6 people.
    cells = {"owner": 16, "U1": 13, "U2": 3, "c1": 10, "c2": 3}
    relations = [Relation("owner", ("U1", "U2")), Relation("U1", ("c1", "c2"))]

    assert suppress(cells, relations) == {"U1", "U2", "c1", "c2"}


def test_one_group_under_two_names_is_hidden_under_both_at_once():
    # A region with one owner with one school of 5, beside a region of two owners; every
    # node also has its one grade band. Hiding region 7 (R1 = P − R7 otherwise) hides its
    # band cell at the same moment, so the owner and schools below can still be shown
    # except the smaller owner (R7 = O19 + O20).
    sizes = {"P": 145, "R1": 5, "R7": 140, "O1": 5, "O19": 100, "O20": 40, "U1": 5}
    sizes |= {"U109": 50, "U110": 50, "U115": 40}
    tree = {"P": ["R1", "R7"], "R1": ["O1"], "R7": ["O19", "O20"], "O1": ["U1"]}
    tree |= {"O19": ["U109", "U110"], "O20": ["U115"]}
    cells = sizes | {f"{key}|5-7": n for key, n in sizes.items()}
    relations = [Relation(total, tuple(parts)) for total, parts in tree.items()]
    relations += [Relation(f"{t}|5-7", tuple(f"{p}|5-7" for p in ps)) for t, ps in tree.items()]
    relations += [Relation(key, (f"{key}|5-7",)) for key in sizes]

    hidden = suppress(cells, relations)

    expected = {"R1", "O1", "U1", "R7", "O20", "U115"}
    assert hidden == expected | {f"{key}|5-7" for key in expected}


def test_a_chain_only_the_exact_audit_sees_is_protected():
    # A table of 4 × 4 small cells with row and column totals. Rows 0–1 × columns 0–1 and
    # rows 2–3 × columns 2–3 are hidden squares joined by cell (1, 2): every row and column
    # has two or more hidden cells and hides at least 7 people, yet rows 0 + 1 minus
    # columns 0 + 1 is exactly cell (1, 2).
    small = {(0, 0), (0, 1), (1, 0), (1, 1), (2, 2), (2, 3), (3, 2), (3, 3), (1, 2)}
    cells = {f"x{i}{j}": 4 if (i, j) in small else 10 for i in range(4) for j in range(4)}
    for i in range(4):
        cells[f"row{i}"] = sum(cells[f"x{i}{j}"] for j in range(4))
        cells[f"col{i}"] = sum(cells[f"x{j}{i}"] for j in range(4))
    relations = [Relation(f"row{i}", tuple(f"x{i}{j}" for j in range(4))) for i in range(4)]
    relations += [Relation(f"col{j}", tuple(f"x{i}{j}" for i in range(4))) for j in range(4)]
    members = {key: frozenset({key}) for key in cells if key.startswith("x")}
    members |= {f"row{i}": frozenset(f"x{i}{j}" for j in range(4)) for i in range(4)}
    members |= {f"col{j}": frozenset(f"x{i}{j}" for i in range(4)) for j in range(4)}
    layer = Layer(
        {k: (cells[k], 3 * cells[k]) for k in members if k.startswith("x")}, members, relations
    )
    primary = {f"x{i}{j}" for i, j in small}
    unknowns, rows, *_ = relation_system(layer, primary)
    unit = [int(key == "x12") for key in unknowns]

    hidden = suppress(cells, relations)

    assert in_row_space(echelon([[r.get(k, 0) for k in unknowns] for r in rows]), unit)
    assert hidden == primary | {"x02"}  # the smallest shown cell beside x12, first listed
    assert_nothing_recoverable(layer, hidden)


def test_the_threshold_is_the_programmes():
    cells = {"unit": 30, "A": 6, "B": 10, "C": 14}
    relation = Relation("unit", ("A", "B", "C"))

    assert suppress(cells, [relation]) == {"A", "B"}
    assert suppress(cells, [relation], threshold=5) == set()
    assert suppress(cells, [relation], threshold=11) == {"A", "B"}  # 16 hidden: enough
    assert suppress(cells, [relation], threshold=15) == {"A", "B", "C"}
    assert DEFAULT_THRESHOLD == 7


def test_empty_cells_are_never_hidden_and_never_serve_as_complements():
    cells = {"unit": 10, "A": 7, "B": 3, "C": 0}

    assert suppress(cells, [Relation("unit", ("A", "B", "C"))]) == {"A", "B"}
    assert suppress({"unit": 10, "A": 10, "B": 0}, [Relation("unit", ("A", "B"))]) == set()


def test_a_cell_missing_from_the_layer_is_empty():
    assert suppress({"unit": 10, "A": 10}, [Relation("unit", ("A", "B"))]) == set()


def test_a_small_total_is_hidden_with_its_parts():
    cells = {"unit": 6, "A": 4, "B": 2}

    assert suppress(cells, [Relation("unit", ("A", "B"))]) == {"unit", "A", "B"}


def test_ties_go_to_the_cell_listed_first():
    relation = Relation("unit", ("A", "B", "C"))

    assert suppress({"unit": 23, "A": 3, "B": 10, "C": 10}, [relation]) == {"A", "B"}
    assert suppress({"unit": 23, "A": 3, "C": 10, "B": 10}, [relation]) == {"A", "C"}


@pytest.mark.parametrize(
    ("cells", "relations", "threshold", "message"),
    [
        ({"u": 5, "a": -1}, [], 7, "negative"),
        ({"u": 5, "a": 6}, [Relation("u", ("a",))], 7, "more than"),
        ({"u": 5}, [], 0, "threshold"),
    ],
)
def test_bad_input_is_refused(cells, relations, threshold, message):
    with pytest.raises(ValueError, match=message):
        suppress(cells, relations, threshold)


def test_a_relation_lists_each_part_once_and_not_its_total():
    with pytest.raises(ValueError, match="twice"):
        Relation("u", ("a", "a"))
    with pytest.raises(ValueError, match="total"):
        Relation("u", ("u", "a"))


# --- distributions ------------------------------------------------------------------------


def test_a_hidden_cell_has_no_distribution():
    assert visible_distribution({1: 3, 2: 2}, cell_hidden=True) is None


def test_a_distribution_of_large_counts_is_shown_whole():
    assert visible_distribution({"never": 10, "sometimes": 5, "often": 0}, cell_hidden=False) == (
        Distribution(
            n=15,
            counts={"never": 10, "sometimes": 5, "often": 0},
            percents={"never": 67, "sometimes": 33, "often": 0},
        )
    )


def test_a_small_answer_count_is_withheld_with_the_next_smallest():
    distribution = visible_distribution({1: 9, 2: 1, 3: 4, 4: 6}, cell_hidden=False)

    assert distribution == Distribution(
        n=20,
        counts={1: 9, 2: None, 3: None, 4: 6},
        percents={1: 45, 2: None, 3: None, 4: 30},
    )
    assert distribution.withheld == [2, 3]


def test_withheld_answers_adding_up_to_a_small_count_take_another_option():
    distribution = visible_distribution({1: 1, 2: 1, 3: 8, 4: 10}, cell_hidden=False)

    assert distribution is not None
    assert distribution.withheld == [1, 2, 3]


def test_the_smallest_answer_count_shown_is_configurable():
    counts = {1: 4, 2: 4, 3: 12}

    assert visible_distribution(counts, cell_hidden=False).withheld == []
    assert visible_distribution(counts, cell_hidden=False, min_answers=5).withheld == [1, 2]


def test_percentages_round_half_up():
    distribution = visible_distribution({"a": 3, "b": 5}, cell_hidden=False)  # 37.5, 62.5

    assert distribution.percents == {"a": 38, "b": 63}


@given(st.lists(st.integers(0, 12), min_size=2, max_size=6), st.integers(2, 6))
def test_no_withheld_answer_count_follows_from_the_shown_ones(counts, min_answers):
    options = {f"o{i}": count for i, count in enumerate(counts)}

    distribution = visible_distribution(options, cell_hidden=False, min_answers=min_answers)

    withheld = [options[o] for o in distribution.withheld]
    if 0 < sum(counts) < min_answers:  # too few answers for any count to be shown
        assert distribution.withheld == list(options)
        return
    shown = [count for count in distribution.counts.values() if count is not None]
    assert all(count >= min_answers or count == 0 for count in shown)
    assert len(withheld) != 1
    assert sum(withheld) == 0 or sum(withheld) >= min_answers


# --- staff roll-up ------------------------------------------------------------------------


def test_small_staff_groups_roll_up_to_the_owner():
    cells = {"owner": 30, "school A": 2, "school B": 12, "school C": 16, "school D": 0}
    units = ["school A", "school B", "school C", "school D"]
    hidden = suppress(cells, [Relation("owner", tuple(units))])

    assert rolled_up("owner", units, cells, hidden) == ["school A", "school B"]
    assert rolled_up("owner", units, cells, hidden | {"owner"}) == []
    assert is_staff_group("school_leader")
    assert not is_staff_group("pupil")
    assert {"teacher", "assistant", "school_leader", "kg_staff", "kg_leader"} == STAFF_GROUPS


def test_keys_may_be_any_hashable():
    Key = tuple[str, int]
    cells: Mapping[Key | Hashable, int] = {("unit", 1): 20, ("class", 1): 3, ("class", 2): 17}

    hidden = suppress(cells, [Relation(("unit", 1), (("class", 1), ("class", 2)))])

    assert hidden == {("class", 1), ("class", 2)}


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=12), min_size=1, max_size=6),
    st.integers(min_value=1, max_value=5),
)
def test_the_builds_fast_distribution_rule_agrees_with_the_general_one(counts, min_answers):
    from samla.results.distributions import published_counts

    general = visible_distribution(
        {str(i): c for i, c in enumerate(counts)}, cell_hidden=False, min_answers=min_answers
    )
    shown, percents = published_counts(counts, min_answers)
    assert shown == list(general.counts.values())
    assert percents == list(general.percents.values())
