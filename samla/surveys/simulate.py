"""Synthetic respondents for demos, tests and benchmarks.

Every simulated respondent goes the way a real one does, through the same service
functions: a code is issued, the questionnaire is started, each page the respondent can see
is saved, and the answers are submitted. Nothing is written around the services.

The answers come from a small latent model, so that results pages have something to show:
each unit and each class has an effect, each respondent a level, and each scale a
respondent's own deviation. A respondent's score on an item is mapped onto its Likert
points (reversed items turned round). A few items are skipped, some get "vet ikke" where
the item offers it, integers and decimals stay within their bounds, dates fall in
2024..2026 and free text is rare. Relevance is respected: only visible pages and items are
answered.

With the same seed and the same database content the same answers are given (the codes
themselves are always new and random: they are secrets)."""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import transaction

from samla.org.models import Group, Unit, UnitKind

from . import services
from .groups import GROUPS_BY_CODE, KINDERGARTEN_GROUPS
from .instrument import Instrument, Item
from .models import AccessCode, Child, ConsentRule, Reservation, Round

SKIP_RATE = 0.03
DONT_KNOW_RATE = 0.05
TEXT_RATE = 0.05
SIMULATED_DATES_FROM = date(2024, 1, 1)  # dates are answered within three years from here
UNIT_SPREAD, CLASS_SPREAD, SCALE_SPREAD, ITEM_NOISE = 0.6, 0.3, 0.5, 0.7
LANGUAGE_WEIGHTS = (("nb", 0.85), ("nn", 0.12), ("en", 0.03))
TEXTS = (
    "Det er fint på skolen.",
    "Vi trenger mer ro i timene.",
    "Friminuttene er best.",
    "Lærerne hjelper meg når jeg spør.",
    "Jeg vet ikke helt.",
)


class SimulationError(ValueError):
    """The round cannot take simulated respondents; the message says why (English)."""


@dataclass(frozen=True)
class Slot:
    """Where a respondent answers from: a unit, a respondent group, perhaps a class."""

    unit: Unit
    respondent_group: str
    group: Group | None


@dataclass
class SimulationResult:
    submitted: Counter[str] = field(default_factory=Counter)  # per respondent group
    unit_effects: dict[int, float] = field(default_factory=dict)  # unit id -> latent effect
    group_effects: dict[int, float] = field(default_factory=dict)  # group id -> latent effect

    @property
    def total(self) -> int:
        return sum(self.submitted.values())


def _fits(unit: Unit, respondent_group: str) -> bool:
    if respondent_group in KINDERGARTEN_GROUPS:
        return unit.kind == UnitKind.KINDERGARTEN
    return unit.kind in (UnitKind.PRIMARY, UnitKind.UPPER_SECONDARY)


def slots_for(round: Round, unit: Unit | None = None) -> list[Slot]:
    """Every place in the round a respondent can answer from, in a stable order."""
    units = list(round.units.order_by("pk"))
    if unit is not None:
        if unit.pk not in {u.pk for u in units}:
            raise SimulationError(f"{unit} does not take part in the round {round.slug}.")
        units = [unit]
    respondent_groups = sorted(round.instruments.values_list("respondent_group", flat=True))
    slots = []
    for each_unit in units:
        groups = list(each_unit.groups.open().order_by("pk"))
        for respondent_group in respondent_groups:
            if not _fits(each_unit, respondent_group):
                continue
            found = GROUPS_BY_CODE.get(respondent_group)
            if found is None or found.answers_from is None:
                slots.append(Slot(each_unit, respondent_group, None))
                continue
            kind, grades = found.answers_from, found.grades
            slots.extend(
                Slot(each_unit, respondent_group, group)
                for group in groups
                if group.kind == kind and (grades is None or group.grade in grades)
            )
    if not slots:
        raise SimulationError(
            f"The round {round.slug} has no unit with classes or departments that fit its "
            "questionnaires."
        )
    return slots


class _Respondent:
    """One simulated person: a latent level per scale, and the answers that follow."""

    def __init__(self, rng: random.Random, instrument: Instrument, level: float) -> None:
        self.rng = rng
        self.instrument = instrument
        self.scale_levels = {
            scale.code: level + rng.gauss(0, SCALE_SPREAD) for scale in instrument.scales
        }
        self.level = level

    def answer(self, item: Item) -> Any:
        rng = self.rng
        if item.kind == "note" or rng.random() < SKIP_RATE:
            return None
        if item.kind == "text":
            return rng.choice(TEXTS) if rng.random() < TEXT_RATE else None
        if item.kind == "integer":
            low = item.minimum if item.minimum is not None else 0
            high = item.maximum if item.maximum is not None else low + 20
            return rng.randint(low, high)
        if item.kind == "decimal":
            # In hundredths, so that the answer has at most two decimals and keeps the bounds.
            low = math.ceil(item.minimum * 100) if item.minimum is not None else 0
            high = math.floor(item.maximum * 100) if item.maximum is not None else low + 2000
            return rng.randint(low, high) / 100
        if item.kind == "date":
            return (SIMULATED_DATES_FROM + timedelta(days=rng.randrange(3 * 365))).isoformat()
        substantive = [choice.value for choice in item.choices if not choice.is_dont_know]
        if item.has_dont_know and rng.random() < DONT_KNOW_RATE:
            return next(choice.value for choice in item.choices if choice.is_dont_know)
        if item.kind == "multiple":
            picked = [value for value in substantive if rng.random() < 0.3]
            return picked or [rng.choice(substantive)]
        if item.likert_points and len(substantive) == item.likert_points:
            return substantive[self._likert_index(item)]
        return rng.choice(substantive)

    def _likert_index(self, item: Item) -> int:
        points = item.likert_points or 1
        level = self.scale_levels.get(item.scale or "", self.level)
        # Centred a little above the middle: most pupils are mostly content.
        position = (points + 1) / 2 + 0.4 + 0.8 * (level + self.rng.gauss(0, ITEM_NOISE))
        point = min(points, max(1, round(position)))
        if item.reversed:
            point = points + 1 - point
        return point - 1


