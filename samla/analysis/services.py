"""Every change to a pedagogical analysis.

Who may call what is decided by the pages through ``org/access.py``; the rules of the
analysis itself are held here and refused with a ``ValidationError`` that says what to do.
Each function's docstring lists its side effects. History of the analysis, its sources,
factors and measures is kept by django-simple-history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samla.results import queries as results
from samla.surveys.models import Round

from . import evidence
from .models import (
    Analysis,
    CaravanPresentation,
    Comment,
    Evaluation,
    EvidenceSnapshot,
    GoalKind,
    Likelihood,
    LogEntry,
    MaintainingFactor,
    Measure,
    MeasureStatus,
    Perspective,
    Phase,
    SnapshotKind,
    Source,
    SourceKind,
    Status,
    Verdict,
)
from .phases import PHASES, missing_for_completion, needs_finished_analysis

MISSING_MESSAGES = {
    "problem": gettext_lazy("describe the problem"),
    "goal": gettext_lazy("write the goal"),
    "sources": gettext_lazy("add at least one source of information"),
    "factors": gettext_lazy("add at least one maintaining factor"),
    "evidence": gettext_lazy("tie every maintaining factor to at least one source"),
}


def _refuse_if_closed(analysis: Analysis) -> None:
    if analysis.status == Status.CLOSED:
        raise ValidationError(_("The analysis is closed. Start a new analysis to go on."))


def _text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


# --- Evidence ---------------------------------------------------------------------------


def take_snapshot(
    analysis: Analysis,
    round: Round,
    at: results.Node,
    respondent_group: str,
    scale: str,
    kind: str,
    person,
    compares_to: EvidenceSnapshot | None = None,
) -> EvidenceSnapshot:
    """Copy one index at a node, as the results pages show it, into the analysis.

    Side effects: creates an EvidenceSnapshot (never changed afterwards)."""
    found = evidence.index_figures(round, at, respondent_group, scale)
    if found is None:
        raise ValidationError(_("The round has no such index for this respondent group."))
    labels, figures = found
    return EvidenceSnapshot.objects.create(
        analysis=analysis,
        kind=kind,
        compares_to=compares_to,
        round=round,
        round_name=round.name,
        round_opened_at=round.opens_at,
        node_kind=at.kind,
        node_id=at.id,
        node_name=at.name,
        respondent_group=respondent_group,
        scale=scale,
        scale_labels=labels,
        threshold=round.programme.anonymity_threshold,
        figures=figures,
        taken_by=person,
    )


@transaction.atomic
def start_analysis(
    person,
    *,
    title: str,
    round: Round,
    at: results.Node,
    respondent_group: str,
    scale: str,
    learning_group=None,
) -> Analysis:
    """Open an analysis at the unit of ``at`` (a unit or one of its classes), starting
    from one index.

    Side effects: creates the Analysis (phase: problem), its baseline EvidenceSnapshot and
    a results Source holding it."""
    unit_id = evidence.unit_of(round, at)
    if unit_id is None:
        raise ValidationError(_("An analysis starts from a unit's or a class's results."))
    if learning_group is not None and learning_group.unit_id != unit_id:
        raise ValidationError({"learning_group": _("Choose a learning group of the unit.")})
    title = _text(title, "title", _("Give the analysis a title."))
    analysis = Analysis.objects.create(
        unit_id=unit_id, learning_group=learning_group, title=title[:200], created_by=person
    )
    snapshot = take_snapshot(
        analysis, round, at, respondent_group, scale, SnapshotKind.BASELINE, person
    )
    Source.objects.create(
        analysis=analysis,
        kind=SourceKind.RESULTS,
        title=f"{snapshot.label('nb')} – {at.name}, {round.name}",
        snapshot=snapshot,
        created_by=person,
    )
    return analysis


# --- The phases before measures -----------------------------------------------------------


def save_problem(analysis: Analysis, problem: str) -> None:
    """Side effects: changes the problem (history kept)."""
    _refuse_if_closed(analysis)
    analysis.problem = _text(
        problem, "problem", _("Describe the problem: what is, compared with what you want.")
    )
    analysis.save(update_fields=["problem", "updated_at"])


def save_goal(analysis: Analysis, goal_kind: str, goal: str) -> None:
    """Side effects: changes the goal and its kind (history kept)."""
    _refuse_if_closed(analysis)
    if goal_kind not in GoalKind.values:
        raise ValidationError({"goal_kind": _("Choose whether the goal is closed or open.")})
    analysis.goal_kind = goal_kind
    analysis.goal = _text(goal, "goal", _("Write the goal."))
    analysis.save(update_fields=["goal_kind", "goal", "updated_at"])


def add_source(analysis: Analysis, person, kind: str, title: str, note: str) -> Source:
    """A source other than survey results (those come with ``add_result_source``).

    Side effects: creates a Source."""
    _refuse_if_closed(analysis)
    if kind not in SourceKind.values or kind == SourceKind.RESULTS:
        raise ValidationError({"kind": _("Choose observation, conversations or other data.")})
    title = _text(title, "title", _("Give the source a title."))
    return Source.objects.create(
        analysis=analysis, kind=kind, title=title[:200], note=note.strip(), created_by=person
    )


@transaction.atomic
def add_result_source(
    analysis: Analysis, person, round: Round, at: results.Node, respondent_group: str,
    scale: str, note: str = "",
) -> Source:  # fmt: skip
    """More survey results as information: a frozen copy of another index.

    Side effects: creates an EvidenceSnapshot and a results Source holding it."""
    _refuse_if_closed(analysis)
    if evidence.unit_of(round, at) != analysis.unit_id:
        raise ValidationError(_("Take results of the analysis's own unit."))
    snapshot = take_snapshot(
        analysis, round, at, respondent_group, scale, SnapshotKind.SOURCE, person
    )
    return Source.objects.create(
        analysis=analysis,
        kind=SourceKind.RESULTS,
        title=f"{snapshot.label('nb')} – {at.name}, {round.name}"[:200],
        note=note.strip(),
        snapshot=snapshot,
        created_by=person,
    )


def update_source_note(source: Source, note: str) -> None:
    """Side effects: changes the source's note (history kept)."""
    _refuse_if_closed(source.analysis)
    source.note = note.strip()
    source.save(update_fields=["note"])


