"""The buttons on an analysis's pages: complete or reopen the analysis part, move to a
phase, take the next round's results, continue in a new analysis, share or withdraw,
link or unlink a learning caravan, remove a source or a factor.

Each button (the posted ``action``) has a small handler in ``BUTTONS``. A handler returns
the phase to go back to (None: the page the button was on) or, for a new analysis, the
answer itself."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samla.analysis import access as analysis_access
from samla.analysis import services
from samla.analysis.models import Analysis, Phase
from samla.portal import confirm

from .common import SLUG_PHASES, phase_url, to_int

Outcome = str | HttpResponse | None


def _complete(request: HttpRequest, analysis: Analysis) -> Outcome:
    services.complete_analysis(analysis, request.user)
    messages.success(request, _("The analysis part is complete: the measures are open."))
    return Phase.MEASURES


def _reopen(request: HttpRequest, analysis: Analysis) -> Outcome:
    services.reopen_analysis(analysis)
    messages.success(request, _("The analysis part is open again."))
    return None


def _phase(request: HttpRequest, analysis: Analysis) -> Outcome:
    target = SLUG_PHASES.get(request.POST.get("phase", ""), "")
    services.set_phase(analysis, target)
    messages.success(
        request, _("The group now works on: %(phase)s.") % {"phase": Phase(target).label}
    )
    return target


def _follow_ups(request: HttpRequest, analysis: Analysis) -> Outcome:
    if services.take_follow_ups(analysis, request.user):
        messages.success(request, _("The next round's results are copied beside the first."))
    else:
        messages.info(request, _("No later round has released results for these indices yet."))
    return Phase.EVALUATION


def _follow_up_analysis(request: HttpRequest, analysis: Analysis) -> Outcome:
    new = services.start_follow_up_analysis(analysis, request.user, request.POST.get("title", ""))
    messages.success(request, _("A new analysis continues this one."))
    return redirect(phase_url(new, Phase.PROBLEM))


def _share(request: HttpRequest, analysis: Analysis) -> Outcome:
    services.share_with_owner(analysis, request.user)
    messages.success(request, _("The owner can now read the analysis."))
    return None


def _withdraw(request: HttpRequest, analysis: Analysis) -> Outcome:
    services.withdraw_sharing(analysis)
    messages.success(request, _("The sharing is withdrawn: the owner can no longer read it."))
    return None


def _link_caravan(request: HttpRequest, analysis: Analysis) -> Outcome:
    services.link_caravan(analysis, request.user, to_int(request.POST.get("activity")))
    messages.success(request, _("The analysis is listed at the learning caravan in the plan."))
    return None


def _unlink_caravan(request: HttpRequest, analysis: Analysis) -> Outcome:
    services.unlink_caravan(analysis, to_int(request.POST.get("activity")))
    messages.success(request, _("The analysis is no longer listed at the learning caravan."))
    return None


def _posted_row(rows, request: HttpRequest, field: str):
    """The row of ``rows`` whose id is posted as ``field``; 404 when there is none."""
    found = rows.filter(pk=to_int(request.POST.get(field))).first()
    if found is None:
        raise Http404
    return found


def _back_phase(request: HttpRequest, analysis: Analysis) -> str:
    """The phase whose page the button was on: posted as ``back``; else the page that
    posted, when the Referer is one of this analysis's phase pages; else where the group
    is. Only a phase of this analysis comes out, so the answer never leaves it."""
    posted = SLUG_PHASES.get(request.POST.get("back", ""))
    if posted:
        return posted
    try:
        match = resolve(urlsplit(request.headers.get("Referer", "")).path)
    except Resolver404:
        return analysis.phase
    if match.view_name == "portal:analysis_phase" and match.kwargs.get("pk") == analysis.pk:
        return SLUG_PHASES.get(match.kwargs.get("phase", ""), analysis.phase)
    return analysis.phase


def _ask(request: HttpRequest, analysis: Analysis, question: str, yes: str) -> HttpResponse:
    """The question before a removal, with a way back to the page the button was on."""
    back = _back_phase(request, analysis)
    return confirm.ask(
        request,
        question=question,
        details=_("This cannot be undone."),
        yes=yes,
        back=phase_url(analysis, back),
    )


def _delete_source(request: HttpRequest, analysis: Analysis) -> Outcome:
    source = _posted_row(analysis.sources, request, "source")
    if not confirm.confirmed(request):
        question = _("Remove the source %(title)s?") % {"title": source.title}
        return _ask(request, analysis, question, _("Yes, remove the source"))
    services.delete_source(source)
    messages.success(request, _("The source is removed."))
    return None


def _delete_factor(request: HttpRequest, analysis: Analysis) -> Outcome:
    factor = _posted_row(analysis.factors, request, "factor")
    if not confirm.confirmed(request):
        question = _("Remove the maintaining factor “%(factor)s”?") % {"factor": factor}
        return _ask(request, analysis, question, _("Yes, remove the factor"))
    services.delete_factor(factor)
    messages.success(request, _("The maintaining factor is removed."))
    return None


@dataclass(frozen=True)
class Button:
    handler: Callable[[HttpRequest, Analysis], Outcome]
    leader_only: bool = False  # else anyone who may edit the analysis


BUTTONS = {
    "complete": Button(_complete),
    "reopen": Button(_reopen),
    "phase": Button(_phase),
    "follow_ups": Button(_follow_ups),
    "follow_up_analysis": Button(_follow_up_analysis),
    "share": Button(_share, leader_only=True),
    "withdraw": Button(_withdraw, leader_only=True),
    "link_caravan": Button(_link_caravan, leader_only=True),
    "unlink_caravan": Button(_unlink_caravan, leader_only=True),
    "delete_source": Button(_delete_source),
    "delete_factor": Button(_delete_factor),
}


@login_required
@require_POST
def action(request: HttpRequest, pk: int) -> HttpResponse:
    """Buttons without text (see ``BUTTONS``). A refused change comes back as messages on
    the page the button was on."""
    analysis = analysis_access.get_analysis_or_404(request.user, pk)
    user = request.user
    button = BUTTONS.get(request.POST.get("action", ""))
    allowed = (
        analysis_access.can_lead_analysis(user, analysis)
        if button is not None and button.leader_only
        else analysis_access.can_edit_analysis(user, analysis)
    )
    if not allowed:
        raise PermissionDenied
    if button is None:
        raise Http404
    back_phase = _back_phase(request, analysis)
    try:
        outcome = button.handler(request, analysis)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        outcome = None
    if isinstance(outcome, HttpResponse):
        return outcome
    return redirect(phase_url(analysis, outcome or back_phase))
