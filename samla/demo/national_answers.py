"""Answers for the national dataset: a pool of whole questionnaires per questionnaire
version, each answered by one invented respondent at a known level, and a draw from the
pool for every response by the level of the person answering.

A respondent in the pool answers the way ``samla.surveys.simulate`` describes: a level per
index around the person's own, Likert answers from that level with noise (reversed items
turned round), a few items skipped, "vet ikke" where offered, other kinds at random within
their bounds, and only the items the respondent would see (the items' and pages'
conditions are evaluated). The pool's answers are packed by ``surveys.answers``, so every
stored response is one the answer pages could have written.

A response's level is its unit's, its class's and its own (and the round's shift); the
pool member nearest that level, give or take a few, lends it the answers. Units and
classes then differ in the results as real ones do, at the cost of a pool's worth of
distinct answer patterns (``POOL``) per questionnaire."""

from __future__ import annotations

import math
import random
from datetime import date, timedelta
from typing import Any

import numpy as np

from samla.surveys.answers import pack_answers, packed_size, split_answers
from samla.surveys.instrument import Instrument, Item

POOL = 4096
NEIGHBOURS = 24  # a response takes one of the pool members this near its level
SKIP_RATE, DONT_KNOW_RATE = 0.03, 0.05
SCALE_SPREAD, ITEM_NOISE = 0.5, 0.7
UNIT_SPREAD, CLASS_SPREAD = 0.45, 0.25


class _Person:
    def __init__(self, rng: random.Random, instrument: Instrument, level: float) -> None:
        self.rng = rng
        self.level = level
        self.scales = {s.code: level + rng.gauss(0, SCALE_SPREAD) for s in instrument.scales}

    def answer(self, item: Item) -> Any:
        rng = self.rng
        if item.kind in ("note", "text") or rng.random() < SKIP_RATE:
            return None
        if item.kind == "integer":
            low = item.minimum if item.minimum is not None else 0
            return rng.randint(low, item.maximum if item.maximum is not None else low + 20)
        if item.kind == "decimal":
            low = math.ceil(item.minimum * 100) if item.minimum is not None else 0
            high = math.floor(item.maximum * 100) if item.maximum is not None else low + 2000
            return rng.randint(low, high) / 100
        if item.kind == "date":
            return (date(2024, 1, 1) + timedelta(days=rng.randrange(1000))).isoformat()
        ordinary = [c.value for c in item.choices if not c.is_dont_know]
        if item.has_dont_know and rng.random() < DONT_KNOW_RATE:
            return next(c.value for c in item.choices if c.is_dont_know)
        if item.kind == "multiple":
            return [v for v in ordinary if rng.random() < 0.3] or [rng.choice(ordinary)]
        if item.likert_points and len(ordinary) == item.likert_points:
            points = item.likert_points
            level = self.scales.get(item.scale or "", self.level)
            position = (points + 1) / 2 + 0.4 + 0.8 * (level + rng.gauss(0, ITEM_NOISE))
            point = min(points, max(1, round(position)))
            return ordinary[(points + 1 - point if item.reversed else point) - 1]
        # Yes/no and the like: the better off answer the first choice a little more often.
        weights = [1.0 + (0.3 * self.level if i == 0 else 0.0) for i in range(len(ordinary))]
        return rng.choices(ordinary, [max(w, 0.1) for w in weights])[0]


def _visible(condition, answers: dict) -> bool:
    return condition is None or condition.evaluate(answers)


def _questionnaire(instrument: Instrument, person: _Person) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for page in instrument.pages:
        if not _visible(page.relevant, answers):
            continue
        for code in page.item_codes:
            item = instrument.item(code)
            if _visible(item.relevant, answers):
                value = person.answer(item)
                if value is not None:
                    answers[code] = value
    return answers


class AnswerPool:
    """``POOL`` packed questionnaires of one version, in order of their respondents' level."""

    def __init__(self, instrument: Instrument, seed: int, size: int = POOL) -> None:
        rng = random.Random(seed)  # noqa: S311 - invented answers, not secrets
        spread = math.sqrt(1 + UNIT_SPREAD**2 + CLASS_SPREAD**2)
        levels = sorted(rng.gauss(0, spread) for _ in range(size))
        rows = []
        for level in levels:
            numeric, _text = split_answers(
                instrument, _questionnaire(instrument, _Person(rng, instrument, level))
            )
            rows.append(pack_answers(instrument, numeric))
        width = packed_size(instrument)
        self.levels = np.asarray(levels)
        self.rows = np.frombuffer(b"".join(rows), dtype=np.uint8).reshape(size, width)

    def draw(self, levels: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """The packed answers (rows × bytes) for respondents at ``levels``."""
        at = np.searchsorted(self.levels, levels)
        at = at + rng.integers(-NEIGHBOURS, NEIGHBOURS + 1, at.shape[0])
        return self.rows[np.clip(at, 0, self.levels.shape[0] - 1)]
