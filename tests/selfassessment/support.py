"""Self-assessments at the demo school for the tests."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from samla.selfassessment import queries, services
from samla.selfassessment.models import Phase, SelfAssessment

# Staff of Bjørkely skole who can log in, and generated staff who cannot.
LOGIN_STAFF = ("laerer", "gruppeleder")


def participants(org, count: int) -> list:
    """``count`` staff of the demo school, the demo users laerer and gruppeleder first."""
    named = [org.user(name) for name in LOGIN_STAFF]
    others = queries.unit_staff(org.school).exclude(pk__in=[p.pk for p in named])
    others = others.exclude(username="rektor")
    return (named + list(others))[:count]


def planned(org, count: int = 6, blocks=("laeringsmiljo",), title="Vår ståsted") -> SelfAssessment:
    today = timezone.localdate()
    return services.plan_assessment(
        org.user("rektor"),
        org.school,
        services.PlanInput(
            title=title,
            blocks=list(blocks),
            opens_on=today - timedelta(days=1),
            closes_on=today + timedelta(days=7),
            participant_ids=[p.pk for p in participants(org, count)],
        ),
    )


def rating_open(org, count: int = 6, **kwargs) -> SelfAssessment:
    assessment = planned(org, count, **kwargs)
    services.move_on(assessment)
    services.move_on(assessment)
    assert assessment.phase == Phase.RATING
    return assessment


def all_answers(assessment: SelfAssessment, point: str = "3") -> dict[str, str]:
    from samla.selfassessment import statements

    return {s.code: point for b in statements.blocks(assessment.blocks) for s in b.statements}
