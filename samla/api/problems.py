"""Errors as problem details (RFC 9457): ``application/problem+json`` with a type, a
title, the status and a detail that says what to do."""

from __future__ import annotations

import json

from django.http import HttpResponse
from ninja import Schema

CONTENT_TYPE = "application/problem+json"
TYPE_BASE = "https://samla.no/problemer/"


class Problem(Schema):
    type: str
    title: str
    status: int
    detail: str = ""


TITLES = {
    400: "Bad request",
    401: "Not authenticated",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    422: "Invalid parameters",
    429: "Too many requests",
    500: "Server error",
}
KINDS = {
    400: "bad-request",
    401: "not-authenticated",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    422: "invalid-parameters",
    429: "too-many-requests",
    500: "server-error",
}


def problem(status: int, detail: str = "", **extra) -> HttpResponse:
    """A problem response; ``extra`` members (e.g. ``errors``) are added to the body."""
    body = {
        "type": TYPE_BASE + KINDS.get(status, "error"),
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        **extra,
    }
    return HttpResponse(json.dumps(body), status=status, content_type=CONTENT_TYPE)
