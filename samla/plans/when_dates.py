"""The calendar arithmetic of :mod:`when`: dates, months and weeks of a school year
("19/3", "26.-27.9.16", "april/mai", "uke 3-5") resolved to a first and last day.

Pure Python (no Django). Split from :mod:`when`, which reads the words around them.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, time
from typing import NamedTuple

from .when_values import Precision, Term

YEAR = r"[0-9]{4}|[0-9]{2}"
_MONTH_NAMES = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august"]
_MONTH_NAMES += ["september", "oktober", "november", "desember"]
MONTHS = {name: number for number, name in enumerate(_MONTH_NAMES, start=1)}
MONTHS |= {name[:3]: number for name, number in MONTHS.items()} | {"sept": 9}
AUTUMN_FIRST_MONTH = 8
# ISO week 32 is the first whose days all fall in August, whatever the year.
_AUTUMN_FIRST_WEEK = 32

WEEK_WORD = r"(?:uke|uker|uka|veke|veker|veka)\s*"
_WEEK_RANGE = re.compile(
    rf"{WEEK_WORD}(?P<first>[0-9]{{1,2}})\s*-\s*(?P<last>[0-9]{{1,2}})(?:\s+(?P<year>[0-9]{{4}}))?",
    re.I,
)
_WEEK_LIST = re.compile(
    rf"{WEEK_WORD}(?P<weeks>[0-9]{{1,2}}(?:\s*(?:,|og)\s*[0-9]{{1,2}})*)"
    rf"(?:\s+(?P<year>[0-9]{{4}}))?",
    re.I,
)
_ISO_DATE = re.compile(r"(?P<y>[0-9]{4})-(?P<m>[0-9]{1,2})-(?P<d>[0-9]{1,2})")
_NUMERIC_DATE = re.compile(rf"(?P<d>[0-9]{{1,2}})[./](?P<m>[0-9]{{1,2}})(?:[./](?P<y>{YEAR}))?\.?")
# Only four-digit years after a month name: "mai 21" could as well be the 21st of May.
_NAMED_DATE = re.compile(
    r"(?:(?P<d>[0-9]{1,2})\.?\s*)?(?P<name>[^\W\d_]+)\.?(?:\s+(?P<y>[0-9]{4}))?"
)
_DAY_ONLY = re.compile(r"(?P<d>[0-9]{1,2})\.?")
_RANGE_SEPARATOR = re.compile(r"\s*[-/]\s*")


@dataclass(frozen=True)
class Context:
    first_year: int
    term: Term | None

    def year_of(self, month: int) -> int:
        if self.term is Term.AUTUMN:
            return self.first_year
        if self.term is Term.SPRING or month < AUTUMN_FIRST_MONTH:
            return self.first_year + 1
        return self.first_year


class _Point(NamedTuple):
    day: int | None
    month: int | None  # None: a bare day, the start of a range like "26.-27.9.16"
    year: int | None


class Span(NamedTuple):
    start: date
    end: date
    precision: Precision
    is_range: bool = False
    start_time: time | None = None
    end_time: time | None = None


def week_span(text: str, context: Context) -> Span | None:
    if match := _WEEK_RANGE.fullmatch(text):
        weeks = [int(match["first"]), int(match["last"])]
    elif match := _WEEK_LIST.fullmatch(text):
        weeks = [int(week) for week in re.findall("[0-9]+", match["weeks"])]
        if weeks != sorted(set(weeks)):
            return None
    else:
        return None
    first, last = weeks[0], weeks[-1]
    crosses_new_year = last < first
    if crosses_new_year and not first >= _AUTUMN_FIRST_WEEK > last:
        return None
    month = AUTUMN_FIRST_MONTH if first >= _AUTUMN_FIRST_WEEK else 1
    year = year_of_digits(match["year"])
    if year is None:
        year = context.year_of(month)
    start = date.fromisocalendar(year, first, 1)
    end = date.fromisocalendar(year + crosses_new_year, last, 7)
    return Span(start, end, Precision.WEEK, is_range=len(weeks) > 1)


def date_span(text: str, context: Context) -> Span | None:
    single = _parse_point(text)
    if single is not None:
        return _resolve(single, None, context)
    # "19/3-20/3" has several separators; the first split that gives two dates wins.
    for separator in _RANGE_SEPARATOR.finditer(text):
        first = _parse_point(text[: separator.start()])
        last = _parse_point(text[separator.end() :])
        span = None if first is None or last is None else _resolve(first, last, context)
        if span is not None:
            return span
    return None


def _parse_point(text: str) -> _Point | None:
    match = _ISO_DATE.fullmatch(text) or _NUMERIC_DATE.fullmatch(text)
    if match:
        return _Point(int(match["d"]), int(match["m"]), year_of_digits(match["y"]))
    if match := _NAMED_DATE.fullmatch(text):
        month = MONTHS.get(match["name"].lower())
        day = None if match["d"] is None else int(match["d"])
        return None if month is None else _Point(day, month, year_of_digits(match["y"]))
    if match := _DAY_ONLY.fullmatch(text):
        return _Point(int(match["d"]), None, None)
    return None


def _resolve(first: _Point, last: _Point | None, context: Context) -> Span | None:
    if last is None:
        if first.month is None:
            return None
        year = context.year_of(first.month) if first.year is None else first.year
        start = _first_day(year, first.month, first.day)
        return Span(start, _last_day(year, first.month, first.day), _precision(first))
    if last.month is None or (first.day is None) != (last.day is None):
        return None
    # "26.-27.9.16": a bare first day takes the month and the year of the end.
    first_month, first_given_year = first.month, first.year
    if first_month is None:
        first_month, first_given_year = last.month, last.year
    crosses_new_year = last.month < first_month
    if first_given_year is not None and last.year is not None:
        first_year, last_year = first_given_year, last.year
    elif crosses_new_year and not first_month >= AUTUMN_FIRST_MONTH > last.month:
        return None  # without years a range may only run from autumn into spring
    elif last.year is not None:
        last_year = last.year
        first_year = last_year - crosses_new_year
    else:
        first_year = context.year_of(first_month) if first_given_year is None else first_given_year
        last_year = first_year + crosses_new_year
    start = _first_day(first_year, first_month, first.day)
    end = _last_day(last_year, last.month, last.day)
    if end < start:
        return None
    return Span(start, end, _precision(first), is_range=True)


def _first_day(year: int, month: int, day: int | None) -> date:
    return date(year, month, 1 if day is None else day)


def _last_day(year: int, month: int, day: int | None) -> date:
    return date(year, month, calendar.monthrange(year, month)[1] if day is None else day)


def _precision(point: _Point) -> Precision:
    return Precision.MONTH if point.day is None else Precision.DAY


def year_of_digits(digits: str | None) -> int | None:
    if digits is None:
        return None
    return 2000 + int(digits) if len(digits) == 2 else int(digits)
