"""Notifications from survey rounds: to the unit leaders of the units taking part when a
round opens, and halfway through when their unit's response rate is under the programme's
threshold, with the rate per class — counts of answered codes only, never an answer.

A fixed number of queries: the rounds, their units, their units' leaders, the programmes'
thresholds, and the response monitor once per round halfway (every unit at once)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from samla.core.time import in_oslo
from samla.org.models import Membership, Role
from samla.surveys.models import RESPONDENT_GROUP_LABELS, Round
from samla.surveys.rates import response_monitor

from ..kinds import Kind
from ..models import NotificationSettings
from .base import Due, Texts, date_words

# A round's opening is told until this long after (a worker that was down still tells;
# a round opened long ago never does).
OPENED_WINDOW = timedelta(days=2)
# The low-rate reminder is looked for from the middle of the window until this long after.
LOW_RATE_WINDOW = timedelta(days=2)
DEFAULT_LOW_RATE = NotificationSettings._meta.get_field("low_rate_percent").default


def _day(moment: datetime) -> str:
    return in_oslo(moment).date().isoformat()


def _middle(round: Round) -> datetime:
    return round.opens_at + (round.closes_at - round.opens_at) / 2


def _leaders(unit_ids: set[int]) -> dict[int, list[tuple[int, str]]]:
    """Unit id → [(person id, unit name)] of the units' leaders (one query)."""
    leaders: dict[int, list[tuple[int, str]]] = defaultdict(list)
    rows = Membership.objects.filter(role=Role.UNIT_LEADER, unit_id__in=unit_ids).values_list(
        "unit_id", "person_id", "unit__name"
    )
    for unit_id, person_id, unit_name in rows:
        leaders[unit_id].append((person_id, unit_name))
    return leaders


def due(now: datetime) -> Iterator[Due]:
    rounds = list(
        Round.objects.filter(
            published=True,
            results_released_at__isnull=True,
            opens_at__lte=now,
            closes_at__gt=now,
        ).order_by("pk")
    )
    opened = [round for round in rounds if round.opens_at > now - OPENED_WINDOW]
    halfway = [
        round for round in rounds if _middle(round) <= now < _middle(round) + LOW_RATE_WINDOW
    ]
    if not opened and not halfway:
        return
    round_units: dict[int, set[int]] = defaultdict(set)
    for round_id, unit_id in Round.units.through.objects.filter(
        round_id__in=[round.pk for round in {*opened, *halfway}]
    ).values_list("round_id", "unit_id"):
        round_units[round_id].add(unit_id)
    leaders = _leaders(set().union(*round_units.values()) if round_units else set())
    yield from _opened(opened, round_units, leaders)
    yield from _low_rates(halfway, round_units, leaders)


def _opened(rounds: list[Round], round_units: dict[int, set[int]], leaders: dict) -> Iterator[Due]:
    for round in rounds:
        # A leader of two units in the round is told once, with both names.
        units_of: dict[int, list[str]] = defaultdict(list)
        for unit_id in round_units[round.pk]:
            for person_id, unit_name in leaders.get(unit_id, ()):
                units_of[person_id].append(unit_name)
        link = reverse("portal:round", kwargs={"slug": round.slug})
        for person_id, names in units_of.items():
            yield Due(
                person_id=person_id,
                kind=Kind.ROUND_OPENED,
                key=f"round_opened:{round.pk}",
                link=link,
                programme_id=round.programme_id,
                params={
                    "round": round.name,
                    "units": sorted(names, key=str.casefold),
                    "opens": _day(round.opens_at),
                    "closes": _day(round.closes_at),
                },
            )


def _thresholds(programme_ids: set[int]) -> dict[int, int]:
    """Each programme's low-rate threshold; the default where none is set (read only: a
    programme without settings keeps none)."""
    chosen = dict(
        NotificationSettings.objects.filter(programme_id__in=programme_ids).values_list(
            "programme_id", "low_rate_percent"
        )
    )
    return {pk: chosen.get(pk, DEFAULT_LOW_RATE) for pk in programme_ids}


