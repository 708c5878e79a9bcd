"""Path parameters with the bounds the database holds, so no request can reach it with a
value it would refuse (an id past 32 bits, a NUL in a slug)."""

from __future__ import annotations

from typing import Literal

from ninja import Path

SLUG = r"^[-a-zA-Z0-9_]{1,60}$"
MAX_ID = 2_147_483_647


def slug_path():
    return Path(..., pattern=SLUG, description="The short name in the pages' addresses")


def id_path():
    return Path(..., ge=1, le=MAX_ID)


ResultLevel = Literal["programme", "region", "owner", "unit", "group"]
LearningLevel = Literal["programme", "region", "owner", "unit"]
