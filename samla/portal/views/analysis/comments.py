"""Comments on a phase of an analysis (PPT's supervision and the group's answers)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samla.analysis import access as analysis_access
from samla.analysis import forms, queries, services

from .common import PHASE_SLUGS, SLUG_PHASES, phase_url


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
        "comments": queries.comment_threads(analysis, phase),
        "comment_form": form,
        "can_comment": True,
    }
    if request.htmx:
        return render(request, "analysis/includes/comments.html", context)
    for error in [*form.errors.get("text", []), *form.non_field_errors()]:
        messages.error(request, error)
    return redirect(phase_url(analysis, phase, "comments-heading"))
