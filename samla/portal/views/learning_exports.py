"""A person's meeting calendar (the subscription page and the feed) and a learning group's
meeting plan as Word or PDF."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from samla.core.pdf import PdfUnavailable
from samla.learning import access as learning_access
from samla.learning import exports, feeds, services

from .plan_exports import FORMATS

CALENDAR_TYPE = "text/calendar; charset=utf-8"
_ASCII = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"})


@login_required
@require_http_methods(["GET", "POST"])
def calendar(request: HttpRequest) -> HttpResponse:
    """The address of the person's meeting calendar, and a button that retires it."""
    if request.method == "POST":
        services.renew_calendar_address(request.user)
        messages.success(
            request,
            _(
                "You have a new calendar address. The old address no longer works: "
                "subscribe again with the new one."
            ),
        )
        return redirect("portal:learning_calendar")
    token = feeds.token_for(request.user)
    url = request.build_absolute_uri(reverse("learning_feed", kwargs={"token": token}))
    return render(request, "learning/calendar.html", {"feed_url": url})


@never_cache
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """No login: the signed token is the key. An altered or retired token is 404."""
    content = feeds.person_calendar(token)
    if content is None:
        raise Http404
    return HttpResponse(content, content_type=CALENDAR_TYPE)


@login_required
def meeting_plan_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    group = learning_access.get_learning_group_or_404(request.user, pk)
    if fmt == "docx":
        content = exports.meeting_plan_to_docx(group)
    elif fmt == "pdf":
        try:
            content = exports.meeting_plan_to_pdf(group)
        except PdfUnavailable:
            context = {
                "message": _(
                    "This installation cannot make PDF files right now. Download the meeting "
                    "plan as Word instead, and tell your administrator."
                ),
                "word_url": reverse("portal:meeting_plan_export", args=[group.pk, "docx"]),
            }
            return render(request, "learning/pdf_unavailable.html", context, status=503)
    else:
        raise Http404
    name = slugify(group.name.translate(_ASCII)) or "gruppe"
    filename = f"motplan-{name}-{group.school_year.replace('/', '-')}.{fmt}"
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
