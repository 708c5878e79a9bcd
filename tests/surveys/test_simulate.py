"""Simulated respondents: through the services, spread over units and classes, realistic."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone

from samla.org.models import Unit, UnitKind
from samla.surveys import services
from samla.surveys.answers import unpack_answers
from samla.surveys.models import (
    AccessCode,
    Child,
    CodeState,
    Draft,
    Response,
    Round,
    RoundInstrument,
)
from samla.surveys.simulate import SimulationError, simulate_responses, slots_for

LIBRARY = Path(settings.BASE_DIR) / "samla" / "surveys" / "library"


def _round(demo_org, slug: str, units: list[Unit], form: str, respondent_group: str) -> Round:
    version = services.publish_instrument((LIBRARY / form).read_bytes())
    now = timezone.now()
    round = Round.objects.create(
        programme=demo_org.school_programme,
        name="T3",
        slug=slug,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=30),
        published=True,
    )
    round.units.add(*units)
    RoundInstrument.objects.create(round=round, respondent_group=respondent_group, version=version)
    return round


@pytest.fixture
def other_school(demo_org):
    return (
        Unit.objects.filter(kind=UnitKind.PRIMARY, owner__name="Hamar kommune", groups__grade=6)
        .exclude(pk=demo_org.school.pk)
        .order_by("pk")
        .first()
    )


@pytest.fixture
def pupil_round(demo_org, other_school):
    return _round(demo_org, "t3-sim", [demo_org.school, other_school], "elev_5_7.xlsx", "pupil_5_7")


def _answers(round: Round) -> list[tuple]:
    rows = []
    for response in Response.objects.filter(round=round).select_related("version"):
        answers = unpack_answers(response.version.instrument(), bytes(response.answers))
        rows.append((response.unit_id, response.group_id, response.respondent_group, answers))
    return rows


def _trivsel(answers: dict) -> float | None:
    """The trivsel index of one respondent: the mean of its answered items, item 3 reversed."""
    points = [
        5 - int(answers[code]) if code == "trivsel_3" else int(answers[code])
        for code in ("trivsel_1", "trivsel_2", "trivsel_3", "trivsel_4")
        if answers.get(code) not in (None, "dk")
    ]
    return sum(points) / len(points) if points else None


def test_every_respondent_submits_through_the_services(pupil_round, demo_org, other_school):
    result = simulate_responses(pupil_round, 40, seed=1)

    assert result.submitted == Counter({"pupil_5_7": 40})
    assert Response.objects.filter(round=pupil_round).count() == 40
    per_unit = Counter(Response.objects.values_list("unit_id", flat=True))
    assert set(per_unit) == {demo_org.school.pk, other_school.pk}
    per_class = Counter(Response.objects.values_list("group_id", flat=True))
    classes = len(slots_for(pupil_round))
    assert len(per_class) == classes
    assert set(per_class.values()) == {40 // classes, 40 // classes + 1}
    grades = set(Response.objects.values_list("group__grade", flat=True))
    assert grades == {5, 6, 7}
    assert set(Response.objects.values_list("grade_band", flat=True)) == {"5-7"}
    assert not Draft.objects.exists()
    assert set(AccessCode.objects.values_list("state", flat=True)) == {CodeState.SUBMITTED}
    assert AccessCode.objects.count() == 40


def test_the_same_seed_gives_the_same_answers(pupil_round):
    simulate_responses(pupil_round, 30, seed=7)
    first = sorted(_answers(pupil_round), key=repr)
    Response.objects.all().delete()
    AccessCode.objects.all().delete()

    simulate_responses(pupil_round, 30, seed=7)
    again = sorted(_answers(pupil_round), key=repr)
    Response.objects.all().delete()
    simulate_responses(pupil_round, 30, seed=8)
    other = sorted(_answers(pupil_round), key=repr)

    assert again == first
    assert other != first


def test_only_visible_items_are_answered_and_answers_look_real(pupil_round):
    simulate_responses(pupil_round, 120, seed=3)
    rows = _answers(pupil_round)

    new_in_class = [answers for *_where, answers in rows if answers.get("ny_i_klassen") == "ja"]
    others = [answers for *_where, answers in rows if answers.get("ny_i_klassen") != "ja"]
    assert new_in_class and others
    assert all(answers.get("tatt_imot") is None for answers in others)
    answered = Counter(
        value for *_where, answers in rows for value in answers.values() if value is not None
    )
    assert answered["dk"] > 0  # "vet ikke" is chosen where the item offers it
    assert set(answered) == {"1", "2", "3", "4", "dk", "ja", "nei"}
    skipped = sum(
        answers.get(code) is None
        for *_where, answers in rows
        for code in ("trivsel_1", "trivsel_2", "laerer_1", "arbeidsro_1")
    )
    assert 0 < skipped < 0.1 * 4 * len(rows)


def test_units_differ_as_their_drawn_effects_say(pupil_round, demo_org, other_school):
    result = simulate_responses(pupil_round, 160, seed=11)
    means = {}
    for unit in (demo_org.school, other_school):
        scores = [
            score
            for unit_id, _group, _rg, answers in _answers(pupil_round)
            if unit_id == unit.pk and (score := _trivsel(answers)) is not None
        ]
        means[unit.pk] = sum(scores) / len(scores)

    effects = result.unit_effects
    higher = max(effects, key=effects.get)
    lower = min(effects, key=effects.get)
    assert abs(effects[higher] - effects[lower]) > 0.3  # the seed draws a clear difference
    assert means[higher] - means[lower] > 0.2


def test_child_ratings_get_one_child_per_code(demo_org):
    kindergarten = demo_org.kindergarten
    round = _round(
        demo_org, "t3-kg-sim", [kindergarten], "barnehage_vurdering_barn.xlsx", "kg_child_rating"
    )

    result = simulate_responses(round, 12, seed=2)

    assert result.submitted == Counter({"kg_child_rating": 12})
    children = list(AccessCode.objects.values_list("child_id", flat=True))
    assert len(set(children)) == 12 and None not in children
    assert Child.objects.filter(group__unit=kindergarten).count() == 12
    ages = [answers.get("alder") for *_where, answers in _answers(round)]
    assert all(age is None or 1 <= age <= 6 for age in ages)


def test_a_school_questionnaire_in_a_kindergarten_only_round_is_refused(demo_org):
    round = _round(demo_org, "t3-nowhere", [demo_org.kindergarten], "elev_5_7.xlsx", "pupil_5_7")

    with pytest.raises(SimulationError):
        simulate_responses(round, 5)

    assert not AccessCode.objects.exists()


def test_command_reports_progress_and_a_summary(pupil_round, demo_org):
    out = StringIO()

    call_command(
        "simulate_responses",
        "--round=t3-sim",
        "--respondents=20",
        "--seed=4",
        f"--unit={demo_org.school.pk}",
        stdout=out,
    )

    lines = out.getvalue().splitlines()
    assert lines[0] == "  2/20 submitted"
    assert lines[-2:] == ["Submitted 20 responses to t3-sim:", "  pupil_5_7: 20"]
    assert set(Response.objects.values_list("unit_id", flat=True)) == {demo_org.school.pk}


def test_command_refuses_an_unknown_round(db):
    with pytest.raises(CommandError, match="No round with the short name 'nope'"):
        call_command("simulate_responses", "--round=nope", "--respondents=3")
    assert not Response.objects.exists()
