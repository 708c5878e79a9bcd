"""The notification pages (being built)."""

from django.http import Http404, HttpRequest, HttpResponse


def notification_list(request: HttpRequest) -> HttpResponse:
    raise Http404


def settings_page(request: HttpRequest) -> HttpResponse:
    raise Http404


def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    raise Http404
