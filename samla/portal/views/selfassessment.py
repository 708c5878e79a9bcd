"""A unit's self-assessment (Ståsted style): the list, the leader's plan, a participant's
rating, the assessment's page (facts, results, discussion, goals, sharing) and its buttons.

Access is ``samla.selfassessment.access``: the unit's own; the owner only while shared;
nobody else (404)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samla.selfassessment import access, queries, services, statements
from samla.selfassessment.forms import GoalsForm, NoteForm, PlanForm, RatingForm
from samla.selfassessment.models import PHASE_ORDER, Phase, SelfAssessment


def _detail(assessment: SelfAssessment):
    return redirect("portal:selfassessment", pk=assessment.pk)


@login_required
def assessment_list(request: HttpRequest) -> HttpResponse:
    assessments = access.assessments_for(request.user).select_related("unit")
    led = access.led_units(request.user)
    context = {"assessments": list(assessments), "led_units": list(led)}
    return render(request, "selfassessment/list.html", context)


def _plan_input(form: PlanForm) -> services.PlanInput:
    data = form.cleaned_data
    return services.PlanInput(
        title=data["title"],
        blocks=list(data["blocks"]),
        opens_on=data["opens_on"],
        closes_on=data["closes_on"],
        participant_ids=[int(pk) for pk in data["participants"]],
    )


def _plan_page(request, unit, form, assessment=None) -> HttpResponse:
    context = {
        "unit": unit,
        "form": form,
        "assessment": assessment,
        "main_block": statements.blocks([statements.main_block()])[0],
    }
    return render(request, "selfassessment/plan.html", context)


@login_required
def assessment_new(request: HttpRequest, unit: int) -> HttpResponse:
    the_unit = access.get_led_unit_or_404(request.user, unit)
    staff = queries.unit_staff(the_unit)
    today = timezone.localdate()
    initial = {"opens_on": today, "closes_on": today + timedelta(days=14)}
    form = PlanForm(request.POST or None, staff=staff, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.plan_assessment(request.user, the_unit, _plan_input(form))
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The self-assessment is planned."))
            return _detail(assessment)
    return _plan_page(request, the_unit, form)


@login_required
def assessment_plan(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = access.get_assessment_or_404(request.user, pk)
    if not access.leads(request.user, assessment):
        raise Http404
    initial = {
        "title": assessment.title,
        "blocks": assessment.blocks,
        "opens_on": assessment.rating_opens_on,
        "closes_on": assessment.rating_closes_on,
        "participants": [
            str(p) for p in assessment.participants.values_list("person_id", flat=True)
        ],
    }
    staff = queries.unit_staff(assessment.unit)
    form = PlanForm(request.POST or None, staff=staff, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_plan(assessment, _plan_input(form))
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The plan is saved."))
            return _detail(assessment)
    return _plan_page(request, assessment.unit, form, assessment)


@login_required
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = access.get_assessment_or_404(request.user, pk)
    user = request.user
    leads = access.leads(user, assessment)
    as_staff = access.reads_as_staff(user, assessment) or access.takes_part(user, assessment)
    found = queries.results(assessment)
    context = {
        "assessment": assessment,
        "phases": [(phase, phase.label, phase == assessment.phase) for phase in PHASE_ORDER],
        "leads": leads,
        "as_staff": as_staff,
        "blocks": statements.blocks(assessment.blocks),
        "participants": assessment.participants.count(),
        "done": assessment.done.count(),
        "may_rate": access.takes_part(user, assessment)
        and assessment.phase == Phase.RATING
        and not assessment.done.filter(person_id=user.pk).exists(),
        "has_rated": assessment.done.filter(person_id=user.pk).exists(),
        "facts": queries.facts(assessment, user) if as_staff else None,
        "results": found,
        "discussing": assessment.phase == Phase.GOALS,
        "goals_form": GoalsForm(
            initial={"goals": assessment.goals, "measures": assessment.measures}
        ),
        "note_forms": [
            (block, NoteForm(prefix=block.code, initial={"text": block.note}))
            for block in found.blocks
        ],
    }
    return render(request, "selfassessment/detail.html", context)


@login_required
def assessment_rate(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = access.get_assessment_or_404(request.user, pk)
    if not access.takes_part(request.user, assessment):
        raise Http404
    form = RatingForm(request.POST or None, blocks=statements.blocks(assessment.blocks))
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_rating(assessment, request.user, form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Thank you: your rating is saved, without your name."))
            return _detail(assessment)
    context = {
        "assessment": assessment,
        "form": form,
        "has_rated": assessment.done.filter(person_id=request.user.pk).exists(),
        "is_open": assessment.phase == Phase.RATING,
    }
    return render(request, "selfassessment/rate.html", context)


def _move_on(request, assessment) -> None:
    phase = services.move_on(assessment)
    messages.success(
        request, _("The self-assessment is now at: %(phase)s.") % {"phase": Phase(phase).label}
    )


def _share(request, assessment) -> None:
    services.share_with_owner(assessment, request.user)
    messages.success(request, _("The owner can now read the self-assessment."))


def _withdraw(request, assessment) -> None:
    services.withdraw_sharing(assessment)
    messages.success(request, _("The sharing is withdrawn: the owner can no longer read it."))


def _goals(request, assessment) -> None:
    form = GoalsForm(request.POST)
    if not form.is_valid():
        raise ValidationError(_("Write the goals and measures as text."))
    services.save_goals(assessment, form.cleaned_data["goals"], form.cleaned_data["measures"])
    messages.success(request, _("Goals and measures are saved."))


def _note(request, assessment) -> None:
    block = request.POST.get("block", "")
    form = NoteForm(request.POST, prefix=block)
    if not form.is_valid():
        raise ValidationError(_("Write the note as text."))
    services.save_note(assessment, block, form.cleaned_data["text"])
    messages.success(request, _("The note is saved."))


def _analysis(request, assessment):
    analysis = services.start_analysis(assessment, request.user, request.POST.get("title", ""))
    messages.success(request, _("A pedagogical analysis is started from the goals."))
    return redirect("portal:analysis", pk=analysis.pk)


BUTTONS = {
    "move_on": _move_on,
    "share": _share,
    "withdraw": _withdraw,
    "goals": _goals,
    "note": _note,
    "analysis": _analysis,
}


@login_required
@require_POST
def assessment_action(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = access.get_assessment_or_404(request.user, pk)
    handler = BUTTONS.get(request.POST.get("action", ""))
    if not access.leads(request.user, assessment) or handler is None:
        raise Http404
    try:
        answer = handler(request, assessment)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return _detail(assessment)
    return answer or _detail(assessment)


urlpatterns: list[URLPattern] = [
    path("egenvurdering/", assessment_list, name="selfassessments"),
    path("egenvurdering/ny/<int:unit>/", assessment_new, name="selfassessment_new"),
    path("egenvurdering/<int:pk>/", assessment_detail, name="selfassessment"),
    path("egenvurdering/<int:pk>/plan/", assessment_plan, name="selfassessment_plan"),
    path("egenvurdering/<int:pk>/vurder/", assessment_rate, name="selfassessment_rate"),
    path("egenvurdering/<int:pk>/handling/", assessment_action, name="selfassessment_action"),
]
