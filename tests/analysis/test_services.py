"""The write path of a pedagogical analysis: the phase rule (finish the analysis before
choosing measures, or the leader's written override), factors and measures, frozen
evidence and its follow-ups, comments, closing and learning caravans. Every refusal
says what to do and changes nothing."""

from __future__ import annotations

import copy
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from samla.analysis import evidence, services
from samla.analysis.models import (
    Analysis,
    CaravanPresentation,
    Comment,
    Evaluation,
    EvidenceSnapshot,
    FrozenError,
    LogEntry,
    MaintainingFactor,
    Measure,
    Phase,
    SnapshotKind,
    Source,
    Status,
)
from samla.analysis.services import FactorInput, MeasureInput
from samla.plans import services as plan_services
from samla.plans.services import ActivityInput
from samla.results.build import build_round
from samla.results.models import ResultRow
from samla.results.queries import Node, read_cells
from samla.surveys.models import Round

MEASURES_CLOSED = "Finish the analysis before choosing measures: mark the analysis part complete."
CLOSED = "The analysis is closed. Start a new analysis to go on."


def refused(call, *args, **kwargs) -> ValidationError:
    """The ValidationError ``call`` raises, its messages in English (the msgids)."""
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    return caught.value


def rows_of(analysis: Analysis) -> dict:
    """Everything stored about the analysis, to show that a refusal changed nothing."""
    return {
        "analysis": list(Analysis.objects.filter(pk=analysis.pk).values()),
        "history": Analysis.history.filter(id=analysis.pk).count(),
        "sources": list(Source.objects.filter(analysis=analysis).values()),
        "factors": list(
            MaintainingFactor.objects.filter(analysis=analysis).values(
                "pk", "description", "perspective", "likelihood", "sources"
            )
        ),
        "measures": list(
            Measure.objects.filter(analysis=analysis).values(
                "pk",
                "title",
                "description",
                "responsible",
                "starts_on",
                "ends_on",
                "success_criteria",
                "status",
                "factors",
            )
        ),
        "log": list(LogEntry.objects.filter(analysis=analysis).values()),
        "evaluations": list(Evaluation.objects.filter(measure__analysis=analysis).values()),
        "snapshots": list(EvidenceSnapshot.objects.filter(analysis=analysis).values()),
        "comments": list(Comment.objects.filter(analysis=analysis).values()),
        "presentations": list(CaravanPresentation.objects.filter(analysis=analysis).values()),
    }


def baseline_of(analysis: Analysis) -> Source:
    return analysis.sources.get(snapshot__kind=SnapshotKind.BASELINE)


def worked_through(analysis: Analysis) -> MaintainingFactor:
    """Problem, goal and one factor tied to the baseline: ready to be marked complete."""
    services.save_problem(analysis, "Elevene på mellomtrinnet trives dårligere enn før.")
    services.save_goal(analysis, "open", "Bedre trivsel på mellomtrinnet.")
    return services.add_factor(
        analysis,
        FactorInput(
            "Uklare regler i friminuttene", "context", "likely", (baseline_of(analysis).pk,)
        ),
    )


def measure_input(factor_ids, **changes) -> MeasureInput:
    today = timezone.localdate()
    data = {
        "title": "Felles friminuttsregler",
        "responsible": "Rektor og kontaktlærerne",
        "starts_on": today,
        "ends_on": today + timedelta(days=60),
        "success_criteria": "Færre konflikter meldt i friminuttene.",
        "factor_ids": tuple(factor_ids),
    }
    return MeasureInput(**{**data, **changes})


def start_at(demo_org, node: Node, title: str, round: Round | None = None) -> Analysis:
    return services.start_analysis(
        demo_org.user("rektor"),
        title=title,
        round=round or demo_org.results_round(),
        at=node,
        respondent_group="pupil_5_7",
        scale="trivsel",
    )


def school_node(demo_org) -> Node:
    return Node("unit", demo_org.school.pk, demo_org.school.name)


# --- Starting -----------------------------------------------------------------------------


def test_an_analysis_starts_only_from_a_unit_or_a_class_with_the_index(demo_org):
    round = demo_org.results_round()
    school = demo_org.school
    other = round.units.exclude(pk=school.pk).get()
    group = demo_org.learning_group()
    hamar = school.owner
    before = (list(Analysis.objects.values()), list(EvidenceSnapshot.objects.values()))

    def start(at, scale="trivsel", title="Trivsel", learning_group=None):
        return refused(
            services.start_analysis, demo_org.user("rektor"), title=title, round=round, at=at,
            respondent_group="pupil_5_7", scale=scale, learning_group=learning_group,
        )  # fmt: skip

    owner = start(Node("owner", hamar.pk, hamar.name))
    no_index = start(Node("unit", school.pk, school.name), scale="trygghet_i_barnehagen")
    no_title = start(Node("unit", school.pk, school.name), title="  ")
    other_group = start(Node("unit", other.pk, other.name), learning_group=group)

    assert owner.messages == ["An analysis starts from a unit's or a class's results."]
    assert no_index.messages == ["The round has no such index for this respondent group."]
    assert no_title.message_dict == {"title": ["Give the analysis a title."]}
    assert other_group.message_dict == {"learning_group": ["Choose a learning group of the unit."]}
    assert (list(Analysis.objects.values()), list(EvidenceSnapshot.objects.values())) == before


