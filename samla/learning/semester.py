"""The meeting rule, in plain Python (no Django).

The rule (by default at least 4 meetings of at least 90 minutes) is judged per semester
(:class:`samla.core.time.Semester`): *met* once enough meetings are held, *missed* when the
semester has ended without that, otherwise *not yet*.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

# Semesters live in core; the names stay importable from here for older callers.
from samla.core.time import AUTUMN as AUTUMN
from samla.core.time import OSLO as OSLO
from samla.core.time import SPRING as SPRING
from samla.core.time import Semester as Semester
from samla.core.time import current_semester as current_semester
from samla.core.time import semester_of as semester_of


class RuleStatus(StrEnum):
    MET = "met"
    NOT_YET = "not_yet"
    MISSED = "missed"


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
