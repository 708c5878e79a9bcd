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

import re
import unicodedata
from dataclasses import replace
from datetime import date, time, timedelta

from samla.core.time import easter_sunday

from .when_dates import (
    MONTHS,
    WEEK_WORD,
    YEAR,
    Context,
    Span,
    date_span,
    week_span,
    year_of_digits,
)
from .when_values import Labelled, Precision, Term, When

_TERM_WORDS = {
    "høst": Term.AUTUMN,
    "høsten": Term.AUTUMN,
    "haust": Term.AUTUMN,
    "hausten": Term.AUTUMN,
    "vår": Term.SPRING,
    "våren": Term.SPRING,
}
_EASTER_WORDS = {"påske", "påsken", "påska", "påskeferie", "påskeferien", "påskeferia"}

_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_TERM = re.compile(rf"(?P<term>{'|'.join(_TERM_WORDS)})(?:\s+(?P<year>{YEAR}))?", re.I)
_SCHOOL_YEAR = re.compile(rf"\s*([0-9]{{4}})\s*[-/]\s*({YEAR})\s*")

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
    context = Context(_first_year(school_year), term)
    lines = [line for line in map(_clean, text.splitlines()) if line]
    results = [_parse_line(line, context) for line in lines]
    if len(results) == 1:
        return replace(results[0], text=text)
    return _combine(text, results)


def parse_term_heading(text: str) -> tuple[Term, int] | None:
    """("Høst 2020" | "HØSTEN 2021" | "Haust 2021" | "Vår 2022") → (term, year); else None."""
    match = _TERM.fullmatch(_clean(text).rstrip(":").rstrip())
    year = None if match is None else year_of_digits(match["year"])
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


def _parse_line(line: str, context: Context) -> When:
    words, postponed = _take(_POSTPONED, line)
    words, tentative = _take(_TENTATIVE, words)
    rest, deadline = _take(_DEADLINE, words)
    rest, starts_from = _take(_FROM, rest)
    rest = _UNTIL.sub(" - ", rest)
    span = _parse_safely(rest, context)
    note = ""
    if span is None and not postponed:
        span, note = _time_then_words(rest, context)
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
        note=note,
    )


def _parse_safely(text: str, context: Context) -> Span | None:
    try:
        return _parse_expression(text, context)
    except (ValueError, OverflowError):  # impossible dates such as 31.2 or week 53 of 2021
        return None


def _time_then_words(text: str, context: Context) -> tuple[Span | None, str]:
    """ "12.01.23 Fagdag for alle": a time, then words that say no time: the words are a note.

    The words may hold no digit and no word of a time ("mars og april", "19/3 og 20/3" stay
    not understood: which of the times is meant is not for the reader to choose), and must
    follow the time after a space ("22.9: Nord-Østerdal" is a label).
    """
    words = text.split(" ")
    for count in range(len(words) - 1, 0, -1):
        after = words[count:]
        if not after[0][:1].isalpha() or any(not _note_word(word) for word in after):
            continue
        span = _parse_safely(" ".join(words[:count]), context)
        if span is not None:
            return span, " ".join(after)
    return None, ""


def _note_word(word: str) -> bool:
    if any(char.isdigit() for char in word):
        return False
    bare = word.strip(".,;:!?()").lower()
    return not (
        bare in MONTHS
        or bare in _TERM_WORDS
        or bare in _EASTER_WORDS
        or bare in _NOTE_STOP_WORDS
        or re.fullmatch(WEEK_WORD, bare)
    )


# Words that tie a second time to the first: with them the words are no note.
_NOTE_STOP_WORDS = {"og", "eller", "el", "evt", "til", "fra", "frå", "kl", "uke", "veke", "etter"}


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


def _parse_expression(text: str, context: Context) -> Span | None:
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
    span = _term_span(main, context) or week_span(main, context) or date_span(main, context)
    if span is None or clock is None:
        return span
    if span.precision is not Precision.DAY:
        return None
    start_time = time(int(clock["h1"]), int(clock["m1"] or 0))
    end_time = None if clock["h2"] is None else time(int(clock["h2"]), int(clock["m2"] or 0))
    if end_time is not None and end_time < start_time:
        return None
    return span._replace(start_time=start_time, end_time=end_time)


def _after(what: str, hints: list[str], context: Context) -> Span | None:
    # "Etter vinterferien (mars)": the author named the time, and holidays differ by county.
    if len(hints) == 1:
        return _parse_expression(hints[0], context)
    if not hints and what.lower() in _EASTER_WORDS:
        # Schools are closed until Easter Monday; "after Easter" is the first full week back.
        easter_monday = easter_sunday(context.year_of(4)) + timedelta(days=1)
        monday_after = easter_monday + timedelta(days=7)
        return Span(monday_after, monday_after + timedelta(days=6), Precision.WEEK)
    return None


def _term_span(text: str, context: Context) -> Span | None:
    match = _TERM.fullmatch(text)
    if match is None:
        return None
    autumn = _TERM_WORDS[match["term"].lower()] is Term.AUTUMN
    year = year_of_digits(match["year"])
    if year is None:
        year = context.first_year if autumn else context.first_year + 1
    if autumn:
        return Span(date(year, 8, 1), date(year, 12, 31), Precision.TERM)
    return Span(date(year, 1, 1), date(year, 6, 30), Precision.TERM)


def _is_time(text: str) -> bool:
    return parse_when(text, (2000, 2001)).understood
