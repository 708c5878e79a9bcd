"""What the analysis demo's builders share: the rounds, respondent groups and titles it
uses, and small helpers that find people and groups and start an analysis through the
services."""

from __future__ import annotations

from samla.learning.models import LearningGroup
from samla.org.demo import DEMO_MUNICIPALITY, DEMO_SCHOOL
from samla.org.models import Membership, Person, Role, Unit
from samla.results.queries import Node
from samla.surveys.models import Round

from .. import services
from ..models import Analysis

BASELINE_ROUND_SLUG = "kfl-skole-t2-2024"  # T2, built and released by samla.results.demo
PUPILS = "pupil_5_7"
GUARDIANS = "guardian"
CARAVAN_TITLE = "Læringskaravane"

CALM = "Arbeidsro på mellomtrinnet"
BREAKS = "Trivsel og vennskap i friminuttene"
HOME_INFORMATION = "Informasjon fra skolen til hjemmet"
HOMEWORK = "Støtte hjemme med leksene"

# The demo school's answers to T3 at the results stage: about as many as in T1 and T2, with
# the seed it had there (the first school, seed 0), so that it keeps its character and, as
# in the history, does a little better than last time.
DEMO_SCHOOL_RESPONDENTS = 115
DEMO_SCHOOL_SEED = 0


def demo_school() -> Unit:
    return Unit.objects.get(name=DEMO_SCHOOL, owner__name=f"{DEMO_MUNICIPALITY} kommune")


def analysis_exists(unit: Unit, title: str) -> bool:
    return Analysis.objects.filter(unit=unit, title=title).exists()


def demo_person(username: str) -> Person:
    return Person.objects.get(username=username)


def unit_leader(unit: Unit) -> Person | None:
    membership = (
        Membership.objects.filter(unit=unit, role=Role.UNIT_LEADER)
        .select_related("person")
        .order_by("pk")
        .first()
    )
    return membership.person if membership else None


def latest_learning_group(unit: Unit, name: str | None = None) -> LearningGroup | None:
    """The unit's group of the latest school year (in July the year just ending)."""
    groups = LearningGroup.objects.filter(unit=unit)
    if name is not None:
        groups = groups.filter(name=name)
    return groups.order_by("-school_year", "name").first()


def start_at_unit(
    person, unit: Unit, round: Round, title: str, respondent_group: str, scale: str,
    learning_group=None,
) -> Analysis:  # fmt: skip
    """Start an analysis from the unit's own results in ``round``."""
    return services.start_analysis(
        person,
        title=title,
        round=round,
        at=Node("unit", unit.pk, unit.name),
        respondent_group=respondent_group,
        scale=scale,
        learning_group=learning_group,
    )


def add_demo_factor(
    analysis: Analysis, description: str, perspective: str, likelihood: str, *sources
):
    return services.add_factor(
        analysis,
        services.FactorInput(description, perspective, likelihood, tuple(s.pk for s in sources)),
    )
