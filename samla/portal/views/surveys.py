"""Survey pages for staff: the live response rates of a round (code slips: slips.py)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from samla.surveys import access as survey_access
from samla.surveys import rate_levels

from .slips import code_slips

__all__ = ["code_slips", "response_monitor"]


# The address names the level shown: a unit before its owner before its region.
LEVEL_PARAMS = (("enhet", "unit"), ("eier", "owner"), ("region", "region"))


@login_required
def response_monitor(request: HttpRequest, slug: str) -> HttpResponse:
    """One level of the monitor at a time (``rate_levels``), paged. The table refreshes
    itself every 30 s with htmx; the refresh answers 204 (nothing to redraw) when no
    figure on the page has changed."""
    round, unit_ids = survey_access.round_and_units_or_403(
        request.user, slug, survey_access.monitor_unit_ids
    )
    kind, pk = "", None
    for param, level in LEVEL_PARAMS:
        value = request.GET.get(param, "")
        if value.isdigit() and len(value) < 11:
            kind, pk = level, int(value)
            break
    view = rate_levels.level_view(
        round,
        unit_ids,
        kind=kind,
        pk=pk,
        respondent_group=request.GET.get("gruppe", ""),
        sort=request.GET.get("sorter", "name"),
        page=request.GET.get("side", 1),
    )
    if view is None:
        raise Http404
    if request.htmx and request.headers.get("X-Samla-Digest") == view.digest:
        return HttpResponse(status=204)
    refresh = request.GET.get("oppdater") != "nei"
    kept = {k: v for k, v in (("gruppe", view.respondent_group), ("sorter", view.sort)) if v}
    if not refresh:
        kept["oppdater"] = "nei"
    params = {level: param for param, level in LEVEL_PARAMS}

    def link(kind: str, pk: int | None, **extra) -> str:
        query = {**({params[kind]: pk} if kind in params else {}), **kept, **extra}
        return "?" + urlencode(query) if query else request.path

    for row in view.page:
        row.url = link(row.kind, row.pk) if row.kind != "group" else ""
    here = {params[view.kind]: view.pk} if view.kind in params else {}
    context = {
        "round": round,
        "view": view,
        "crumbs": [(link(kind, pk), name) for kind, pk, name in view.crumbs],
        "previous_url": "?" + urlencode({**here, **kept, "side": view.page.previous_page_number()})
        if view.page.has_previous()
        else "",
        "next_url": "?" + urlencode({**here, **kept, "side": view.page.next_page_number()})
        if view.page.has_next()
        else "",
        "here_fields": here,
        # The 30 s refresh can be stopped (WCAG 2.2.2): a link, so it works without scripts.
        "refresh": refresh,
        "refresh_off_url": "?" + urlencode({**here, **kept, "oppdater": "nei"}),
        "refresh_on_url": "?"
        + urlencode({**here, **{k: v for k, v in kept.items() if k != "oppdater"}}),
        "state": round.state(),
        "can_make_codes": bool(survey_access.code_unit_ids(request.user, round)),
    }
    if request.htmx:
        return render(request, "surveys/includes/rates_table.html", context)
    return render(request, "surveys/response_monitor.html", context)
