import pytest
from hypothesis import given
from hypothesis import strategies as st

from samla.surveys.conditions import (
    OPERATORS,
    AllOf,
    AnyOf,
    Compare,
    ConditionError,
    Selected,
    condition_from_data,
    parse_condition,
)


@pytest.mark.parametrize(
    ("expression", "condition"),
    [
        ("${q} = 'ja'", Compare("q", "=", "ja")),
        ('${q}!="nei"', Compare("q", "!=", "nei")),
        ("${q} >= 3", Compare("q", ">=", 3)),
        ("${q} < -1.5", Compare("q", "<", -1.5)),
        ("${q} = ''", Compare("q", "=", "")),
        ("selected(${fruit}, 'eple')", Selected("fruit", "eple")),
        (
            "${a} = 'x' and ${b} > 2 or ${c} != 'y'",
            AnyOf((AllOf((Compare("a", "=", "x"), Compare("b", ">", 2))), Compare("c", "!=", "y"))),
        ),
        (
            "${a} = 'x' and (${b} > 2 or ${c} != 'y')",
            AllOf((Compare("a", "=", "x"), AnyOf((Compare("b", ">", 2), Compare("c", "!=", "y"))))),
        ),
        (
            "(${a} = 1 and ${b} = 2) and ${c} = 3",
            AllOf((Compare("a", "=", 1), Compare("b", "=", 2), Compare("c", "=", 3))),
        ),
        ("  ( ${q.1} <= 4 )  ", Compare("q.1", "<=", 4)),
    ],
)
def test_parses_the_supported_subset(expression, condition):
    assert parse_condition(expression) == condition


@pytest.mark.parametrize(
    "expression",
    [
        "",
        "${q}",
        "${q} = ",
        "${q} == 'x'",
        "${q} >= 'x'",
        "'x' = ${q}",
        "${q} = 'x' and",
        "${q} = 'x' xor ${r} = 'y'",
        "(${q} = 'x'",
        "${q} = 'x')",
        "not(${q} = 'x')",
        "selected(${q}, 3)",
        "count-selected(${q}) > 1",
        "${q} + 1 > 2",
        "${a} = ${b}",
        "${q} = 'it''s'",
        "string-length(${q}) > 0",
        "${q} = 'x'; drop table",
    ],
)
def test_refuses_everything_else(expression):
    with pytest.raises(ConditionError) as caught:
        parse_condition(expression)

    assert caught.value.expression == expression


@pytest.mark.parametrize(
    ("expression", "answers", "expected"),
    [
        ("${q} = 'ja'", {"q": "ja"}, True),
        ("${q} = 'ja'", {"q": "nei"}, False),
        ("${q} = 'ja'", {}, False),
        ("${q} != 'ja'", {}, True),  # XPath: an empty answer is not 'ja'
        ("${q} != 'ja'", {"q": None}, True),
        ("${q} >= 3", {"q": "3"}, True),
        ("${q} >= 3", {"q": "2"}, False),
        ("${q} >= 3", {"q": "dk"}, False),  # "vet ikke" is no number
        ("${q} >= 3", {}, False),
        ("${q} != 3", {"q": "dk"}, True),
        ("${q} = 3", {"q": "3"}, True),
        ("${n} > 10", {"n": 11}, True),
        ("${n} <= 10", {"n": 11}, False),
        ("${n} < 10", {"n": 9}, True),
        ("${n} = '9'", {"n": 9}, True),
        ("selected(${f}, 'eple')", {"f": ("banan", "eple")}, True),
        ("selected(${f}, 'eple')", {"f": ["banan"]}, False),
        ("selected(${f}, 'eple')", {"f": "eple banan"}, True),  # the XForm string form
        ("selected(${f}, 'eple')", {}, False),
        ("${a} = 'x' and ${b} = 'y'", {"a": "x", "b": "y"}, True),
        ("${a} = 'x' and ${b} = 'y'", {"a": "x"}, False),
        ("${a} = 'x' or ${b} = 'y'", {"b": "y"}, True),
        ("${a} = 'x' or ${b} = 'y'", {}, False),
        ("${a} = 'x' and (${b} = 'y' or ${c} = 'z')", {"a": "x", "c": "z"}, True),
    ],
)
def test_evaluates_like_xpath(expression, answers, expected):
    assert parse_condition(expression).evaluate(answers) is expected


names = st.sampled_from(["a", "b", "q_1", "tid.2"])
strings = st.text(alphabet="abcæøå 1-_", max_size=5)
numbers = st.one_of(st.integers(-100, 100), st.sampled_from([0.5, -2.25, 10.75]))
leaves = st.one_of(
    st.builds(Compare, names, st.sampled_from(["=", "!="]), strings),
    st.builds(Compare, names, st.sampled_from(OPERATORS), numbers),
    st.builds(Selected, names, strings),
)


def _canonical(kind):
    # Parsing flattens (a and b) and c, so only generate trees that are already flat.
    return lambda parts: kind(tuple(parts))


conditions = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.lists(inner.filter(lambda c: not isinstance(c, AllOf)), min_size=2, max_size=3).map(
            _canonical(AllOf)
        ),
        st.lists(inner.filter(lambda c: not isinstance(c, AnyOf)), min_size=2, max_size=3).map(
            _canonical(AnyOf)
        ),
    ),
    max_leaves=6,
)


@given(conditions)
def test_printing_and_parsing_give_the_same_condition(condition):
    assert parse_condition(str(condition)) == condition


@given(conditions)
def test_stored_conditions_come_back_equal(condition):
    assert condition_from_data(condition.to_data()) == condition


def test_leaves_list_every_comparison_in_order():
    condition = parse_condition("${a} = 'x' and (selected(${b}, 'y') or ${c} > 1)")

    assert list(condition.leaves()) == [
        Compare("a", "=", "x"),
        Selected("b", "y"),
        Compare("c", ">", 1),
    ]
