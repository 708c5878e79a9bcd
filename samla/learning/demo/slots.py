"""When the demo's learning groups meet: meetings of the semester just past by a pattern
("met", "short", "three") and of the current one around today ("on_track", "gap",
"short", "late")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta

from samla.core.time import Semester

HELD, PLANNED, CANCELLED = "held", "planned", "cancelled"
MEETING_START = time(14, 30)


@dataclass(frozen=True, order=True)
class Slot:
    day: date
    minutes: int = 90
    state: str = HELD


def past_slots(semester: Semester, pattern: str) -> list[Slot]:
    """Meetings of a semester that is over: "met" four of 90 minutes; "short" four, one of
    them 60 minutes, and one cancelled; "three" three of 90 minutes."""
    days = [_tuesday(semester.first_day + timedelta(days=d)) for d in (20, 48, 76, 104, 132)]
    if pattern == "met":
        return [Slot(day) for day in days[:4]]
    if pattern == "short":
        short = [Slot(days[0]), Slot(days[1]), Slot(days[2], 60), Slot(days[3])]
        return [*short, Slot(days[4], state=CANCELLED)]
    if pattern == "three":
        return [Slot(day) for day in days[:3]]
    return []


# Fortnights before (negative) and after today, per pattern of the current semester.
_CURRENT = {
    "on_track": [(-4, 90, HELD), (-3, 90, HELD), (-2, 90, HELD), (-1, 90, HELD),
                 (1, 90, PLANNED), (2, 90, PLANNED)],
    "gap": [(-3, 90, HELD), (-2, 90, CANCELLED), (-1, 90, HELD), (1, 90, PLANNED)],
    "short": [(-3, 90, HELD), (-2, 60, HELD), (-1, 90, HELD), (1, 90, PLANNED)],
    "late": [(1, 90, PLANNED), (2, 90, PLANNED), (3, 90, PLANNED)],
}  # fmt: skip


def current_slots(semester: Semester, today: date, pattern: str) -> list[Slot]:
    """Meetings every second Tuesday around today, held before and planned after it, kept
    to the semester (not its first or last ten days): early or late in a semester there are
    fewer."""
    tuesday = today - timedelta(days=today.weekday()) + timedelta(days=1)
    first, last = semester.first_day + timedelta(days=10), semester.last_day - timedelta(days=10)
    slots = [
        Slot(tuesday + timedelta(weeks=2 * offset), minutes, state)
        for offset, minutes, state in _CURRENT.get(pattern, [])
    ]
    return [slot for slot in slots if first <= slot.day <= last]


def _tuesday(day: date) -> date:
    return day + timedelta(days=(1 - day.weekday()) % 7)
