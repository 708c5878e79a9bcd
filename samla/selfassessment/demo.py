"""The demo self-assessment: Bjørkely skole's staff have rated the main block and
"Læringsmiljø", discussed the results, written goals and measures and shared it with
Hamar kommune. ``build()`` is idempotent (seed_demo calls it after the organisation)."""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from samla.org.demo import DEMO_SCHOOL
from samla.org.models import Person, Unit

from . import queries, services, statements
from .models import ParticipantDone, Phase, SelfAssessment

TITLE = "Ståstedsanalyse høsten 2026"
PARTICIPANTS = 8
NOTES = {
    "hoved": "Vi deler mye, men følger for sjelden opp i klasserommet det vi blir enige om.",
    "laeringsmiljo": "Rutinene er felles på papiret; i friminuttene gjør vi ulikt.",
}
GOALS = "Alle lærere bruker felles rutiner for arbeidsro og følger dem opp i alle timer."
MEASURES = (
    "Korte klasseromsobservasjoner i par hver måned; oppfølging i teammøtene; "
    "felles rutine for overganger og friminutt."
)


@transaction.atomic
def build() -> dict[str, int]:
    school = Unit.objects.get(name=DEMO_SCHOOL, owner__name="Hamar kommune")
    existing = SelfAssessment.objects.filter(unit=school, title=TITLE).first()
    if existing is None:
        _build(school)
    return {"self-assessments": SelfAssessment.objects.filter(unit=school).count()}


def _build(school: Unit) -> None:
    leader = Person.objects.get(username="rektor")
    staff = list(queries.unit_staff(school)[:PARTICIPANTS])
    today = timezone.localdate()
    blocks = [statements.main_block(), "laeringsmiljo"]
    assessment = services.plan_assessment(
        leader,
        school,
        services.PlanInput(
            title=TITLE,
            blocks=blocks,
            opens_on=today - timedelta(days=30),
            closes_on=today - timedelta(days=16),
            participant_ids=[person.pk for person in staff],
        ),
    )
    rng = random.Random(19)  # noqa: S311 - invented demo answers, not secrets
    codes = [s.code for b in statements.blocks(assessment.blocks) for s in b.statements]
    for person in staff:
        ParticipantDone.objects.create(assessment=assessment, person=person)
    for _person in staff:
        answers = {code: rng.choice((2, 3, 3, 4)) for code in codes}
        services.record_answers(assessment, answers)
    assessment.phase = Phase.GOALS
    assessment.save(update_fields=["phase"])
    for block, text in NOTES.items():
        services.save_note(assessment, block, text)
    services.save_goals(assessment, GOALS, MEASURES)
    services.share_with_owner(assessment, leader)
