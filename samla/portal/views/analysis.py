"""Pedagogical analysis pages: the overview, starting from a result, one page per phase,
the leader's actions (share, override, learning caravan) and PPT's comments.

An analysis is got only through ``analysis_access.get_analysis_or_404``: outside the unit it does
not exist, and for the owner only while it is shared."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samla.analysis import access as analysis_access
from samla.analysis import evidence, forms, queries, services
from samla.analysis.models import Analysis, Phase, SnapshotKind
from samla.analysis.phases import PHASES, needs_finished_analysis, next_phase, previous_phase
from samla.org import access
from samla.org.models import RegionOwner, Unit
from samla.results import queries as results
from samla.surveys import access as survey_access
from samla.surveys.models import RESPONDENT_GROUP_LABELS

PHASE_SLUGS = {
    "problem": "problem",
    "goal": "mal",
    "information": "informasjon",
    "analysis": "analyse",
    "measures": "tiltak",
    "implementation": "gjennomforing",
    "evaluation": "evaluering",
    "revise": "revidering",
}
SLUG_PHASES = {slug: phase for phase, slug in PHASE_SLUGS.items()}


def phase_url(analysis: Analysis, phase: str | None = None, anchor: str = "") -> str:
    slug = PHASE_SLUGS[phase or analysis.phase]
    url = reverse("portal:analysis_phase", kwargs={"pk": analysis.pk, "phase": slug})
    return f"{url}#{anchor}" if anchor else url


# --- Overview ---------------------------------------------------------------------------


@login_required
def analysis_list(request: HttpRequest) -> HttpResponse:
    """The analyses the person may open, and the overviews their role gives: a leader's
    units, an owner's units (shared analyses), a region's owners (counts of shared)."""
    user = request.user
    today = timezone.localdate()
    scope = analysis_access.analysis_overview_scope(user)
    shared = Analysis.objects.filter(shared_with_owner_at__isnull=False)
    overviews = []
    if scope["unit"]:
        overviews.append(
            (
                _("Units you lead"),
                _("Unit"),
                queries.overview(Analysis.objects.filter(unit_id__in=scope["unit"]), "unit", today),
            )
        )
    if scope["owner"]:
        overviews.append(
            (
                _("Analyses shared with the owner"),
                _("Unit"),
                queries.overview(shared.filter(unit__owner_id__in=scope["owner"]), "unit", today),
            )
        )
    if scope["region"]:
        owners = RegionOwner.objects.filter(region_id__in=scope["region"]).values("owner_id")
        overviews.append(
            (
                _("Shared analyses in the region (counts only)"),
                _("Owner"),
                queries.overview(shared.filter(unit__owner_id__in=owners), "owner", today),
            )
        )
    start_units = Unit.objects.filter(pk__in=analysis_access.analysis_start_units(user)).order_by(
        "name"
    )
    context = {
        "lines": queries.analysis_lines(analysis_access.analyses_for(user), today),
        "overviews": overviews,
        "phase_labels": [label for _value, label in Phase.choices],
        "start_units": start_units,
    }
    return render(request, "analysis/list.html", context)


# --- Starting from a result ---------------------------------------------------------------


def _evidence_or_404(request: HttpRequest, params) -> tuple:
    """(round, node, respondent group, index) from the address, if the person may start an
    analysis from it: a unit leader from the unit's or a class's released results, a group
    leader from the unit's."""
    round = survey_access.get_round_or_404(request.user, params.get("runde", ""))
    kind, _sep, pk = params.get("node", "").partition(":")
    if kind not in ("unit", "group") or not pk.isdigit():
        raise Http404
    node = results.node(round, kind, int(pk))
    unit_id = evidence.unit_of(round, node) if node else None
    if node is None or unit_id is None:
        raise Http404
    if not analysis_access.may_start_analysis_from(
        request.user, round, node.kind, node.id, unit_id
    ):
        raise Http404
    group, scale = params.get("gruppe", ""), params.get("indeks", "")
    return round, node, unit_id, group, scale


