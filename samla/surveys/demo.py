"""The demo survey round T3 (15 October – 30 November 2026) at the demo school, open for
answering, with codes printed by ``seed_demo`` so that a visitor can answer as a pupil."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from samla.org.demo import DEMO_SCHOOL, SCHOOL_SLUG
from samla.org.models import Programme, Unit

from . import services
from .models import Round, RoundInstrument

LIBRARY = Path(__file__).resolve().parent / "library"
OSLO = ZoneInfo("Europe/Oslo")
ROUND_SLUG = "kfl-skole-t3-2026"
# The programme's window; a demo loaded later keeps a window around its own day, so that
# there is always something to answer.
WINDOW = (datetime(2026, 10, 15, 8, 0, tzinfo=OSLO), datetime(2026, 11, 30, 23, 59, tzinfo=OSLO))


@transaction.atomic
def build_collection(codes_per_class: int = 3) -> list[tuple[str, str]]:
    """Create the open round (once) and return fresh codes as (class, code) to print.

    Codes are stored only as HMACs, so the ones printed earlier cannot be shown again:
    each run issues a few new ones for class 6A and 7A."""
    programme = Programme.objects.get(slug=SCHOOL_SLUG)
    school = Unit.objects.get(name=DEMO_SCHOOL, owner__name="Hamar kommune")
    version = services.publish_instrument((LIBRARY / "elev_5_7.xlsx").read_bytes())
    round, created = Round.objects.get_or_create(
        slug=ROUND_SLUG,
        defaults={
            "programme": programme,
            "name": "T3",
            "opens_at": min(WINDOW[0], timezone.now() - timedelta(days=7)),
            "closes_at": max(WINDOW[1], timezone.now() + timedelta(days=30)),
            "published": True,
        },
    )
    if created:
        round.units.add(school)
        RoundInstrument.objects.create(round=round, respondent_group="pupil_5_7", version=version)
    printed = []
    for name in ("6A", "7A"):
        group = school.groups.get(name=name)
        for code in services.issue_codes(round, school, "pupil_5_7", codes_per_class, group=group):
            printed.append((name, code))
    return printed
