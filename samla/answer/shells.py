"""The answer pages' HTML rendered once per process for what many respondents see alike,
then given each respondent's own parts: the CSRF token, the child's name and the page's
questions with their answers.

A page is rendered without the request (no context processor's value: the answer
templates use none, and nothing about the person asking can enter a page kept for
others) from a context of plain values only, with slots in place of the respondent's
parts; the HTML is kept, split at the slots, by the template, the active language, the
script prefix and every value of the context, so a page differs wherever its context
does. Filling it in gives the bytes the template would have given with those values: the
token as ``{% csrf_token %}`` writes it (from ``get_token``, so the CSRF cookie is set as
before) and the child's name escaped as the template escapes it."""

from __future__ import annotations

import re
from collections.abc import Hashable, Mapping
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils import translation
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

# Letters, digits and dashes: escaping leaves them alone, and no page writes them.
CSRF = "samla-slot-csrf-3f9c2e"
CHILD = "samla-slot-child-3f9c2e"
QUESTIONS = "samla-slot-questions-3f9c2e"
_SLOTS = re.compile(f"({CSRF}|{CHILD}|{QUESTIONS})")

# A handful of pages per questionnaire version, page, language and position: small.
_SHELLS: dict[tuple, list[str]] = {}
_SHELLS_MAX = 4000


def _rendered(template: str, context: Mapping[str, Hashable], child: bool, questions: bool):
    key = (
        template,
        translation.get_language(),
        get_script_prefix(),
        child,
        questions,
        tuple(sorted(context.items())),
    )
    parts = _SHELLS.get(key)
    if parts is None:
        slots: dict[str, Any] = {"csrf_token": CSRF, "child": CHILD if child else ""}
        if questions:
            slots["questions"] = mark_safe(QUESTIONS)
        html = render_to_string(template, {**context, **slots})
        if len(_SHELLS) >= _SHELLS_MAX:
            _SHELLS.clear()
        # Split at the slots: the even parts are HTML, the odd ones the slots' names.
        parts = _SHELLS[key] = _SLOTS.split(html)
    return parts


def page(
    request: HttpRequest,
    template: str,
    context: Mapping[str, Hashable],
    *,
    child: str = "",
    questions: str | None = None,
) -> HttpResponse:
    """``template`` rendered with ``context`` (plain values: str, int, bool, tuples of
    them) in the active language, with this request's CSRF token, ``child`` (escaped) and
    ``questions`` (HTML, given as is) where the template puts ``csrf_token``, ``child`` and
    ``questions``."""
    parts = _rendered(template, context, bool(child), questions is not None)
    if len(parts) == 1:
        return HttpResponse(parts[0])
    values = {QUESTIONS: questions or "", CHILD: conditional_escape(child)}
    if CSRF in parts:
        values[CSRF] = get_token(request)
    filled = parts.copy()
    for index in range(1, len(filled), 2):
        filled[index] = values[filled[index]]
    return HttpResponse("".join(filled))