@login_required
def start(request: HttpRequest) -> HttpResponse:
    """Without an index in the address: the indices the person may start from. With one:
    the figures that will be copied, a title and the learning group."""
    user = request.user
    language = translation.get_language()
    if "runde" not in request.GET:
        units = Unit.objects.filter(pk__in=analysis_access.analysis_start_units(user)).order_by(
            "name"
        )
        choices = [(unit, evidence.unit_indices(unit, language)) for unit in units]
        return render(request, "analysis/start_choose.html", {"choices": choices})
    round, node, unit_id, group, scale = _evidence_or_404(request, request.GET)
    found = evidence.index_figures(round, node, group, scale)
    if found is None:
        raise Http404
    labels, figures = found
    unit = Unit.objects.get(pk=unit_id)
    groups = list(
        analysis_access.analysis_start_groups(user, unit).order_by("-school_year", "name")
    )
    leads = unit.pk in access.led_unit_ids(user)
    label = labels.get(language) or labels.get("nb") or scale
    form = forms.StartForm(
        request.POST if request.method == "POST" else None,
        initial={"title": f"{label} – {node.name}"},
        groups=groups,
        group_required=not leads,
    )
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["learning_group"]
        learning_group = next((g for g in groups if g.pk == chosen), None)
        try:
            analysis = services.start_analysis(
                user,
                title=form.cleaned_data["title"],
                round=round,
                at=node,
                respondent_group=group,
                scale=scale,
                learning_group=learning_group,
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request, _("The analysis is started. Begin by describing the problem.")
            )
            return redirect(phase_url(analysis, Phase.PROBLEM))
    context = {
        "form": form,
        "round": round,
        "node": node,
        "group_label": RESPONDENT_GROUP_LABELS.get(group, group),
        "label": label,
        "figures": figures,
        "threshold": round.programme.anonymity_threshold,
    }
    return render(request, "analysis/start.html", context)


# --- One analysis -------------------------------------------------------------------------


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    analysis = analysis_access.get_analysis_or_404(request.user, pk)
    return redirect(phase_url(analysis))


def _comments(analysis: Analysis, phase: str) -> list:
    """The phase's comments as threads: each first comment with its answers."""
    rows = list(analysis.comments.filter(phase=phase).select_related("author"))
    replies: dict[int, list] = {}
    for row in rows:
        if row.parent_id:
            replies.setdefault(row.parent_id, []).append(row)
    return [(row, replies.get(row.pk, [])) for row in rows if row.parent_id is None]


def _phase_forms(request: HttpRequest, analysis: Analysis, phase: str, data=None) -> dict:
    """The forms of a phase page, bound to ``data`` for the one that was posted."""
    posted = request.POST.get("form") if data is not None else None

    def bound(name: str):
        return data if posted == name else None

    language = translation.get_language()
    found: dict = {}
    if phase == Phase.PROBLEM:
        found["problem"] = forms.ProblemForm(
            bound("problem"), initial={"problem": analysis.problem}
        )
    elif phase == Phase.GOAL:
        found["goal"] = forms.GoalForm(
            bound("goal"), initial={"goal_kind": analysis.goal_kind, "goal": analysis.goal}
        )
    elif phase == Phase.INFORMATION:
        found["source"] = forms.SourceForm(bound("source"), prefix="source")
        indices = [
            (c, _index_choice_label(c)) for c in evidence.unit_indices(analysis.unit, language)
        ]
        if indices:
            found["result_source"] = forms.ResultSourceForm(
                bound("result_source"), indices=indices, prefix="result"
            )
    elif phase == Phase.ANALYSIS:
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
        found["factor"] = forms.FactorForm(
            bound("factor"), initial=initial, sources=analysis.sources.all()
        )
        found["override"] = forms.OverrideForm(bound("override"))
    elif phase == Phase.MEASURES:
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
        found["measure"] = forms.MeasureForm(
            bound("measure"), initial=initial, factors=analysis.factors.all()
        )
        found["override"] = forms.OverrideForm(bound("override"))
    elif phase == Phase.IMPLEMENTATION:
        found["log"] = forms.LogForm(
            bound("log"), initial={"day": timezone.localdate()}, measures=analysis.measures.all()
        )
    elif phase == Phase.REVISE:
        found["close"] = forms.CloseForm(bound("close"))
        found["follow_up"] = forms.FollowUpForm(
            bound("follow_up"), initial={"title": analysis.title}
        )
    return found


