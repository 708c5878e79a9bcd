"""Checks of single cells that need no sheet: number bounds and relevance references."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from samla.surveys.answers import DECIMAL_LIMIT, DECIMAL_SCALE
from samla.surveys.conditions import Compare, Condition, Selected
from samla.surveys.instrument import DONT_KNOW
from samla.surveys.xlsform.messages import (
    BAD_CONSTRAINT,
    BOUND_OUT_OF_RANGE,
    EMPTY_RANGE,
    EQUALS_ON_MULTIPLE,
    LATER_REFERENCE,
    NO_ANSWER_REFERENCE,
    NOT_A_CHOICE,
    NOT_NUMERIC,
    SELECTED_NEEDS_MULTIPLE,
    UNKNOWN_REFERENCE,
)

INTEGER_LIMIT = 32767  # packed answers hold integers in two bytes
_BOUND = re.compile(r"^\s*\(?\s*\.\s*(>=|<=|>|<|=)\s*(-?\d+(?:\.\d+)?)\s*\)?\s*$")


@dataclass(frozen=True)
class Refusal:
    msgid: str
    params: dict[str, Any]


@dataclass(frozen=True)
class Answerable:
    """What a condition may know about an earlier item."""

    kind: str
    choice_values: Sequence[str]


Bound = int | float


def _number(value: float) -> Bound:
    return int(value) if value.is_integer() else value


def parse_bounds(
    expression: str, kind: str = "integer"
) -> tuple[Bound | None, Bound | None, bool] | Refusal:
    """``. >= 0 and . <= 20`` → (0, 20, False); anything else is refused. For a decimal item
    a strict bound (``. > 0``) is read as inclusive, and the last value says so."""
    minimum: Bound | None = None
    maximum: Bound | None = None
    loosened = False
    for part in re.split(r"\band\b", expression):
        match = _BOUND.match(part)
        if match is None:
            return Refusal(BAD_CONSTRAINT, {"expression": expression})
        op, value = match.group(1), float(match.group(2))
        if kind == "integer":
            # Whole numbers: . > 1.5 is . >= 2, . < 3 is . <= 2.
            low = {">=": math.ceil(value), ">": math.floor(value) + 1, "=": value}.get(op)
            high = {"<=": math.floor(value), "<": math.ceil(value) - 1, "=": value}.get(op)
            if op == "=" and not value.is_integer():
                return Refusal(EMPTY_RANGE, {"minimum": value, "maximum": value})
        else:
            loosened = loosened or op in (">", "<")
            low = value if op in (">=", ">", "=") else None
            high = value if op in ("<=", "<", "=") else None
        if low is not None:
            minimum = _number(float(low)) if minimum is None else max(minimum, _number(float(low)))
        if high is not None:
            maximum = (
                _number(float(high)) if maximum is None else min(maximum, _number(float(high)))
            )
    limit = INTEGER_LIMIT if kind == "integer" else DECIMAL_LIMIT / DECIMAL_SCALE
    for bound in (minimum, maximum):
        if bound is not None and abs(bound) > limit:
            return Refusal(BOUND_OUT_OF_RANGE, {"value": bound, "limit": _number(float(limit))})
    if minimum is not None and maximum is not None and minimum > maximum:
        return Refusal(EMPTY_RANGE, {"minimum": minimum, "maximum": maximum})
    return minimum, maximum, loosened


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _check_leaf(
    leaf: Compare | Selected, earlier: Mapping[str, Answerable], questions: set[str]
) -> Refusal | None:
    code = leaf.code
    target = earlier.get(code)
    if target is None:
        return Refusal(LATER_REFERENCE if code in questions else UNKNOWN_REFERENCE, {"code": code})
    if target.kind == "note":
        return Refusal(NO_ANSWER_REFERENCE, {"code": code})
    if isinstance(leaf, Selected):
        if target.kind != "multiple":
            return Refusal(SELECTED_NEEDS_MULTIPLE, {"code": code})
        if leaf.value not in target.choice_values:
            return Refusal(NOT_A_CHOICE, {"code": code, "value": leaf.value})
        return None
    if target.kind == "multiple":
        return Refusal(EQUALS_ON_MULTIPLE, {"code": code})
    if leaf.value == "" and leaf.op in ("=", "!="):
        return None  # ${q} != '': answered, as in ODK
    if isinstance(leaf.value, str):
        if target.kind == "single" and leaf.value not in target.choice_values:
            return Refusal(NOT_A_CHOICE, {"code": code, "value": leaf.value})
        return None
    numeric = target.kind in ("integer", "decimal") or (
        target.kind == "single"
        and all(_is_number(value) for value in target.choice_values if value != DONT_KNOW)
    )
    return None if numeric else Refusal(NOT_NUMERIC, {"code": code})


def check_condition(
    condition: Condition, earlier: Mapping[str, Answerable], questions: set[str]
) -> list[Refusal]:
    """Each comparison must refer to an earlier answerable item, with a value it can have.

    ``earlier`` holds the items before the condition's row; ``questions`` every question name
    in the form, to tell "later" from "unknown".
    """
    refusals = (_check_leaf(leaf, earlier, questions) for leaf in condition.leaves())
    return [refusal for refusal in refusals if refusal is not None]