# --- The phase rule -------------------------------------------------------------------------


def test_a_measure_is_refused_until_the_analysis_is_complete(demo_org):
    analysis = demo_org.analysis()
    factor = worked_through(analysis)
    before = rows_of(analysis)

    error = refused(services.add_measure, analysis, measure_input([factor.pk]))

    assert error.messages == [MEASURES_CLOSED]
    assert rows_of(analysis) == before


@pytest.mark.parametrize("phase", ["measures", "implementation", "evaluation", "revise"])
def test_the_phases_from_measures_on_are_refused_until_the_analysis_is_complete(demo_org, phase):
    analysis = demo_org.analysis()
    worked_through(analysis)
    before = rows_of(analysis)

    error = refused(services.set_phase, analysis, phase)

    assert error.messages == [MEASURES_CLOSED]
    assert rows_of(analysis) == before


@pytest.mark.parametrize("phase", ["problem", "goal", "information", "analysis"])
def test_the_phases_before_measures_are_open_at_once(demo_org, phase):
    analysis = demo_org.analysis()

    services.set_phase(analysis, phase)

    assert Analysis.objects.get(pk=analysis.pk).phase == phase


def test_an_unknown_phase_is_refused(demo_org):
    analysis = demo_org.analysis()
    before = rows_of(analysis)

    error = refused(services.set_phase, analysis, "planning")

    assert error.messages == ["Unknown phase."]
    assert rows_of(analysis) == before


def test_the_log_is_refused_until_the_analysis_is_complete(demo_org):
    analysis = demo_org.analysis()
    worked_through(analysis)
    before = rows_of(analysis)

    error = refused(
        services.add_log_entry, analysis, demo_org.user("rektor"), timezone.localdate(), "Møte."
    )

    assert error.messages == ["The log opens with the measures."]
    assert rows_of(analysis) == before


def test_completing_lists_everything_missing_and_changes_nothing(demo_org):
    analysis = demo_org.analysis()  # only the baseline result as a source
    before = rows_of(analysis)

    error = refused(services.complete_analysis, analysis, demo_org.user("rektor"))

    assert error.messages == [
        "Before the analysis is complete: describe the problem; write the goal; "
        "add at least one maintaining factor."
    ]
    assert rows_of(analysis) == before


def test_completing_asks_for_evidence_for_every_factor(demo_org):
    analysis = demo_org.analysis()
    worked_through(analysis)
    services.add_factor(analysis, FactorInput("Store klasser", "context", "possible"))
    before = rows_of(analysis)

    error = refused(services.complete_analysis, analysis, demo_org.user("rektor"))

    assert error.messages == [
        "Before the analysis is complete: tie every maintaining factor to at least one source."
    ]
    assert rows_of(analysis) == before


def test_completing_opens_the_measures_the_phases_and_the_log(demo_org):
    analysis = demo_org.analysis()
    factor = worked_through(analysis)
    rektor = demo_org.user("rektor")

    services.complete_analysis(analysis, rektor)
    measure = services.add_measure(analysis, measure_input([factor.pk]))
    services.set_phase(analysis, "implementation")
    entry = services.add_log_entry(
        analysis, rektor, timezone.localdate(), "Reglene gjennomgått.", measure.pk
    )

    stored = Analysis.objects.get(pk=analysis.pk)
    assert stored.analysis_completed_by == rektor
    assert stored.analysis_completed_at is not None
    assert stored.phase == Phase.IMPLEMENTATION
    assert list(stored.measures.all()) == [measure]
    assert list(measure.factors.all()) == [factor]
    assert list(stored.log.all()) == [entry]
    assert entry.measure == measure


def test_completing_moves_the_phase_to_measures(demo_org):
    analysis = demo_org.analysis()
    worked_through(analysis)

    services.complete_analysis(analysis, demo_org.user("rektor"))

    assert Analysis.objects.get(pk=analysis.pk).phase == Phase.MEASURES


@pytest.mark.parametrize("reason", ["", "   ", "Haster!", " 123456789 \n"])
def test_the_override_needs_a_written_reason(demo_org, reason):
    analysis = demo_org.analysis()
    before = rows_of(analysis)

    error = refused(services.override_phase_rule, analysis, demo_org.user("rektor"), reason)

    assert error.message_dict == {
        "reason": ["Write why the group goes on to measures before the analysis is complete."]
    }
    assert rows_of(analysis) == before


