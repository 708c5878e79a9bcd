"""The values a time expression of an action plan is read into (:class:`When`, its
:class:`Precision`, the :class:`Term` it falls in) and a line labelled with a region
(:class:`Labelled`). Read by :mod:`when`; used by the plan's models and the Word importer.

Pure Python (no Django)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from enum import StrEnum
from typing import NamedTuple


class Precision(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    TERM = "term"


class Term(StrEnum):
    AUTUMN = "autumn"
    SPRING = "spring"


@dataclass(frozen=True)
class When:
    """What a time expression says.

    ``start``/``end`` are inclusive. ``end`` is None only when the expression has no end
    ("Fra og med 20.02.22", ``open_end``) or no dates at all (postponed, not understood).
    ``start_time``/``end_time`` are the daily clock times ("kl.14-16"). ``note`` holds the words
    beside the time that are not a time, e.g. the activity in "Regionale work-shop (Foreløpig
    utsatt)" or the "Oppstartssamling" line above "26.-27.9.16".
    """

    text: str
    start: date | None
    end: date | None
    precision: Precision | None
    start_time: time | None = None
    end_time: time | None = None
    tentative: bool = False
    postponed: bool = False
    deadline: bool = False
    open_end: bool = False
    understood: bool = True
    note: str = ""


class Labelled(NamedTuple):
    """A line of a cell that ties a time to a label: "NØR: 19/3", "22.9: Nord-Østerdal"."""

    label: str
    time_text: str
