"""The national dataset's survey rounds T1, T2 and T3 (autumns two years apart, the last one
closed): every programme asks every respondent group with Samla's own questionnaires
(``surveys/library``), at all its units.

Storage follows the collection's rules, written straight into the tables:

- A code row holds the HMAC of a code under the server key and nothing else secret. The
  codes are random and never shown: these rounds are over.
- A response holds unit, class, respondent group, grade band, the packed answers and the
  day only; its id is random. Nothing joins it to a code: in each class (and respondent
  group) as many codes are spent as there are responses (which ones is mixed at
  random), a class's responses are independent draws in no order that follows its
  codes, and no draft or code mark is left.
- Codes for the children's interview and the rating of a child name a child of the
  department (pseudonyms only, no names), one code per child and questionnaire.

Levels: each unit and class has an effect (the same in every round), each respondent
their own, and a round's shift (the units doing a little better each round)."""

from __future__ import annotations

import hmac
import secrets
from datetime import date, datetime, timedelta
from itertools import repeat

import numpy as np
from django.conf import settings

from samla.core.time import OSLO
from samla.surveys import codes as code_rules
from samla.surveys import services
from samla.surveys.demo import LIBRARY
from samla.surveys.groups import GROUPS, GROUPS_BY_CODE
from samla.surveys.models import AccessCode, Child, CodeState, Response, Round, RoundInstrument

from .national_answers import CLASS_SPREAD, UNIT_SPREAD, AnswerPool
from .national_copy import is_postgresql, next_ids, write_rows
from .national_org import Nation

# (name, years before the last round, shift in respondent SDs)
ROUNDS = [("T1", 4, -0.30), ("T2", 2, -0.15), ("T3", 0, 0.0)]
# Responses per respondent group in a national round, in thousands (≈ 500 000 in all).
SHARES = {
    "pupil_5_7": 125, "pupil_8_10": 115, "guardian": 110, "teacher": 45, "assistant": 10,
    "school_leader": 6, "kg_child": 25, "kg_child_rating": 35, "kg_staff": 18,
    "kg_leader": 5.5, "kg_guardian": 14,
}  # fmt: skip
CODE_UNUSED = 0.35  # of those who did not answer, the share who got a code all the same
CODE_COLUMNS = ["id", "round_id", "unit_id", "group_id", "respondent_group", "child_id",
                "code_hmac", "state", "issued_on"]  # fmt: skip
CODE_TYPES = ["bigint", "bigint", "bigint", "bigint", "text", "bigint", "bytea", "text", "date"]
RESPONSE_COLUMNS = ["id", "round_id", "version_id", "unit_id", "group_id", "respondent_group",
                    "grade_band", "answers", "text_answers", "submitted_on"]  # fmt: skip
RESPONSE_TYPES = ["bigint", "bigint", "bigint", "bigint", "bigint", "text", "text", "bytea",
                  "jsonb", "date"]  # fmt: skip


def last_round_year(today: date) -> int:
    """The autumn of the last round whose window (15 October – 30 November) is over."""
    return today.year if today >= date(today.year, 12, 1) else today.year - 1


def publish_questionnaires() -> dict:
    """Samla's own questionnaire for every respondent group (published once)."""
    return {
        group.code: services.publish_instrument((LIBRARY / group.questionnaire).read_bytes())
        for group in GROUPS
    }


def create_rounds(nation: Nation, versions: dict) -> list[list[Round]]:
    """Per round name, one round per programme, closed, with its units and questionnaires."""
    year = last_round_year(nation.today)
    units_of = {}
    for unit in range(len(nation.unit_ids)):
        units_of.setdefault(nation.programme_of_unit(unit).pk, []).append(
            int(nation.unit_ids[unit])
        )
    rounds = []
    for name, back, _shift in ROUNDS:
        made = []
        for pair in nation.programmes:
            for programme in pair:
                made.append(
                    Round.objects.create(
                        programme=programme,
                        name=name,
                        slug=f"{programme.slug}-{name.lower()}-{year - back}",
                        opens_at=datetime(year - back, 10, 15, 8, 0, tzinfo=OSLO),
                        closes_at=datetime(year - back, 11, 30, 23, 59, tzinfo=OSLO),
                        results_release_on=date(year - back + 1, 1, 15) if back else nation.today,
                        published=True,
                    )
                )
                kindergarten = programme.level == "barnehage"
                RoundInstrument.objects.bulk_create(
                    RoundInstrument(round=made[-1], respondent_group=code, version=version)
                    for code, version in versions.items()
                    if GROUPS_BY_CODE[code].kindergarten == kindergarten
                )
        write_rows(
            Round.units.through,
            ["round_id", "unit_id"],
            ((r.pk, unit) for r in made for unit in units_of[r.programme_id]),
        )
        rounds.append(made)
    return rounds