def test_the_override_opens_the_measures_and_its_reason_stays(demo_org):
    analysis = demo_org.analysis()
    services.save_problem(analysis, "Mange elever trives dårlig.")
    factor = services.add_factor(analysis, FactorInput("Uro i timene", "context", "possible"))
    rektor = demo_org.user("rektor")
    reason = "Skolen har fått midler til et tiltak som må starte før jul."

    services.override_phase_rule(analysis, rektor, f"  {reason}\n")
    services.add_measure(analysis, measure_input([factor.pk]))
    services.set_phase(analysis, "evaluation")

    stored = Analysis.objects.get(pk=analysis.pk)
    assert stored.override_reason == reason
    assert stored.overridden_by == rektor
    assert stored.analysis_completed_at is None
    assert stored.phase == Phase.EVALUATION
    assert stored.measures.count() == 1
    with translation.override("en"):
        assert services.completion_missing(stored) == [
            "write the goal",
            "tie every maintaining factor to at least one source",
        ]


def test_the_analysis_reopens_only_while_it_has_no_measures(demo_org):
    analysis = demo_org.analysis_with_measure()
    before = rows_of(analysis)

    error = refused(services.reopen_analysis, analysis)

    assert error.messages == ["The analysis has measures already; it stays complete."]
    assert rows_of(analysis) == before


def test_reopening_takes_the_analysis_back_to_the_analysis_phase(demo_org):
    analysis = demo_org.analysis()
    worked_through(analysis)
    services.complete_analysis(analysis, demo_org.user("rektor"))

    services.reopen_analysis(analysis)

    stored = Analysis.objects.get(pk=analysis.pk)
    assert (stored.phase, stored.analysis_completed_at, stored.analysis_completed_by) == (
        Phase.ANALYSIS,
        None,
        None,
    )


# --- Problem, goal, sources -----------------------------------------------------------------


def test_a_blank_problem_or_goal_is_refused(demo_org):
    analysis = demo_org.analysis()
    before = rows_of(analysis)

    problem = refused(services.save_problem, analysis, "  ")
    kind = refused(services.save_goal, analysis, "vague", "Bedre trivsel.")
    goal = refused(services.save_goal, analysis, "open", "")

    assert problem.message_dict == {
        "problem": ["Describe the problem: what is, compared with what you want."]
    }
    assert kind.message_dict == {"goal_kind": ["Choose whether the goal is closed or open."]}
    assert goal.message_dict == {"goal": ["Write the goal."]}
    assert rows_of(analysis) == before


def test_problem_and_goal_are_kept_with_history(demo_org):
    analysis = demo_org.analysis()
    history = analysis.history.count()

    services.save_problem(analysis, "  Mange trives dårlig.  ")
    services.save_goal(analysis, "closed", "Over 500 neste runde.")

    stored = Analysis.objects.get(pk=analysis.pk)
    assert (stored.problem, stored.goal_kind, stored.goal) == (
        "Mange trives dårlig.",
        "closed",
        "Over 500 neste runde.",
    )
    assert stored.history.count() == history + 2


def test_a_results_source_is_added_only_through_the_results(demo_org):
    analysis = demo_org.analysis()
    before = rows_of(analysis)

    error = refused(services.add_source, analysis, demo_org.user("rektor"), "results", "T2", "")

    assert error.message_dict == {"kind": ["Choose observation, conversations or other data."]}
    assert rows_of(analysis) == before


def test_results_of_another_unit_are_refused_as_a_source(demo_org):
    analysis = demo_org.analysis()
    round = demo_org.results_round()
    other = round.units.exclude(pk=demo_org.school.pk).get()
    before = rows_of(analysis)

    error = refused(
        services.add_result_source,
        analysis,
        demo_org.user("rektor"),
        round,
        Node("unit", other.pk, other.name),
        "pupil_5_7",
        "arbeidsro",
    )

    assert error.messages == ["Take results of the analysis's own unit."]
    assert rows_of(analysis) == before


def test_the_baseline_cannot_be_deleted(demo_org):
    analysis = demo_org.analysis()
    before = rows_of(analysis)

    error = refused(services.delete_source, baseline_of(analysis))

    assert error.messages == ["The result the analysis starts from cannot be removed."]
    assert rows_of(analysis) == before


def test_a_source_a_factor_stands_on_cannot_be_deleted(demo_org):
    analysis = demo_org.analysis()
    talk = services.add_source(analysis, demo_org.user("rektor"), "conversation", "Elevråd", "")
    services.add_factor(analysis, FactorInput("Utrygge friminutt", "actor", "likely", (talk.pk,)))
    before = rows_of(analysis)

    error = refused(services.delete_source, talk)

    assert error.messages == [
        "A maintaining factor is tied to this source. Remove the link from the factor first."
    ]
    assert rows_of(analysis) == before


