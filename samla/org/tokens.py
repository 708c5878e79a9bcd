"""Personal API tokens: made, listed, revoked, and checked on each API call.

A token is ``samla_`` and 43 random characters (256 bits). Only its SHA-256 is stored, with
its first characters for the list; the whole token is shown once, when it is made. A
token acts as its person, with their grants as they are at the time of each call: a role
taken away is gone from the token at once, and a deactivated person's tokens stop
working."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import ApiToken, Person

PREFIX = "samla_"
SHOWN = len(PREFIX) + 6  # the characters kept in clear, to tell tokens apart
LIFETIMES = (30, 90, 365)  # days a new token may live
MAX_ACTIVE = 20  # tokens one person may have at once


class TokenRefused(Exception):
    """Why a token cannot be made: ``reason`` is "too_many" or "lifetime"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def active_tokens(person) -> QuerySet[ApiToken]:
    now = timezone.now()
    return ApiToken.objects.filter(person=person, revoked_at__isnull=True, expires_at__gt=now)


def tokens_of(person) -> list[ApiToken]:
    """The person's tokens, newest first: active ones, and the ended ones of the last 90
    days (so a person sees that a token expired)."""
    since = timezone.now() - timedelta(days=90)
    return list(
        ApiToken.objects.filter(person=person).filter(
            Q(revoked_at__isnull=True, expires_at__gt=since) | Q(revoked_at__gt=since)
        )
    )


def create_token(person, name: str, days: int) -> tuple[ApiToken, str]:
    """A new token for ``person``: the stored row and the token itself, which is not kept
    anywhere and must be shown to the person now."""
    if days not in LIFETIMES:
        raise TokenRefused("lifetime")
    token = PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        # The person's row is locked while their tokens are counted, so two requests at
        # once cannot both pass the limit (PostgreSQL; SQLite writes one at a time).
        Person.objects.select_for_update().filter(pk=person.pk).first()
        if active_tokens(person).count() >= MAX_ACTIVE:
            raise TokenRefused("too_many")
        row = ApiToken.objects.create(
            person=person,
            name=name.strip()[:80],
            prefix=token[:SHOWN],
            digest=_digest(token),
            expires_at=timezone.now() + timedelta(days=days),
        )
    return row, token


def revoke_token(person, pk: int) -> bool:
    """Revoke one of the person's own tokens; False if they have no such active token."""
    return bool(
        ApiToken.objects.filter(person=person, pk=pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    )


def person_for_token(token: str) -> Person | None:
    """The active person a token belongs to, or None: unknown, revoked, expired, or the
    person deactivated. Marks the token used today (one write a day at most)."""
    if not token.startswith(PREFIX) or len(token) > 100:
        return None
    now = timezone.now()
    found = (
        ApiToken.objects.filter(
            digest=_digest(token),
            revoked_at__isnull=True,
            expires_at__gt=now,
            person__is_active=True,
        )
        .select_related("person")
        .first()
    )
    if found is None:
        return None
    today = timezone.localdate()
    if found.last_used_on != today:
        ApiToken.objects.filter(pk=found.pk).update(last_used_on=today)
    return found.person
