"""What a source yields: one notification due to one person."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils.formats import date_format

from ..kinds import Kind


@dataclass(frozen=True, slots=True)
class Due:
    person_id: int
    kind: Kind
    # Names the occasion, unique per person: the same occasion found again is not new.
    key: str
    link: str
    programme_id: int | None = None
    params: dict[str, Any] = field(default_factory=dict)


# A source: every notification due at ``now`` (those already made may come again).
Source = Callable[[datetime], Iterable[Due]]

# A kind's texts: params → (title, body), called with the recipient's language active.
Texts = Callable[[dict[str, Any]], tuple[str, str]]


def date_words(value: str) -> str:
    """A date kept in params (ISO 8601) as the active language writes it."""
    return date_format(date.fromisoformat(value), "DATE_FORMAT")
