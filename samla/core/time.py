"""Oslo time, school years, semesters and Easter: the calendar every app counts in.

Norwegian schools count in school years (August–July, written "2026/2027") and in
semesters: autumn (høst, "H") August–December and spring (vår, "V") January–June, both in
Europe/Oslo time; July belongs to neither.

Pure Python (no Django), so that the file readers and the rules can use it too; the form
validator of a school year is :func:`samla.core.validators.validate_school_year`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import total_ordering
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")
AUTUMN, SPRING = "H", "V"  # høst, vår: the letters Norwegian schools use

_SCHOOL_YEAR = re.compile(r"^(\d{4})/(\d{4})$")


def in_oslo(moment: datetime) -> datetime:
    """The same moment on an Oslo clock; a moment without a time zone is refused."""
    if moment.tzinfo is None:
        raise ValueError("a moment needs a time zone")
    return moment.astimezone(OSLO)


def oslo_today(now: datetime) -> date:
    """The day it is in Oslo at ``now``."""
    return in_oslo(now).date()


# --- School years ----------------------------------------------------------------------------


def is_school_year(value: str) -> bool:
    """Whether ``value`` is a school year as stored: two following years, "2026/2027"."""
    match = _SCHOOL_YEAR.match(value)
    return bool(match) and int(match[2]) == int(match[1]) + 1


def school_year_text(first: int) -> str:
    """The school year that begins in August of ``first``: "2026/2027"."""
    return f"{first}/{first + 1}"


def school_year_of(day: date) -> str:
    """The school year (August–July) a day falls in, e.g. "2026/2027"."""
    return school_year_text(day.year if day.month >= 8 else day.year - 1)


def previous_school_year(school_year: str) -> str:
    """The school year before a stored one: "2025/2026" for "2026/2027"."""
    return school_year_text(int(school_year[:4]) - 1)


def easter_sunday(year: int) -> date:
    """Gregorian Easter Sunday, by the anonymous Gregorian computus (Meeus/Jones/Butcher)."""
    golden = year % 19
    century, year_of_century = divmod(year, 100)
    leap_centuries, century_rest = divmod(century, 4)
    moon_correction = (century - (century + 8) // 25 + 1) // 3
    epact = (19 * golden + century - leap_centuries - moon_correction + 15) % 30
    leap_years, year_rest = divmod(year_of_century, 4)
    to_sunday = (32 + 2 * century_rest + 2 * leap_years - epact - year_rest) % 7
    late_correction = (golden + 11 * epact + 22 * to_sunday) // 451
    month, day = divmod(epact + to_sunday - 7 * late_correction + 114, 31)
    return date(year, month, day + 1)


# --- Semesters -------------------------------------------------------------------------------


@total_ordering
@dataclass(frozen=True)
class Semester:
    year: int
    half: str  # SPRING or AUTUMN; within a year spring comes first (though "V" > "H")

    def __post_init__(self) -> None:
        if self.half not in (AUTUMN, SPRING):
            raise ValueError(f"unknown semester half {self.half!r}")

    def __lt__(self, other: Semester) -> bool:
        return (self.year, self.half == AUTUMN) < (other.year, other.half == AUTUMN)

    @property
    def first_day(self) -> date:
        return date(self.year, 8 if self.half == AUTUMN else 1, 1)

    @property
    def last_day(self) -> date:
        return date(self.year, 12, 31) if self.half == AUTUMN else date(self.year, 6, 30)

    @property
    def starts_at(self) -> datetime:
        """The first moment of the semester, Oslo time."""
        return datetime(self.first_day.year, self.first_day.month, 1, tzinfo=OSLO)

    @property
    def ends_at(self) -> datetime:
        """The first moment after the semester, Oslo time (exclusive)."""
        if self.half == AUTUMN:
            return datetime(self.year + 1, 1, 1, tzinfo=OSLO)
        return datetime(self.year, 7, 1, tzinfo=OSLO)

    @property
    def key(self) -> str:
        """The form used in addresses: 2026H, 2027V."""
        return f"{self.year}{self.half}"

    @property
    def school_year(self) -> str:
        return school_year_text(self.year if self.half == AUTUMN else self.year - 1)

    def next(self) -> Semester:
        return (
            Semester(self.year, AUTUMN) if self.half == SPRING else Semester(self.year + 1, SPRING)
        )

    def previous(self) -> Semester:
        return (
            Semester(self.year - 1, AUTUMN) if self.half == SPRING else Semester(self.year, SPRING)
        )

    @classmethod
    def parse(cls, key: str) -> Semester | None:
        match = re.fullmatch(r"(\d{4})([HV])", key.strip().upper())
        if not match:
            return None
        year = int(match[1])
        if not 1900 <= year <= 2200:
            return None
        return cls(year, match[2])

    @classmethod
    def of_school_year(cls, school_year: str) -> tuple[Semester, Semester]:
        first = int(school_year[:4])
        return cls(first, AUTUMN), cls(first + 1, SPRING)


def semester_of(moment: date | datetime) -> Semester | None:
    """The semester a day or moment falls in (moments are read in Oslo time); None in July."""
    if isinstance(moment, datetime):
        moment = in_oslo(moment).date()
    if moment.month >= 8:
        return Semester(moment.year, AUTUMN)
    if moment.month <= 6:
        return Semester(moment.year, SPRING)
    return None


def current_semester(today: date) -> Semester:
    """The semester of a day; in July, the autumn that follows."""
    return semester_of(today) or Semester(today.year, AUTUMN)
