"""Survey pages for staff: the live response rates of a round (code slips: slips.py)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from samla.surveys import access as survey_access
from samla.surveys import rates

from .slips import code_slips

__all__ = ["code_slips", "response_monitor"]


@login_required
def response_monitor(request: HttpRequest, slug: str) -> HttpResponse:
    round, unit_ids = survey_access.round_and_units_or_403(
        request.user, slug, survey_access.monitor_unit_ids
    )
    region = request.GET.get("region", "")
    context = {
        "round": round,
        "monitor": rates.response_monitor(
            round,
            unit_ids,
            respondent_group=request.GET.get("gruppe", ""),
            region=int(region) if region.isdigit() else None,
            sort=request.GET.get("sorter", "name"),
        ),
        "state": round.state(),
        "can_make_codes": bool(survey_access.code_unit_ids(request.user, round)),
    }
    if request.htmx:
        return render(request, "surveys/includes/rates_table.html", context)
    return render(request, "surveys/response_monitor.html", context)
