"""Rolling a plan's times forward one school year, and why a new date needs a second look.

A dated time moves to the same ISO week and weekday a year later: 52 weeks on, or 53 when
the year it leaves has a week 53 (so "Tuesday of week 12" stays Tuesday of week 12); a week 53
with no week 53 the next year moves 52 weeks, to week 52. A whole range moves by the shift of
its first day, so it keeps its length. Months and terms keep their month a year later. The new
date needs a review when it lands in another month than the old one or in a school holiday
known for the whole country (Easter, Christmas, public holidays); autumn and winter holidays
differ by county and are not known here.

Pure Python (no Django), like :mod:`when`.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from samla.core.time import easter_sunday

from .when import parse_when
from .when_values import Precision, Term, When

_MONTHS = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september"]
_MONTHS += ["oktober", "november", "desember"]
# A day-precision range longer than this is a period ("15. oktober – 30. november"), not an
# event to be held on a holiday: only its first and last day are checked.
_EVENT_DAYS = 7


class Holiday(StrEnum):
    EASTER = "easter"
    CHRISTMAS = "christmas"
    PUBLIC = "public"


def a_year_later(day: date) -> date:
    """The same ISO weekday in the same ISO week of the next ISO year."""
    iso_year, week, weekday = day.isocalendar()
    try:
        return date.fromisocalendar(iso_year + 1, week, weekday)
    except ValueError:  # week 53, and the next year has 52 weeks
        return day + timedelta(weeks=52)


def school_holiday(day: date) -> Holiday | None:
    """The holiday every Norwegian school has on ``day``, if any."""
    easter = easter_sunday(day.year)
    if easter - timedelta(days=6) <= day <= easter + timedelta(days=1):
        return Holiday.EASTER  # Monday of Holy Week to Easter Monday
    if (day.month, day.day) >= (12, 24) or (day.month, day.day) == (1, 1):
        return Holiday.CHRISTMAS
    ascension, whit_monday = easter + timedelta(days=39), easter + timedelta(days=50)
    if day in (ascension, whit_monday) or (day.month, day.day) in ((5, 1), (5, 17)):
        return Holiday.PUBLIC
    return None


@dataclass(frozen=True)
class Rolled:
    """A time of the old plan as the new plan has it."""

    when: When
    moved_from: date | None = None  # the old first day, when the time moved by weeks
    holiday: Holiday | None = None
    other_month: bool = False

    @property
    def needs_review(self) -> bool:
        return self.holiday is not None or self.other_month


def roll_time(old: When, school_year: str, term: Term | None = None) -> Rolled:
    """``old`` (a stored time of the old plan) in the new plan's ``school_year``.

    The time keeps its text when that text, read in the new school year, gives the new dates
    ("uke 34", "november"); otherwise the text is written anew from the dates. A time without
    dates (postponed, not understood, empty) is kept as it is."""
    if old.start is None or old.precision is None:
        return Rolled(old)
    if old.precision in (Precision.DAY, Precision.WEEK):
        shift = a_year_later(old.start) - old.start
        start, end = old.start + shift, old.end and old.end + shift
    else:
        start = old.start.replace(year=old.start.year + 1)
        end = old.end and _month_end(old.end.year + 1, old.end.month)
    new = replace(old, start=start, end=end)
    reread = parse_when(old.text, school_year, term)
    if (reread.start, reread.end) == (start, end):
        new = replace(new, text=old.text)
    else:
        new = replace(new, text=time_text(new))
    if old.precision not in (Precision.DAY, Precision.WEEK):
        return Rolled(new)
    last = end or start
    other_month = (start.month, last.month) != (old.start.month, (old.end or old.start).month)
    holiday = _holiday_in(start, last) if old.precision is Precision.DAY else None
    return Rolled(new, old.start, holiday, other_month)


def time_text(when: When) -> str:
    """Text that :func:`when.parse_when` reads as ``when``'s dates: "18.3.2027 kl. 14.00-16.00",
    "uke 34-35 2027", "mars 2027", "høst 2026", with "innen", "fra og med" and "?"."""
    start, end = when.start, when.end or when.start
    if when.precision is Precision.WEEK:
        first, last = start.isocalendar(), end.isocalendar()
        weeks = f"{first.week}" if first.week == last.week else f"{first.week}-{last.week}"
        text = f"uke {weeks} {first.year}"
    elif when.precision is Precision.TERM:
        text = f"{'høst' if start.month >= 8 else 'vår'} {start.year}"
    elif when.precision is Precision.MONTH:
        text = _month(start)
        if (end.year, end.month) != (start.year, start.month):
            text += f"-{_month(end)}"
    else:
        text = _day(start) if when.end in (None, start) else f"{_day(start)}-{_day(end)}"
        if when.start_time:
            text += f" kl. {when.start_time:%H.%M}"
            if when.end_time:
                text += f"-{when.end_time:%H.%M}"
    if when.open_end:
        text = f"fra og med {text}"
    if when.deadline:
        text = f"innen {text}"
    return f"{text}?" if when.tentative else text


def _day(day: date) -> str:
    return f"{day.day}.{day.month}.{day.year}"


def _month(day: date) -> str:
    return f"{_MONTHS[day.month - 1]} {day.year}"


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _holiday_in(start: date, last: date) -> Holiday | None:
    length = (last - start).days + 1
    days = [start + timedelta(days=n) for n in range(length)] if length <= _EVENT_DAYS else []
    for day in days or [start, last]:
        if found := school_holiday(day):
            return found
    return None
