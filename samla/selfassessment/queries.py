"""Reads of self-assessments, as plain data: the unit's staff who may take part, the
facts brought in, and the results — per statement and block, shown only when at least the
anonymity threshold of participants have rated and the rating has closed. Never across
units or over time."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from samla.learning.models import LearningGroup, MeetingStatus
from samla.org.access import UNIT_MEMBER_ROLES
from samla.org.models import Person, Role, Unit
from samla.results.access import result_nodes
from samla.results.queries import released
from samla.surveys.models import Round

from . import statements
from .models import Phase, SelfAssessment

MINIMUM_THRESHOLD = 5


def threshold(assessment: SelfAssessment) -> int:
    return max(assessment.programme.anonymity_threshold, MINIMUM_THRESHOLD)


def unit_staff(unit: Unit) -> QuerySet[Person]:
    """The unit's leader, group leaders and staff (also staff through one of its classes)."""
    return (
        Person.objects.filter(is_active=True)
        .filter(
            Q(memberships__unit=unit, memberships__role__in=UNIT_MEMBER_ROLES)
            | Q(memberships__group__unit=unit, memberships__role=Role.STAFF)
        )
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


@dataclass
class StatementResult:
    code: str
    text: str
    counts: list[int]
    mean: str


@dataclass
class BlockResult:
    code: str
    title: str
    main: bool
    mean: str
    note: str = ""
    statements: list[StatementResult] = field(default_factory=list)


@dataclass
class Results:
    answered: int
    threshold: int
    shown: bool
    scale: list[tuple[int, str]]
    blocks: list[BlockResult]


def _mean(total: int, count: int) -> str:
    return number_format(total / count, decimal_pos=1) if count else ""


def results(assessment: SelfAssessment) -> Results:
    """Distribution and mean per statement and block — empty unless shown."""
    answered = assessment.done.count()
    limit = threshold(assessment)
    shown = assessment.phase == Phase.GOALS and answered >= limit
    counted: dict[tuple[str, int], int] = {}
    if shown:
        rows = assessment.counts.values_list("statement", "point", "count")
        counted = {(statement, point): count for statement, point, count in rows}
    notes = dict(assessment.notes.values_list("block", "text"))
    scale = statements.scale()
    blocks = []
    for block in statements.blocks(assessment.blocks):
        result = BlockResult(block.code, block.title, block.main, "", notes.get(block.code, ""))
        block_total = block_count = 0
        for statement in block.statements if shown else ():
            counts = [counted.get((statement.code, value), 0) for value, _label in scale]
            total = sum(value * n for (value, _label), n in zip(scale, counts, strict=True))
            block_total += total
            block_count += sum(counts)
            result.statements.append(
                StatementResult(statement.code, statement.text, counts, _mean(total, sum(counts)))
            )
        result.mean = _mean(block_total, block_count)
        blocks.append(result)
    return Results(answered, limit, shown, scale, blocks)


def summary_text(assessment: SelfAssessment) -> str:
    """A short text of the shown results (block means), or that they are hidden."""
    found = results(assessment)
    if not found.shown:
        return _("Results hidden: fewer than %(n)s answered.") % {"n": found.threshold}
    means = "; ".join(f"{b.title} {b.mean}" for b in found.blocks)
    return _("%(answered)s answered. Mean per block (1–4): %(means)s.") % {
        "answered": found.answered,
        "means": means,
    }


@dataclass(frozen=True)
class SharedAssessment:
    pk: int
    title: str
    unit_name: str
    summary_text: str


def shared_with_owner(owner) -> list[SharedAssessment]:
    """The owner's units' self-assessments shared with the owner now (for the needs
    report), each with a short text of what its pages show."""
    shared = SelfAssessment.objects.filter(
        unit__owner=owner, shared_with_owner_at__isnull=False
    ).select_related("unit", "programme")
    return [SharedAssessment(a.pk, a.title, a.unit.name, summary_text(a)) for a in shared]


def facts(assessment: SelfAssessment, user) -> dict:
    """What the staff look at before they rate: the unit's released survey rounds whose
    unit results the person may open (links only), and the unit's learning groups with
    their held meetings."""
    rounds = []
    candidates = Round.objects.filter(released(), units=assessment.unit_id).order_by("-opens_at")
    for round in candidates[:10]:
        if assessment.unit_id in result_nodes(user, round).get("unit", set()):
            url = reverse(
                "portal:node_results",
                kwargs={"slug": round.slug, "kind": "unit", "pk": assessment.unit_id},
            )
            rounds.append({"name": round.name, "programme": round.programme.name, "url": url})
    groups = (
        LearningGroup.objects.filter(unit_id=assessment.unit_id)
        .annotate(held=Count("meetings", filter=Q(meetings__status=MeetingStatus.HELD)))
        .order_by("-school_year", "name")
    )
    return {"rounds": rounds, "groups": list(groups[:20])}
