"""Notifications from analysis (to be written)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from ..kinds import Kind
from .base import Due, Texts


def due(now: datetime) -> Iterator[Due]:
    return iter(())


TEXTS: dict[Kind, Texts] = {}