@transaction.atomic
def delete_source(source: Source) -> None:
    """The baseline result stays; a source some factor stands on stays too.

    Side effects: deletes the Source (and its snapshot, if it held one)."""
    _refuse_if_closed(source.analysis)
    snapshot = source.snapshot
    if snapshot is not None and snapshot.kind == SnapshotKind.BASELINE:
        raise ValidationError(_("The result the analysis starts from cannot be removed."))
    if source.factors.exists():
        raise ValidationError(
            _("A maintaining factor is tied to this source. Remove the link from the factor first.")
        )
    source.delete()
    if snapshot is not None:
        snapshot.delete()


@dataclass(frozen=True)
class FactorInput:
    description: str
    perspective: str
    likelihood: str
    source_ids: tuple[int, ...] = ()


def _apply_factor(factor: MaintainingFactor, data: FactorInput) -> list[Source]:
    factor.description = _text(
        data.description, "description", _("Describe the maintaining factor.")
    )
    if data.perspective not in Perspective.values:
        raise ValidationError({"perspective": _("Choose context, actors or individual.")})
    if data.likelihood not in Likelihood.values:
        raise ValidationError({"likelihood": _("Choose how likely the group judges it.")})
    factor.perspective = data.perspective
    factor.likelihood = data.likelihood
    sources = list(Source.objects.filter(analysis=factor.analysis, pk__in=data.source_ids))
    if len(sources) != len(set(data.source_ids)):
        raise ValidationError({"sources": _("Choose sources of this analysis.")})
    return sources


@transaction.atomic
def add_factor(analysis: Analysis, data: FactorInput) -> MaintainingFactor:
    """Side effects: creates a MaintainingFactor tied to the chosen sources."""
    _refuse_if_closed(analysis)
    factor = MaintainingFactor(analysis=analysis)
    sources = _apply_factor(factor, data)
    factor.save()
    factor.sources.set(sources)
    return factor


@transaction.atomic
def update_factor(factor: MaintainingFactor, data: FactorInput) -> None:
    """Side effects: changes the factor and its evidence links (history kept)."""
    _refuse_if_closed(factor.analysis)
    sources = _apply_factor(factor, data)
    factor.save()
    factor.sources.set(sources)


def delete_factor(factor: MaintainingFactor) -> None:
    """Side effects: deletes the factor; refused while a measure aims at it."""
    _refuse_if_closed(factor.analysis)
    if factor.measures.exists():
        raise ValidationError(_("A measure aims at this factor. Change the measure first."))
    factor.delete()


def completion_missing(analysis: Analysis) -> list[str]:
    """What the analysis part still lacks, worded for the person (three queries)."""
    factors = analysis.factors.count()
    without = analysis.factors.filter(sources__isnull=True).count()
    keys = missing_for_completion(
        problem=analysis.problem,
        goal=analysis.goal,
        sources=analysis.sources.count(),
        factors=factors,
        factors_without_evidence=without,
    )
    return [str(MISSING_MESSAGES[k]) for k in keys]