def test_a_results_source_goes_with_its_snapshot(demo_org):
    analysis = demo_org.analysis()
    source = services.add_result_source(
        analysis,
        demo_org.user("rektor"),
        demo_org.results_round(),
        school_node(demo_org),
        "pupil_5_7",
        "arbeidsro",
        note="Arbeidsro henger sammen med trivsel.",
    )
    observation = services.add_source(
        analysis, demo_org.user("rektor"), "observation", "Friminutt", "Notater"
    )

    services.delete_source(source)
    services.delete_source(observation)

    assert list(analysis.sources.all()) == [baseline_of(analysis)]
    assert list(analysis.snapshots.values_list("kind", flat=True)) == [SnapshotKind.BASELINE]


# --- Maintaining factors --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            FactorInput("Uro", "system", "likely"),
            {"perspective": ["Choose context, actors or individual."]},
        ),
        (
            FactorInput("Uro", "context", "certain"),
            {"likelihood": ["Choose how likely the group judges it."]},
        ),
        (
            FactorInput(" ", "context", "likely"),
            {"description": ["Describe the maintaining factor."]},
        ),
    ],
)
def test_a_factor_needs_a_valid_perspective_and_likelihood(demo_org, data, expected):
    analysis = demo_org.analysis()
    before = rows_of(analysis)

    error = refused(services.add_factor, analysis, data)

    assert error.message_dict == expected
    assert rows_of(analysis) == before


def test_a_factor_stands_only_on_sources_of_its_own_analysis(demo_org):
    analysis = demo_org.analysis()
    other = demo_org.analysis("En annen analyse")
    foreign = baseline_of(other)
    before, before_other = rows_of(analysis), rows_of(other)

    error = refused(
        services.add_factor,
        analysis,
        FactorInput("Uro", "context", "likely", (baseline_of(analysis).pk, foreign.pk)),
    )

    assert error.message_dict == {"sources": ["Choose sources of this analysis."]}
    assert (rows_of(analysis), rows_of(other)) == (before, before_other)


def test_a_factor_is_changed_with_its_evidence(demo_org):
    analysis = demo_org.analysis()
    factor = services.add_factor(analysis, FactorInput("Uro", "context", "possible"))
    talk = services.add_source(analysis, demo_org.user("rektor"), "conversation", "Elevråd", "")

    services.update_factor(
        factor, FactorInput("Uro i overgangene", "individual", "likely", (talk.pk, talk.pk))
    )

    stored = MaintainingFactor.objects.get(pk=factor.pk)
    assert (stored.description, stored.perspective, stored.likelihood) == (
        "Uro i overgangene",
        "individual",
        "likely",
    )
    assert list(stored.sources.all()) == [talk]


def test_changing_a_factor_to_a_foreign_source_changes_nothing(demo_org):
    analysis = demo_org.analysis()
    factor = worked_through(analysis)
    foreign = baseline_of(demo_org.analysis("En annen analyse"))
    before = rows_of(analysis)

    error = refused(
        services.update_factor, factor, FactorInput("Ny tekst", "actor", "unlikely", (foreign.pk,))
    )

    assert error.message_dict == {"sources": ["Choose sources of this analysis."]}
    assert rows_of(analysis) == before


def test_a_factor_a_measure_aims_at_cannot_be_deleted(demo_org):
    analysis = demo_org.analysis_with_measure()
    factor = analysis.factors.get()
    before = rows_of(analysis)

    error = refused(services.delete_factor, factor)

    assert error.messages == ["A measure aims at this factor. Change the measure first."]
    assert rows_of(analysis) == before


def test_a_factor_is_deleted_once_no_measure_aims_at_it(demo_org):
    analysis = demo_org.analysis_with_measure()
    old = analysis.factors.get()
    new = services.add_factor(
        analysis,
        FactorInput("Lite voksentetthet", "context", "likely", (baseline_of(analysis).pk,)),
    )
    measure = analysis.measures.get()
    services.update_measure(
        measure,
        measure_input(
            [new.pk], starts_on=measure.starts_on, ends_on=measure.ends_on, title=measure.title
        ),
    )

    services.delete_factor(old)

    assert list(analysis.factors.all()) == [new]
    assert list(measure.factors.all()) == [new]


# --- Measures -------------------------------------------------------------------------------


def _opened(demo_org) -> tuple[Analysis, MaintainingFactor]:
    analysis = demo_org.analysis()
    factor = worked_through(analysis)
    services.complete_analysis(analysis, demo_org.user("rektor"))
    return analysis, factor


def test_a_measure_aims_at_least_at_one_factor(demo_org):
    analysis, _factor = _opened(demo_org)
    before = rows_of(analysis)

    error = refused(services.add_measure, analysis, measure_input([]))

    assert error.message_dict == {
        "factors": ["Choose the maintaining factor(s) of this analysis the measure aims at."]
    }
    assert rows_of(analysis) == before


