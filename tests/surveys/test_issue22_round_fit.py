"""Issue 22: a round refuses questionnaires whose respondent group does not fit the kinds of
its units (a kindergarten questionnaire in a school round and the reverse), naming the
questionnaire and the units — when it is saved, when its units are chosen, when it is
published — and changes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from samla.core.text import label_in
from samla.org.models import Enrolment
from samla.surveys import services
from samla.surveys.messages import unfit_questionnaire
from samla.surveys.models import Round, RoundInstrument, RoundState
from tests.surveys.test_collection import LIBRARY, pupil_version  # noqa: F401


@pytest.fixture
def interview_version(db):
    return services.publish_instrument((LIBRARY / "barnehage_barnesamtale.xlsx").read_bytes())


def _draft(programme, slug: str) -> Round:
    now = timezone.now()
    return Round.objects.create(
        programme=programme,
        name="T4",
        slug=slug,
        opens_at=now + timedelta(days=2),
        closes_at=now + timedelta(days=40),
    )


@pytest.fixture
def school_round(demo_org):
    return _draft(demo_org.school_programme, "t4-school")


@pytest.fixture
def kindergarten_round(demo_org):
    return _draft(demo_org.kindergarten_programme, "t4-kindergarten")


@pytest.fixture
def mixed_programme(demo_org):
    """The school programme with the demo kindergarten enrolled too."""
    Enrolment.objects.create(unit=demo_org.kindergarten, programme=demo_org.school_programme)
    return demo_org.school_programme


def _refusal(function, *args) -> list[str]:
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        function(*args)
    return refused.value.messages


def test_a_school_round_refuses_a_kindergarten_questionnaire(
    school_round, demo_org, interview_version
):
    services.set_round_units(school_round, [demo_org.school])

    messages = _refusal(services.save_round, school_round, {"kg_child": interview_version})

    title = label_in(interview_version.title, "en")
    assert messages == [
        f"The questionnaire for Children (interview), “{title}”, is for kindergartens, and "
        f"these units are not kindergartens: {demo_org.school.name}."
    ]
    assert not RoundInstrument.objects.filter(round=school_round).exists()


def test_a_kindergarten_round_refuses_a_school_questionnaire(
    kindergarten_round,
    demo_org,
    pupil_version,  # noqa: F811
):
    services.set_round_units(kindergarten_round, [demo_org.kindergarten])

    messages = _refusal(services.save_round, kindergarten_round, {"pupil_5_7": pupil_version})

    title = label_in(pupil_version.title, "en")
    assert messages == [
        f"The questionnaire for Pupils, grades 5–7, “{title}”, is for schools, "
        f"and these units are kindergartens: {demo_org.kindergarten.name}."
    ]
    assert not RoundInstrument.objects.filter(round=kindergarten_round).exists()


def test_choosing_units_refuses_the_ones_that_do_not_fit_and_keeps_the_choice(
    school_round,
    demo_org,
    mixed_programme,
    pupil_version,  # noqa: F811
):
    services.set_round_units(school_round, [demo_org.school])
    services.save_round(school_round, {"pupil_5_7": pupil_version})

    messages = _refusal(
        services.set_round_units, school_round, [demo_org.school, demo_org.kindergarten]
    )

    assert len(messages) == 1
    assert messages[0].endswith(f"these units are kindergartens: {demo_org.kindergarten.name}.")
    assert list(school_round.units.all()) == [demo_org.school]


def test_publishing_refuses_a_round_that_does_not_fit(
    school_round, demo_org, mixed_programme, interview_version
):
    # As a round saved before the rule: both kinds of units, a kindergarten questionnaire.
    school_round.units.set([demo_org.school, demo_org.kindergarten])
    RoundInstrument.objects.create(
        round=school_round, respondent_group="kg_child", version=interview_version
    )

    messages = _refusal(services.publish_round, school_round)

    assert len(messages) == 1
    assert messages[0].endswith(f"these units are not kindergartens: {demo_org.school.name}.")
    assert Round.objects.get(pk=school_round.pk).state() == RoundState.DRAFT


def test_questionnaires_that_fit_are_saved_and_published(
    kindergarten_round, demo_org, interview_version
):
    services.set_round_units(kindergarten_round, [demo_org.kindergarten])
    services.save_round(kindergarten_round, {"kg_child": interview_version})

    services.publish_round(kindergarten_round)

    assert Round.objects.get(pk=kindergarten_round.pk).state() == RoundState.SCHEDULED
    assert kindergarten_round.instruments.get().version == interview_version


def test_a_long_list_of_units_names_five_then_how_many_more():
    names = [f"Skole {letter}" for letter in "ABCDEFG"]

    with translation.override("en"):
        message = unfit_questionnaire("kg_child", {"nb": "Samtale"}, True, names)

    assert message == (
        "The questionnaire for Children (interview), “Samtale”, is for kindergartens, and these "
        "units are not kindergartens: Skole A, Skole B, Skole C, Skole D, Skole E and 2 more."
    )