def _visible(condition, answers: dict) -> bool:
    return condition is None or condition.evaluate(answers)


def _answer_questionnaire(code: str, language: str, respondent: _Respondent) -> None:
    instrument = respondent.instrument
    services.start(code, language)
    answers: dict[str, Any] = {}
    for number, page in enumerate(instrument.pages):
        if not _visible(page.relevant, answers):
            continue
        page_answers: dict[str, Any] = {}
        for item_code in page.item_codes:
            item = instrument.item(item_code)
            if not _visible(item.relevant, answers):
                continue
            value = respondent.answer(item)
            if value is not None:
                page_answers[item_code] = value
                answers[item_code] = value
        services.save_page(code, number, page_answers)
    services.submit(code)


def _children_for(
    round: Round, group: Group, respondent_group: str, count: int, rng: random.Random
) -> list[Child]:
    """Children of a class or department to answer (or be rated) once each for this
    questionnaire: those without such a code and not reserved first, then new ones with
    random pseudonyms. In an opt-in round their (simulated) guardians consent."""
    codes = AccessCode.objects.filter(round=round, respondent_group=respondent_group)
    taken = set(codes.values_list("child_id", flat=True))
    taken |= set(Reservation.objects.filter(round=round).values_list("child_id", flat=True))
    free = [c for c in group.children.order_by("pk") if c.pk not in taken][:count]
    while len(free) < count:
        pseudonym = "SIM" + "".join(rng.choice("23456789ABCDEFGHJKMNPQRSTUVWXYZ") for _ in range(8))
        if not Child.objects.filter(pseudonym=pseudonym).exists():
            free.append(Child.objects.create(group=group, pseudonym=pseudonym))
    if round.consent_rule == ConsentRule.OPT_IN:
        for child in free:
            services.register_consent(round, child)
    return free


def _pick_language(rng: random.Random) -> str:
    draw = rng.random()
    for language, weight in LANGUAGE_WEIGHTS:
        if draw < weight:
            return language
        draw -= weight
    return LANGUAGE_WEIGHTS[0][0]


def simulate_responses(
    round: Round,
    respondents: int,
    seed: int = 0,
    unit: Unit | None = None,
    progress: Callable[[int, int], None] | None = None,
    shift: float = 0.0,
) -> SimulationResult:
    """Let ``respondents`` synthetic people answer the round, spread evenly over its
    units, their fitting classes or departments, and the respondent groups that have a
    questionnaire (or over one ``unit``).

    Side effects: through the services only: issues one code per respondent (and creates
    a Child for a child rating where the department has too few unrated children), starts,
    saves every visible page and submits; each code ends spent (its row marked at the
    end, see services.settle_code_marks), no draft is left. Raises
    SimulationError when the round has nowhere to answer from; CollectionError from the
    services (e.g. a closed round) stops the run, keeping the responses submitted so far.
    ``shift`` moves every respondent's level (in respondent SDs): the same seed with a
    growing shift gives the same units and classes doing better round by round."""
    if respondents < 0:
        raise SimulationError("The number of respondents cannot be negative.")
    rng = random.Random(seed)  # noqa: S311 - synthetic answers, not secrets
    # A stream of its own, so that creating pseudonyms never shifts the answers.
    child_rng = random.Random(f"{seed}:children")  # noqa: S311
    slots = slots_for(round, unit)
    instruments = {
        ri.respondent_group: ri.version.instrument()
        for ri in round.instruments.select_related("version")
    }
    result = SimulationResult()
    for slot in slots:
        result.unit_effects.setdefault(slot.unit.pk, rng.gauss(0, UNIT_SPREAD))
        if slot.group is not None:
            result.group_effects.setdefault(slot.group.pk, rng.gauss(0, CLASS_SPREAD))

    order = list(range(len(slots)))
    rng.shuffle(order)
    counts = Counter(order[index % len(slots)] for index in range(respondents))
    queue: list[tuple[Slot, str]] = []
    for slot_index in sorted(counts):
        slot, count = slots[slot_index], counts[slot_index]
        if slot.respondent_group in services.per_child_groups(round):
            assert slot.group is not None
            with transaction.atomic():
                children = _children_for(round, slot.group, slot.respondent_group, count, child_rng)
            codes = [
                services.issue_codes(
                    round, slot.unit, slot.respondent_group, 1, group=slot.group, child=child
                )[0]
                for child in children
            ]
        else:
            codes = services.issue_codes(
                round, slot.unit, slot.respondent_group, count, group=slot.group
            )
        queue.extend((slot, code) for code in codes)

    for done, (slot, code) in enumerate(queue, start=1):
        level = (
            result.unit_effects[slot.unit.pk]
            + (result.group_effects[slot.group.pk] if slot.group is not None else 0.0)
            + rng.gauss(0, 1)
            + shift  # a change for everyone, e.g. from one round to the next
        )
        respondent = _Respondent(rng, instruments[slot.respondent_group], level)
        _answer_questionnaire(code, _pick_language(rng), respondent)
        result.submitted[slot.respondent_group] += 1
        if progress is not None:
            progress(done, len(queue))
    # Synthetic people need no batch to hide in: their codes' rows show the end at once.
    services.settle_code_marks(round=round)
    return result
