"""The semester rule at its edges: term boundaries in Europe/Oslo, July, the rule states."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from samla.learning.semester import (
    AUTUMN,
    OSLO,
    SPRING,
    MeetingRule,
    RuleStatus,
    Semester,
    current_semester,
    rule_status,
    semester_of,
)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 1, 1), Semester(2026, SPRING)),
        (date(2026, 6, 30), Semester(2026, SPRING)),
        (date(2026, 7, 1), None),
        (date(2026, 7, 31), None),
        (date(2026, 8, 1), Semester(2026, AUTUMN)),
        (date(2026, 12, 31), Semester(2026, AUTUMN)),
    ],
)
def test_days_on_term_boundaries(day, expected):
    assert semester_of(day) == expected


def test_moments_are_read_in_oslo_time():
    # 31 July 22:30 UTC is 1 August 00:30 in Oslo (summer time, UTC+2): autumn.
    assert semester_of(datetime(2026, 7, 31, 22, 30, tzinfo=UTC)) == Semester(2026, AUTUMN)
    # 31 December 23:30 UTC is 1 January 00:30 in Oslo (winter time, UTC+1): spring.
    assert semester_of(datetime(2026, 12, 31, 23, 30, tzinfo=UTC)) == Semester(2027, SPRING)
    # 30 June 21:59 UTC is 23:59 in Oslo: still spring; a minute later it is July.
    assert semester_of(datetime(2026, 6, 30, 21, 59, tzinfo=UTC)) == Semester(2026, SPRING)
    assert semester_of(datetime(2026, 6, 30, 22, 0, tzinfo=UTC)) is None
    with pytest.raises(ValueError, match="time zone"):
        semester_of(datetime(2026, 9, 1, 12, 0))


def test_semester_bounds_and_order():
    autumn = Semester(2026, AUTUMN)
    assert autumn.starts_at == datetime(2026, 8, 1, tzinfo=OSLO)
    assert autumn.ends_at == datetime(2027, 1, 1, tzinfo=OSLO)
    assert autumn.school_year == "2026/2027"
    assert Semester(2027, SPRING).school_year == "2026/2027"
    assert Semester(2026, SPRING) < autumn < Semester(2027, SPRING)
    assert autumn.next() == Semester(2027, SPRING) and autumn.previous() == Semester(2026, SPRING)
    assert Semester.parse("2026h") == autumn and Semester.parse("2026X") is None
    assert Semester.parse(autumn.key) == autumn
    assert current_semester(date(2026, 7, 15)) == autumn  # July looks ahead


RULE = MeetingRule(4, 90)


@pytest.mark.parametrize(
    ("qualifying", "today", "expected"),
    [
        (4, date(2026, 9, 1), RuleStatus.MET),
        (5, date(2027, 3, 1), RuleStatus.MET),
        (3, date(2026, 12, 31), RuleStatus.NOT_YET),  # the last day still counts
        (3, date(2027, 1, 1), RuleStatus.MISSED),
        (0, date(2026, 7, 20), RuleStatus.NOT_YET),  # before the semester
    ],
)
def test_rule_status(qualifying, today, expected):
    assert rule_status(RULE, Semester(2026, AUTUMN), qualifying, today) == expected


def test_only_long_enough_meetings_count():
    assert RULE.counts(90) and not RULE.counts(89)
