"""The forum's yearly recommendation (innstilling): the list, drafting it with its
measures from the submitted needs reports, and approving it, which puts its measures into
the action plan. Who reads and writes: ``samla.partnership.queries.recommendation``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from samla.org.models import Programme
from samla.partnership import access
from samla.partnership.forms.recommendation import ApproveForm, MeasureForm, RecommendationForm
from samla.partnership.models import Recommendation
from samla.partnership.queries import recommendation as queries
from samla.partnership.services import recommendation as services


def _recommendation(
    request: HttpRequest, slug: str, pk: int, *, write: bool = False
) -> tuple[Programme, Recommendation]:
    programme = access.get_partnership_or_404(request.user, slug)
    recommendation = queries.get_recommendation_or_404(request.user, programme, pk)
    if write and not queries.can_write(request.user, recommendation):
        raise PermissionDenied
    return programme, recommendation


def _locked(request: HttpRequest, recommendation: Recommendation) -> HttpResponse | None:
    """Back to the recommendation, saying why, when it is approved and so locked."""
    if not recommendation.approved:
        return None
    messages.error(request, _("The recommendation is approved and can no longer be changed."))
    return redirect(_url(recommendation))


def _url(recommendation: Recommendation, anchor: str = "") -> str:
    slug = recommendation.forum.programme.slug
    url = reverse("portal:partnership_recommendation", args=[slug, recommendation.pk])
    return url + anchor


def _errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
def recommendation_list(request: HttpRequest, slug: str) -> HttpResponse:
    programme = access.get_partnership_or_404(request.user, slug)
    context = {
        "programme": programme,
        "recommendations": queries.recommendations_for(request.user, programme),
        "can_draft": bool(queries.writable_forum_ids(request.user, programme)),
    }
    return render(request, "partnership/recommendation/list.html", context)


@login_required
def recommendation_new(request: HttpRequest, slug: str) -> HttpResponse:
    programme = access.get_partnership_or_404(request.user, slug)
    forums = queries.writable_forums(request.user, programme)
    if not forums:
        raise PermissionDenied
    data = request.POST if request.method == "POST" else None
    form = RecommendationForm(data, forums=forums, initial={"forum": forums.first()})
    if request.method == "POST" and form.is_valid():
        try:
            recommendation = services.save_recommendation(
                form.cleaned_data["forum"], form.to_input(), request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The recommendation is drafted. Add its measures."))
            return redirect(_url(recommendation))
    context = {"programme": programme, "form": form, "recommendation": None}
    return render(request, "partnership/recommendation/form.html", context)


@login_required
def recommendation_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    programme, recommendation = _recommendation(request, slug, pk, write=True)
    if locked := _locked(request, recommendation):
        return locked
    forums = queries.writable_forums(request.user, programme).filter(pk=recommendation.forum_id)
    data = request.POST if request.method == "POST" else None
    form = RecommendationForm(
        data,
        forums=forums,
        recommendation=recommendation,
        initial=RecommendationForm.initial_for(recommendation),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_recommendation(
                recommendation.forum, form.to_input(), request.user, recommendation
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The recommendation is saved."))
            return redirect(_url(recommendation))
    context = {"programme": programme, "form": form, "recommendation": recommendation}
    return render(request, "partnership/recommendation/form.html", context)


@login_required
def recommendation_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    programme, recommendation = _recommendation(request, slug, pk)
    measure_list = queries.measures(recommendation)
    can_write = queries.can_write(request.user, recommendation) and not recommendation.approved
    context = {
        "programme": programme,
        "recommendation": recommendation,
        "needs": queries.needs_side_by_side(recommendation),
        "measures": measure_list,
        "split": queries.grant_split(recommendation, measure_list),
        "can_write": can_write,
        "approve_form": ApproveForm(forum=recommendation.forum) if can_write else None,
    }
    return render(request, "partnership/recommendation/detail.html", context)


@login_required
def measure_form(
    request: HttpRequest, slug: str, pk: int, measure_pk: int | None = None
) -> HttpResponse:
    programme, recommendation = _recommendation(request, slug, pk, write=True)
    if locked := _locked(request, recommendation):
        return locked
    measure = queries.get_measure_or_404(recommendation, measure_pk) if measure_pk else None
    initial = MeasureForm.initial_for(measure) if measure else {"grant": 0}
    data = request.POST if request.method == "POST" else None
    form = MeasureForm(data, programme=programme, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            measure = services.save_measure(recommendation, form.to_input(), request.user, measure)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The measure is saved."))
            return redirect(_url(recommendation, f"#measure-{measure.pk}"))
    context = {
        "programme": programme,
        "recommendation": recommendation,
        "measure": measure,
        "form": form,
    }
    return render(request, "partnership/recommendation/measure_form.html", context)


@login_required
@require_POST
def measure_delete(request: HttpRequest, slug: str, pk: int, measure_pk: int) -> HttpResponse:
    _programme, recommendation = _recommendation(request, slug, pk, write=True)
    measure = queries.get_measure_or_404(recommendation, measure_pk)
    try:
        services.delete_measure(measure, request.user)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The measure %(title)s is removed.") % {"title": measure.title})
    return redirect(_url(recommendation, "#measures"))


@login_required
@require_POST
def recommendation_approve(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    _programme, recommendation = _recommendation(request, slug, pk, write=True)
    form = ApproveForm(request.POST, forum=recommendation.forum)
    if not form.is_valid():
        _errors(request, ValidationError(_("Choose one of the forum's decisions, or none.")))
        return redirect(_url(recommendation))
    try:
        activities = services.approve(recommendation, request.user, form.chosen_decision())
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(
            request,
            ngettext(
                "The recommendation is approved. %(count)s measure is now an activity in the "
                "action plan for %(year)s.",
                "The recommendation is approved. %(count)s measures are now activities in the "
                "action plan for %(year)s.",
                len(activities),
            )
            % {"count": len(activities), "year": recommendation.school_year},
        )
    return redirect(_url(recommendation))


base = "partnerskap/<slug:slug>/innstilling/"
one = f"{base}<int:pk>/"
urlpatterns: list[URLPattern] = [
    path(base, recommendation_list, name="partnership_recommendations"),
    path(f"{base}ny/", recommendation_new, name="partnership_recommendation_new"),
    path(one, recommendation_detail, name="partnership_recommendation"),
    path(f"{one}endre/", recommendation_edit, name="partnership_recommendation_edit"),
    path(f"{one}godkjenn/", recommendation_approve, name="partnership_recommendation_approve"),
    path(f"{one}tiltak/ny/", measure_form, name="partnership_measure_new"),
    path(f"{one}tiltak/<int:measure_pk>/", measure_form, name="partnership_measure_edit"),
    path(f"{one}tiltak/<int:measure_pk>/fjern/", measure_delete, name="partnership_measure_delete"),
]