def test_a_measure_aims_only_at_factors_of_its_own_analysis(demo_org):
    analysis, factor = _opened(demo_org)
    other = demo_org.analysis_with_measure("En annen analyse")
    foreign = other.factors.get()
    before, before_other = rows_of(analysis), rows_of(other)

    only_foreign = refused(services.add_measure, analysis, measure_input([foreign.pk]))
    mixed = refused(services.add_measure, analysis, measure_input([factor.pk, foreign.pk]))

    expected = {
        "factors": ["Choose the maintaining factor(s) of this analysis the measure aims at."]
    }
    assert (only_foreign.message_dict, mixed.message_dict) == (expected, expected)
    assert (rows_of(analysis), rows_of(other)) == (before, before_other)


def test_a_measure_cannot_end_before_it_starts(demo_org):
    analysis, factor = _opened(demo_org)
    today = timezone.localdate()
    before = rows_of(analysis)

    error = refused(
        services.add_measure,
        analysis,
        measure_input([factor.pk], starts_on=today, ends_on=today - timedelta(days=1)),
    )

    assert error.message_dict == {"ends_on": ["The measure cannot end before it starts."]}
    assert rows_of(analysis) == before


def test_a_measure_of_one_day_is_accepted(demo_org):
    analysis, factor = _opened(demo_org)
    today = timezone.localdate()

    measure = services.add_measure(
        analysis, measure_input([factor.pk], starts_on=today, ends_on=today)
    )

    assert (measure.starts_on, measure.ends_on) == (today, today)


def test_changing_a_measure_to_end_before_it_starts_changes_nothing(demo_org):
    analysis = demo_org.analysis_with_measure()
    measure = analysis.measures.get()
    before = rows_of(analysis)

    error = refused(
        services.update_measure,
        measure,
        measure_input(
            [analysis.factors.get().pk],
            starts_on=measure.starts_on,
            ends_on=measure.starts_on - timedelta(days=1),
        ),
    )

    assert error.message_dict == {"ends_on": ["The measure cannot end before it starts."]}
    assert rows_of(analysis) == before


def test_an_unknown_measure_status_or_verdict_is_refused(demo_org):
    analysis = demo_org.analysis_with_measure()
    measure = analysis.measures.get()
    before = rows_of(analysis)

    status = refused(services.set_measure_status, measure, "forgotten")
    verdict = refused(services.evaluate_measure, measure, demo_org.user("rektor"), "good", "Bra.")
    text = refused(services.evaluate_measure, measure, demo_org.user("rektor"), "met", " ")

    assert status.messages == ["Unknown status."]
    assert verdict.message_dict == {"verdict": ["Choose whether the criteria were met."]}
    assert text.message_dict == {"text": ["Write what the group found."]}
    assert rows_of(analysis) == before


def test_a_later_evaluation_does_not_erase_an_earlier_one(demo_org):
    analysis = demo_org.analysis_with_measure()
    measure = analysis.measures.get()
    rektor = demo_org.user("rektor")

    first = services.evaluate_measure(measure, rektor, "partly", "Noe bedre.")
    second = services.evaluate_measure(measure, rektor, "met", "Målet nådd.")

    assert list(measure.evaluations.all()) == [second, first]


def test_the_log_refuses_a_future_day_and_a_foreign_measure(demo_org):
    analysis = demo_org.analysis_with_measure()
    foreign = demo_org.analysis_with_measure("En annen analyse").measures.get()
    rektor = demo_org.user("rektor")
    today = timezone.localdate()
    before = rows_of(analysis)

    future = refused(services.add_log_entry, analysis, rektor, today + timedelta(days=1), "Møte.")
    blank = refused(services.add_log_entry, analysis, rektor, today, "  ")
    other = refused(services.add_log_entry, analysis, rektor, today, "Møte.", foreign.pk)

    assert future.message_dict == {"day": ["The log is of what has been done: not a future date."]}
    assert blank.message_dict == {"text": ["Write what was done."]}
    assert other.message_dict == {"measure": ["Choose a measure of this analysis."]}
    assert rows_of(analysis) == before


# --- A closed analysis ----------------------------------------------------------------------