def complete_analysis(analysis: Analysis, person) -> None:
    """Mark the analysis part complete, which opens the measures.

    Side effects: sets analysis_completed_at/by; moves the phase on to measures."""
    _refuse_if_closed(analysis)
    missing = completion_missing(analysis)
    if missing:
        raise ValidationError(
            _("Before the analysis is complete: %(missing)s.") % {"missing": "; ".join(missing)}
        )
    analysis.analysis_completed_at = timezone.now()
    analysis.analysis_completed_by = person
    if PHASES.index(analysis.phase) < PHASES.index(Phase.MEASURES):
        analysis.phase = Phase.MEASURES
    analysis.save()


def reopen_analysis(analysis: Analysis) -> None:
    """Take the analysis part up again, while there are no measures yet.

    Side effects: clears analysis_completed_at/by; the phase goes back to analysis."""
    _refuse_if_closed(analysis)
    if analysis.measures.exists():
        raise ValidationError(_("The analysis has measures already; it stays complete."))
    analysis.analysis_completed_at = None
    analysis.analysis_completed_by = None
    analysis.phase = Phase.ANALYSIS
    analysis.save()


def override_phase_rule(analysis: Analysis, person, reason: str) -> None:
    """The unit leader lets measures be added before the analysis part is complete. The
    reason stays visible on the analysis.

    Side effects: sets override_reason, overridden_at/by; moves the phase on to measures."""
    _refuse_if_closed(analysis)
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise ValidationError(
            {
                "reason": _(
                    "Write why the group goes on to measures before the analysis is complete."
                )
            }
        )
    analysis.override_reason = reason
    analysis.overridden_at = timezone.now()
    analysis.overridden_by = person
    if PHASES.index(analysis.phase) < PHASES.index(Phase.MEASURES):
        analysis.phase = Phase.MEASURES
    analysis.save()


def set_phase(analysis: Analysis, phase: str) -> None:
    """Where the group is working now.

    Side effects: changes the analysis's phase; refused for measures and after while the
    analysis part is neither complete nor overridden."""
    _refuse_if_closed(analysis)
    if phase not in PHASES:
        raise ValidationError(_("Unknown phase."))
    if needs_finished_analysis(phase) and not analysis.measures_open:
        raise ValidationError(
            _("Finish the analysis before choosing measures: mark the analysis part complete.")
        )
    analysis.phase = phase
    analysis.save(update_fields=["phase", "updated_at"])


