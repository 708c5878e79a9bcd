"""The phases before measures: the problem, the goal, the maintaining factors and the
evidence they stand on, completing the analysis part (or the leader's override) and the
phase the group works on."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Analysis, GoalKind, Likelihood, MaintainingFactor, Perspective, Phase, Source
from ..phases import PHASES, missing_for_completion, needs_finished_analysis
from .rules import move_on_to_measures, refuse_if_closed, required_text

MISSING_MESSAGES = {
    "problem": gettext_lazy("describe the problem"),
    "goal": gettext_lazy("write the goal"),
    "sources": gettext_lazy("add at least one source of information"),
    "factors": gettext_lazy("add at least one maintaining factor"),
    "evidence": gettext_lazy("tie every maintaining factor to at least one source"),
}


def save_problem(analysis: Analysis, problem: str) -> None:
    """Side effects: changes the problem (history kept)."""
    refuse_if_closed(analysis)
    analysis.problem = required_text(
        problem, "problem", _("Describe the problem: what is, compared with what you want.")
    )
    analysis.save(update_fields=["problem", "updated_at"])


def save_goal(analysis: Analysis, goal_kind: str, goal: str) -> None:
    """Side effects: changes the goal and its kind (history kept)."""
    refuse_if_closed(analysis)
    if goal_kind not in GoalKind.values:
        raise ValidationError({"goal_kind": _("Choose whether the goal is closed or open.")})
    analysis.goal_kind = goal_kind
    analysis.goal = required_text(goal, "goal", _("Write the goal."))
    analysis.save(update_fields=["goal_kind", "goal", "updated_at"])


@dataclass(frozen=True)
class FactorInput:
    description: str
    perspective: str
    likelihood: str
    source_ids: tuple[int, ...] = ()


def _apply_factor(factor: MaintainingFactor, data: FactorInput) -> list[Source]:
    factor.description = required_text(
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


def _save_factor(factor: MaintainingFactor, data: FactorInput) -> None:
    sources = _apply_factor(factor, data)
    factor.save()
    factor.sources.set(sources)


@transaction.atomic
def add_factor(analysis: Analysis, data: FactorInput) -> MaintainingFactor:
    """Side effects: creates a MaintainingFactor tied to the chosen sources."""
    refuse_if_closed(analysis)
    factor = MaintainingFactor(analysis=analysis)
    _save_factor(factor, data)
    return factor


@transaction.atomic
def update_factor(factor: MaintainingFactor, data: FactorInput) -> None:
    """Side effects: changes the factor and its evidence links (history kept)."""
    refuse_if_closed(factor.analysis)
    _save_factor(factor, data)


def delete_factor(factor: MaintainingFactor) -> None:
    """Side effects: deletes the factor; refused while a measure aims at it."""
    refuse_if_closed(factor.analysis)
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
    refuse_if_closed(analysis)
    missing = completion_missing(analysis)
    if missing:
        raise ValidationError(
            _("Before the analysis is complete: %(missing)s.") % {"missing": "; ".join(missing)}
        )
    analysis.analysis_completed_at = timezone.now()
    analysis.analysis_completed_by = person
    move_on_to_measures(analysis)
    analysis.save()


def reopen_analysis(analysis: Analysis) -> None:
    """Take the analysis part up again, while there are no measures yet.

    Side effects: clears analysis_completed_at/by; the phase goes back to analysis."""
    refuse_if_closed(analysis)
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
    refuse_if_closed(analysis)
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
    move_on_to_measures(analysis)
    analysis.save()


def set_phase(analysis: Analysis, phase: str) -> None:
    """Where the group is working now.

    Side effects: changes the analysis's phase; refused for measures and after while the
    analysis part is neither complete nor overridden."""
    refuse_if_closed(analysis)
    if phase not in PHASES:
        raise ValidationError(_("Unknown phase."))
    if needs_finished_analysis(phase) and not analysis.measures_open:
        raise ValidationError(
            _("Finish the analysis before choosing measures: mark the analysis part complete.")
        )
    analysis.phase = phase
    analysis.save(update_fields=["phase", "updated_at"])
