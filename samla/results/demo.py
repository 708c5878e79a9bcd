"""The demo's results: the school programme's earlier rounds T1 (2022) and T2 (2024) at the
schools of Hamarregionen, answered (simulated through the collection services, the same
units doing a little better each round), closed, built and released; and, at the results
stage, the open round T3 closed, built and released as in January after the survey."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from samla.core.time import OSLO
from samla.org.demo import SCHOOL_SLUG
from samla.org.models import Programme, Unit, UnitKind
from samla.surveys import services
from samla.surveys.demo import LIBRARY, REGION, ROUND_SLUG
from samla.surveys.groups import GROUPS_BY_CODE
from samla.surveys.models import Round, RoundInstrument
from samla.surveys.simulate import simulate_responses

from .models import Build
from .services import run_build

# The groups the earlier demo rounds asked, with their questionnaires from the registry.
DEMO_GROUPS = ("pupil_5_7", "guardian")
FORMS = {code: GROUPS_BY_CODE[code].questionnaire for code in DEMO_GROUPS}
# (name, slug, year, shift in respondent SDs): the same schools improving a little.
HISTORY = [("T1", "kfl-skole-t1-2022", 2022, -0.35), ("T2", "kfl-skole-t2-2024", 2024, -0.15)]
SCHOOLS = 6
PER_SCHOOL = 110


def _answered_round(programme, schools, name, slug, year, shift) -> Round:
    """A round answered during its window (simulated while open), then closed at the end
    of November of its year and released in January."""
    now = timezone.now()
    with transaction.atomic():
        round = Round.objects.create(
            programme=programme,
            name=name,
            slug=slug,
            opens_at=now - timedelta(days=1),
            closes_at=now + timedelta(days=1),
            published=True,
        )
        round.units.set(schools)
        for key, file_name in FORMS.items():
            version = services.publish_instrument((LIBRARY / file_name).read_bytes())
            RoundInstrument.objects.create(round=round, respondent_group=key, version=version)
    for number, school in enumerate(schools):
        simulate_responses(round, PER_SCHOOL, seed=number, unit=school, shift=shift)
    Round.objects.filter(pk=round.pk).update(
        opens_at=datetime(year, 10, 15, 8, 0, tzinfo=OSLO),
        closes_at=datetime(year, 11, 30, 23, 59, tzinfo=OSLO),
        results_release_on=date(year + 1, 1, 15),
        results_released_at=datetime(year + 1, 1, 15, 9, 0, tzinfo=OSLO),
    )
    round.refresh_from_db()
    return round


def build_history() -> list[str]:
    """T1 and T2 (once), built and released; returns the slugs built now."""
    programme = Programme.objects.get(slug=SCHOOL_SLUG)
    schools = list(
        Unit.objects.filter(
            owner__regionowner__region__name=REGION,
            kind=UnitKind.PRIMARY,
            enrolment__programme=programme,
            groups__grade=6,
        )
        .distinct()
        .order_by("pk")[:SCHOOLS]
    )
    built = []
    for name, slug, year, shift in HISTORY:
        round = Round.objects.filter(slug=slug).first()
        if round is not None and round.sheets.exists():
            continue
        if round is None:
            round = _answered_round(programme, schools, name, slug, year, shift)
        _build(round)  # new, or results stored before the current format
        built.append(slug)
    return built


def close_and_release_current() -> str | None:
    """The results stage: the open T3 closes (as at the end of November), is built and
    released (as in January)."""
    round = Round.objects.filter(slug=ROUND_SLUG).first()
    if round is None:
        return None
    now = timezone.now()
    if round.results_released_at is None:
        Round.objects.filter(pk=round.pk).update(
            closes_at=min(round.closes_at, now - timedelta(minutes=1)), results_released_at=now
        )
        round.refresh_from_db()
    _build(round)
    return round.slug


def _build(round: Round) -> None:
    """Build as the task worker does, with a Build record: the exports' readme then says
    when the results were built."""
    run_build(Build.objects.create(round=round, requested_by=None))
