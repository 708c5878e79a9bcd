"""Reads of action plans that pages need, as plain data, in a fixed number of queries."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Prefetch

from .exports import activity_term
from .models import Activity, ActivityStatus, DeadlineDone, Plan, PlanImport, RegionalSession


@dataclass(frozen=True)
class PlanFilter:
    region_id: int | None = None
    roles: frozenset[str] = frozenset()  # "what concerns me": the person's roles
    audience_role: str = ""


@dataclass
class Row:
    activity: Activity
    sessions: list[RegionalSession]
    # Analyses presented at the activity (a learning caravan), filled in by the plan page.
    presented: list = field(default_factory=list)


@dataclass
class TermBlock:
    term: str  # "autumn" | "spring" | ""
    year: int | None
    rows: list[Row] = field(default_factory=list)


def activities_of(plan: Plan):
    return plan.activities.prefetch_related(
        Prefetch(
            "sessions",
            queryset=RegionalSession.objects.select_related("region").order_by(
                "start_date", "order"
            ),
        )
    ).order_by("order", "pk")


def _passes(activity: Activity, chosen: PlanFilter) -> bool:
    if chosen.roles and not activity.concerns(set(chosen.roles)):
        return False
    return not (chosen.audience_role and chosen.audience_role not in activity.audience_roles)


def plan_rows(plan: Plan, chosen: PlanFilter) -> list[TermBlock]:
    """The plan as the familiar table: activities without term or date first, then autumn and
    spring (an activity without a term goes by its date, as in the exports), each in order
    and, per activity, with the regional sessions the filter keeps."""
    blocks = {
        "": TermBlock("", None),
        "autumn": TermBlock("autumn", plan.first_year),
        "spring": TermBlock("spring", plan.first_year + 1),
    }
    for activity in activities_of(plan):
        if not _passes(activity, chosen):
            continue
        sessions = list(activity.sessions.all())
        if chosen.region_id is not None:
            sessions = [s for s in sessions if s.region_id == chosen.region_id]
        blocks[activity_term(activity)].rows.append(Row(activity, sessions))
    return [block for block in blocks.values() if block.rows]


@dataclass(frozen=True)
class CalendarItem:
    title: str
    activity_id: int
    region: str
    start: date
    end: date
    when_text: str
    status: str
    tentative: bool
    precision: str


@dataclass
class CalendarMonth:
    year: int
    month: int
    weeks: list[list[tuple[date, list[CalendarItem]]]]
    longer: list[CalendarItem]  # week, month and term items that touch the month
    previous: date
    following: date


def calendar_items(rows: list[TermBlock]) -> list[CalendarItem]:
    """Every dated activity or regional session as one calendar item: an activity's dated
    sessions, or the activity itself when none of them has a date (as in the .ics feeds)."""
    items: list[CalendarItem] = []
    for block in rows:
        for row in block.rows:
            activity = row.activity
            sessions = [session for session in row.sessions if session.start_date is not None]
            for item in sessions or [activity]:
                if item.start_date is None:
                    continue
                items.append(
                    CalendarItem(
                        title=activity.title,
                        activity_id=activity.pk,
                        region=item.region.short_name if item is not activity else "",
                        start=item.start_date,
                        end=item.end_date or item.start_date,
                        when_text=item.when_text,
                        status=activity.status,
                        tentative=item.tentative or activity.status == ActivityStatus.TENTATIVE,
                        precision=item.precision,
                    )
                )
    return sorted(items, key=lambda i: (i.start, i.end, i.title))


def calendar_month(items: list[CalendarItem], year: int, month: int) -> CalendarMonth:
    first = date(year, month, 1)
    last = date(year, month, calendar.monthrange(year, month)[1])
    in_month = [i for i in items if i.start <= last and i.end >= first]
    # A week, a month or a term, and long day ranges such as a survey window, are listed
    # once for the month rather than repeated in every day they cover.
    longer = [i for i in in_month if i.precision not in ("day", "") or (i.end - i.start).days >= 7]
    daily = [i for i in in_month if i not in longer]
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append([(day, [i for i in daily if i.start <= day <= i.end]) for day in week])
    previous = (first - timedelta(days=1)).replace(day=1)
    following = last + timedelta(days=1)
    return CalendarMonth(year, month, weeks, longer, previous, following)


@dataclass(frozen=True)
class DueDeadline:
    deadline_id: int
    title: str
    programme: str
    role_label: str
    due: date
    overdue: bool


def due_deadlines(
    deadlines, done: set[tuple[int, date]], today: date, ahead: int = 90, behind: int = 60
) -> list[DueDeadline]:
    """Deadlines to show a person until done: overdue ones from the last ``behind`` days
    and those due in the next ``ahead`` days."""
    rows = []
    first, last = today - timedelta(days=behind), today + timedelta(days=ahead)
    for deadline in deadlines:
        for due in deadline.occurrences(first, last):
            if (deadline.pk, due) not in done:
                rows.append(
                    DueDeadline(
                        deadline.pk,
                        deadline.title,
                        deadline.programme.name,
                        deadline.get_role_display(),
                        due,
                        due < today,
                    )
                )
    return sorted(rows, key=lambda r: r.due)


@dataclass(frozen=True)
class DeadlineLine:
    """Deadlines with the same title on the same day, one per programme (an owner in two
    programmes has "Melde behov" in each): one line on the home page. ``copies`` keeps each
    programme's deadline, since each is done on its own (a needs report per programme)."""

    due: date
    title: str
    overdue: bool
    copies: tuple[DueDeadline, ...]

    @property
    def role_labels(self) -> list[str]:
        return list(dict.fromkeys(copy.role_label for copy in self.copies))

    @property
    def programmes(self) -> list[str]:
        return [copy.programme for copy in self.copies]


