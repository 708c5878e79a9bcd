"""Rounds: saving one with its questionnaires, its units, publishing, withdrawing and
releasing its results."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from samla.org.models import Unit

from ..models import AccessCode, Draft, InstrumentVersion, Round, RoundInstrument, RoundState
from .errors import CollectionError
from .marks import settle_code_marks


def _has_codes(round: Round, respondent_group: str | None = None) -> bool:
    found = AccessCode.objects.filter(round=round)
    if respondent_group is not None:
        found = found.filter(respondent_group=respondent_group)
    return found.exists()


@transaction.atomic
def save_round(round: Round, instruments: dict[str, InstrumentVersion | None]) -> Round:
    """Create or change a round and choose its questionnaire per respondent group.

    Side effects: saves the round; adds, replaces or removes RoundInstruments. Refuses a
    questionnaire made for another respondent group, and any change of the questionnaire of
    a group that already has codes (answers would not match). The results build that
    follows a published round's closing time is scheduled by the caller
    (samla.results.rounds.save_round)."""
    for key, version in instruments.items():
        if version is not None and version.respondent_group != key:
            raise CollectionError("wrong_group", round)
    round.full_clean(exclude=["units"])
    round.save()
    current = {ri.respondent_group: ri for ri in round.instruments.all()}
    for key, version in instruments.items():
        existing = current.get(key)
        if (existing.version_id if existing else None) == (version.pk if version else None):
            continue
        if existing is not None and _has_codes(round, key):
            raise CollectionError("questionnaire_locked", round)
        if existing is not None:
            existing.delete()
        if version is not None:
            RoundInstrument.objects.create(round=round, respondent_group=key, version=version)
    return round


@transaction.atomic
def set_round_units(round: Round, units: list[Unit]) -> None:
    """Choose the units that take part.

    Side effects: replaces the round's units. Refuses units not enrolled in the round's
    programme, and taking out a unit that already has codes."""
    wanted = {unit.pk for unit in units}
    enrolled = set(round.programme.units.filter(pk__in=wanted).values_list("pk", flat=True))
    if wanted - enrolled:
        raise CollectionError("unit_not_in_programme", round)
    removed = set(round.units.values_list("pk", flat=True)) - wanted
    if removed and AccessCode.objects.filter(round=round, unit_id__in=removed).exists():
        raise CollectionError("unit_has_codes", round)
    round.units.set(wanted)


@transaction.atomic
def publish_round(round: Round) -> None:
    """Make a draft round real: it opens and closes by itself at the set times.

    Side effects: sets ``published``. Refuses a round without units or questionnaires, or
    whose closing time has passed. The results build at ``closes_at`` is scheduled by the
    caller (samla.results.rounds.publish_round): results depend on surveys, not the other
    way round."""
    if not round.units.exists():
        raise CollectionError("no_units", round)
    if not round.instruments.exists():
        raise CollectionError("no_questionnaires", round)
    if round.closes_at <= timezone.now():
        raise CollectionError("closes_in_past", round)
    Round.objects.filter(pk=round.pk).update(published=True)
    round.published = True


@transaction.atomic
def withdraw_round(round: Round) -> None:
    """Take a published round back to draft, possible only before any code is made.

    Side effects: clears ``published``."""
    if _has_codes(round):
        raise CollectionError("has_codes", round)
    Round.objects.filter(pk=round.pk).update(published=False)
    round.published = False


@transaction.atomic
def release_results(round: Round) -> None:
    """Open a closed round's results for everyone with access.

    Side effects: sets ``results_released_at``; applies every code mark still waiting for
    a batch, so the round's response rates are whole (the round's last marks may be fewer
    than a batch: the others waiting join them); deletes the round's unfinished answers
    (sealed, and of no use once the round is closed). Refuses a round that is not closed."""
    if round.state() != RoundState.CLOSED:
        raise CollectionError("not_closed", round)
    settle_code_marks()
    Draft.objects.filter(round=round).delete()
    now = timezone.now()
    Round.objects.filter(pk=round.pk).update(results_released_at=now)
    round.results_released_at = now
