"""Rounds: saving one with its questionnaires, its units, publishing, withdrawing and
releasing its results."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from samla.org.models import Unit, UnitKind

from ..groups import GROUPS_BY_CODE
from ..messages import unfit_questionnaire
from ..models import AccessCode, Draft, InstrumentVersion, Round, RoundInstrument, RoundState
from .errors import CollectionError
from .marks import settle_code_marks


def _has_codes(round: Round, respondent_group: str | None = None) -> bool:
    found = AccessCode.objects.filter(round=round)
    if respondent_group is not None:
        found = found.filter(respondent_group=respondent_group)
    return found.exists()


def check_questionnaires_fit(
    titles: Mapping[str, Mapping[str, str]], units: Iterable[Unit]
) -> None:
    """Refuse questionnaires whose respondent group is not for the kind of every unit: a
    kindergarten group (the registry's ``kindergarten``) at a unit that is not a
    kindergarten, or another group at a kindergarten.

    ``titles`` is each chosen respondent group's questionnaire title (per language). Raises
    a ValidationError with one message per questionnaire that does not fit, naming it and
    the units it does not fit."""
    units = list(units)
    problems = []
    for respondent_group, title in titles.items():
        group = GROUPS_BY_CODE.get(respondent_group)
        if group is None:
            continue
        unfit = sorted(
            unit.name
            for unit in units
            if (unit.kind == UnitKind.KINDERGARTEN) != group.kindergarten
        )
        if unfit:
            problems.append(
                ValidationError(
                    unfit_questionnaire(respondent_group, title, group.kindergarten, unfit),
                    code="unfit_questionnaire",
                )
            )
    if problems:
        raise ValidationError(problems)


def _round_titles(round: Round) -> dict[str, Mapping[str, str]]:
    """The title of the round's questionnaire per respondent group (one query)."""
    return dict(round.instruments.values_list("respondent_group", "version__title"))


@transaction.atomic
def save_round(round: Round, instruments: dict[str, InstrumentVersion | None]) -> Round:
    """Create or change a round and choose its questionnaire per respondent group.

    Side effects: saves the round; adds, replaces or removes RoundInstruments. Refuses a
    questionnaire made for another respondent group, a questionnaire whose respondent group
    does not fit the kind of the round's units (see check_questionnaires_fit: a
    ValidationError), and any change of the questionnaire of a group that already has
    codes (answers would not match). The results build that
    follows a published round's closing time is scheduled by the caller
    (samla.results.rounds.save_round)."""
    for key, version in instruments.items():
        if version is not None and version.respondent_group != key:
            raise CollectionError("wrong_group", round)
    if round.pk:
        check_questionnaires_fit(
            {key: version.title for key, version in instruments.items() if version is not None},
            round.units.only("name", "kind"),
        )
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
    programme, taking out a unit that already has codes, and units whose kind does not
    fit a questionnaire of the round (see check_questionnaires_fit: a ValidationError)."""
    wanted = {unit.pk for unit in units}
    enrolled = set(round.programme.units.filter(pk__in=wanted).values_list("pk", flat=True))
    if wanted - enrolled:
        raise CollectionError("unit_not_in_programme", round)
    removed = set(round.units.values_list("pk", flat=True)) - wanted
    if removed and AccessCode.objects.filter(round=round, unit_id__in=removed).exists():
        raise CollectionError("unit_has_codes", round)
    check_questionnaires_fit(_round_titles(round), units)
    round.units.set(wanted)


def check_publishable(round: Round) -> None:
    """Raise what publish_round would refuse, changing nothing: a CollectionError for a
    round without units or questionnaires or whose closing time has passed, a
    ValidationError for questionnaires that do not fit its units (check_questionnaires_fit).
    Pages ask it before they ask the person to confirm."""
    if not round.units.exists():
        raise CollectionError("no_units", round)
    titles = _round_titles(round)
    if not titles:
        raise CollectionError("no_questionnaires", round)
    if round.closes_at <= timezone.now():
        raise CollectionError("closes_in_past", round)
    check_questionnaires_fit(titles, round.units.only("name", "kind"))


@transaction.atomic
def publish_round(round: Round) -> None:
    """Make a draft round real: it opens and closes by itself at the set times.

    Side effects: sets ``published``. Refuses what check_publishable refuses. The results
    build at ``closes_at`` is scheduled by the caller (samla.results.rounds.publish_round):
    results depend on surveys, not the other way round."""
    check_publishable(round)
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
