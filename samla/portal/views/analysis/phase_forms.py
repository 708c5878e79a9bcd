"""The forms of a phase page: one builder per phase, each bound to the posted data only
for the form that was posted, and the per-measure forms (status, evaluation)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpRequest
from django.utils import timezone, translation

from samla.analysis import evidence, forms
from samla.analysis.models import Analysis, Phase
from samla.surveys.models import RESPONDENT_GROUP_LABELS

from .common import to_int

# A builder gets the request, the analysis and ``bound(name)``: the posted data when the
# form called ``name`` was posted, else None.
Bound = Callable[[str], object]


def _editing(request: HttpRequest, rows):
    """The factor or measure being changed: ``?endre=<id>`` on the page, or the posted
    form's ``item``; None when adding."""
    raw = request.POST.get("item") if request.method == "POST" else request.GET.get("endre")
    if not raw:
        return None
    found = rows.filter(pk=to_int(raw)).first()
    if found is None:
        raise Http404
    return found


def _index_choice_label(choice: evidence.IndexChoice) -> str:
    group = RESPONDENT_GROUP_LABELS.get(choice.respondent_group, choice.respondent_group)
    return f"{choice.round.name}: {choice.label} ({group})"


def _problem(request: HttpRequest, analysis: Analysis, bound: Bound) -> dict:
    return {"problem": forms.ProblemForm(bound("problem"), initial={"problem": analysis.problem})}


def _goal(request: HttpRequest, analysis: Analysis, bound: Bound) -> dict:
    initial = {"goal_kind": analysis.goal_kind, "goal": analysis.goal}
    return {"goal": forms.GoalForm(bound("goal"), initial=initial)}


def _information(request: HttpRequest, analysis: Analysis, bound: Bound) -> dict:
    found = {"source": forms.SourceForm(bound("source"), prefix="source")}
    language = translation.get_language()
    indices = [(c, _index_choice_label(c)) for c in evidence.unit_indices(analysis.unit, language)]
    if indices:
        found["result_source"] = forms.ResultSourceForm(
            bound("result_source"), indices=indices, prefix="result"
        )
    return found


def _analysis(request: HttpRequest, analysis: Analysis, bound: Bound) -> dict:
    factor = _editing(request, analysis.factors)
    initial = {}
    if factor is not None:
        initial = {
            "description": factor.description,
            "perspective": factor.perspective,
            "likelihood": factor.likelihood,
            "sources": [s.pk for s in factor.sources.all()],
            "item": factor.pk,
        }
    return {
        "factor": forms.FactorForm(
            bound("factor"), initial=initial, sources=analysis.sources.all()
        ),
        "override": forms.OverrideForm(bound("override")),
    }


def _measures(request: HttpRequest, analysis: Analysis, bound: Bound) -> dict:
    measure = _editing(request, analysis.measures)
    initial = {}
    if measure is not None:
        initial = {
            "title": measure.title,
            "description": measure.description,
            "factors": [f.pk for f in measure.factors.all()],
            "responsible": measure.responsible,
            "starts_on": measure.starts_on,
            "ends_on": measure.ends_on,
            "success_criteria": measure.success_criteria,
            "item": measure.pk,
        }
    return {
        "measure": forms.MeasureForm(
            bound("measure"), initial=initial, factors=analysis.factors.all()
        ),
        "override": forms.OverrideForm(bound("override")),
    }


def _implementation(request: HttpRequest, analysis: Analysis, bound: Bound) -> dict:
    return {
        "log": forms.LogForm(
            bound("log"), initial={"day": timezone.localdate()}, measures=analysis.measures.all()
        )
    }


def _revise(request: HttpRequest, analysis: Analysis, bound: Bound) -> dict:
    return {
        "close": forms.CloseForm(bound("close")),
        "follow_up": forms.FollowUpForm(bound("follow_up"), initial={"title": analysis.title}),
    }


BUILDERS = {
    Phase.PROBLEM: _problem,
    Phase.GOAL: _goal,
    Phase.INFORMATION: _information,
    Phase.ANALYSIS: _analysis,
    Phase.MEASURES: _measures,
    Phase.IMPLEMENTATION: _implementation,
    Phase.REVISE: _revise,
}


def phase_forms(request: HttpRequest, analysis: Analysis, phase: str, data=None) -> dict:
    """The forms of a phase page, bound to ``data`` for the one that was posted."""
    posted = request.POST.get("form") if data is not None else None

    def bound(name: str):
        return data if posted == name else None

    builder = BUILDERS.get(phase)
    return builder(request, analysis, bound) if builder else {}


def measure_forms(request: HttpRequest, analysis: Analysis, phase: str, data=None) -> dict:
    """Per measure: its status (measures) or its evaluation (evaluation)."""
    if phase not in (Phase.MEASURES, Phase.EVALUATION):
        return {}
    posted = request.POST.get("measure") if data is not None else None
    found = {}
    for measure in analysis.measures.all():
        prefix = f"m{measure.pk}"
        bound = data if posted == str(measure.pk) else None
        if phase == Phase.MEASURES:
            found[measure.pk] = forms.MeasureStatusForm(
                bound, prefix=prefix, initial={"status": measure.status}
            )
        else:
            found[measure.pk] = forms.EvaluationForm(bound, prefix=prefix)
    return found
