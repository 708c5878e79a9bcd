"""Survey pages for staff: the live response rates of a round."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from samla.org import access
from samla.surveys.queries import response_rates


@login_required
def response_monitor(request: HttpRequest, slug: str) -> HttpResponse:
    round = access.get_round_or_404(request.user, slug)
    unit_ids = access.monitor_unit_ids(request.user, round)
    if not unit_ids:
        raise PermissionDenied
    context = {"round": round, "rows": response_rates(round, unit_ids), "state": round.state()}
    if request.htmx:
        return render(request, "surveys/includes/rates_table.html", context)
    return render(request, "surveys/response_monitor.html", context)
