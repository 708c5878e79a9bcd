"""The analyses overview as counts per unit and per owner, and the list of analyses with
their measures: equal to counts by hand, in a fixed number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from samla.analysis import queries, services
from samla.analysis.models import Analysis, MeasureStatus
from samla.analysis.phases import PHASES
from samla.analysis.queries import OverviewLine
from samla.analysis.services import FactorInput, MeasureInput
from samla.org.models import Owner, Unit
from samla.results.queries import Node


def phases(**counts: int) -> dict[str, int]:
    return {phase: counts.get(phase, 0) for phase in PHASES}


def start_at(demo_org, unit: Unit, title: str) -> Analysis:
    return services.start_analysis(
        demo_org.user("rektor"),
        title=title,
        round=demo_org.results_round(),
        at=Node("unit", unit.pk, unit.name),
        respondent_group="pupil_5_7",
        scale="trivsel",
    )


def other_school(demo_org) -> Unit:
    """The other school of the results round (also Hamar's)."""
    return demo_org.results_round().units.exclude(pk=demo_org.school.pk).get()


def loten_school(demo_org) -> Unit:
    return demo_org.unit_in("Løten")


def with_planned_measure(demo_org, unit: Unit, title: str) -> Analysis:
    """An analysis where the leader overrode the phase rule: one planned measure that ends
    in two months."""
    analysis = start_at(demo_org, unit, title)
    factor = services.add_factor(analysis, FactorInput("Uro i timene", "context", "possible"))
    services.override_phase_rule(analysis, demo_org.user("rektor"), "Tiltaket må starte nå.")
    today = timezone.localdate()
    services.add_measure(
        analysis,
        MeasureInput(
            title="Faste plasser",
            responsible="Kontaktlærerne",
            starts_on=today,
            ends_on=today + timedelta(days=60),
            success_criteria="Roligere timer.",
            factor_ids=(factor.pk,),
        ),
    )
    return analysis


def spread(demo_org) -> dict[str, Analysis]:
    """Analyses at two schools of Hamar and one of Løten:

    - Bjørkely: one in the problem phase; one with a running measure that ended yesterday,
      not evaluated (due); one whose running measure is evaluated (evaluation phase); one
      closed with a running measure (not counted as running or due).
    - Engtun: one in the goal phase; one with a planned measure ending later.
    - Løten: one in the information phase.
    """
    rektor = demo_org.user("rektor")
    made = {
        "problem": demo_org.analysis("I problemfasen"),
        "due": demo_org.analysis_with_measure("Tiltak til evaluering"),
        "evaluated": demo_org.analysis_with_measure("Tiltak evaluert"),
        "closed": demo_org.analysis_with_measure("Avsluttet"),
        "goal": start_at(demo_org, other_school(demo_org), "Målet først"),
        "planned": with_planned_measure(demo_org, other_school(demo_org), "Tiltak planlagt"),
        "information": start_at(demo_org, loten_school(demo_org), "Informasjon i Løten"),
    }
    services.evaluate_measure(made["evaluated"].measures.get(), rektor, "partly", "Noe bedre.")
    services.set_phase(made["evaluated"], "evaluation")
    services.close_analysis(made["closed"], "Vi fortsetter neste år.")
    services.set_phase(made["goal"], "goal")
    services.set_phase(made["information"], "information")
    return made


def test_the_overview_per_unit_equals_the_counts_by_hand(demo_org):
    spread(demo_org)
    school, other, loten = demo_org.school, other_school(demo_org), loten_school(demo_org)

    lines = queries.overview(Analysis.objects.all(), "unit", timezone.localdate())

    assert lines == sorted(
        [
            OverviewLine(
                school.pk,
                school.name,
                phases(problem=1, measures=1, evaluation=1),
                closed=1,
                running=2,
                due=1,
            ),
            OverviewLine(other.pk, other.name, phases(goal=1, measures=1)),
            OverviewLine(loten.pk, loten.name, phases(information=1)),
        ],
        key=lambda line: (line.name, line.pk),
    )
    assert [line.total for line in lines if line.pk == school.pk] == [4]
    assert [line.phase_counts for line in lines if line.pk == school.pk] == [
        [1, 0, 0, 0, 1, 0, 1, 0]
    ]


def test_the_overview_per_owner_equals_the_counts_by_hand(demo_org):
    spread(demo_org)
    hamar = Owner.objects.get(name="Hamar kommune")
    loten = loten_school(demo_org).owner

    lines = queries.overview(Analysis.objects.all(), "owner", timezone.localdate())

    assert lines == [
        OverviewLine(
            hamar.pk,
            "Hamar kommune",
            phases(problem=1, goal=1, measures=2, evaluation=1),
            closed=1,
            running=2,
            due=1,
        ),
        OverviewLine(loten.pk, "Løten kommune", phases(information=1)),
    ]
    assert [line.total for line in lines] == [6, 1]


def test_the_overview_counts_only_the_analyses_given(demo_org):
    made = spread(demo_org)
    services.share_with_owner(made["due"], demo_org.user("rektor"))
    shared = Analysis.objects.filter(shared_with_owner_at__isnull=False)

    lines = queries.overview(shared, "unit", timezone.localdate())

    school = demo_org.school
    assert lines == [
        OverviewLine(school.pk, school.name, phases(measures=1), running=1, due=1),
    ]


def test_a_measure_is_due_the_day_after_it_ends(demo_org):
    analysis = demo_org.analysis_with_measure()
    ends_on = analysis.measures.get().ends_on
    mine = Analysis.objects.filter(pk=analysis.pk)

    on_the_day = queries.overview(mine, "unit", ends_on)
    day_after = queries.overview(mine, "unit", ends_on + timedelta(days=1))

    assert [(line.running, line.due) for line in on_the_day] == [(1, 0)]
    assert [(line.running, line.due) for line in day_after] == [(1, 1)]


def test_a_measure_no_longer_running_is_not_counted_as_running(demo_org):
    analysis = demo_org.analysis_with_measure()
    services.set_measure_status(analysis.measures.get(), MeasureStatus.DONE)

    lines = queries.overview(Analysis.objects.all(), "unit", timezone.localdate())

    assert [(line.running, line.due) for line in lines] == [(0, 1)]


def test_no_analyses_no_lines(demo_org):
    assert queries.overview(Analysis.objects.all(), "unit", timezone.localdate()) == []


def _units(demo_org, count: int) -> list[Unit]:
    return [demo_org.school, other_school(demo_org), loten_school(demo_org)][:count]


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize("by", ["unit", "owner"])
def test_the_overview_reads_five_queries_whatever_the_number_of_units(
    demo_org, django_assert_num_queries, count, by
):
    spread(demo_org)
    units = _units(demo_org, count)
    today = timezone.localdate()

    with django_assert_num_queries(5):
        lines = queries.overview(Analysis.objects.filter(unit__in=units), by, today)

    assert sum(line.total for line in lines) == Analysis.objects.filter(unit__in=units).count()


# --- The analyses one by one ------------------------------------------------------------------


def test_the_analysis_lines_count_each_analysis_measures(demo_org):
    spread(demo_org)
    by_unit = {
        demo_org.school: [
            ("Avsluttet", 1, 1, 0),  # closed: nothing to evaluate any more
            ("Tiltak evaluert", 1, 1, 0),
            ("Tiltak til evaluering", 1, 1, 1),
            ("I problemfasen", 0, 0, 0),
        ],
        other_school(demo_org): [("Tiltak planlagt", 1, 0, 0), ("Målet først", 0, 0, 0)],
        loten_school(demo_org): [("Informasjon i Løten", 0, 0, 0)],
    }

    lines = queries.analysis_lines(Analysis.objects.all(), timezone.localdate())

    # By unit name (Løten's school is called "Engtun skole" too), each unit's together,
    # newest first.
    order = sorted(by_unit, key=lambda unit: (unit.name, unit.pk))
    expected = [row for unit in order for row in by_unit[unit]]
    assert [(line.analysis.title, line.measures, line.running, line.due) for line in lines] == (
        expected
    )


def test_the_analysis_lines_stop_at_the_limit(demo_org):
    spread(demo_org)

    lines = queries.analysis_lines(Analysis.objects.all(), timezone.localdate(), limit=2)

    assert [line.analysis.title for line in lines] == ["Avsluttet", "Tiltak evaluert"]


@pytest.mark.parametrize("count", [1, 3])
def test_the_analysis_lines_read_one_query_whatever_the_number_of_units(
    demo_org, django_assert_num_queries, count
):
    spread(demo_org)
    units = _units(demo_org, count)
    today = timezone.localdate()

    with django_assert_num_queries(1):
        lines = queries.analysis_lines(Analysis.objects.filter(unit__in=units), today)
        names = [(line.analysis.unit.name, line.analysis.learning_group) for line in lines]

    assert len(names) == Analysis.objects.filter(unit__in=units).count()


# --- One analysis -----------------------------------------------------------------------------


def test_a_result_is_compared_with_its_follow_up_node_by_node(demo_org):
    analysis = demo_org.analysis()
    demo_org.later_results_round()
    services.take_follow_ups(analysis, demo_org.user("rektor"))
    before = analysis.snapshots.get(kind="baseline")
    after = analysis.snapshots.get(kind="follow_up")

    (compared,) = queries.comparisons(analysis)

    assert (compared.before, compared.after) == (before, after)
    assert [(r["name"], r["change"]) for r in compared.rows] == [
        (old["name"], round(new["score500"] - old["score500"]))
        for old, new in zip(before.figures["rows"], after.figures["rows"], strict=True)
    ]


def test_a_result_without_follow_up_has_no_change(demo_org):
    analysis = demo_org.analysis()

    (compared,) = queries.comparisons(analysis)

    assert compared.after is None
    assert [(r["after"], r["change"]) for r in compared.rows] == [(None, None)] * 4
