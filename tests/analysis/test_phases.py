"""The phase rules of a pedagogical analysis, with plain data: the order of the eight
phases, which of them wait for a finished analysis, and what is missing before the
analysis part can be marked complete."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samla.analysis.phases import (
    FIRST_AFTER_ANALYSIS,
    PHASES,
    missing_for_completion,
    needs_finished_analysis,
    next_phase,
    number,
    previous_phase,
)

COMPLETE = {
    "problem": "Elevene trives dårligere enn før.",
    "goal": "Trivselen er over 500.",
    "sources": 1,
    "factors": 1,
    "factors_without_evidence": 0,
}


def test_the_eight_phases_in_nordahls_order():
    assert PHASES == (
        "problem",
        "goal",
        "information",
        "analysis",
        "measures",
        "implementation",
        "evaluation",
        "revise",
    )
    assert FIRST_AFTER_ANALYSIS == 4


def test_numbers_run_from_one_to_eight():
    assert [number(p) for p in PHASES] == [1, 2, 3, 4, 5, 6, 7, 8]


def test_measures_and_everything_after_wait_for_a_finished_analysis():
    waiting = [p for p in PHASES if needs_finished_analysis(p)]

    assert waiting == ["measures", "implementation", "evaluation", "revise"]


def test_next_and_previous_stop_at_the_ends():
    assert next_phase("problem") == "goal"
    assert next_phase("analysis") == "measures"
    assert next_phase("revise") is None
    assert previous_phase("goal") == "problem"
    assert previous_phase("measures") == "analysis"
    assert previous_phase("problem") is None


@given(st.sampled_from(PHASES[1:]))
def test_previous_then_next_comes_back(phase):
    assert next_phase(previous_phase(phase)) == phase


@given(st.sampled_from(PHASES))
def test_a_phase_waits_exactly_when_it_comes_after_the_analysis(phase):
    assert needs_finished_analysis(phase) == (number(phase) > number("analysis"))


def test_unknown_phase_is_an_error():
    with pytest.raises(ValueError):
        number("planning")


def test_nothing_is_missing_when_all_is_there():
    assert missing_for_completion(**COMPLETE) == []


def test_everything_missing_is_listed_in_the_order_of_the_model():
    missing = missing_for_completion(
        problem="", goal="", sources=0, factors=0, factors_without_evidence=0
    )

    assert missing == ["problem", "goal", "sources", "factors"]


def test_blank_text_counts_as_missing():
    missing = missing_for_completion(**{**COMPLETE, "problem": "  \n ", "goal": "\t"})

    assert missing == ["problem", "goal"]


def test_a_factor_without_evidence_is_missing_evidence():
    missing = missing_for_completion(**{**COMPLETE, "factors": 3, "factors_without_evidence": 1})

    assert missing == ["evidence"]


@given(
    problem=st.text(max_size=5),
    goal=st.text(max_size=5),
    sources=st.integers(0, 3),
    factors=st.integers(0, 3),
    without=st.integers(0, 3),
)
def test_evidence_is_asked_for_only_when_there_are_factors(
    problem, goal, sources, factors, without
):
    without = min(without, factors)

    missing = missing_for_completion(
        problem=problem, goal=goal, sources=sources, factors=factors,
        factors_without_evidence=without,
    )  # fmt: skip

    assert ("factors" in missing) == (factors == 0)
    assert ("evidence" in missing) == (factors > 0 and without > 0)
    assert ("sources" in missing) == (sources == 0)
    assert ("problem" in missing) == (not problem.strip())
    assert ("goal" in missing) == (not goal.strip())
