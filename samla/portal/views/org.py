"""Organisation pages: programmes, the region → owner → unit tree, units and their people."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from samla.org import access, queries


@login_required
def programme_list(request: HttpRequest) -> HttpResponse:
    programmes = access.programmes_for(request.user).order_by("name")
    return render(request, "portal/programme_list.html", {"programmes": programmes})


@login_required
def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    programme = access.get_programme_or_404(request.user, slug)
    visible = set(access.units_for(request.user).values_list("pk", flat=True))
    regions = queries.programme_tree(programme, visible)
    return render(
        request,
        "portal/programme_detail.html",
        {
            "programme": programme,
            "regions": regions,
            "unit_count": sum(r.unit_count for r in regions),
            "owner_count": sum(len(r.owners) for r in regions),
        },
    )


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    units = queries.units_with_group_counts(
        access.units_for(request.user), order=("owner__name", "name")
    )
    return render(request, "portal/unit_list.html", {"units": units})


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