# --- Measures, implementation, evaluation --------------------------------------------------


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
    measure.title = _text(data.title, "title", _("Name the measure."))[:200]
    measure.responsible = _text(data.responsible, "responsible", _("Write who is responsible."))[
        :200
    ]
    measure.success_criteria = _text(
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


@transaction.atomic
def add_measure(analysis: Analysis, data: MeasureInput) -> Measure:
    """Side effects: creates a Measure aimed at the chosen factors. Refused until the
    analysis part is complete (or the leader has overridden)."""
    _refuse_if_closed(analysis)
    if not analysis.measures_open:
        raise ValidationError(
            _("Finish the analysis before choosing measures: mark the analysis part complete.")
        )
    measure = Measure(analysis=analysis)
    factors = _apply_measure(measure, data)
    measure.save()
    measure.factors.set(factors)
    return measure


@transaction.atomic
def update_measure(measure: Measure, data: MeasureInput) -> None:
    """Side effects: changes the measure and the factors it aims at (history kept)."""
    _refuse_if_closed(measure.analysis)
    factors = _apply_measure(measure, data)
    measure.save()
    measure.factors.set(factors)


def set_measure_status(measure: Measure, status: str) -> None:
    """Side effects: changes the measure's status (history kept)."""
    _refuse_if_closed(measure.analysis)
    if status not in MeasureStatus.values:
        raise ValidationError(_("Unknown status."))
    measure.status = status
    measure.save(update_fields=["status"])


def add_log_entry(
    analysis: Analysis, person, day: date, text: str, measure_id: int | None = None
) -> LogEntry:
    """Side effects: creates a LogEntry (dated what was done, optionally for one measure)."""
    _refuse_if_closed(analysis)
    if not analysis.measures_open:
        raise ValidationError(_("The log opens with the measures."))
    text = _text(text, "text", _("Write what was done."))
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
    _refuse_if_closed(measure.analysis)
    if verdict not in Verdict.values:
        raise ValidationError({"verdict": _("Choose whether the criteria were met.")})
    text = _text(text, "text", _("Write what the group found."))
    return Evaluation.objects.create(measure=measure, verdict=verdict, text=text, author=person)


@transaction.atomic
def take_follow_ups(analysis: Analysis, person) -> int:
    """For every result the analysis holds without a later counterpart: copy the same
    index at the same node from the next released round that has it.

    Side effects: creates follow-up EvidenceSnapshots. Returns how many."""
    _refuse_if_closed(analysis)
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


# --- Sharing, comments, closing -----------------------------------------------------------


def share_with_owner(analysis: Analysis, person) -> None:
    """Side effects: the owner may read the analysis from now (shared_with_owner_at/by)."""
    if analysis.shared:
        return
    analysis.shared_with_owner_at = timezone.now()
    analysis.shared_by = person
    analysis.save(update_fields=["shared_with_owner_at", "shared_by", "updated_at"])


def withdraw_sharing(analysis: Analysis) -> None:
    """Side effects: the owner loses access at once (shared_with_owner_at cleared)."""
    analysis.shared_with_owner_at = None
    analysis.shared_by = None
    analysis.save(update_fields=["shared_with_owner_at", "shared_by", "updated_at"])


def add_comment(
    analysis: Analysis, person, phase: str, text: str, parent_id: int | None = None
) -> Comment:
    """Side effects: creates a Comment on the phase, as an answer to ``parent_id``."""
    if phase not in PHASES:
        raise ValidationError(_("Unknown phase."))
    text = _text(text, "text", _("Write the comment."))
    parent = None
    if parent_id is not None:
        parent = analysis.comments.filter(pk=parent_id, phase=phase).first()
        if parent is None:
            raise ValidationError(_("The comment you answer is not on this page."))
    return Comment.objects.create(
        analysis=analysis, phase=phase, parent=parent, author=person, text=text
    )


def close_analysis(analysis: Analysis, note: str) -> None:
    """Side effects: status closed, phase revise, the closing note kept."""
    _refuse_if_closed(analysis)
    analysis.closing_note = _text(note, "note", _("Write what the group concluded."))
    analysis.status = Status.CLOSED
    analysis.phase = Phase.REVISE
    analysis.save()


@transaction.atomic
def start_follow_up_analysis(analysis: Analysis, person, title: str) -> Analysis:
    """A new analysis that carries this one's history: it continues it, starts from the
    latest results of the same indices (the follow-ups where taken), and keeps the
    problem and goal to revise. The old analysis is closed.

    Side effects: closes ``analysis`` (if open); creates the new Analysis with baseline
    snapshots copied (frozen figures as they were) and a results Source for each."""
    title = _text(title, "title", _("Give the new analysis a title."))
    new = Analysis.objects.create(
        unit_id=analysis.unit_id,
        learning_group=analysis.learning_group,
        title=title[:200],
        problem=analysis.problem,
        goal_kind=analysis.goal_kind,
        goal=analysis.goal,
        previous=analysis,
        created_by=person,
    )
    for base in analysis.snapshots.filter(kind=SnapshotKind.BASELINE):
        latest = base.follow_ups.order_by("-round_opened_at").first() or base
        copy = EvidenceSnapshot.objects.create(
            analysis=new,
            kind=SnapshotKind.BASELINE,
            round=latest.round,
            round_name=latest.round_name,
            round_opened_at=latest.round_opened_at,
            node_kind=latest.node_kind,
            node_id=latest.node_id,
            node_name=latest.node_name,
            respondent_group=latest.respondent_group,
            scale=latest.scale,
            scale_labels=latest.scale_labels,
            threshold=latest.threshold,
            figures=latest.figures,
            taken_by=person,
        )
        Source.objects.create(
            analysis=new,
            kind=SourceKind.RESULTS,
            title=f"{copy.label('nb')} – {copy.node_name}, {copy.round_name}"[:200],
            snapshot=copy,
            created_by=person,
        )
    if analysis.status == Status.OPEN:
        analysis.status = Status.CLOSED
        analysis.phase = Phase.REVISE
        if not analysis.closing_note:
            analysis.closing_note = _("Continued in a new analysis: %(title)s") % {"title": title}
        analysis.save()
    return new


# --- Learning caravans ---------------------------------------------------------------------


def caravan_activities(analysis: Analysis):
    """Learning caravans in the plans of the unit's programmes (by the activity's name)."""
    from django.db.models import Q

    from samla.plans.models import Activity

    programmes = analysis.unit.programmes.values("pk")
    return (
        Activity.objects.filter(plan__programme__in=programmes)
        .filter(Q(title__icontains="karavane") | Q(title__icontains="caravan"))
        .select_related("plan")
        .order_by("-plan__school_year", "order")
    )


def link_caravan(analysis: Analysis, person, activity_id: int) -> CaravanPresentation:
    """The analysis is presented at a learning caravan: the plan shows the unit's name and
    the analysis's title at the activity.

    Side effects: creates a CaravanPresentation (once per activity)."""
    activity = caravan_activities(analysis).filter(pk=activity_id).first()
    if activity is None:
        raise ValidationError(_("Choose a learning caravan in the programme's plan."))
    presentation, _created = CaravanPresentation.objects.get_or_create(
        analysis=analysis, activity=activity, defaults={"linked_by": person}
    )
    return presentation


def unlink_caravan(analysis: Analysis, activity_id: int) -> None:
    """Side effects: deletes the CaravanPresentation."""
    CaravanPresentation.objects.filter(analysis=analysis, activity_id=activity_id).delete()
