"""The self-assessment's write path and results: one rating per participant, stored without
the person; results hidden below the anonymity threshold; sharing with the owner and
withdrawing it; refusals that change nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import translation

from samla.analysis.models import Analysis, SourceKind
from samla.org.demo import SCHOOL_SLUG
from samla.org.models import Programme
from samla.selfassessment import access, demo, queries, services
from samla.selfassessment.models import ParticipantDone, Phase, RatingCount, SelfAssessment
from tests.selfassessment.support import all_answers, participants, planned, rating_open


@pytest.fixture(autouse=True)
def _threshold_five(demo_org):
    """The demo school's programme shows results from five answers (its lowest allowed);
    after the organisation is built, or the update would find no programme."""
    Programme.objects.filter(slug=SCHOOL_SLUG).update(anonymity_threshold=5)


def _close(assessment):
    services.move_on(assessment)
    assert assessment.phase == Phase.GOALS


def test_the_main_block_is_always_taken_and_only_unit_staff_take_part(demo_org):
    assessment = planned(demo_org, blocks=("vurdering",))

    assert assessment.blocks == ["hoved", "vurdering"]
    outsider = demo_org.user("eier")
    with pytest.raises(ValidationError, match="among the unit's staff"):
        services.plan_assessment(
            demo_org.user("rektor"),
            demo_org.school,
            services.PlanInput("X", [], assessment.rating_opens_on, assessment.rating_closes_on,
                               [outsider.pk]),
        )  # fmt: skip
    assert SelfAssessment.objects.count() == 1


def test_the_rating_opens_only_with_enough_participants(demo_org):
    assessment = planned(demo_org, count=4)
    services.move_on(assessment)

    with pytest.raises(ValidationError, match="at least 5 participants"):
        services.move_on(assessment)

    assessment.refresh_from_db()
    assert assessment.phase == Phase.FACTS


def test_a_participant_rates_once(demo_org):
    assessment = rating_open(demo_org)
    laerer = demo_org.user("laerer")

    services.submit_rating(assessment, laerer, all_answers(assessment))
    with pytest.raises(ValidationError, match="already rated"):
        services.submit_rating(assessment, laerer, all_answers(assessment, "1"))

    counts = assessment.counts.values_list("statement", "point", "count")
    assert assessment.done.count() == 1
    assert sum(count for _s, _p, count in counts) == len(all_answers(assessment))
    assert {(s, p) for s, p, count in counts if count} == {
        (code, int(point)) for code, point in all_answers(assessment).items()
    }


def test_others_and_incomplete_answers_are_refused_and_change_nothing(demo_org):
    assessment = rating_open(demo_org)
    answers = all_answers(assessment)
    answers.pop("hoved_1")

    with pytest.raises(ValidationError, match="Only the chosen participants"):
        services.submit_rating(assessment, demo_org.user("eier"), all_answers(assessment))
    with pytest.raises(ValidationError, match="Answer every statement"):
        services.submit_rating(assessment, demo_org.user("laerer"), answers)

    assert (ParticipantDone.objects.count(), RatingCount.objects.count()) == (0, 0)


@pytest.mark.django_db
def test_the_answers_are_counts_with_no_person_column():
    with connection.cursor() as cursor:
        counts = connection.introspection.get_table_description(cursor, RatingCount._meta.db_table)
        done = connection.introspection.get_table_description(
            cursor, ParticipantDone._meta.db_table
        )

    assert {c.name for c in counts} == {"id", "assessment_id", "statement", "point", "count"}
    assert {c.name for c in done} == {"id", "assessment_id", "person_id"}


def test_each_rating_rewrites_every_count_so_no_row_tells_what_was_chosen(demo_org):
    assessment = rating_open(demo_org)
    services.submit_rating(assessment, demo_org.user("laerer"), all_answers(assessment, "2"))
    before = dict(
        assessment.counts.values_list("pk", "count")
    )  # every statement × point exists from the first rating on
    updated = []

    def note(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("UPDATE"):
            updated.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(note):
        services.submit_rating(
            assessment, demo_org.user("gruppeleder"), all_answers(assessment, "4")
        )

    after = dict(assessment.counts.values_list("pk", "count"))
    assert len(before) == len(all_answers(assessment)) * 4 == len(after)
    assert len(updated) == 1 and "WHERE" in updated[0]  # one statement over all the rows
    assert "CASE WHEN" in updated[0].upper()


def test_results_are_hidden_below_the_threshold_and_until_the_rating_closes(demo_org):
    assessment = rating_open(demo_org, count=6)
    for person in participants(demo_org, 4):
        services.submit_rating(assessment, person, all_answers(assessment, "4"))

    before_closing = queries.results(assessment)
    _close(assessment)
    closed = queries.results(assessment)

    assert (before_closing.shown, before_closing.blocks[0].statements) == (False, [])
    assert (closed.answered, closed.threshold, closed.shown) == (4, 5, False)
    assert [b.statements for b in closed.blocks] == [[], []]
    with translation.override("en"):
        assert queries.summary_text(assessment) == "Results hidden: fewer than 5 answered."


def test_results_give_distribution_and_mean_at_the_threshold(demo_org):
    assessment = rating_open(demo_org, count=6)
    for person, point in zip(participants(demo_org, 5), "44321", strict=True):
        services.submit_rating(assessment, person, all_answers(assessment, point))
    _close(assessment)

    with translation.override("en"):
        found = queries.results(assessment)

    first = found.blocks[0].statements[0]
    assert (found.shown, found.answered) == (True, 5)
    assert (first.code, first.counts, first.mean) == ("hoved_1", [1, 1, 1, 2], "2.8")
    assert found.blocks[1].mean == "2.8"


def test_a_programme_threshold_above_five_holds(demo_org):
    programme = demo_org.school.programmes.order_by("pk").first()
    programme.anonymity_threshold = 7
    programme.save(update_fields=["anonymity_threshold"])
    assessment = rating_open(demo_org, count=7)

    assert queries.threshold(assessment) == 7


def test_sharing_with_the_owner_and_withdrawing(demo_org):
    demo.build()
    assessment = SelfAssessment.objects.get(title=demo.TITLE)
    eier = demo_org.user("eier")
    hamar = demo_org.school.owner

    shared = queries.shared_with_owner(hamar)
    assert access.get_assessment_or_404(eier, assessment.pk) == assessment
    services.withdraw_sharing(assessment)

    assert [(s.pk, s.title) for s in shared] == [(assessment.pk, demo.TITLE)]
    assert "answered" in shared[0].summary_text or "svarte" in shared[0].summary_text
    assert queries.shared_with_owner(hamar) == []
    assert not access.assessments_for(eier).filter(pk=assessment.pk).exists()


def test_an_owner_and_the_programme_admin_cannot_see_it_unshared(demo_org):
    assessment = planned(demo_org)

    for name in ("eier", "admin", "ppt", "statsforvalter"):
        assert not access.assessments_for(demo_org.user(name)).exists(), name
    assert access.assessments_for(demo_org.user("gruppeleder")).get() == assessment


def test_sharing_waits_for_the_rating_to_close(demo_org):
    assessment = rating_open(demo_org)

    with pytest.raises(ValidationError, match="once the rating has closed"):
        services.share_with_owner(assessment, demo_org.user("rektor"))

    assessment.refresh_from_db()
    assert assessment.shared_with_owner_at is None


def test_goals_start_a_pedagogical_analysis_at_the_unit(demo_org):
    assessment = rating_open(demo_org)
    _close(assessment)
    services.save_goals(assessment, "Felles rutiner for arbeidsro.", "Observasjon i par.")

    analysis = services.start_analysis(assessment, demo_org.user("rektor"), "Arbeidsro")

    assert (analysis.unit_id, analysis.title, analysis.problem) == (
        demo_org.school.pk, "Arbeidsro", "Felles rutiner for arbeidsro.",
    )  # fmt: skip
    assert list(analysis.sources.values_list("kind", flat=True)) == [SourceKind.OTHER]
    with pytest.raises(ValidationError, match="already been started"):
        services.start_analysis(assessment, demo_org.user("rektor"), "Igjen")
    assert Analysis.objects.filter(unit=demo_org.school).count() == 1


def test_the_demo_is_discussed_shared_and_built_once(demo_org):
    first = demo.build()
    again = demo.build()
    assessment = SelfAssessment.objects.get(title=demo.TITLE)

    assert first == again == {"self-assessments": 1}
    assert (assessment.phase, assessment.done.count()) == (Phase.GOALS, 8)
    statements_rated = assessment.counts.values("statement").distinct().count()
    assert sum(assessment.counts.values_list("count", flat=True)) == 8 * statements_rated
    assert assessment.blocks == ["hoved", "laeringsmiljo"]
    assert queries.results(assessment).shown
    assert assessment.shared_with_owner_at is not None
