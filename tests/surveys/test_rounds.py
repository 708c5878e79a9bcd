"""Rounds and children: settings, units, publishing, reservations, consent, per-child codes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from samla.surveys import services
from samla.surveys.models import (
    AccessCode,
    ChildName,
    CodeState,
    ConsentRule,
    Draft,
    Response,
    Round,
    RoundState,
)
from samla.surveys.services import CollectionError
from tests.surveys.test_collection import class_6a, pupil_version, survey_round  # noqa: F401


def reason_of(function, *args) -> str:
    with pytest.raises(CollectionError) as error:
        function(*args)
    return error.value.reason


@pytest.fixture
def draft_round(demo_org):
    now = timezone.now()
    return Round.objects.create(
        programme=demo_org.school_programme,
        name="T4",
        slug="t4-test",
        opens_at=now + timedelta(days=2),
        closes_at=now + timedelta(days=40),
    )


def test_a_round_goes_from_draft_to_released_by_itself_except_release(
    draft_round,
    demo_org,
    pupil_version,  # noqa: F811
):
    assert draft_round.state() == RoundState.DRAFT
    assert reason_of(services.publish_round, draft_round) == "no_units"
    services.set_round_units(draft_round, [demo_org.school])
    assert reason_of(services.publish_round, draft_round) == "no_questionnaires"
    services.save_round(draft_round, {"pupil_5_7": pupil_version})
    services.publish_round(draft_round)
    assert draft_round.state() == RoundState.SCHEDULED
    assert draft_round.state(draft_round.opens_at) == RoundState.OPEN
    assert draft_round.state(draft_round.closes_at) == RoundState.CLOSED
    assert reason_of(services.release_results, draft_round) == "not_closed"
    services.withdraw_round(draft_round)
    assert Round.objects.get(pk=draft_round.pk).state() == RoundState.DRAFT


def test_questionnaires_fixed_once_codes_exist_and_must_fit_the_group(
    survey_round,  # noqa: F811
    demo_org,
    class_6a,  # noqa: F811
    pupil_version,  # noqa: F811
):
    assert reason_of(services.save_round, survey_round, {"teacher": pupil_version}) == (
        "wrong_group"
    )
    services.issue_codes(survey_round, demo_org.school, "pupil_5_7", 1, group=class_6a)
    assert reason_of(services.save_round, survey_round, {"pupil_5_7": None}) == (
        "questionnaire_locked"
    )
    assert survey_round.instruments.get().version == pupil_version
    assert reason_of(services.withdraw_round, survey_round) == "has_codes"
    assert reason_of(services.set_round_units, survey_round, []) == "unit_has_codes"
    other_programme_unit = demo_org.kindergarten
    assert reason_of(services.set_round_units, survey_round, [other_programme_unit]) == (
        "unit_not_in_programme"
    )
    assert list(survey_round.units.all()) == [demo_org.school]


def test_closed_round_can_be_released(survey_round):  # noqa: F811
    Round.objects.filter(pk=survey_round.pk).update(
        opens_at=timezone.now() - timedelta(days=10), closes_at=timezone.now() - timedelta(days=1)
    )
    survey_round.refresh_from_db()
    services.release_results(survey_round)
    assert Round.objects.get(pk=survey_round.pk).state() == RoundState.RELEASED
    assert reason_of(services.publish_round, survey_round) == "closes_in_past"


def test_children_names_are_kept_apart_and_codes_are_per_child(
    survey_round,  # noqa: F811
    demo_org,
    class_6a,  # noqa: F811
):
    children = services.add_children(class_6a, ["Ada L.", "  ", "Bo  K.", "Cai M."])
    assert [c.name for c in children] == ["Ada L.", "Bo K.", "Cai M."]
    assert all(c.pseudonym.startswith("B") and "Ada" not in c.pseudonym for c in children)
    ada, bo, cai = children
    services.reserve_child(survey_round, bo)
    pairs = services.issue_child_codes(survey_round, class_6a, "pupil_5_7")
    assert [child.name for child, _code in pairs] == ["Ada L.", "Cai M."]
    # A reprint replaces the earlier slip: the old code stops, the new one works.
    old = dict((child.pk, code) for child, code in pairs)[ada.pk]
    services.start(old)
    again = dict(
        (c.pk, code) for c, code in services.issue_child_codes(survey_round, class_6a, "pupil_5_7")
    )
    assert reason_of(services.start, old) == "revoked"
    services.start(again[ada.pk])
    services.submit(again[ada.pk])
    # Ada has answered: no new code for her; Bo is still reserved.
    third = services.issue_child_codes(survey_round, class_6a, "pupil_5_7")
    assert [child.name for child, _code in third] == ["Cai M."]
    assert Response.objects.count() == 1
    services.withdraw_reservation(survey_round, bo)
    assert bo in [c for c, _ in services.issue_child_codes(survey_round, class_6a, "pupil_5_7")]
    services.remove_child(cai)
    assert not ChildName.objects.filter(name="Cai M.").exists()
    assert Response.objects.count() == 1  # answers never pointed to the child


def test_opt_in_needs_consent_and_withdrawn_consent_stops_codes(
    survey_round,  # noqa: F811
    demo_org,
    class_6a,  # noqa: F811
):
    Round.objects.filter(pk=survey_round.pk).update(consent_rule=ConsentRule.OPT_IN)
    survey_round.refresh_from_db()
    ada, _bo = services.add_children(class_6a, ["Ada", "Bo"])
    # Under opt-in, pupils' codes are per child: codes per class would skip consent.
    assert (
        reason_of(services.issue_codes, survey_round, demo_org.school, "pupil_5_7", 1, class_6a)
        == "child_needed"
    )
    assert services.issue_child_codes(survey_round, class_6a, "pupil_5_7") == []
    services.register_consent(survey_round, ada, demo_org.user("rektor"))
    [(child, code)] = services.issue_child_codes(survey_round, class_6a, "pupil_5_7")
    assert child == ada
    services.start(code)
    assert Draft.objects.count() == 1
    services.withdraw_consent(survey_round, ada)
    assert reason_of(services.start, code) == "revoked"
    assert not Draft.objects.exists()
    assert AccessCode.objects.get(child=ada).state == CodeState.REVOKED


def test_child_interview_and_rating_codes_always_name_a_child(
    survey_round,  # noqa: F811
    demo_org,
    pupil_version,  # noqa: F811
):
    kindergarten = demo_org.kindergarten
    survey_round.units.add(kindergarten)
    survey_round.instruments.create(respondent_group="kg_child_rating", version=pupil_version)
    department = kindergarten.groups.first()
    assert (
        reason_of(
            services.issue_codes, survey_round, kindergarten, "kg_child_rating", 2, department
        )
        == "child_needed"
    )
    assert reason_of(services.issue_child_codes, survey_round, department, "teacher") == (
        "not_per_child"
    )


def test_the_groups_with_codes_are_the_locked_ones(survey_round, demo_org, class_6a):  # noqa: F811
    from samla.surveys.queries import locked_respondent_groups

    assert locked_respondent_groups(survey_round) == set()
    services.issue_codes(survey_round, demo_org.school, "pupil_5_7", 2, group=class_6a)
    assert locked_respondent_groups(survey_round) == {"pupil_5_7"}
