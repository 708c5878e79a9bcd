"""A page's answers read from what the respondent's form posted, against the instrument.

Pure Python, no Django. The answer page posts one field per question, named by its item
code: one value for a single choice, a number, a date or a text, any number of values for
a multiple choice. Anything else is dropped (None): a value that is not one of the item's
choices, a number that is not a whole number (integer) or has more than two decimals
(decimal) or lies outside the item's bounds, a date that does not exist or lies outside
1911..2088. Texts are trimmed and cut at :data:`TEXT_LIMIT` characters. So a draft holds
only answers the instrument allows, whoever posts them.

Typed answers are read as people write them: a decimal with a comma or a point ("3,5",
"3.5"); a date as ISO ``yyyy-mm-dd`` (what ``<input type="date">`` posts) or as
``dd.mm.yyyy`` (typed where the browser has no date picker). A decimal answer is a float,
a date answer its ISO text (see :mod:`samla.surveys.answers`).

:func:`page_refusals` says, per question, why a typed value was dropped: an English msgid
marked with :func:`gettext_noop` and its parameters, for the page to show in the
respondent's language next to the field.

``posted`` is a Django ``QueryDict`` (its ``getlist`` gives a multiple choice's values) or
any mapping of item code to a value or a list of values (simulated respondents, tests).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from .answers import DATE_FIRST, DATE_LAST, DECIMAL_LIMIT, DECIMAL_SCALE, INTEGER_LIMIT
from .instrument import Instrument, Item, gettext_noop

__all__ = ["TEXT_LIMIT", "Refusal", "page_answers", "page_refusals", "read_typed"]

TEXT_LIMIT = 2000
TYPED_KINDS = ("integer", "decimal", "date")

_INTEGER = re.compile(r"[+-]?\d+", re.ASCII)
_DECIMAL = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)", re.ASCII)
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
_NORWEGIAN_DATE = re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{4})", re.ASCII)


@dataclass(frozen=True)
class Refusal:
    """Why a typed answer was not kept: an English msgid and its ``%(name)s`` parameters
    (numbers stay numbers, for the page to format in the respondent's language)."""

    msgid: str
    params: dict[str, Any] = field(default_factory=dict)


NOT_WHOLE = gettext_noop("Write a whole number, for example 12.")
NOT_NUMBER = gettext_noop("Write a number, for example 3,5.")
TOO_MANY_DECIMALS = gettext_noop("Write the number with at most two decimals, for example 3,25.")
BETWEEN = gettext_noop("Write a number from %(minimum)s to %(maximum)s.")
AT_LEAST = gettext_noop("Write a number that is at least %(minimum)s.")
AT_MOST = gettext_noop("Write a number that is at most %(maximum)s.")
NOT_DATE = gettext_noop("Write the date as dd.mm.yyyy, for example 17.05.2024.")
NO_SUCH_DATE = gettext_noop("That date does not exist. Check the day and the month.")
DATE_OUTSIDE = gettext_noop("Write a date from the year %(first)s to %(last)s.")


def _values(posted: Mapping[str, Any], code: str) -> list[Any]:
    getlist = getattr(posted, "getlist", None)
    if callable(getlist):
        return list(getlist(code))
    value = posted.get(code)
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def _text(posted: Mapping[str, Any], code: str) -> str:
    value = posted.get(code)
    return "" if value is None else str(value).strip()


def _within(item: Item, number: int | Decimal, limit: int | float) -> Refusal | None:
    """None when ``number`` is within the item's bounds and what packing can hold
    (±``limit``); else a refusal naming the bounds the item declares."""
    low = -limit if item.minimum is None else item.minimum
    high = limit if item.maximum is None else item.maximum
    if low <= number <= high:
        return None
    if item.minimum is not None and item.maximum is None:
        return Refusal(AT_LEAST, {"minimum": low})
    if item.maximum is not None and item.minimum is None:
        return Refusal(AT_MOST, {"maximum": high})
    return Refusal(BETWEEN, {"minimum": low, "maximum": high})


def _integer(item: Item, raw: str) -> int | Refusal:
    if not _INTEGER.fullmatch(raw):
        return Refusal(NOT_WHOLE)
    number = int(raw)
    return _within(item, number, INTEGER_LIMIT) or number


def _decimal(item: Item, raw: str) -> float | Refusal:
    text = raw.replace(" ", "").replace("\u2212", "-")  # a typographic minus counts too
    if not _DECIMAL.fullmatch(text):
        return Refusal(NOT_NUMBER)
    try:
        number = Decimal(text.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        return Refusal(NOT_NUMBER)
    if number != number.quantize(Decimal("0.01")):
        return Refusal(TOO_MANY_DECIMALS)
    return _within(item, number, DECIMAL_LIMIT / DECIMAL_SCALE) or float(number)


def _date(raw: str) -> str | Refusal:
    iso = _ISO_DATE.fullmatch(raw)
    typed = None if iso else _NORWEGIAN_DATE.fullmatch(raw)
    if iso:
        year, month, day = (int(part) for part in iso.groups())
    elif typed:
        day, month, year = (int(part) for part in typed.groups())
    else:
        return Refusal(NOT_DATE)
    try:
        date = datetime.date(year, month, day)
    except ValueError:
        return Refusal(NO_SUCH_DATE)
    if not DATE_FIRST <= date <= DATE_LAST:
        return Refusal(DATE_OUTSIDE, {"first": DATE_FIRST.year, "last": DATE_LAST.year})
    return date.isoformat()


def read_typed(item: Item, raw: str) -> int | float | str | Refusal | None:
    """A typed answer (integer, decimal or date item) read from its posted text: the
    answer, a :class:`Refusal`, or None when nothing was typed."""
    raw = raw.strip()
    if not raw:
        return None
    if item.kind == "integer":
        return _integer(item, raw)
    if item.kind == "decimal":
        return _decimal(item, raw)
    if item.kind == "date":
        return _date(raw)
    raise ValueError(f"{item.code}: a {item.kind} item is not typed")


def page_answers(instrument: Instrument, page: int, posted: Mapping[str, Any]) -> dict:
    """Item code → answer (None where nothing usable was posted) for every question on the
    instrument's page number ``page``; notes and codes of other pages are left out."""
    answers: dict = {}
    for code in instrument.pages[page].item_codes:
        item = instrument.item(code)
        if item.kind == "multiple":
            allowed = item.choice_values()
            answers[code] = [v for v in _values(posted, code) if v in allowed] or None
        elif item.kind == "single":
            value = posted.get(code)
            answers[code] = value if value in item.choice_values() else None
        elif item.kind in TYPED_KINDS:
            value = read_typed(item, _text(posted, code))
            answers[code] = None if isinstance(value, Refusal) else value
        elif item.kind == "text":
            answers[code] = _text(posted, code)[:TEXT_LIMIT] or None
    return answers


def page_refusals(instrument: Instrument, page: int, posted: Mapping[str, Any]) -> dict:
    """Item code → :class:`Refusal` for each typed question on the page whose posted text
    was not a usable answer (so :func:`page_answers` dropped it)."""
    refusals: dict[str, Refusal] = {}
    for code in instrument.pages[page].item_codes:
        item = instrument.item(code)
        if item.kind in TYPED_KINDS:
            value = read_typed(item, _text(posted, code))
            if isinstance(value, Refusal):
                refusals[code] = value
    return refusals
