"""What the API returns, as schemas of the OpenAPI description."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Schema

from .paging import Page


class Me(Schema):
    id: int
    name: str
    username: str


class ProgrammeOut(Schema):
    id: int
    slug: str
    name: str
    level: str
    county: str


class ProgrammePage(Page):
    items: list[ProgrammeOut]


class RegionOut(Schema):
    id: int
    name: str
    short_name: str


class RegionPage(Page):
    items: list[RegionOut]


class OwnerOut(Schema):
    id: int
    name: str
    kind: str
    municipality_number: str
    county_number: str


class OwnerPage(Page):
    items: list[OwnerOut]


class UnitOut(Schema):
    id: int
    name: str
    kind: str
    owner_id: int
    municipality_number: str
    lowest_grade: int | None
    highest_grade: int | None
    language_form: str
    closed_on: date | None


class UnitPage(Page):
    items: list[UnitOut]


class PlanOut(Schema):
    id: int
    school_year: str
    title: str
    status: str
    approved_on: date | None
    goals: str


class PlanPage(Page):
    items: list[PlanOut]


class SessionOut(Schema):
    region_id: int
    when_text: str
    start_date: date | None
    end_date: date | None
    location: str


class ActivityOut(Schema):
    id: int
    term: str
    title: str
    when_text: str
    start_date: date | None
    end_date: date | None
    tentative: bool
    is_deadline: bool
    responsible: str
    audience: str
    status: str
    location: str
    sessions: list[SessionOut]


class ActivityPage(Page):
    items: list[ActivityOut]


class RoundOut(Schema):
    slug: str
    name: str
    programme: str
    opens_at: datetime
    closes_at: datetime
    state: str
    results_released: bool


class RoundPage(Page):
    items: list[RoundOut]


class NodeOut(Schema):
    kind: str
    id: int
    name: str


class NodePage(Page):
    items: list[NodeOut]


class FigureOut(Schema):
    """A figure as the pages show it: hidden (no numbers), no answers (n is null), or the
    number who answered, the mean on the answer scale and the score on the 500 scale."""

    hidden: bool
    n: int | None
    mean: float | None
    score500: float | None


class ComparisonOut(Schema):
    node: NodeOut
    figure: FigureOut
    difference: str  # same, higher, lower, much_higher, much_lower, or "" (not comparable)


class ScaleOut(Schema):
    code: str
    label: str
    figure: FigureOut
    comparisons: list[ComparisonOut]


class GroupResultsOut(Schema):
    respondent_group: str
    label: str
    codes_issued: int
    codes_answered: int
    scales: list[ScaleOut]


class BelowRowOut(Schema):
    node: NodeOut
    figures: list[FigureOut]


class BelowOut(Schema):
    respondent_group: str
    label: str
    scales: list[str]
    rows: list[BelowRowOut]


class NodeResultsOut(Schema):
    round: str
    node: NodeOut
    chain: list[NodeOut]
    grade_band: str
    grade_bands: list[str]
    anonymity_threshold: int
    groups: list[GroupResultsOut]
    below: list[BelowOut]


class CountsOut(Schema):
    issued: int
    started: int
    submitted: int
    rate: int


class ClassRateOut(Schema):
    group: str
    respondent_group: str
    counts: CountsOut
    size: int | None


class UnitRateOut(Schema):
    id: int
    name: str
    owner: str
    region: str
    total: CountsOut
    classes: list[ClassRateOut]


class RatesPage(Page):
    total: CountsOut
    items: list[UnitRateOut]


class LearningFiguresOut(Schema):
    groups: int
    groups_in_size: int
    members: int
    meetings_held: int
    meetings_planned: int
    minutes: int
    attendance_percent: int | None
    modules_done: int
    modules_total: int
    groups_meeting_rule: int
    groups_not_yet: int
    groups_missed: int


class LearningLineOut(Schema):
    kind: str
    id: int
    name: str
    status: str | None
    leader: str
    units: int
    units_with_groups: int
    figures: LearningFiguresOut


class DashboardOut(Schema):
    kind: str
    id: int
    name: str
    semester: str
    units: int
    units_with_groups: int
    total: LearningFiguresOut
    lines: list[LearningLineOut]
