"""The partnerships a person takes part in, and one programme's partnership page: what
each area holds for the person, with the deadlines that concern them."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path

from samla.partnership import access


@login_required
def partnership_list(request: HttpRequest) -> HttpResponse:
    programmes = list(access.partnership_programmes(request.user).order_by("name"))
    return render(request, "partnership/list.html", {"programmes": programmes})


@login_required
def partnership(request: HttpRequest, slug: str) -> HttpResponse:
    programme = access.get_partnership_or_404(request.user, slug)
    user = request.user
    context = {
        "programme": programme,
        "is_admin": access.is_admin(user, programme),
        "reads_everything": access.reads_everything(user, programme),
        "is_owner": bool(access.owner_ids(user, programme)),
        "in_forum": bool(access.forum_ids(user, programme)),
        "is_partner": bool(access.partner_ids(user, programme)),
    }
    return render(request, "partnership/hub.html", context)


urlpatterns: list[URLPattern] = [
    path("partnerskap/", partnership_list, name="partnerships"),
    path("partnerskap/<slug:slug>/", partnership, name="partnership"),
]
