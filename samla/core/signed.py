"""Signed tokens for addresses that carry no login (calendar subscriptions).

A token names what the address shows and cannot be altered or guessed; changing
``SAMLA_SECRET_KEY`` (or the salt) invalidates every address handed out. The same value
always gives the same token, so a page shows one address, not a new one every second.
Addresses handed out before carried a timestamp; they are still read."""

from __future__ import annotations

from typing import Any

from django.core import signing


def token_for(value: Any, salt: str) -> str:
    """The token of ``value`` (JSON-serialisable), the same every time it is made."""
    return signing.Signer(salt=salt).sign_object(value, compress=True)


def value_of(token: str, salt: str) -> Any | None:
    """The value a token carries; None for an altered or foreign token."""
    for signer in (signing.Signer(salt=salt), signing.TimestampSigner(salt=salt)):
        try:
            return signer.unsign_object(token)
        except (signing.BadSignature, ValueError, TypeError):
            continue
    return None
