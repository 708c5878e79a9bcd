"""Read the time expressions Norwegian action plans write in their "Når" column.

Pure Python on purpose (no Django): the Word importer, scripts and tests call it with plain
strings. Every text gives a :class:`When`. Text that is not understood keeps its text and gets
no dates (``understood=False``): a plan row must never be dropped, and a date must never be
guessed without saying so.

Years come from the plan's school year: a month from August on belongs to the first calendar
year, January to July to the second. Inside a term section ("Høst 2020", "Vår 2021") every date
without a year belongs to that term's year, because plans put the spring before the autumn they
prepare (seed 000: "19/3" under "Høst 2020" is March 2020).
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date, time, timedelta
from typing import NamedTuple

from samla.core.time import easter_sunday

from .when_values import Labelled, Precision, Term, When

_MONTH_NAMES = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august"]
_MONTH_NAMES += ["september", "oktober", "november", "desember"]
_MONTHS = {name: number for number, name in enumerate(_MONTH_NAMES, start=1)}
_MONTHS |= {name[:3]: number for name, number in _MONTHS.items()} | {"sept": 9}
_TERM_WORDS = {
    "høst": Term.AUTUMN,
    "høsten": Term.AUTUMN,
    "haust": Term.AUTUMN,
    "hausten": Term.AUTUMN,
    "vår": Term.SPRING,
    "våren": Term.SPRING,
}
_EASTER_WORDS = {"påske", "påsken", "påska", "påskeferie", "påskeferien", "påskeferia"}
_AUTUMN_FIRST_MONTH = 8
# ISO week 32 is the first whose days all fall in August, whatever the year.
_AUTUMN_FIRST_WEEK = 32

_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_YEAR = r"[0-9]{4}|[0-9]{2}"
_TERM = re.compile(rf"(?P<term>{'|'.join(_TERM_WORDS)})(?:\s+(?P<year>{_YEAR}))?", re.I)
_SCHOOL_YEAR = re.compile(rf"\s*([0-9]{{4}})\s*[-/]\s*({_YEAR})\s*")

_POSTPONED = re.compile(r"\(\s*(?:foreløpig\s+)?utsatt\s*\)|\b(?:foreløpig\s+)?utsatt\b", re.I)
_TENTATIVE = re.compile(r"\?+\s*$|^(?:ca\.?|cirka)\s+|\(\s*(?:\?|foreløpig)\s*\)", re.I)
_DEADLINE = re.compile(r"^(?:innen|innan|senest|seinast|frist)\b\s*:?\s*", re.I)
_FROM = re.compile(r"^(?:fra og med|frå og med|f\.\s?o\.\s?m\.?|fom|fra|frå)\s+", re.I)
_UNTIL = re.compile(r"\s+(?:til og med|t\.\s?o\.\s?m\.?|tom|til)\s+", re.I)
_PARENTHESIS = re.compile(r"\(([^()]*)\)")
# "Etter" names an event in words ("vinterferien", "påske"), never a date.
_AFTER = re.compile(r"etter\s+(?P<what>[^\W\d_]+(?:\s+[^\W\d_]+)*)", re.I)
_CLOCK = re.compile(
    r",?\s*\bkl\.?\s*(?P<h1>[0-9]{1,2})(?:[.:](?P<m1>[0-9]{2}))?"
    r"(?:\s*-\s*(?P<h2>[0-9]{1,2})(?:[.:](?P<m2>[0-9]{2}))?)?$",
    re.I,
)
_WEEK_WORD = r"(?:uke|uker|uka|veke|veker|veka)\s*"
_WEEK_RANGE = re.compile(
    rf"{_WEEK_WORD}(?P<first>[0-9]{{1,2}})\s*-\s*(?P<last>[0-9]{{1,2}})(?:\s+(?P<year>[0-9]{{4}}))?",
    re.I,
)
_WEEK_LIST = re.compile(
    rf"{_WEEK_WORD}(?P<weeks>[0-9]{{1,2}}(?:\s*(?:,|og)\s*[0-9]{{1,2}})*)"
    rf"(?:\s+(?P<year>[0-9]{{4}}))?",
    re.I,
)
_ISO_DATE = re.compile(r"(?P<y>[0-9]{4})-(?P<m>[0-9]{1,2})-(?P<d>[0-9]{1,2})")
_NUMERIC_DATE = re.compile(rf"(?P<d>[0-9]{{1,2}})[./](?P<m>[0-9]{{1,2}})(?:[./](?P<y>{_YEAR}))?\.?")
# Only four-digit years after a month name: "mai 21" could as well be the 21st of May.
_NAMED_DATE = re.compile(
    r"(?:(?P<d>[0-9]{1,2})\.?\s*)?(?P<name>[^\W\d_]+)\.?(?:\s+(?P<y>[0-9]{4}))?"
)
_DAY_ONLY = re.compile(r"(?P<d>[0-9]{1,2})\.?")
_RANGE_SEPARATOR = re.compile(r"\s*[-/]\s*")

_LABEL = r"[^\W\d_]+(?:[ -][^\W\d_]+)*"
_LABEL_COLON_TIME = re.compile(rf"(?P<label>{_LABEL})\s*:\s*(?P<time>.*)")
_LABEL_SPACE_TIME = re.compile(r"(?P<label>[^\W\d_]+)\s+(?P<time>[0-9].*)")
_TIME_COLON_LABEL = re.compile(rf"(?P<time>[0-9][^:]*?)\s*:\s*(?P<label>{_LABEL})")


def parse_when(text: str, school_year: str | tuple[int, int], term: Term | None = None) -> When:
    """Read one "Når" cell of a plan for ``school_year`` ("2020/2021" or (2020, 2021)).

    ``term`` is the section the row stands in ("Høst 2020" → Term.AUTUMN); a section whose
    year disagrees with the school year needs the school year it implies. A cell of several
    lines may hold one time and some words ("Oppstartssamling" / "26.-27.9.16"); per-region
    lines ("NØR: 19/3") must be split off first with :func:`split_labelled_lines`.
    """
    context = _Context(_first_year(school_year), term)
    lines = [line for line in map(_clean, text.splitlines()) if line]
    results = [_parse_line(line, context) for line in lines]
    if len(results) == 1:
        return replace(results[0], text=text)
    return _combine(text, results)


def parse_term_heading(text: str) -> tuple[Term, int] | None:
    """("Høst 2020" | "HØSTEN 2021" | "Haust 2021" | "Vår 2022") → (term, year); else None."""
    match = _TERM.fullmatch(_clean(text).rstrip(":").rstrip())
    year = None if match is None else _year(match["year"])
    if match is None or year is None:
        return None
    return _TERM_WORDS[match["term"].lower()], year


def split_labelled_line(line: str) -> Labelled | None:
    """Split "NØR: 19/3", "SØR 20/3", "KR:" or "22.9: Nord-Østerdal" into (label, time text).

    Returns None for a line that is not a label with a time, or is a time on its own.

    The label is whatever the plan wrote; matching it to a region is the caller's business.
    A label with an empty time ("SØR:") is kept so the caller can see the region has no date.
    """
    cleaned = _clean(line)
    if not cleaned or _is_time(cleaned):
        return None
    match = _TIME_COLON_LABEL.fullmatch(cleaned)
    if match and _is_time(match["time"]):
        return Labelled(match["label"], match["time"])
    for pattern in (_LABEL_COLON_TIME, _LABEL_SPACE_TIME):
        match = pattern.fullmatch(cleaned)
        if match and (not match["time"] or _is_time(match["time"])):
            return Labelled(match["label"], match["time"])
    return None


def split_labelled_lines(cell: str) -> tuple[str, list[Labelled]]:
    """Split a cell into its other lines (joined by newlines) and its labelled lines."""
    others: list[str] = []
    labelled: list[Labelled] = []
    for line in cell.splitlines():
        found = split_labelled_line(line)
        if found is None:
            others.append(line)
        else:
            labelled.append(found)
    return "\n".join(others), labelled


@dataclass(frozen=True)
class _Context:
    first_year: int
    term: Term | None

    def year_of(self, month: int) -> int:
        if self.term is Term.AUTUMN:
            return self.first_year
        if self.term is Term.SPRING or month < _AUTUMN_FIRST_MONTH:
            return self.first_year + 1
        return self.first_year


class _Point(NamedTuple):
    day: int | None
    month: int | None  # None: a bare day, the start of a range like "26.-27.9.16"
    year: int | None


class _Span(NamedTuple):
    start: date
    end: date
    precision: Precision
    is_range: bool = False
    start_time: time | None = None
    end_time: time | None = None


def _first_year(school_year: str | tuple[int, int]) -> int:
    if isinstance(school_year, str):
        match = _SCHOOL_YEAR.fullmatch(_DASHES.sub("-", school_year))
        if match is None:
            raise ValueError(f"Not a school year: {school_year!r}")
        first, second = int(match[1]), int(match[2])
        if second < 100:
            second += first // 100 * 100
    else:
        first, second = school_year
    if second != first + 1:
        raise ValueError(f"A school year spans two consecutive years, not {school_year!r}")
    return first


def _clean(text: str) -> str:
    # Text extracted from Word and PDF has decomposed letters and all kinds of dashes.
    return _squash(_DASHES.sub("-", unicodedata.normalize("NFC", text)))


def _squash(text: str) -> str:
    return " ".join(text.split())


def _take(pattern: re.Pattern[str], text: str) -> tuple[str, bool]:
    rest, count = pattern.subn(" ", text)
    return _squash(rest), count > 0


def _unknown(text: str) -> When:
    return When(text, None, None, None, understood=False)


def _parse_line(line: str, context: _Context) -> When:
    words, postponed = _take(_POSTPONED, line)
    words, tentative = _take(_TENTATIVE, words)
    rest, deadline = _take(_DEADLINE, words)
    rest, starts_from = _take(_FROM, rest)
    rest = _UNTIL.sub(" - ", rest)
    try:
        span = _parse_expression(rest, context)
    except (ValueError, OverflowError):  # impossible dates such as 31.2 or week 53 of 2021
        span = None
    if span is None:
        if postponed:
            return When(line, None, None, None, tentative=tentative, postponed=True, note=words)
        return _unknown(line)
    open_end = starts_from and not span.is_range
    return When(
        line,
        span.start,
        None if open_end else span.end,
        span.precision,
        span.start_time,
        span.end_time,
        tentative=tentative,
        postponed=postponed,
        deadline=deadline,
        open_end=open_end,
    )


def _combine(text: str, results: list[When]) -> When:
    dated = [result for result in results if result.start is not None]
    postponed = any(result.postponed for result in results)
    # Two times in one cell would mean choosing one of them: that is the caller's decision.
    if len(dated) > 1 or not (dated or postponed):
        return _unknown(text)
    notes = [result.note if result.understood else result.text for result in results]
    return replace(
        dated[0] if dated else When(text, None, None, None),
        text=text,
        tentative=any(result.tentative for result in results),
        postponed=postponed,
        note=" ".join(note for note in notes if note),
    )


def _parse_expression(text: str, context: _Context) -> _Span | None:
    hints = _PARENTHESIS.findall(text)
    main = _squash(_PARENTHESIS.sub(" ", text))
    after = _AFTER.fullmatch(main)
    if after:
        return _after(after["what"], hints, context)
    if hints or "(" in main or ")" in main:
        return None
    clock = _CLOCK.search(main)
    if clock:
        main = main[: clock.start()]
    span = _term_span(main, context) or _week_span(main, context) or _date_span(main, context)
    if span is None or clock is None:
        return span
    if span.precision is not Precision.DAY:
        return None
    start_time = time(int(clock["h1"]), int(clock["m1"] or 0))
    end_time = None if clock["h2"] is None else time(int(clock["h2"]), int(clock["m2"] or 0))
    if end_time is not None and end_time < start_time:
        return None
    return span._replace(start_time=start_time, end_time=end_time)


def _after(what: str, hints: list[str], context: _Context) -> _Span | None:
    # "Etter vinterferien (mars)": the author named the time, and holidays differ by county.
    if len(hints) == 1:
        return _parse_expression(hints[0], context)
    if not hints and what.lower() in _EASTER_WORDS:
        # Schools are closed until Easter Monday; "after Easter" is the first full week back.
        easter_monday = easter_sunday(context.year_of(4)) + timedelta(days=1)
        monday_after = easter_monday + timedelta(days=7)
        return _Span(monday_after, monday_after + timedelta(days=6), Precision.WEEK)
    return None


def _term_span(text: str, context: _Context) -> _Span | None:
    match = _TERM.fullmatch(text)
    if match is None:
        return None
    autumn = _TERM_WORDS[match["term"].lower()] is Term.AUTUMN
    year = _year(match["year"])
    if year is None:
        year = context.first_year if autumn else context.first_year + 1
    if autumn:
        return _Span(date(year, 8, 1), date(year, 12, 31), Precision.TERM)
    return _Span(date(year, 1, 1), date(year, 6, 30), Precision.TERM)


def _week_span(text: str, context: _Context) -> _Span | None:
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
    month = _AUTUMN_FIRST_MONTH if first >= _AUTUMN_FIRST_WEEK else 1
    year = _year(match["year"])
    if year is None:
        year = context.year_of(month)
    start = date.fromisocalendar(year, first, 1)
    end = date.fromisocalendar(year + crosses_new_year, last, 7)
    return _Span(start, end, Precision.WEEK, is_range=len(weeks) > 1)


def _date_span(text: str, context: _Context) -> _Span | None:
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
        return _Point(int(match["d"]), int(match["m"]), _year(match["y"]))
    if match := _NAMED_DATE.fullmatch(text):
        month = _MONTHS.get(match["name"].lower())
        day = None if match["d"] is None else int(match["d"])
        return None if month is None else _Point(day, month, _year(match["y"]))
    if match := _DAY_ONLY.fullmatch(text):
        return _Point(int(match["d"]), None, None)
    return None


def _resolve(first: _Point, last: _Point | None, context: _Context) -> _Span | None:
    if last is None:
        if first.month is None:
            return None
        year = context.year_of(first.month) if first.year is None else first.year
        start = _first_day(year, first.month, first.day)
        return _Span(start, _last_day(year, first.month, first.day), _precision(first))
    if last.month is None or (first.day is None) != (last.day is None):
        return None
    # "26.-27.9.16": a bare first day takes the month and the year of the end.
    first_month, first_given_year = first.month, first.year
    if first_month is None:
        first_month, first_given_year = last.month, last.year
    crosses_new_year = last.month < first_month
    if first_given_year is not None and last.year is not None:
        first_year, last_year = first_given_year, last.year
    elif crosses_new_year and not first_month >= _AUTUMN_FIRST_MONTH > last.month:
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
    return _Span(start, end, _precision(first), is_range=True)


def _first_day(year: int, month: int, day: int | None) -> date:
    return date(year, month, 1 if day is None else day)


def _last_day(year: int, month: int, day: int | None) -> date:
    return date(year, month, calendar.monthrange(year, month)[1] if day is None else day)


def _precision(point: _Point) -> Precision:
    return Precision.MONTH if point.day is None else Precision.DAY


def _year(digits: str | None) -> int | None:
    if digits is None:
        return None
    return 2000 + int(digits) if len(digits) == 2 else int(digits)


def _is_time(text: str) -> bool:
    return parse_when(text, (2000, 2001)).understood
