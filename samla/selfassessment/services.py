"""Every change to a self-assessment. Refusals are ValidationErrors with a clear message
and change nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from samla.analysis import services as analysis_services
from samla.analysis.models import Analysis
from samla.core.text import clean_text
from samla.org.models import Unit

from . import queries, statements
from .models import (
    PHASE_ORDER,
    BlockNote,
    Participant,
    ParticipantDone,
    Phase,
    RatingCount,
    SelfAssessment,
)
from .signals import sharing_withdrawn


@dataclass(frozen=True)
class PlanInput:
    title: str
    blocks: list[str]
    opens_on: date
    closes_on: date
    participant_ids: list[int]


def _checked_plan(unit: Unit, data: PlanInput) -> tuple[str, list[str], set[int]]:
    title = clean_text(data.title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the self-assessment a title.")})
    known = [block.code for block in statements.blocks()]
    if any(code not in known for code in data.blocks):
        raise ValidationError({"blocks": _("Choose among the blocks listed.")})
    chosen = [code for code in known if code in data.blocks or code == statements.main_block()]
    if data.closes_on < data.opens_on:
        raise ValidationError({"closes_on": _("The rating cannot close before it opens.")})
    staff = set(queries.unit_staff(unit).values_list("pk", flat=True))
    ids = set(data.participant_ids)
    if not ids <= staff:
        raise ValidationError({"participants": _("Choose participants among the unit's staff.")})
    return title, chosen, ids


def _programme_of(unit: Unit):
    programme = unit.programmes.order_by("pk").first()
    if programme is None:
        raise ValidationError(_("The unit takes part in no programme."))
    return programme


@transaction.atomic
def plan_assessment(person, unit: Unit, data: PlanInput) -> SelfAssessment:
    """Side effects: creates the SelfAssessment (phase: plan) and its Participants."""
    title, chosen, ids = _checked_plan(unit, data)
    form = statements.instrument()
    assessment = SelfAssessment.objects.create(
        unit=unit,
        programme=_programme_of(unit),
        title=title[:200],
        form_id=form.form_id,
        form_version=form.version,
        blocks=chosen,
        rating_opens_on=data.opens_on,
        rating_closes_on=data.closes_on,
        created_by=person,
    )
    Participant.objects.bulk_create(Participant(assessment=assessment, person_id=i) for i in ids)
    return assessment


@transaction.atomic
def update_plan(assessment: SelfAssessment, data: PlanInput) -> None:
    """Side effects: changes title, blocks, dates and participants (before the rating)."""
    if assessment.phase not in (Phase.PLAN, Phase.FACTS):
        raise ValidationError(_("The plan cannot change once the rating has opened."))
    title, chosen, ids = _checked_plan(assessment.unit, data)
    assessment.title, assessment.blocks = title[:200], chosen
    assessment.rating_opens_on, assessment.rating_closes_on = data.opens_on, data.closes_on
    assessment.save()
    assessment.participants.exclude(person_id__in=ids).delete()
    have = set(assessment.participants.values_list("person_id", flat=True))
    Participant.objects.bulk_create(
        Participant(assessment=assessment, person_id=i) for i in ids - have
    )


def move_on(assessment: SelfAssessment) -> str:
    """The next phase: plan → facts → rating → discussion and goals.

    Side effects: changes the phase. Refused when the rating would open with fewer
    participants than the anonymity threshold (its results could never be shown)."""
    position = PHASE_ORDER.index(assessment.phase)
    if position == len(PHASE_ORDER) - 1:
        raise ValidationError(_("The self-assessment is at its last phase."))
    target = PHASE_ORDER[position + 1]
    threshold = queries.threshold(assessment)
    if target == Phase.RATING and assessment.participants.count() < threshold:
        raise ValidationError(
            _("Choose at least %(n)s participants: fewer answers are never shown.")
            % {"n": threshold}
        )
    assessment.phase = target
    assessment.save(update_fields=["phase"])
    return target


def _checked_answers(assessment: SelfAssessment, answers: dict[str, str]) -> dict[str, int]:
    wanted = [s.code for b in statements.blocks(assessment.blocks) for s in b.statements]
    points = {str(value) for value, _label in statements.scale()}
    if any(answers.get(code) not in points for code in wanted):
        raise ValidationError(_("Answer every statement before you send."))
    return {code: int(answers[code]) for code in wanted}


def submit_rating(assessment: SelfAssessment, person, answers: dict[str, str]) -> None:
    """A participant's own rating, once.

    Side effects: a ParticipantDone row for the person, then, in a transaction of its own,
    the answers added to the assessment's counts (``record_answers``). Two transactions on
    purpose: one transaction writing both would tie them together in the database's own
    records."""
    if not assessment.participants.filter(person_id=person.pk).exists():
        raise ValidationError(_("Only the chosen participants rate."))
    today = timezone.localdate()
    if assessment.phase != Phase.RATING or not (
        assessment.rating_opens_on <= today <= assessment.rating_closes_on
    ):
        raise ValidationError(_("The rating is not open."))
    checked = _checked_answers(assessment, answers)
    try:
        with transaction.atomic():
            ParticipantDone.objects.create(assessment=assessment, person=person)
    except IntegrityError as twice:
        raise ValidationError(_("You have already rated: each participant rates once.")) from twice
    record_answers(assessment, checked)


@transaction.atomic
def record_answers(assessment: SelfAssessment, answers: dict[str, int]) -> None:
    """Add one set of answers to the counts: every count of the assessment is rewritten
    (plus one where chosen, plus nothing elsewhere), so which rows changed tells nothing.

    Side effects: creates the counts at zero the first time, then updates all of them."""
    points = [value for value, _label in statements.scale()]
    codes = [s.code for b in statements.blocks(assessment.blocks) for s in b.statements]
    RatingCount.objects.bulk_create(
        [
            RatingCount(assessment=assessment, statement=code, point=point)
            for code in codes
            for point in points
        ],
        ignore_conflicts=True,
    )
    chosen = Q()
    for code, point in answers.items():
        chosen |= Q(statement=code, point=point)
    RatingCount.objects.filter(assessment=assessment).update(
        count=F("count") + Case(When(chosen, then=Value(1)), default=Value(0))
    )


def _refuse_unless_discussing(assessment: SelfAssessment) -> None:
    if assessment.phase != Phase.GOALS:
        raise ValidationError(_("Notes and goals are written after the rating has closed."))


def save_note(assessment: SelfAssessment, block: str, text: str) -> None:
    """Side effects: creates or changes the block's note."""
    _refuse_unless_discussing(assessment)
    if block not in assessment.blocks:
        raise ValidationError(_("Choose one of the assessment's blocks."))
    BlockNote.objects.update_or_create(
        assessment=assessment, block=block, defaults={"text": clean_text(text).strip()}
    )


