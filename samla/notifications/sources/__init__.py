"""Where notifications come from: one module per area, each with ``due(now)`` (every
notification due at that moment, found again harmlessly) and ``TEXTS`` (its kinds'
title and body). A new kind: a ``Kind``, a source's ``due`` yields it, a text."""

from __future__ import annotations

from . import analysis, deadlines, meetings, partnership, results, rounds
from .base import Due, Source, Texts

SOURCES: tuple[Source, ...] = (
    deadlines.due,
    rounds.due,
    meetings.due,
    analysis.due,
    results.due,
    partnership.due,
)

TEXTS: dict = {
    **deadlines.TEXTS,
    **rounds.TEXTS,
    **meetings.TEXTS,
    **analysis.TEXTS,
    **results.TEXTS,
    **partnership.TEXTS,
}

__all__ = ["SOURCES", "TEXTS", "Due", "Source", "Texts"]
