"""A round's steps that its results follow: publishing a round, or moving a published
round's close, schedules the results build at the close.

Results depend on surveys, not the other way round: the surveys services change the round
and these functions, one layer up, add the results' part. Pages call these, not the
surveys functions, for a round's save and publishing."""

from __future__ import annotations

from django.db import transaction

from samla.surveys.models import InstrumentVersion, Round
from samla.surveys.services import rounds

from .services import schedule_build_at_close


@transaction.atomic
def save_round(round: Round, instruments: dict[str, InstrumentVersion | None]) -> Round:
    """Save a round with its questionnaires (surveys.services.rounds.save_round).

    Side effects: those of that function; when a published round's closing time changed,
    schedules the results build for the new time (see schedule_build_at_close)."""
    closes_at_before = (
        Round.objects.filter(pk=round.pk).values_list("closes_at", flat=True).first()
        if round.pk
        else None
    )
    rounds.save_round(round, instruments)
    if round.published and round.closes_at != closes_at_before:
        schedule_build_at_close(round)
    return round


@transaction.atomic
def publish_round(round: Round) -> None:
    """Publish a round (surveys.services.rounds.publish_round): it opens and closes by
    itself at the set times, and its results are built by themselves when it closes.

    Side effects: those of that function; schedules the results build for ``closes_at``
    (see schedule_build_at_close)."""
    rounds.publish_round(round)
    schedule_build_at_close(round)
