"""The demo's multi-year plans (audience → packages per school year) and the conditions
for taking part, per programme."""

from __future__ import annotations

from .catalogue import (
    ALL_STAFF,
    CLASSROOM_LEADERSHIP,
    GROUP_LEADERS,
    LANGUAGE,
    LEADERS,
    LEADING_DEVELOPMENT,
    LEADING_GROUPS,
    MOTIVATION,
    PLAY,
    QUESTIONS,
)

# The multi-year plan 2018/2019–2021/2022: audience → packages per school year.
SCHOOL_PLAN = {
    "2018/2019": {ALL_STAFF: [CLASSROOM_LEADERSHIP]},
    "2019/2020": {ALL_STAFF: [MOTIVATION]},
    "2020/2021": {ALL_STAFF: [QUESTIONS]},
    "2021/2022": {ALL_STAFF: [CLASSROOM_LEADERSHIP]},
}
KINDERGARTEN_PLAN = {
    "2018/2019": {ALL_STAFF: [LANGUAGE]},
    "2019/2020": {ALL_STAFF: [PLAY]},
    "2020/2021": {ALL_STAFF: [LANGUAGE]},
    "2021/2022": {ALL_STAFF: [PLAY]},
}
for _plan in (SCHOOL_PLAN, KINDERGARTEN_PLAN):
    for _year in _plan.values():
        _year[GROUP_LEADERS] = [LEADING_GROUPS]
        _year[LEADERS] = [LEADING_DEVELOPMENT]

# The last and the current school year (worked out from today in ``demo.py``).
SCHOOL_LAST_YEAR = {ALL_STAFF: [MOTIVATION], GROUP_LEADERS: [LEADING_GROUPS]}
SCHOOL_THIS_YEAR = {
    ALL_STAFF: [CLASSROOM_LEADERSHIP, QUESTIONS],
    GROUP_LEADERS: [LEADING_GROUPS],
    LEADERS: [LEADING_DEVELOPMENT],
}
KINDERGARTEN_LAST_YEAR = {ALL_STAFF: [PLAY], GROUP_LEADERS: [LEADING_GROUPS]}
KINDERGARTEN_THIS_YEAR = {
    ALL_STAFF: [LANGUAGE],
    GROUP_LEADERS: [LEADING_GROUPS],
    LEADERS: [LEADING_DEVELOPMENT],
}

# Conditions for taking part (after SKUP-Hedmark's list, in our words).
SCHOOL_CONDITIONS = (
    "Alle ansatte kjenner programmet og vet hva det betyr for skolen.",
    "Hele ledelsen gjennomfører ledermodulen før personalet begynner.",
    "Ledelsen skriver en implementeringsplan for arbeidet med pakken.",
    "Alle lærere deltar i en læringsgruppe.",
    "Gruppene settes sammen på tvers av fag og trinn der det lar seg gjøre.",
    "Avdelingslederne leder arbeidet med modulene.",
)
KINDERGARTEN_CONDITIONS = (
    "Alle ansatte kjenner programmet og vet hva det betyr for barnehagen.",
    "Hele ledelsen gjennomfører ledermodulen før personalet begynner.",
    "Styreren skriver en implementeringsplan for arbeidet med pakken.",
    "Alle ansatte deltar i en læringsgruppe.",
    "Gruppene settes sammen på tvers av avdelinger der det lar seg gjøre.",
    "De pedagogiske lederne leder arbeidet med modulene.",
)
