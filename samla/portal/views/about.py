"""Pages about Samla itself: the accessibility statement, open to everyone (staff and
respondents), linked from every page's footer."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

# The day the statement was last gone through against the pages (change it when you do).
REVIEWED = date(2026, 12, 6)


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/accessibility.html",
        {"reviewed": REVIEWED, "contact": settings.SAMLA_ACCESSIBILITY_CONTACT},
    )
