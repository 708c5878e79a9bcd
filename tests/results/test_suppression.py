"""The array form of the anonymity rules (``suppression.py``), which the results build uses:
the same attacker as ``test_anonymity.py`` on the same random hierarchies, several measures
at once over one structure, and the classic cases."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from samla.results.anonymity import Relation, suppress
from samla.results.suppression import suppress_matrix
from samla.results.suppression_structure import Family, Structure

from .test_anonymity import (
    PROOF,
    THRESHOLDS,
    Layer,
    assert_hidden_safe,
    atom_rows,
    hierarchies,
    in_row_space,
    overlapping_cuts,
    small_groups_worked_out,
)


def hidden_sets(layers: list[Layer], threshold: int) -> list[set[str]]:
    """Every layer (same cells, same relations, other counts) suppressed in one call."""
    first = layers[0]
    structure, index = Structure.from_relations(list(first.members), first.relations)
    names = sorted(index, key=index.__getitem__)
    n = np.zeros((len(index), len(layers)), dtype=np.int64)
    for column, layer in enumerate(layers):
        counts = layer.n
        n[:, column] = [counts.get(name, 0) for name in names]
    hidden = suppress_matrix(structure, n, threshold)
    assert (suppress_matrix(structure, n.copy(), threshold) == hidden).all()  # deterministic
    return [{names[i] for i in np.flatnonzero(hidden[:, c])} for c in range(len(layers))]


@st.composite
def measures_of(draw, layers) -> list[Layer]:
    """A layer and two more measures over the same cells: some respondents of each atom
    did not answer them (fewer people, never more)."""
    layer = draw(layers)
    found = [layer]
    for _ in range(2):
        atoms = {}
        for name, (size, _sum) in layer.atoms.items():
            kept = draw(st.integers(0, size))
            atoms[name] = (kept, draw(st.integers(kept, 5 * kept)))
        found.append(Layer(atoms, layer.members, layer.relations))
    return found


@PROOF
@given(measures_of(hierarchies()), THRESHOLDS)
def test_no_hidden_value_follows_in_any_measure_of_a_hierarchy_with_bands(layers, threshold):
    for layer, hidden in zip(layers, hidden_sets(layers, threshold), strict=True):
        assert_hidden_safe(layer, hidden, threshold)
        atoms, basis = atom_rows(layer, hidden)
        for cell in hidden:  # not even knowing every atom's place in every cell helps
            assert not in_row_space(basis, [int(a in layer.members[cell]) for a in atoms])


@PROOF
@given(measures_of(hierarchies(bands=False, max_units=4)), THRESHOLDS)
def test_no_small_group_follows_from_any_measure_of_a_plain_hierarchy(layers, threshold):
    for layer, hidden in zip(layers, hidden_sets(layers, threshold), strict=True):
        assert_hidden_safe(layer, hidden, threshold)
        assert small_groups_worked_out(layer, hidden, threshold) == []


@PROOF
@given(overlapping_cuts(), THRESHOLDS)
def test_no_hidden_value_follows_from_overlapping_cuts(layer, threshold):
    (hidden,) = hidden_sets([layer], threshold)
    assert_hidden_safe(layer, hidden, threshold)


@PROOF
@given(hierarchies(), THRESHOLDS)
def test_hides_about_as_much_as_the_reference(layer, threshold):
    # Not a rule, a guard against a fast path that protects by hiding everything: within a
    # few cells of what the one-layer reference hides.
    (fast,) = hidden_sets([layer], threshold)
    reference = suppress(layer.n, layer.relations, threshold)
    assert len(fast) <= len(reference) + max(3, len(reference) // 3)


def test_classic_cases_match_the_reference():
    cases = [
        ({"unit": 40, "5A": 12, "5B": 4, "6A": 9, "6B": 15}, [("unit", "5A 5B 6A 6B")]),
        ({"unit": 20, "A": 10, "B": 9}, [("unit", "A B")]),
        ({"unit": 30, "A": 10, "B": 3}, [("unit", "A B")]),
        ({"unit": 20, "A": 14, "B": 3, "C": 3}, [("unit", "A B C")]),
        ({"unit": 6, "A": 4, "B": 2}, [("unit", "A B")]),
        ({"owner": 60, "A": 5, "B": 30, "C": 25}, [("owner", "A B C")]),
        (
            {"owner": 40, "U1": 5, "U2": 15, "U3": 20, "c1": 7, "c2": 8},
            [("U2", "c1 c2"), ("owner", "U1 U2 U3")],
        ),
        (
            {"unit": 33, "1-4": 15, "5-7": 18, "1A": 3, "2A": 12, "5A": 8, "6A": 10},
            [("1-4", "1A 2A"), ("5-7", "5A 6A"), ("unit", "1A 2A 5A 6A"), ("unit", "1-4 5-7")],
        ),
    ]
    for cells, spec in cases:
        relations = [Relation(total, tuple(parts.split())) for total, parts in spec]
        layer = Layer({}, {}, relations)
        structure, index = Structure.from_relations(list(cells), relations)
        names = sorted(index, key=index.__getitem__)
        n = np.asarray([[cells.get(name, 0)] for name in names])
        hidden = {names[i] for i in np.flatnonzero(suppress_matrix(structure, n)[:, 0])}
        assert hidden == suppress(cells, relations), (cells, layer)


def test_one_group_under_two_names_is_hidden_under_both():
    # An owner with a single unit of 20 beside a unit of 5 in another owner.
    cells = {"P": 25, "O1": 20, "O2": 5, "U1": 20, "U2": 5}
    relations = [Relation("O1", ("U1",)), Relation("O2", ("U2",)), Relation("P", ("O1", "O2"))]
    structure, index = Structure.from_relations(list(cells), relations)
    names = sorted(index, key=index.__getitem__)
    n = np.asarray([[cells[name]] for name in names])

    hidden = {names[i] for i in np.flatnonzero(suppress_matrix(structure, n)[:, 0])}

    assert hidden == {"O1", "O2", "U1", "U2"}


def test_a_family_may_not_list_a_cell_twice():
    with pytest.raises(ValueError, match="two places"):
        Structure(3, [Family.of([(0, [1, 2]), (1, [2])])])


@pytest.mark.parametrize(
    ("n", "threshold", "message"),
    [([[5], [-1], [0]], 7, "negative"), ([[5], [6], [0]], 7, "more than"), ([[5]], 7, "one row")],
)
def test_bad_input_is_refused(n, threshold, message):
    structure = Structure(3, [Family.of([(0, [1, 2])])])
    with pytest.raises(ValueError, match=message):
        suppress_matrix(structure, np.asarray(n), threshold)