def _editing(request: HttpRequest, rows):
    """The factor or measure being changed: ``?endre=<id>`` on the page, or the posted
    form's ``item``; None when adding."""
    raw = request.POST.get("item") if request.method == "POST" else request.GET.get("endre")
    if not raw:
        return None
    found = rows.filter(pk=_int(raw)).first()
    if found is None:
        raise Http404
    return found


def _index_choice_label(choice: evidence.IndexChoice) -> str:
    group = RESPONDENT_GROUP_LABELS.get(choice.respondent_group, choice.respondent_group)
    return f"{choice.round.name}: {choice.label} ({group})"


def _apply(request: HttpRequest, analysis: Analysis, name: str, form) -> str | None:
    """Carry out the posted form through the services; the anchor to return to, or None
    when the form was refused (its errors are on it)."""
    data = form.cleaned_data
    user = request.user
    if name == "problem":
        services.save_problem(analysis, data["problem"])
        return "problem-heading"
    if name == "goal":
        services.save_goal(analysis, data["goal_kind"], data["goal"])
        return "goal-heading"
    if name == "source":
        services.add_source(analysis, user, data["kind"], data["title"], data["note"])
        return "sources-heading"
    if name == "result_source":
        chosen = form.indices[data["index"]]
        services.add_result_source(
            analysis, user, chosen.round, chosen.node, chosen.respondent_group, chosen.scale,
            data["note"],
        )  # fmt: skip
        return "sources-heading"
    if name == "factor":
        factor_input = services.FactorInput(
            data["description"], data["perspective"], data["likelihood"], tuple(data["sources"])
        )
        if data.get("item"):
            factor = analysis.factors.filter(pk=data["item"]).first()
            if factor is None:
                raise Http404
            services.update_factor(factor, factor_input)
        else:
            services.add_factor(analysis, factor_input)
        return "factors-heading"
    if name == "override":
        if not analysis_access.can_lead_analysis(user, analysis):
            raise PermissionDenied
        services.override_phase_rule(analysis, user, data["reason"])
        return "measures-heading"
    if name == "measure":
        measure_input = services.MeasureInput(
            title=data["title"],
            responsible=data["responsible"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            success_criteria=data["success_criteria"],
            factor_ids=tuple(data["factors"]),
            description=data["description"],
        )
        if data.get("item"):
            measure = analysis.measures.filter(pk=data["item"]).first()
            if measure is None:
                raise Http404
            services.update_measure(measure, measure_input)
        else:
            services.add_measure(analysis, measure_input)
        return "measures-heading"
    if name == "log":
        services.add_log_entry(analysis, user, data["day"], data["text"], data["measure"])
        return "log-heading"
    if name == "close":
        services.close_analysis(analysis, data["note"])
        return "revise-heading"
    raise Http404


def _measure_forms(request: HttpRequest, analysis: Analysis, phase: str, data=None) -> dict:
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
        "comments": _comments(analysis, phase),
        "comment_form": forms.CommentForm(prefix="comment"),
        "baseline": analysis.snapshots.filter(kind=SnapshotKind.BASELINE).first(),
        "language": translation.get_language(),
    }
    if phase == Phase.INFORMATION:
        context["sources"] = list(analysis.sources.select_related("snapshot"))
    if phase in (Phase.ANALYSIS, Phase.MEASURES):
        context["factors"] = list(analysis.factors.prefetch_related("sources", "measures"))
        context["missing"] = services.completion_missing(analysis)
    if phase in (Phase.MEASURES, Phase.IMPLEMENTATION, Phase.EVALUATION):
        context["measures"] = list(
            analysis.measures.prefetch_related("factors", "evaluations__author")
        )
    if phase == Phase.IMPLEMENTATION:
        context["log"] = list(analysis.log.select_related("measure", "author"))
    if phase == Phase.EVALUATION:
        context["compared"] = queries.comparisons(analysis)
        context["awaiting_follow_up"] = any(pair.after is None for pair in context["compared"])
    if phase == Phase.REVISE:
        context["followers"] = list(analysis.followers.all())
    if context["can_lead"]:
        context["caravans"] = list(services.caravan_activities(analysis))
        context["presented"] = set(analysis.presentations.values_list("activity_id", flat=True))
    return context


