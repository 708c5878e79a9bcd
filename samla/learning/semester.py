"""Semesters and the meeting rule, in plain Python (no Django).

Autumn runs August–December, spring January–June, both in Europe/Oslo time; July belongs
to neither. The rule (by default at least 4 meetings of at least 90 minutes) is judged per
semester: *met* once enough meetings are held, *missed* when the semester has ended without
that, otherwise *not yet*.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from functools import total_ordering
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")
AUTUMN, SPRING = "H", "V"  # høst, vår: the letters Norwegian schools use


class RuleStatus(StrEnum):
    MET = "met"
    NOT_YET = "not_yet"
    MISSED = "missed"


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
        first = self.year if self.half == AUTUMN else self.year - 1
        return f"{first}/{first + 1}"

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
        if moment.tzinfo is None:
            raise ValueError("a moment needs a time zone")
        moment = moment.astimezone(OSLO).date()
    if moment.month >= 8:
        return Semester(moment.year, AUTUMN)
    if moment.month <= 6:
        return Semester(moment.year, SPRING)
    return None


def current_semester(today: date) -> Semester:
    """The semester of a day; in July, the autumn that follows."""
    return semester_of(today) or Semester(today.year, AUTUMN)


@dataclass(frozen=True)
class MeetingRule:
    meetings: int = 4
    minutes: int = 90

    def counts(self, minutes: int) -> bool:
        """Whether a held meeting of this length counts towards the rule."""
        return minutes >= self.minutes


def rule_status(rule: MeetingRule, semester: Semester, qualifying: int, today: date) -> RuleStatus:
    """Met when enough qualifying meetings are held, missed when the semester is over
    without them, otherwise not yet (also for a semester that has not begun)."""
    if qualifying >= rule.meetings:
        return RuleStatus.MET
    if today > semester.last_day:
        return RuleStatus.MISSED
    return RuleStatus.NOT_YET
