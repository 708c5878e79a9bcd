"""The partnership's demo (``seed_demo``): the base (partners, an agreement, the forum and
its members) and then each area's records, each built by its own module, idempotent."""

from __future__ import annotations

from django.db import transaction

from . import base, forum, money, needs, recommendation, reports


@transaction.atomic
def build_partnership() -> dict[str, int]:
    """Build what is not there yet; return counts of what exists."""
    counts = base.build()
    for area in (needs, forum, recommendation, money, reports):
        counts |= area.build()
    return counts
