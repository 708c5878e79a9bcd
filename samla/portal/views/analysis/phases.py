"""One page per phase of an analysis, and the forms posted on it: each form name has a
small handler that carries it out through the services and names the anchor to return
to."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from samla.analysis import access as analysis_access
from samla.analysis import forms, queries, services
from samla.analysis.models import Analysis, Phase
from samla.analysis.phases import PHASES, needs_finished_analysis, next_phase, previous_phase

from .common import PHASE_SLUGS, SLUG_PHASES, phase_url
from .phase_forms import measure_forms, phase_forms


def _problem(request: HttpRequest, analysis: Analysis, form) -> str:
    services.save_problem(analysis, form.cleaned_data["problem"])
    return "problem-heading"


def _goal(request: HttpRequest, analysis: Analysis, form) -> str:
    data = form.cleaned_data
    services.save_goal(analysis, data["goal_kind"], data["goal"])
    return "goal-heading"


def _source(request: HttpRequest, analysis: Analysis, form) -> str:
    data = form.cleaned_data
    services.add_source(analysis, request.user, data["kind"], data["title"], data["note"])
    return "sources-heading"


def _result_source(request: HttpRequest, analysis: Analysis, form) -> str:
    data = form.cleaned_data
    chosen = form.indices[data["index"]]
    services.add_result_source(
        analysis, request.user, chosen.round, chosen.node, chosen.respondent_group,
        chosen.scale, data["note"],
    )  # fmt: skip
    return "sources-heading"


def _posted_item(rows, data):
    """The factor or measure a posted form changes (``item``), None when it adds one."""
    if not data.get("item"):
        return None
    found = rows.filter(pk=data["item"]).first()
    if found is None:
        raise Http404
    return found


def _factor(request: HttpRequest, analysis: Analysis, form) -> str:
    data = form.cleaned_data
    factor_input = services.FactorInput(
        data["description"], data["perspective"], data["likelihood"], tuple(data["sources"])
    )
    factor = _posted_item(analysis.factors, data)
    if factor is not None:
        services.update_factor(factor, factor_input)
    else:
        services.add_factor(analysis, factor_input)
    return "factors-heading"


def _override(request: HttpRequest, analysis: Analysis, form) -> str:
    if not analysis_access.can_lead_analysis(request.user, analysis):
        raise PermissionDenied
    services.override_phase_rule(analysis, request.user, form.cleaned_data["reason"])
    return "measures-heading"


def _measure(request: HttpRequest, analysis: Analysis, form) -> str:
    data = form.cleaned_data
    measure_input = services.MeasureInput(
        title=data["title"],
        responsible=data["responsible"],
        starts_on=data["starts_on"],
        ends_on=data["ends_on"],
        success_criteria=data["success_criteria"],
        factor_ids=tuple(data["factors"]),
        description=data["description"],
    )
    measure = _posted_item(analysis.measures, data)
    if measure is not None:
        services.update_measure(measure, measure_input)
    else:
        services.add_measure(analysis, measure_input)
    return "measures-heading"


def _log(request: HttpRequest, analysis: Analysis, form) -> str:
    data = form.cleaned_data
    services.add_log_entry(analysis, request.user, data["day"], data["text"], data["measure"])
    return "log-heading"


def _close(request: HttpRequest, analysis: Analysis, form) -> str:
    services.close_analysis(analysis, form.cleaned_data["note"])
    return "revise-heading"


# The posted form's name → its handler. A form of the page without a handler (the
# follow-up analysis is started through the action buttons) is not found.
HANDLERS = {
    "problem": _problem,
    "goal": _goal,
    "source": _source,
    "result_source": _result_source,
    "factor": _factor,
    "override": _override,
    "measure": _measure,
    "log": _log,
    "close": _close,
}


def _phase_context(request: HttpRequest, analysis: Analysis, phase: str) -> dict:
    user = request.user
    context = {
        "analysis": analysis,
        "phase": phase,
        "phase_label": Phase(phase).label,
        "phase_slug": PHASE_SLUGS[phase],
        "phase_number": PHASES.index(phase) + 1,
        "phases": [
            (value, label, PHASE_SLUGS[value], value == phase, value == analysis.phase)
            for value, label in Phase.choices
        ],
        "previous_slug": PHASE_SLUGS.get(previous_phase(phase) or ""),
        "next_slug": PHASE_SLUGS.get(next_phase(phase) or ""),
        "locked": needs_finished_analysis(phase) and not analysis.measures_open,
        "closed": analysis.status == "closed",
        "can_edit": analysis_access.can_edit_analysis(user, analysis),
        "can_lead": analysis_access.can_lead_analysis(user, analysis),
        "can_comment": analysis_access.can_comment_analysis(user, analysis),
        "comments": queries.comment_threads(analysis, phase),
        "comment_form": forms.CommentForm(prefix="comment"),
        "baseline": queries.baseline(analysis),
        "language": translation.get_language(),
    }
    context.update(queries.phase_rows(analysis, phase))
    if phase in (Phase.ANALYSIS, Phase.MEASURES):
        context["missing"] = services.completion_missing(analysis)
    if phase == Phase.EVALUATION:
        context["compared"] = queries.comparisons(analysis)
        context["awaiting_follow_up"] = any(pair.after is None for pair in context["compared"])
    if context["can_lead"]:
        context["caravans"] = list(services.caravan_activities(analysis))
        context["presented"] = queries.presented_activity_ids(analysis)
    return context


@login_required
def phase_page(request: HttpRequest, pk: int, phase: str) -> HttpResponse:
    analysis = analysis_access.get_analysis_or_404(request.user, pk)
    if phase not in SLUG_PHASES:
        raise Http404
    phase = SLUG_PHASES[phase]
    data = request.POST if request.method == "POST" else None
    page_forms = phase_forms(request, analysis, phase, data)
    measure_rows = measure_forms(request, analysis, phase, data)
    if request.method == "POST":
        if not analysis_access.can_edit_analysis(request.user, analysis):
            raise PermissionDenied
        anchor = _handle_post(request, analysis, page_forms, measure_rows)
        if anchor is not None:
            return redirect(phase_url(analysis, phase, anchor))
    elif request.method != "GET":
        return HttpResponse(status=405)
    context = _phase_context(request, analysis, phase)
    context["forms"] = page_forms
    context["measure_rows"] = [
        (measure, measure_rows.get(measure.pk)) for measure in context.get("measures", [])
    ]
    # A refused form comes back with its messages as a normal page (htmx swaps only
    # successful answers in, so a 4xx would leave the person without the messages).
    return render(request, "analysis/phase.html", context)


def _handle_measure_post(request: HttpRequest, analysis: Analysis, name: str, rows) -> str | None:
    """A measure's status or evaluation; the measure's anchor, or None when refused."""
    try:
        measure = analysis.measures.get(pk=int(request.POST.get("measure", "")))
    except (ValueError, analysis.measures.model.DoesNotExist) as missing:
        raise Http404 from missing
    form = rows.get(measure.pk)
    if form is None or not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        if name == "measure_status":
            services.set_measure_status(measure, data["status"])
        else:
            services.evaluate_measure(measure, request.user, data["verdict"], data["text"])
    except ValidationError as error:
        form.add_service_error(error)
        return None
    messages.success(request, _("Saved."))
    return f"measure-{measure.pk}"


def _handle_post(request: HttpRequest, analysis: Analysis, page_forms, measure_rows) -> str | None:
    name = request.POST.get("form", "")
    if name in ("measure_status", "evaluation"):
        return _handle_measure_post(request, analysis, name, measure_rows)
    form = page_forms.get(name)
    if form is None:
        raise Http404
    if not form.is_valid():
        return None
    handler = HANDLERS.get(name)
    if handler is None:
        raise Http404
    try:
        anchor = handler(request, analysis, form)
    except ValidationError as error:
        form.add_service_error(error)
        return None
    messages.success(request, _("Saved."))
    return anchor
