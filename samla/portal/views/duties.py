"""The programme's roles and duties, and the deadlines a person has to meet."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samla.org import access
from samla.org.models import Role
from samla.plans import access as plan_access
from samla.plans import services


@login_required
def role_duties(request: HttpRequest, slug: str) -> HttpResponse:
    programme = access.get_programme_or_404(request.user, slug)
    duties = list(programme.duties.all())
    deadlines = list(programme.deadlines.all())
    by_role = []
    for value, label in Role.choices:
        role_duties = [d for d in duties if d.role == value]
        role_deadlines = [d for d in deadlines if d.role == value]
        if role_duties or role_deadlines:
            by_role.append({"role": label, "duties": role_duties, "deadlines": role_deadlines})
    return render(request, "plans/role_duties.html", {"programme": programme, "by_role": by_role})


@login_required
@require_POST
def deadline_done(request: HttpRequest, pk: int) -> HttpResponse:
    deadline = plan_access.deadlines_for(request.user).filter(pk=pk).first()
    if deadline is None:
        raise Http404
    try:
        due = date.fromisoformat(request.POST.get("due", ""))
    except ValueError as error:
        raise Http404 from error
    if due not in deadline.occurrences(due, due):
        raise Http404
    if request.POST.get("undo"):
        services.undo_deadline_done(deadline, due, request.user)
    else:
        services.mark_deadline_done(deadline, due, request.user)
        messages.success(request, _("Marked as done: %(title)s") % {"title": deadline.title})
    return redirect("portal:home")
