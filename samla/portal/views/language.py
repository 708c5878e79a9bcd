"""The language switch at the top of every page: Django's ``set_language`` (the cookie,
the redirect back) as before, and for a logged-in person the choice is also kept on
them, so the e-mails Samla sends them are written in it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.i18n import set_language as django_set_language

from samla.notifications import services


def set_language(request: HttpRequest) -> HttpResponse:
    response = django_set_language(request)
    if request.method == "POST" and request.user.is_authenticated:
        services.remember_language(request.user, request.POST.get("language", ""))
    return response
