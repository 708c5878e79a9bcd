"""The exports' cells made from the stored rows a measure at a time (``exports.stream``)
are the cells, in the order, that reading them all and sorting them gives; the JSON is
written as ``json.dumps`` writes it; a node's tree holds what its exports need."""

from __future__ import annotations

import json
import math

import pytest

from samla.org.models import Person
from samla.results import exports, queries
from samla.results.access import result_nodes
from samla.results.exports.common import _measures, _ordered, cells_for
from samla.results.exports.jsontext import dumps_indented
from samla.results.exports.stream import CellSource
from samla.results.exports.tree import tree_for
from samla.surveys.models import Round
from tests.results.test_exports import closed_round  # noqa: F401 - a fixture


def _selections(round: Round) -> list:
    """The whole round and every node of it with everything under it."""
    tree = tree_for(round)
    found = [None]
    for level, ids in (
        ("programme", [tree.programme_id]),
        ("region", tree.regions),
        ("owner", tree.owners),
        ("unit", tree.units),
        ("group", list(tree.groups)[:5]),
    ):
        for pk in ids:
            found.append(exports.parse_node(round, f"{level}:{pk}"))
    return found


def _sorted_cells(round: Round, nodes) -> list:
    return _ordered(cells_for(round, nodes), _measures(round), tree_for(round))


@pytest.mark.parametrize("large", [False, True], ids=["named", "picked"])
def test_the_streamed_cells_are_the_sorted_cells(closed_round, monkeypatch, large):  # noqa: F811
    if large:  # every selection read as the round's rows and picked in Python
        monkeypatch.setattr(queries, "LARGE_SELECTION", 0)
    measures = _measures(closed_round)
    hidden = shown_items = 0
    for nodes in _selections(closed_round):
        expected = _sorted_cells(closed_round, nodes)
        source = CellSource(closed_round, nodes, measures, tree_for(closed_round, nodes))
        assert list(source.ordered()) == expected
        assert source.count() == len(expected)
        assert list(source.ordered("scale")) == [c for c in expected if c.scale]
        assert list(source.ordered("item")) == [c for c in expected if c.item]
        hidden += sum(cell.suppressed for cell in expected)
        shown_items += sum(1 for cell in expected if cell.item and not cell.suppressed)
    assert hidden and shown_items  # the round has both kinds: the comparison can fail


def test_the_node_by_node_cells_keep_each_nodes_measures_and_bands(closed_round):  # noqa: F811
    expected = _sorted_cells(closed_round, None)
    tree = tree_for(closed_round)
    source = CellSource(closed_round, None, _measures(closed_round), tree)
    key = lambda c: (c.node_kind, c.node_id)  # noqa: E731
    for sheet in source.sheets:
        mine = [c for c in expected if c.respondent_group == sheet.group and c.scale]
        by_node = list(sheet.node_cells("scale"))
        # Stable-sorted by node, the sorted cells are the nodes' cells one node after another.
        order = {
            k: i for i, k in enumerate(dict.fromkeys(key(c) for group in by_node for c in group))
        }
        assert [c for group in by_node for c in group] == sorted(mine, key=lambda c: order[key(c)])
        assert all(len({key(c) for c in group}) == 1 for group in by_node)
        assert len(by_node) == len({key(c) for c in mine})


def test_the_written_json_is_what_json_dumps_writes(closed_round):  # noqa: F811
    for nodes in _selections(closed_round)[:4]:
        data = exports.results_json(closed_round, nodes)
        expected = json.dumps(data, ensure_ascii=False, indent=1).encode()
        assert exports.results_json_bytes(closed_round, nodes) == expected
    nothing = {"unit": {10**9}}  # a selection with no cells
    assert json.loads(exports.results_json_bytes(closed_round, nothing))["cells"] == []


@pytest.mark.parametrize(
    "value",
    [
        {"node": "unit:1", "node_name": 'Skole "A"\\\n\x01\u2028æøå', "n": 12, "mean": 3.25},
        {"suppressed": True, "item": None, "percents": {"1": 40, "2": None, "3": 0}},
        {"empty": {}, "list": [], "nested": [1, [2.5, {"a": [None]}]], "big": 10**20},
        {"odd": [math.nan, math.inf, -math.inf, -0.0, 1e-7, 1e22]},
        [{"x": 1}, "y", 3],
        "just text",
    ],
)
@pytest.mark.parametrize("depth", [0, 1, 2])
def test_the_fast_json_text_is_json_dumps_text(value, depth):
    expected = json.dumps(value, ensure_ascii=False, indent=1)
    assert dumps_indented(value, depth) == expected.replace("\n", "\n" + " " * depth)


def test_values_without_a_fast_text_fall_back_to_json_dumps():
    value = {1: "a key that is a number", "b": (1, 2)}
    assert dumps_indented(value, 2) == json.dumps(value, ensure_ascii=False, indent=1).replace(
        "\n", "\n  "
    )


def test_a_nodes_tree_names_its_nodes_parents_and_children_as_the_whole_tree(closed_round):  # noqa: F811
    whole = tree_for(closed_round)
    for nodes in _selections(closed_round)[1:]:
        part = tree_for(closed_round, nodes)
        for level, ids in nodes.items():
            for pk in ids:
                assert part.exists(level, pk) and part.name(level, pk) == whole.name(level, pk)
                assert part.ancestors(level, pk) == whole.ancestors(level, pk)
                assert part.subtree(level, pk) == whole.subtree(level, pk)
    unit = next(iter(whole.units))
    part = tree_for(closed_round, {"unit": {unit}})
    assert set(part.units) == {unit} and len(part.units) < len(whole.units)


def test_an_administrators_file_of_a_unit_holds_its_classes(demo_org):
    """``visible_below`` with an administrator's every class of the round (a set-like that
    reads classes as asked): the unit's classes stay in the file."""
    round = demo_org.results_round()
    admin = Person.objects.get(username="admin")
    selection = exports.visible_below(round, "unit", demo_org.school.pk, result_nodes(admin, round))
    classes = set(demo_org.school.groups.values_list("pk", flat=True))
    assert selection["group"] == classes and selection["unit"] == {demo_org.school.pk}
    cells = json.loads(exports.results_json_bytes(round, selection))["cells"]
    assert {c["node"] for c in cells if c["node"].startswith("group:")}
