"""The unsubscribe address in every e-mail: signed, no login. It names the person and
the kind of the mail (or every kind, for the digest); using it sets that kind to "only in
Samla" — the notifications still show in the app."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from samla.core.signed import token_for, value_of

SALT = "samla.notifications.unsubscribe"
EVERY_KIND = "*"


def token(person_id: int, kind: str) -> str:
    return token_for([person_id, kind], SALT)


def read(value: str) -> tuple[int, str] | None:
    """(person id, kind or EVERY_KIND) of a token; None for an altered or foreign one."""
    data = value_of(value, SALT)
    if (
        isinstance(data, list)
        and len(data) == 2
        and isinstance(data[0], int)
        and isinstance(data[1], str)
    ):
        return data[0], data[1]
    return None


def link(person_id: int, kind: str) -> str:
    """The absolute unsubscribe address (the page that asks, and takes the one-click
    POST of RFC 8058)."""
    path = reverse("portal:notifications_unsubscribe", kwargs={"token": token(person_id, kind)})
    return settings.SAMLA_BASE_URL.rstrip("/") + path
