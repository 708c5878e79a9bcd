"""Organisation pages: programmes, the region → owner → unit tree, units and their people."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from samla.core.text import clean_text
from samla.org import access, queries


@login_required
def programme_list(request: HttpRequest) -> HttpResponse:
    programmes = access.programmes_for(request.user).order_by("name")
    return render(request, "portal/programme_list.html", {"programmes": programmes})


@login_required
def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The programme's regions and owners with their numbers of units; one owner's units
    when asked for (``?eier=<id>``), so the page stays short for a country's programme."""
    programme = access.get_programme_or_404(request.user, slug)
    regions = queries.programme_overview(programme)
    asked = request.GET.get("eier", "")
    opened = next(
        (o for r in regions for o in r.owners if asked.isdigit() and str(o.pk) == asked), None
    )
    units = (
        queries.owner_units(programme, opened.pk, access.units_for(request.user)) if opened else []
    )
    return render(
        request,
        "portal/programme_detail.html",
        {
            "programme": programme,
            "regions": regions,
            "opened": opened,
            "units": units,
            "unit_count": sum(r.unit_count for r in regions),
            "owner_count": sum(len(r.owners) for r in regions),
        },
    )


UNITS_PER_PAGE = 50


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    """The units the person may open, by owner and name, 50 a page, narrowed by a search
    on the unit's or the owner's name."""
    asked = " ".join(clean_text(request.GET.get("sok", "")).split())[:100]
    units = queries.units_matching(access.units_for(request.user), asked)
    page = Paginator(units, UNITS_PER_PAGE).get_page(request.GET.get("side"))
    page.object_list = queries.units_with_group_counts(
        queries.units_named_query([u.pk for u in page.object_list]), order=("owner__name", "name")
    )
    return render(request, "portal/unit_list.html", {"page": page, "asked": asked})


@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = access.get_unit_or_404(request.user, pk)
    show_people = access.can_view_unit_people(request.user, unit)
    return render(
        request,
        "portal/unit_detail.html",
        {
            "unit": unit,
            "programmes": list(unit.programmes.order_by("name")),
            "groups": queries.unit_groups(unit),
            "people": queries.unit_people(unit) if show_people else None,
        },
    )