def save_goals(assessment: SelfAssessment, goals: str, measures: str) -> None:
    """Side effects: changes goals and measures."""
    _refuse_unless_discussing(assessment)
    assessment.goals = clean_text(goals).strip()
    assessment.measures = clean_text(measures).strip()
    assessment.save(update_fields=["goals", "measures"])


def share_with_owner(assessment: SelfAssessment, person) -> None:
    """Side effects: the owner's people may read the assessment from now on."""
    if assessment.phase != Phase.GOALS:
        raise ValidationError(_("Share the self-assessment once the rating has closed."))
    assessment.shared_with_owner_at = timezone.now()
    assessment.shared_by = person
    assessment.save(update_fields=["shared_with_owner_at", "shared_by"])


@transaction.atomic
def withdraw_sharing(assessment: SelfAssessment) -> None:
    """Side effects: the owner's people can no longer read the assessment, and what they
    copied from it into drafts goes too (``signals.sharing_withdrawn``)."""
    assessment.shared_with_owner_at = None
    assessment.shared_by = None
    assessment.save(update_fields=["shared_with_owner_at", "shared_by"])
    sharing_withdrawn.send(sender=SelfAssessment, assessment=assessment)


@transaction.atomic
def start_analysis(assessment: SelfAssessment, person, title: str) -> Analysis:
    """A pedagogical analysis at the unit that starts from the goals.

    Side effects: creates the Analysis (problem: the goals; phase problem) with an "other
    data" Source holding the shown results, and links it to the assessment."""
    _refuse_unless_discussing(assessment)
    if assessment.analysis_id:
        raise ValidationError(_("An analysis has already been started from this assessment."))
    if not assessment.goals:
        raise ValidationError(_("Write the goals before you start an analysis."))
    title = clean_text(title or "").strip() or assessment.title
    analysis = analysis_services.start_analysis_from_other_data(
        person,
        unit_id=assessment.unit_id,
        title=title,
        problem=assessment.goals,
        source_title=_("Self-assessment: %(title)s") % {"title": assessment.title},
        source_note=queries.summary_text(assessment),
    )
    assessment.analysis = analysis
    assessment.save(update_fields=["analysis"])
    return analysis