@login_required
def phase_page(request: HttpRequest, pk: int, phase: str) -> HttpResponse:
    analysis = analysis_access.get_analysis_or_404(request.user, pk)
    if phase not in SLUG_PHASES:
        raise Http404
    phase = SLUG_PHASES[phase]
    data = request.POST if request.method == "POST" else None
    page_forms = _phase_forms(request, analysis, phase, data)
    measure_forms = _measure_forms(request, analysis, phase, data)
    if request.method == "POST":
        if not analysis_access.can_edit_analysis(request.user, analysis):
            raise PermissionDenied
        anchor = _handle_post(request, analysis, phase, page_forms, measure_forms)
        if anchor is not None:
            return redirect(phase_url(analysis, phase, anchor))
    elif request.method != "GET":
        return HttpResponse(status=405)
    context = _phase_context(request, analysis, phase)
    context["forms"] = page_forms
    context["measure_rows"] = [
        (measure, measure_forms.get(measure.pk)) for measure in context.get("measures", [])
    ]
    # A refused form comes back with its messages as a normal page (htmx swaps only
    # successful answers in, so a 4xx would leave the person without the messages).
    return render(request, "analysis/phase.html", context)


def _handle_post(request, analysis, phase, page_forms, measure_forms) -> str | None:
    name = request.POST.get("form", "")
    if name in ("measure_status", "evaluation"):
        try:
            measure = analysis.measures.get(pk=int(request.POST.get("measure", "")))
        except (ValueError, analysis.measures.model.DoesNotExist) as missing:
            raise Http404 from missing
        form = measure_forms.get(measure.pk)
        if form is None or not form.is_valid():
            return None
        try:
            if name == "measure_status":
                services.set_measure_status(measure, form.cleaned_data["status"])
            else:
                services.evaluate_measure(
                    measure, request.user, form.cleaned_data["verdict"], form.cleaned_data["text"]
                )
        except ValidationError as error:
            form.add_service_error(error)
            return None
        messages.success(request, _("Saved."))
        return f"measure-{measure.pk}"
    form = page_forms.get(name)
    if form is None:
        raise Http404
    if not form.is_valid():
        return None
    try:
        anchor = _apply(request, analysis, name, form)
    except ValidationError as error:
        form.add_service_error(error)
        return None
    messages.success(request, _("Saved."))
    return anchor