CHANGES = {
    "save_problem": lambda a, p: services.save_problem(a, "Ny problemstilling."),
    "save_goal": lambda a, p: services.save_goal(a, "open", "Nytt mål."),
    "add_source": lambda a, p: services.add_source(a, p, "observation", "Observasjon", ""),
    "update_source_note": lambda a, p: services.update_source_note(a.sources.get(), "Ny."),
    "delete_source": lambda a, p: services.delete_source(a.sources.get()),
    "add_factor": lambda a, p: services.add_factor(a, FactorInput("Ny", "context", "likely")),
    "update_factor": lambda a, p: services.update_factor(
        a.factors.get(), FactorInput("Ny", "actor", "likely")
    ),
    "delete_factor": lambda a, p: services.delete_factor(a.factors.get()),
    "complete_analysis": lambda a, p: services.complete_analysis(a, p),
    "reopen_analysis": lambda a, p: services.reopen_analysis(a),
    "override_phase_rule": lambda a, p: services.override_phase_rule(
        a, p, "Vi må starte tiltak før jul."
    ),
    "set_phase": lambda a, p: services.set_phase(a, "evaluation"),
    "add_measure": lambda a, p: services.add_measure(
        a, measure_input([a.factors.get().pk], title="Nytt tiltak")
    ),
    "set_measure_status": lambda a, p: services.set_measure_status(a.measures.get(), "done"),
    "add_log_entry": lambda a, p: services.add_log_entry(a, p, timezone.localdate(), "Møte."),
    "evaluate_measure": lambda a, p: services.evaluate_measure(
        a.measures.get(), p, "met", "Målet nådd."
    ),
    "take_follow_ups": lambda a, p: services.take_follow_ups(a, p),
    "close_analysis": lambda a, p: services.close_analysis(a, "Lukket igjen."),
}


def test_a_closed_analysis_refuses_every_change(demo_org):
    analysis = demo_org.analysis_with_measure()
    demo_org.later_results_round()  # so that a follow-up would be found
    services.close_analysis(analysis, "Vi fortsetter i en ny analyse.")
    analysis.refresh_from_db()
    rektor = demo_org.user("rektor")
    before = rows_of(analysis)

    refusals = {
        name: refused(change, analysis, rektor).messages for name, change in CHANGES.items()
    }

    assert refusals == {name: [CLOSED] for name in CHANGES}
    assert rows_of(analysis) == before


def test_closing_keeps_the_note_and_ends_in_revise(demo_org):
    analysis = demo_org.analysis_with_measure()

    blank = refused(services.close_analysis, analysis, " ")
    services.close_analysis(analysis, "  Tiltaket virket delvis.  ")

    assert blank.message_dict == {"note": ["Write what the group concluded."]}
    stored = Analysis.objects.get(pk=analysis.pk)
    assert (stored.status, stored.phase, stored.closing_note) == (
        Status.CLOSED,
        Phase.REVISE,
        "Tiltaket virket delvis.",
    )


# --- Frozen evidence ------------------------------------------------------------------------


def test_the_baseline_holds_the_figures_as_the_results_show_them(demo_org):
    round = demo_org.results_round()
    node = school_node(demo_org)

    analysis = start_at(demo_org, node, "Trivsel")

    snapshot = analysis.snapshots.get()
    labels, figures = evidence.index_figures(round, node, "pupil_5_7", "trivsel")
    (cell,) = read_cells(
        round, [node.key], respondent_group="pupil_5_7", codes=["trivsel"], kind="scale"
    )
    assert (snapshot.kind, snapshot.round, snapshot.round_name) == (
        SnapshotKind.BASELINE,
        round,
        "T2",
    )
    assert (snapshot.scale_labels, snapshot.figures) == (labels, figures)
    assert snapshot.threshold == round.programme.anonymity_threshold
    assert [r["kind"] for r in snapshot.figures["rows"]] == ["unit", "owner", "region", "programme"]
    assert snapshot.own == {
        "kind": "unit",
        "id": demo_org.school.pk,
        "name": demo_org.school.name,
        "n": cell.n,
        "hidden": False,
        "mean": cell.mean,
        "sd": cell.sd,
        "score500": cell.score500,
        "low_share": cell.low_share,
    }
    assert analysis.sources.get().snapshot == snapshot


def test_a_snapshot_cannot_be_saved_again(demo_org):
    snapshot = demo_org.analysis().snapshots.get()
    stored = list(EvidenceSnapshot.objects.filter(pk=snapshot.pk).values())
    snapshot.figures = {"rows": [], "items": []}
    snapshot.node_name = "Et annet sted"

    with pytest.raises(FrozenError):
        snapshot.save()

    assert list(EvidenceSnapshot.objects.filter(pk=snapshot.pk).values()) == stored


def test_a_snapshot_stays_as_taken_when_the_results_are_rebuilt_or_removed(demo_org):
    round = demo_org.results_round()
    node = school_node(demo_org)
    snapshot = demo_org.analysis().snapshots.get()
    taken = copy.deepcopy(snapshot.figures)

    # A rebuild with a higher threshold hides the school that the snapshot showed.
    build_round(round, threshold=50)
    (rebuilt,) = read_cells(
        round, [node.key], respondent_group="pupil_5_7", codes=["trivsel"], kind="scale"
    )
    after_rebuild = EvidenceSnapshot.objects.get(pk=snapshot.pk).figures
    ResultRow.objects.filter(round=round).delete()
    after_removal = EvidenceSnapshot.objects.get(pk=snapshot.pk).figures

    assert rebuilt.suppressed is True
    assert read_cells(round, [node.key]) == []
    assert taken["rows"][0]["hidden"] is False
    assert after_rebuild == taken
    assert after_removal == taken


