"""Measures, the implementation log, evaluations and the follow-up results they are
judged against."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samla.results import queries as results

from .. import evidence
from ..models import (
    Analysis,
    Evaluation,
    LogEntry,
    MaintainingFactor,
    Measure,
    MeasureStatus,
    SnapshotKind,
    Verdict,
)
from .rules import refuse_if_closed, required_text
from .sources import take_snapshot


@dataclass(frozen=True)
class MeasureInput:
    title: str
    responsible: str
    starts_on: date
    ends_on: date
    success_criteria: str
    factor_ids: tuple[int, ...]
    description: str = ""


def _apply_measure(measure: Measure, data: MeasureInput) -> list[MaintainingFactor]:
    measure.title = required_text(data.title, "title", _("Name the measure."))[:200]
    measure.responsible = required_text(
        data.responsible, "responsible", _("Write who is responsible.")
    )[:200]
    measure.success_criteria = required_text(
        data.success_criteria,
        "success_criteria",
        _("Write the success criteria: how will you know the measure worked?"),
    )
    if data.ends_on < data.starts_on:
        raise ValidationError({"ends_on": _("The measure cannot end before it starts.")})
    measure.starts_on, measure.ends_on = data.starts_on, data.ends_on
    measure.description = data.description.strip()
    factors = list(
        MaintainingFactor.objects.filter(analysis=measure.analysis, pk__in=data.factor_ids)
    )
    if not factors or len(factors) != len(set(data.factor_ids)):
        raise ValidationError(
            {"factors": _("Choose the maintaining factor(s) of this analysis the measure aims at.")}
        )
    return factors


def _save_measure(measure: Measure, data: MeasureInput) -> None:
    factors = _apply_measure(measure, data)
    measure.save()
    measure.factors.set(factors)


@transaction.atomic
def add_measure(analysis: Analysis, data: MeasureInput) -> Measure:
    """Side effects: creates a Measure aimed at the chosen factors. Refused until the
    analysis part is complete (or the leader has overridden)."""
    refuse_if_closed(analysis)
    if not analysis.measures_open:
        raise ValidationError(
            _("Finish the analysis before choosing measures: mark the analysis part complete.")
        )
    measure = Measure(analysis=analysis)
    _save_measure(measure, data)
    return measure


@transaction.atomic
def update_measure(measure: Measure, data: MeasureInput) -> None:
    """Side effects: changes the measure and the factors it aims at (history kept)."""
    refuse_if_closed(measure.analysis)
    _save_measure(measure, data)


def set_measure_status(measure: Measure, status: str) -> None:
    """Side effects: changes the measure's status (history kept)."""
    refuse_if_closed(measure.analysis)
    if status not in MeasureStatus.values:
        raise ValidationError(_("Unknown status."))
    measure.status = status
    measure.save(update_fields=["status"])


def add_log_entry(
    analysis: Analysis, person, day: date, text: str, measure_id: int | None = None
) -> LogEntry:
    """Side effects: creates a LogEntry (dated what was done, optionally for one measure)."""
    refuse_if_closed(analysis)
    if not analysis.measures_open:
        raise ValidationError(_("The log opens with the measures."))
    text = required_text(text, "text", _("Write what was done."))
    if day > timezone.localdate():
        raise ValidationError({"day": _("The log is of what has been done: not a future date.")})
    measure = None
    if measure_id is not None:
        measure = analysis.measures.filter(pk=measure_id).first()
        if measure is None:
            raise ValidationError({"measure": _("Choose a measure of this analysis.")})
    return LogEntry.objects.create(
        analysis=analysis, measure=measure, day=day, text=text, author=person
    )


def evaluate_measure(measure: Measure, person, verdict: str, text: str) -> Evaluation:
    """The group's judgement against the success criteria; a later one does not erase an
    earlier one.

    Side effects: creates an Evaluation."""
    refuse_if_closed(measure.analysis)
    if verdict not in Verdict.values:
        raise ValidationError({"verdict": _("Choose whether the criteria were met.")})
    text = required_text(text, "text", _("Write what the group found."))
    return Evaluation.objects.create(measure=measure, verdict=verdict, text=text, author=person)


@transaction.atomic
def take_follow_ups(analysis: Analysis, person) -> int:
    """For every result the analysis holds without a later counterpart: copy the same
    index at the same node from the next released round that has it.

    Side effects: creates follow-up EvidenceSnapshots. Returns how many."""
    refuse_if_closed(analysis)
    made = 0
    for snapshot in analysis.snapshots.exclude(kind=SnapshotKind.FOLLOW_UP).filter(
        follow_ups__isnull=True
    ):
        later = evidence.next_round(snapshot)
        if later is None:
            continue
        node = results.Node(snapshot.node_kind, snapshot.node_id, snapshot.node_name)
        take_snapshot(
            analysis, later, node, snapshot.respondent_group, snapshot.scale,
            SnapshotKind.FOLLOW_UP, person, compares_to=snapshot,
        )  # fmt: skip
        made += 1
    return made