@login_required
@require_POST
def action(request: HttpRequest, pk: int) -> HttpResponse:
    """Buttons without text: complete or reopen the analysis part, move to a phase, take
    the next round's results, share or withdraw, link or unlink a learning caravan."""
    analysis = analysis_access.get_analysis_or_404(request.user, pk)
    user = request.user
    name = request.POST.get("action", "")
    leader_only = {"share", "withdraw", "link_caravan", "unlink_caravan"}
    allowed = (
        analysis_access.can_lead_analysis(user, analysis)
        if name in leader_only
        else analysis_access.can_edit_analysis(user, analysis)
    )
    if not allowed:
        raise PermissionDenied
    back = request.POST.get("back", "")
    back_phase = SLUG_PHASES.get(back, analysis.phase)
    try:
        if name == "complete":
            services.complete_analysis(analysis, user)
            messages.success(request, _("The analysis part is complete: the measures are open."))
            back_phase = Phase.MEASURES
        elif name == "reopen":
            services.reopen_analysis(analysis)
            messages.success(request, _("The analysis part is open again."))
        elif name == "phase":
            target = SLUG_PHASES.get(request.POST.get("phase", ""), "")
            services.set_phase(analysis, target)
            messages.success(
                request, _("The group now works on: %(phase)s.") % {"phase": Phase(target).label}
            )
            back_phase = target
        elif name == "follow_ups":
            made = services.take_follow_ups(analysis, user)
            if made:
                messages.success(
                    request, _("The next round's results are copied beside the first.")
                )
            else:
                messages.info(
                    request,
                    _("No later round has released results for these indices yet."),
                )
            back_phase = Phase.EVALUATION
        elif name == "follow_up_analysis":
            new = services.start_follow_up_analysis(analysis, user, request.POST.get("title", ""))
            messages.success(request, _("A new analysis continues this one."))
            return redirect(phase_url(new, Phase.PROBLEM))
        elif name == "share":
            services.share_with_owner(analysis, user)
            messages.success(request, _("The owner can now read the analysis."))
        elif name == "withdraw":
            services.withdraw_sharing(analysis)
            messages.success(
                request, _("The sharing is withdrawn: the owner can no longer read it.")
            )
        elif name == "link_caravan":
            services.link_caravan(analysis, user, _int(request.POST.get("activity")))
            messages.success(
                request, _("The analysis is listed at the learning caravan in the plan.")
            )
        elif name == "unlink_caravan":
            services.unlink_caravan(analysis, _int(request.POST.get("activity")))
            messages.success(
                request, _("The analysis is no longer listed at the learning caravan.")
            )
        elif name == "delete_source":
            source = analysis.sources.filter(pk=_int(request.POST.get("source"))).first()
            if source is None:
                raise Http404
            services.delete_source(source)
            messages.success(request, _("The source is removed."))
        elif name == "delete_factor":
            factor = analysis.factors.filter(pk=_int(request.POST.get("factor"))).first()
            if factor is None:
                raise Http404
            services.delete_factor(factor)
            messages.success(request, _("The maintaining factor is removed."))
        else:
            raise Http404
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect(phase_url(analysis, back_phase))


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


@login_required
@require_POST
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    """A comment on a phase, or an answer to one. With htmx only the thread comes back."""
    analysis = analysis_access.get_analysis_or_404(request.user, pk)
    if not analysis_access.can_comment_analysis(request.user, analysis):
        raise PermissionDenied
    phase = SLUG_PHASES.get(request.POST.get("phase", ""))
    if phase is None:
        raise Http404
    form = forms.CommentForm(request.POST, prefix="comment")
    if form.is_valid():
        try:
            services.add_comment(
                analysis, request.user, phase, form.cleaned_data["text"],
                form.cleaned_data["parent"],
            )  # fmt: skip
        except ValidationError as error:
            form.add_service_error(error)
        else:
            form = forms.CommentForm(prefix="comment")
            if not request.htmx:
                messages.success(request, _("The comment is saved."))
                return redirect(phase_url(analysis, phase, "comments-heading"))
    context = {
        "analysis": analysis,
        "phase": phase,
        "phase_slug": PHASE_SLUGS[phase],
        "comments": _comments(analysis, phase),
        "comment_form": form,
        "can_comment": True,
    }
    if request.htmx:
        return render(request, "analysis/includes/comments.html", context)
    for error in [*form.errors.get("text", []), *form.non_field_errors()]:
        messages.error(request, error)
    return redirect(phase_url(analysis, phase, "comments-heading"))