def _class_with_a_hidden_item(round, unit):
    """A class of the unit with an item of "trivsel" hidden in the round, and that item."""
    instrument = round.instruments.get(respondent_group="pupil_5_7").version.instrument()
    codes = next(s for s in instrument.scales if s.code == "trivsel").item_codes
    classes = unit.groups.values_list("pk", flat=True)
    hidden = next(
        (
            cell
            for cell in read_cells(
                round,
                [("group", pk) for pk in classes],
                respondent_group="pupil_5_7",
                codes=codes,
                kind="item",
            )
            if cell.suppressed
        ),
        None,
    )
    assert hidden is not None, "the simulated classes include small cells"
    return unit.groups.get(pk=hidden.node_id), hidden.item


def test_a_hidden_cell_is_copied_without_a_figure(demo_org):
    round = demo_org.results_round()
    group, code = _class_with_a_hidden_item(round, demo_org.school)
    node = Node("group", group.pk, f"{demo_org.school.name} – {group.name}")

    analysis = start_at(demo_org, node, "Trivsel i klassen")

    snapshot = analysis.snapshots.get()
    item = next(i for i in snapshot.figures["items"] if i["code"] == code)
    assert analysis.unit == demo_org.school
    assert [r["kind"] for r in snapshot.figures["rows"]] == [
        "group",
        "unit",
        "owner",
        "region",
        "programme",
    ]
    assert sorted(item) == ["code", "hidden", "labels", "n", "options", "reversed"]
    assert (item["hidden"], item["n"]) == (True, None)
    assert [percent for _labels, percent in item["options"]] == [None] * len(item["options"])
    shown = [i for i in snapshot.figures["items"] if not i["hidden"]]
    assert shown, "the class's other items are shown"
    assert all(i["n"] >= round.programme.anonymity_threshold for i in shown)
    # A shown item has its whole distribution with its mean, or (where an option was chosen
    # by one or two) its n only: never a mean beside a partial distribution.
    for shown_item in shown:
        percents = [percent for _labels, percent in shown_item["options"]]
        whole = None not in percents
        assert (shown_item["mean"] is not None) == whole


# --- Follow-ups -----------------------------------------------------------------------------


def test_no_follow_up_without_a_later_round(demo_org):
    analysis = demo_org.analysis()
    before = rows_of(analysis)

    made = services.take_follow_ups(analysis, demo_org.user("rektor"))

    assert made == 0
    assert rows_of(analysis) == before


def test_no_follow_up_from_a_later_round_not_yet_released(demo_org):
    analysis = demo_org.analysis()
    later = demo_org.later_results_round()
    Round.objects.filter(pk=later.pk).update(results_released_at=None, results_release_on=None)
    before = rows_of(analysis)

    made = services.take_follow_ups(analysis, demo_org.user("rektor"))

    assert made == 0
    assert rows_of(analysis) == before


def test_the_later_round_gives_one_follow_up_per_result_held(demo_org):
    analysis = demo_org.analysis()
    rektor = demo_org.user("rektor")
    node = school_node(demo_org)
    source = services.add_result_source(
        analysis, rektor, demo_org.results_round(), node, "pupil_5_7", "arbeidsro"
    )
    later = demo_org.later_results_round()
    baseline = baseline_of(analysis).snapshot

    made = services.take_follow_ups(analysis, rektor)
    again = services.take_follow_ups(analysis, rektor)

    assert (made, again) == (2, 0)
    follow_ups = analysis.snapshots.filter(kind=SnapshotKind.FOLLOW_UP)
    assert {f.compares_to_id: (f.round, f.round_name, f.scale) for f in follow_ups} == {
        baseline.pk: (later, "T3", "trivsel"),
        source.snapshot.pk: (later, "T3", "arbeidsro"),
    }
    follow_up = follow_ups.get(compares_to=baseline)
    assert follow_up.figures == evidence.index_figures(later, node, "pupil_5_7", "trivsel")[1]
    assert follow_up.taken_by == rektor


def test_a_follow_up_analysis_continues_from_the_latest_figures(demo_org):
    old = demo_org.analysis_with_measure()
    rektor = demo_org.user("rektor")
    demo_org.later_results_round()
    services.take_follow_ups(old, rektor)
    follow_up = old.snapshots.get(kind=SnapshotKind.FOLLOW_UP)

    with translation.override("en"):
        new = services.start_follow_up_analysis(old, rektor, "Trivsel, runde to")

    old.refresh_from_db()
    assert (old.status, old.phase, old.closing_note) == (
        Status.CLOSED,
        Phase.REVISE,
        "Continued in a new analysis: Trivsel, runde to",
    )
    assert (new.previous, new.unit, new.status, new.phase) == (
        old,
        old.unit,
        Status.OPEN,
        Phase.PROBLEM,
    )
    assert (new.problem, new.goal_kind, new.goal) == (old.problem, old.goal_kind, old.goal)
    baseline = new.snapshots.get()
    assert (baseline.kind, baseline.round, baseline.round_name) == (
        SnapshotKind.BASELINE,
        follow_up.round,
        "T3",
    )
    assert baseline.figures == follow_up.figures
    assert new.sources.get().snapshot == baseline
    assert (new.factors.count(), new.measures.count()) == (0, 0)


