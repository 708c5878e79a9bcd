"""Asking before a risky action, without JavaScript.

A risky action's button (remove a group, call off a meeting, take a role away …) posts
its form as before. The view asks first, unless the post says ``confirm=yes``::

    if not confirm.confirmed(request):
        return confirm.ask(request, question=..., yes=..., back=...)

The answer is a page with the question, a form that posts the same fields to the same
address again with ``confirm=yes`` (the red "Yes, remove …" button) and a link back to
where the person came from. Only the confirmed post acts, so a slip of the finger changes
nothing, with or without JavaScript. The view checks who may act before it asks, so the
question never tells an outsider more than the refusal would."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

CONFIRM_FIELD = "confirm"
REASON_FIELD = "reason"

# Fields the question page must not post back as they came: the token is the page's own,
# and the confirmation is added by the page.
_NOT_ECHOED = {"csrfmiddlewaretoken", CONFIRM_FIELD}


def confirmed(request: HttpRequest) -> bool:
    """Whether the person has answered yes on the question page."""
    return request.method == "POST" and request.POST.get(CONFIRM_FIELD) == "yes"


def ask(
    request: HttpRequest,
    *,
    question: str,
    yes: str,
    back: str,
    details: str = "",
    no: str = "",
    reason: str = "",
) -> HttpResponse:
    """The question page: ``question`` as its heading, ``details`` (what happens, what is
    kept) under it, the button ``yes`` that posts the same fields again confirmed, and a
    link ``no`` (by default "Cancel") back to ``back``. With ``reason`` (its label), the
    page also asks for an optional reason, posted as ``reason``."""
    not_echoed = _NOT_ECHOED | ({REASON_FIELD} if reason else set())
    fields = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in not_echoed
        for value in values
    ]
    context = {
        "question": question,
        "details": details,
        "yes": yes,
        "no": no,
        "back": back,
        "action": request.get_full_path(),
        "fields": fields,
        "confirm_field": CONFIRM_FIELD,
        "reason": reason,
        "reason_field": REASON_FIELD,
    }
    return render(request, "portal/confirm.html", context)