def deadline_lines(rows: list[DueDeadline]) -> list[DeadlineLine]:
    """``rows`` (sorted by due date) with the same title on the same day joined into one
    line, the programmes in name order; the lines in the order of the rows."""
    joined: dict[tuple[date, str], list[DueDeadline]] = {}
    for row in rows:
        joined.setdefault((row.due, row.title), []).append(row)
    return [
        DeadlineLine(due, title, copies[0].overdue, tuple(sorted(copies, key=_programme_order)))
        for (due, title), copies in joined.items()
    ]


def _programme_order(row: DueDeadline) -> tuple[str, int]:
    return (row.programme.casefold(), row.deadline_id)


def person_deadline_lines(person, deadlines, today: date) -> list[DeadlineLine]:
    """The person's due deadlines (``person_due_deadlines``) as the home page's lines."""
    return deadline_lines(person_due_deadlines(person, deadlines, today))


def person_due_deadlines(person, deadlines, today: date) -> list[DueDeadline]:
    """``due_deadlines`` of the given deadlines (the person's, from plans.access) less the
    occurrences the person has marked done."""
    deadlines = list(deadlines)
    if not deadlines:
        return []
    done = set(
        DeadlineDone.objects.filter(done_by=person, deadline__in=deadlines).values_list(
            "deadline_id", "due"
        )
    )
    return due_deadlines(deadlines, done, today)


def shared_plans(programme) -> list[Plan]:
    """The programme's shared plans (not a region's own), the latest school year first."""
    return list(
        Plan.objects.filter(programme=programme, region__isnull=True).order_by("-school_year")
    )


def shared_plan(programme, school_year: str) -> Plan | None:
    """The programme's shared plan of a school year, if there is one."""
    return Plan.objects.filter(
        programme=programme, school_year=school_year, region__isnull=True
    ).first()


def waiting_import(programme, person, pk: int) -> PlanImport | None:
    """The person's own upload waiting in the preview, or None."""
    return PlanImport.objects.filter(pk=pk, programme=programme, uploaded_by=person).first()


def plan_history(plan: Plan) -> tuple[list, list]:
    """The plan's latest 50 versions and its activities' latest 200, newest first, with
    who made them."""
    plan_versions = list(plan.history.select_related("history_user").order_by("-history_date")[:50])
    activity_versions = list(
        Activity.history.filter(plan_id=plan.pk)
        .select_related("history_user")
        .order_by("-history_date")[:200]
    )
    return plan_versions, activity_versions