def test_a_follow_up_analysis_without_later_results_starts_from_the_same_figures(demo_org):
    old = demo_org.analysis("Trivsel", group=True)
    services.close_analysis(old, "Vi tar det opp igjen.")

    new = services.start_follow_up_analysis(old, demo_org.user("rektor"), "Trivsel igjen")

    old.refresh_from_db()
    assert (old.status, old.closing_note) == (Status.CLOSED, "Vi tar det opp igjen.")
    assert (new.previous, new.learning_group) == (old, old.learning_group)
    assert new.snapshots.get().figures == baseline_of(old).snapshot.figures


# --- Comments -------------------------------------------------------------------------------


def test_comments_are_threaded_within_a_phase(demo_org):
    analysis = demo_org.analysis()

    question = services.add_comment(
        analysis, demo_org.user("ppt"), "analysis", "Hva sier elevene selv?"
    )
    answer = services.add_comment(
        analysis, demo_org.user("rektor"), "analysis", "Vi spør elevrådet.", question.pk
    )

    assert (answer.parent, answer.phase) == (question, "analysis")
    assert list(question.replies.all()) == [answer]
    assert list(analysis.comments.filter(parent=None)) == [question]


def test_an_answer_must_be_on_the_same_phase_and_analysis(demo_org):
    analysis = demo_org.analysis()
    other = demo_org.analysis("En annen analyse")
    question = services.add_comment(analysis, demo_org.user("ppt"), "analysis", "Hvorfor?")
    elsewhere = services.add_comment(other, demo_org.user("ppt"), "analysis", "Hvorfor?")
    before = rows_of(analysis)

    other_phase = refused(
        services.add_comment, analysis, demo_org.user("rektor"), "goal", "Svar.", question.pk
    )
    other_analysis = refused(
        services.add_comment, analysis, demo_org.user("rektor"), "analysis", "Svar.", elsewhere.pk
    )

    assert other_phase.messages == ["The comment you answer is not on this page."]
    assert other_analysis.messages == ["The comment you answer is not on this page."]
    assert rows_of(analysis) == before


def test_an_empty_comment_or_an_unknown_phase_is_refused(demo_org):
    analysis = demo_org.analysis()
    before = rows_of(analysis)

    empty = refused(services.add_comment, analysis, demo_org.user("ppt"), "goal", " \n ")
    unknown = refused(services.add_comment, analysis, demo_org.user("ppt"), "plan", "Hei.")

    assert empty.message_dict == {"text": ["Write the comment."]}
    assert unknown.messages == ["Unknown phase."]
    assert rows_of(analysis) == before


# --- Learning caravans ----------------------------------------------------------------------


def test_only_a_learning_caravan_of_the_units_programme_is_linked(demo_org):
    analysis = demo_org.analysis()
    rektor = demo_org.user("rektor")
    gathering = demo_org.plan_activity()  # "Regional samling": not a caravan
    kindergarten_plan, _created = plan_services.get_or_create_plan(
        demo_org.kindergarten_programme, "2026/2027"
    )
    other_caravan = plan_services.add_activity(
        kindergarten_plan, ActivityInput(title="Læringskaravane i barnehagene", term="spring")
    )
    before = rows_of(analysis)

    not_a_caravan = refused(services.link_caravan, analysis, rektor, gathering.pk)
    other_programme = refused(services.link_caravan, analysis, rektor, other_caravan.pk)

    expected = ["Choose a learning caravan in the programme's plan."]
    assert (not_a_caravan.messages, other_programme.messages) == (expected, expected)
    assert rows_of(analysis) == before


def test_a_learning_caravan_is_linked_once_and_unlinked(demo_org):
    analysis = demo_org.analysis()
    rektor = demo_org.user("rektor")
    caravan = plan_services.add_activity(
        demo_org.plan(), ActivityInput(title="Læringskaravane: analyser deles", term="spring")
    )

    first = services.link_caravan(analysis, rektor, caravan.pk)
    second = services.link_caravan(analysis, rektor, caravan.pk)
    linked = list(analysis.presentations.values_list("activity_id", "linked_by_id"))
    services.unlink_caravan(analysis, caravan.pk)

    assert first == second
    assert linked == [(caravan.pk, rektor.pk)]
    assert analysis.presentations.count() == 0