class Slots:
    """Where each respondent group answers from: (unit, class or -1, people who could)."""

    def __init__(self, nation: Nation) -> None:
        self.nation = nation
        school = nation.unit_school
        classes = nation.group_grade > 0
        departments = ~classes
        units = np.arange(len(nation.unit_ids))
        per_unit = np.bincount(nation.group_unit, minlength=len(units))
        staff = nation.unit_staff
        size = nation.group_size
        by_group = {
            "pupil_5_7": classes & (nation.group_grade >= 5) & (nation.group_grade <= 7),
            "pupil_8_10": classes & (nation.group_grade >= 8),
            "guardian": classes,
        }
        self.slots: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        for code, chosen in by_group.items():
            at = np.flatnonzero(chosen)
            self.slots[code] = (nation.group_unit[at], at, size[at])
        schools, kindergartens = units[school], units[~school]
        teachers = np.rint(staff[schools] * 0.75).astype(np.int64)
        none = np.full(len(schools), -1)
        self.slots["teacher"] = (schools, none, teachers)
        self.slots["assistant"] = (schools, none, np.maximum(staff[schools] - teachers - 1, 0))
        self.slots["school_leader"] = (schools, none, 1 + staff[schools] // 20)
        at = np.flatnonzero(departments)
        in_unit = nation.group_unit[at]
        children = np.rint(size[at] * 0.4).astype(np.int64)
        self.slots["kg_child"] = (in_unit, at, children)
        self.slots["kg_child_rating"] = (in_unit, at, children)
        self.slots["kg_staff"] = (in_unit, at, np.maximum(1, staff[in_unit] // per_unit[in_unit]))
        self.slots["kg_guardian"] = (in_unit, at, size[at])
        self.slots["kg_leader"] = (
            kindergartens,
            np.full(len(kindergartens), -1),
            1 + per_unit[kindergartens] // 4,
        )


def write_children(nation: Nation) -> np.ndarray:
    """One child (a pseudonym) per place in each department; returns each group's first
    child's id (classes get none)."""
    departments = np.flatnonzero(nation.group_grade == 0)
    sizes = nation.group_size[departments]
    ids = next_ids(Child, int(sizes.sum()))
    first = np.zeros(len(nation.group_ids), dtype=np.int64)
    first[departments] = ids[0] + np.r_[0, np.cumsum(sizes)[:-1]]
    group_of = np.repeat(nation.group_ids[departments], sizes)
    # Different by construction, random-looking: a multiplier prime to 31⁹ (and a secret
    # offset), written in the code alphabet.
    offset = secrets.randbelow(31**9)
    rows = (
        (child_id, int(group), "N" + _base31((child_id * 7_368_787 + offset) % 31**9, 9))
        for child_id, group in zip(ids, group_of.tolist(), strict=True)
    )
    write_rows(Child, ["id", "group_id", "pseudonym"], rows)
    return first


def _base31(value: int, width: int) -> str:
    digits = []
    for _ in range(width):
        value, digit = divmod(value, 31)
        digits.append(code_rules.ALPHABET[digit])
    return "".join(reversed(digits))


def _code_hmacs(count: int) -> list[bytes]:
    """HMACs of ``count`` fresh random codes (the codes themselves are dropped)."""
    rng = np.random.default_rng(secrets.randbits(128))
    alphabet = np.frombuffer(code_rules.ALPHABET.encode(), dtype=np.uint8)
    blob = alphabet[rng.integers(0, len(alphabet), count * code_rules.LENGTH)].tobytes()
    key, size = settings.CODE_HMAC_KEY.encode(), code_rules.LENGTH
    return [hmac.digest(key, blob[i * size : (i + 1) * size], "sha256") for i in range(count)]


class RoundWriter:
    """Codes and responses of one round name (T1, T2 or T3) at every programme."""

    def __init__(self, nation: Nation, slots: Slots, versions: dict, children: np.ndarray,
                 target: int, rng: np.random.Generator) -> None:  # fmt: skip
        self.nation, self.slots, self.versions, self.children = nation, slots, versions, children
        self.rng = rng
        total = sum(SHARES.values())
        self.targets = {code: target * share / total for code, share in SHARES.items()}
        self.unit_effect = rng.normal(0, UNIT_SPREAD, len(nation.unit_ids))
        self.group_effect = rng.normal(0, CLASS_SPREAD, len(nation.group_ids))
        self.pools = {
            code: AnswerPool(
                version.instrument(), int(rng.integers(2**31)), min(4096, max(256, int(t)))
            )
            for (code, version), t in zip(versions.items(), self.targets.values(), strict=True)
        }
        band = {g: "1-4" if g <= 4 else "5-7" if g <= 7 else "8-10" for g in range(1, 11)}
        self.bands = np.asarray([band.get(int(g), "") for g in nation.group_grade], dtype=object)

    def write(self, rounds: list[Round], year: int, shift: float) -> dict[str, int]:
        round_of = {r.programme_id: r.pk for r in rounds}
        nation = self.nation
        round_of_unit = np.asarray(
            [round_of[nation.programme_of_unit(u).pk] for u in range(len(nation.unit_ids))]
        )
        codes = responses = 0
        response_parts = []
        for code, (unit, group, people) in self.slots.slots.items():
            rate = min(0.95, self.targets[code] / max(int(people.sum()), 1))
            answered = self.rng.binomial(people, rate)
            issued = answered + self.rng.binomial(people - answered, CODE_UNUSED)
            codes += self._write_codes(code, unit, group, answered, issued, round_of_unit, year)
            response_parts.append((code, np.repeat(unit, answered), np.repeat(group, answered)))
            responses += int(answered.sum())
        self._write_responses(response_parts, round_of_unit, year, shift)
        return {"codes": codes, "responses": responses}

    def _write_codes(self, code, unit, group, answered, issued, round_of_unit, year) -> int:
        rows_unit, rows_group = np.repeat(unit, issued), np.repeat(group, issued)
        slot = np.repeat(np.arange(len(unit)), issued)
        start = np.r_[0, np.cumsum(issued)[:-1]]
        place = np.arange(len(slot)) - start[slot]  # position within its slot
        order = np.lexsort((self.rng.random(len(slot)), slot))  # states mixed within a slot
        spent = np.empty(len(slot), dtype=bool)
        spent[order] = place < answered[slot]
        other = self.rng.choice(
            [CodeState.ISSUED, CodeState.STARTED, CodeState.REVOKED], len(slot), p=[0.9, 0.08, 0.02]
        )
        states = np.where(spent, CodeState.SUBMITTED, other)
        child = np.full(len(slot), -1, dtype=np.int64)
        if GROUPS_BY_CODE[code].per_child == "always":
            size = self.nation.group_size[rows_group]
            turn = self.rng.integers(0, 1 << 20, len(unit))[slot]
            child = self.children[rows_group] + (turn + place) % size
        hmacs = _code_hmacs(len(slot))
        ids = next_ids(AccessCode, len(slot))
        issued_on = date(year, 10, 14)
        nation = self.nation
        rows = zip(
            ids,
            round_of_unit[rows_unit].tolist(),
            nation.unit_ids[rows_unit].tolist(),
            _or_none(np.where(rows_group >= 0, nation.group_ids[rows_group], -1)),
            repeat(code),
            _or_none(child),
            hmacs,
            states.tolist(),
            repeat(issued_on),
        )
        return write_rows(AccessCode, CODE_COLUMNS, rows, CODE_TYPES)

    def _write_responses(self, parts, round_of_unit, year: int, shift: float) -> None:
        codes = np.concatenate([np.full(len(u), c, dtype=object) for c, u, _g in parts])
        unit = np.concatenate([u for _c, u, _g in parts])
        group = np.concatenate([g for _c, _u, g in parts])
        level = (
            self.unit_effect[unit]
            + np.where(group >= 0, self.group_effect[group], 0.0)
            + self.rng.normal(0, 1, len(unit))
            + shift
        )
        blobs = np.empty(len(unit), dtype=object)
        for code in self.versions:
            at = np.flatnonzero(codes == code)
            matrix = self.pools[code].draw(level[at], self.rng)
            blobs[at] = [row.tobytes() for row in matrix]
        ids = _response_ids(len(unit), self.rng)
        first_day = date(year, 10, 15)  # answered 15 October – 30 November
        version_ids = {code: version.pk for code, version in self.versions.items()}
        empty = {} if is_postgresql() else "{}"
        # Unit by unit (the indexes are filled in order); within a class the rows are
        # independent draws, so their order tells nothing.
        order = np.lexsort((group, unit))
        unit, group, codes = unit[order], group[order], codes[order]
        days = [first_day + timedelta(days=d) for d in range(47)]
        rows = zip(
            ids[order].tolist(),
            round_of_unit[unit].tolist(),
            [version_ids[c] for c in codes],
            self.nation.unit_ids[unit].tolist(),
            _or_none(np.where(group >= 0, self.nation.group_ids[group], -1)),
            codes.tolist(),
            np.where(group >= 0, self.bands[group], "").tolist(),
            blobs[order].tolist(),
            repeat(empty),
            [days[d] for d in self.rng.integers(0, 47, len(unit)).tolist()],
        )
        write_rows(Response, RESPONSE_COLUMNS, rows, RESPONSE_TYPES)


def _or_none(ids: np.ndarray) -> list:
    """Ids as Python ints, None for -1 (no class, no child)."""
    return [None if value < 0 else value for value in ids.tolist()]


def _response_ids(count: int, rng: np.random.Generator) -> np.ndarray:
    """``count`` different random ids in 1..2⁶², like the model's own."""
    ids = rng.integers(1, 2**62, count, dtype=np.int64, endpoint=True)
    while len(np.unique(ids)) < count:
        _, first = np.unique(ids, return_index=True)
        again = np.ones(count, dtype=bool)
        again[first] = False
        ids[again] = rng.integers(1, 2**62, int(again.sum()), dtype=np.int64, endpoint=True)
    return ids