def _low_rates(
    rounds: list[Round], round_units: dict[int, set[int]], leaders: dict
) -> Iterator[Due]:
    if not rounds:
        return
    thresholds = _thresholds({round.programme_id for round in rounds})
    for round in rounds:
        led = {unit_id for unit_id in round_units[round.pk] if unit_id in leaders}
        if not led:
            continue
        threshold = thresholds[round.programme_id]
        monitor = response_monitor(round, led)
        group_codes = {label: key for key, label in monitor.respondent_groups}
        link = reverse("portal:response_monitor", kwargs={"slug": round.slug})
        units = (
            unit for region in monitor.regions for owner in region.owners for unit in owner.units
        )
        for unit in units:
            # A unit without codes has no rate to tell; one at or above the threshold is fine.
            if not unit.total.issued or unit.total.rate >= threshold:
                continue
            params = {
                "round": round.name,
                "unit": unit.name,
                "closes": _day(round.closes_at),
                "threshold": threshold,
                "rate": unit.total.rate,
                "submitted": unit.total.submitted,
                "issued": unit.total.issued,
                "classes": [
                    {
                        "name": row.group,
                        "respondent_group": group_codes.get(row.respondent_group, ""),
                        "submitted": row.counts.submitted,
                        "issued": row.counts.issued,
                        "rate": row.counts.rate,
                    }
                    for row in unit.rows
                ],
            }
            for person_id, _unit_name in leaders[unit.pk]:
                yield Due(
                    person_id=person_id,
                    kind=Kind.ROUND_LOW_RATE,
                    key=f"round_low_rate:{round.pk}:{unit.pk}",
                    link=link,
                    programme_id=round.programme_id,
                    params=params,
                )


def _opened_texts(params: dict[str, Any]) -> tuple[str, str]:
    values = {
        "round": params["round"],
        "units": ", ".join(params["units"]),
        "opens": date_words(params["opens"]),
        "closes": date_words(params["closes"]),
    }
    title = _("Survey round %(round)s has opened at %(units)s") % values
    body = (
        _(
            "Survey round %(round)s opened on %(opens)s and closes on %(closes)s. Hand out "
            "the access codes at %(units)s and follow the response rate in Samla."
        )
        % values
    )
    return title, body


def _class_line(line: dict[str, Any]) -> str:
    group = str(RESPONDENT_GROUP_LABELS.get(line["respondent_group"], ""))
    name = f"{line['name']}, {group}" if line["name"] and group else line["name"] or group
    return _("%(name)s: %(rate)s %% (%(submitted)s of %(issued)s)") % {
        "name": name or _("the unit"),
        "rate": line["rate"],
        "submitted": line["submitted"],
        "issued": line["issued"],
    }


def _low_rate_texts(params: dict[str, Any]) -> tuple[str, str]:
    values = {
        "round": params["round"],
        "unit": params["unit"],
        "rate": params["rate"],
        "submitted": params["submitted"],
        "issued": params["issued"],
        "threshold": params["threshold"],
        "closes": date_words(params["closes"]),
        "classes": "; ".join(_class_line(line) for line in params["classes"]),
    }
    title = _("Few have answered %(round)s at %(unit)s") % values
    body = (
        _(
            "Halfway through survey round %(round)s, %(rate)s %% of the access codes at "
            "%(unit)s have been answered (%(submitted)s of %(issued)s; the programme "
            "reminds below %(threshold)s %%), and the round closes on %(closes)s. "
            "By class: %(classes)s."
        )
        % values
    )
    return title, body


TEXTS: dict[Kind, Texts] = {
    Kind.ROUND_OPENED: _opened_texts,
    Kind.ROUND_LOW_RATE: _low_rate_texts,
}
