"""Every change to plans, activities, regional sessions and deadlines goes through here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Max

from samla.core.time import school_year_text
from samla.core.validators import validate_school_year
from samla.org.models import Person, Programme, Region

from . import messages
from .imported_plan import ImportedActivity, ImportedPlan, RegionName
from .models import (
    Activity,
    ActivityStatus,
    Deadline,
    DeadlineDone,
    Plan,
    PlanImport,
    PlanStatus,
    RegionalSession,
)
from .roll_forward import roll_time
from .when import parse_when
from .when_values import Term, When


def parse_for_plan(plan: Plan, text: str, term: str = "") -> When:
    return parse_when(text, plan.school_year, Term(term) if term else None)


@transaction.atomic
def get_or_create_plan(
    programme: Programme, school_year: str, region: Region | None = None
) -> tuple[Plan, bool]:
    """The plan for a programme (or one of its regions) and school year.

    Side effects: creates a draft Plan if there is none."""
    validate_school_year(school_year)
    return Plan.objects.get_or_create(programme=programme, school_year=school_year, region=region)


def approve_plan(plan: Plan, approved_on: date) -> Plan:
    """Mark the plan approved by the board on a date. Side effects: saves the plan (history)."""
    plan.status = PlanStatus.APPROVED
    plan.approved_on = approved_on
    plan.save(update_fields=["status", "approved_on", "updated_at"])
    return plan


def reopen_plan(plan: Plan) -> Plan:
    """Back to draft. Side effects: saves the plan (history)."""
    plan.status = PlanStatus.DRAFT
    plan.approved_on = None
    plan.save(update_fields=["status", "approved_on", "updated_at"])
    return plan


def status_for(when: When, status: str | None) -> str:
    """The status a person chose, else the one the time text says (postponed, tentative)."""
    if status:
        return status
    if when.postponed:
        return ActivityStatus.POSTPONED
    if when.tentative:
        return ActivityStatus.TENTATIVE
    return ActivityStatus.PLANNED


@dataclass(frozen=True)
class ActivityInput:
    """What a person (or the importer) says about an activity."""

    title: str
    when_text: str = ""
    term: str = ""
    details: tuple[dict, ...] = ()
    responsible: str = ""
    audience: str = ""
    audience_roles: tuple[str, ...] = ()
    responsible_roles: tuple[str, ...] = ()
    location: str = ""
    status: str = ""


@transaction.atomic
def add_activity(plan: Plan, data: ActivityInput, when: When | None = None) -> Activity:
    """Add an activity at the end of its term.

    Side effects: creates the Activity (history); its time is parsed from ``when_text``
    unless a parsed ``when`` is given (the importer's)."""
    when = when or parse_for_plan(plan, data.when_text, data.term)
    last = plan.activities.aggregate(m=Max("order"))["m"]
    activity = Activity(plan=plan, order=(last or 0) + 10)
    _apply(activity, data, when)
    activity.full_clean()
    activity.save()
    return activity


@transaction.atomic
def update_activity(activity: Activity, data: ActivityInput) -> Activity:
    """Change an activity. Side effects: saves it (history); re-reads its time."""
    when = parse_for_plan(activity.plan, data.when_text, data.term)
    _apply(activity, data, when)
    activity.full_clean()
    activity.save()
    return activity


def _apply(activity: Activity, data: ActivityInput, when: When) -> None:
    activity.title = data.title.strip()
    activity.term = data.term
    activity.details = [dict(block) for block in data.details]
    activity.responsible = data.responsible
    activity.audience = data.audience
    activity.audience_roles = list(data.audience_roles)
    activity.responsible_roles = list(data.responsible_roles)
    activity.location = data.location
    activity.set_when(when)
    activity.status = status_for(when, data.status)
    # A status chosen by a person wins over the "?" of the time text.
    activity.tentative = activity.status == ActivityStatus.TENTATIVE


def set_activity_status(activity: Activity, status: str) -> Activity:
    """Postpone, cancel, mark done or back to planned.

    Side effects: saves the status, and the tentative flag to match it (history)."""
    if status not in ActivityStatus.values:
        raise ValueError(f"unknown status {status!r}")
    activity.status = status
    activity.tentative = status == ActivityStatus.TENTATIVE
    activity.save(update_fields=["status", "tentative"])
    return activity


@transaction.atomic
def move_activity(activity: Activity, offset: int) -> None:
    """Move an activity up (-1) or down (+1) among the activities of its term.

    Side effects: renumbers the order of the term's activities."""
    siblings = list(
        Activity.objects.select_for_update()
        .filter(plan_id=activity.plan_id, term=activity.term)
        .order_by("order", "pk")
    )
    index = next(i for i, a in enumerate(siblings) if a.pk == activity.pk)
    target = max(0, min(len(siblings) - 1, index + offset))
    siblings.insert(target, siblings.pop(index))
    for position, sibling in enumerate(siblings):
        new_order = (position + 1) * 10
        if sibling.order != new_order:
            sibling.order = new_order
            sibling.save(update_fields=["order"])


def delete_activity(activity: Activity) -> None:
    """Remove an activity and its regional sessions (kept in history)."""
    activity.delete()


@transaction.atomic
def set_session(
    activity: Activity,
    region: Region,
    when_text: str,
    location: str = "",
    session: RegionalSession | None = None,
    when: When | None = None,
) -> RegionalSession:
    """Set the date and place of an activity in a region.

    Side effects: creates or changes a RegionalSession (history). The time is parsed from
    ``when_text`` unless a parsed ``when`` is given (the importer's)."""
    if region.programme_id != activity.plan.programme_id:
        raise ValueError("the region belongs to another programme")
    session = session or RegionalSession(activity=activity, region=region)
    session.region = region
    session.location = location
    session.set_when(when or parse_for_plan(activity.plan, when_text, activity.term))
    if session.pk is None:
        last = activity.sessions.aggregate(m=Max("order"))["m"]
        session.order = (last or 0) + 1
    session.full_clean()
    session.save()
    return session


def delete_session(session: RegionalSession) -> None:
    session.delete()


@transaction.atomic
def mark_deadline_done(deadline: Deadline, due: date, person: Person) -> DeadlineDone:
    """Side effects: records that the person has done the deadline for that due date."""
    done, _created = DeadlineDone.objects.get_or_create(deadline=deadline, due=due, done_by=person)
    return done


def undo_deadline_done(deadline: Deadline, due: date, person: Person) -> None:
    DeadlineDone.objects.filter(deadline=deadline, due=due, done_by=person).delete()


def region_names(programme: Programme) -> list[RegionName]:
    """How the Word importer recognises the programme's regions: by name, short name or alias."""
    return [RegionName(str(region.pk), tuple(region.names())) for region in programme.regions.all()]


@dataclass(frozen=True)
class RowChoice:
    """What the person decided about one imported row in the preview."""

    keep: bool = True
    title: str = ""
    when_text: str | None = None


def prepared_activity(plan: Plan, row: ImportedActivity, choice: RowChoice) -> tuple[str, When]:
    """The title and time an imported row gets, after the person's corrections."""
    title = choice.title.strip() or row.title
    term = row.term.value if row.term else ""
    # The preview shows the time on one line (a text field has no line breaks): the same words
    # with other spaces are the imported time, read as the importer read it.
    if choice.when_text is not None and one_line(choice.when_text) != one_line(row.when.text):
        return title, parse_for_plan(plan, choice.when_text.strip(), term)
    return title, row.when


def one_line(text: str) -> str:
    """The text with its line breaks and runs of spaces as single spaces."""
    return " ".join(text.split())


@transaction.atomic
def import_plan(
    plan: Plan,
    imported: ImportedPlan,
    choices: dict[int, RowChoice] | None = None,
    *,
    replace: bool = False,
) -> list[Activity]:
    """Save the activities read from a Word file into a plan, in one transaction.

    Side effects: with ``replace``, deletes the plan's activities first (kept in history);
    creates an Activity per kept row and a RegionalSession per regional date; sets the plan's
    goals to those read from the file when the plan has none (goals already written are kept).
    Refuses a plan that already has activities unless ``replace`` is given: nothing is saved."""
    choices = choices or {}
    if plan.activities.exists():
        if not replace:
            raise ImportRefused(plan.activities.count())
        plan.activities.all().delete()
    if imported.goals and not plan.goals.strip():
        plan.goals = "\n".join(imported.goals)
        plan.save(update_fields=["goals", "updated_at"])
    regions = {str(region.pk): region for region in plan.programme.regions.all()}
    created = []
    for index, row in enumerate(imported.activities):
        choice = choices.get(index, RowChoice())
        if not choice.keep:
            continue
        title, when = prepared_activity(plan, row, choice)
        activity = add_activity(
            plan,
            ActivityInput(
                title=title[:300],
                when_text=when.text,
                term=row.term.value if row.term else "",
                details=tuple(block.as_dict() for block in row.details),
                responsible=row.responsible[:300],
                audience=row.audience[:300],
            ),
            when=when,
        )
        for session in row.sessions:
            region = regions.get(session.region)
            if region is not None:
                set_session(activity, region, session.when.text, when=session.when)
        created.append(activity)
    return created


class ImportRefused(Exception):
    """The plan already has activities and the import was not asked to replace them."""

    def __init__(self, existing: int) -> None:
        super().__init__(existing)
        self.existing = existing


@transaction.atomic
def hold_import(
    programme: Programme, person: Person, school_year: str, filename: str, content: bytes
) -> PlanImport:
    """Keep an uploaded Word plan until its preview is saved or abandoned.

    Side effects: deletes the person's earlier waiting upload for the programme (one waiting
    upload per person and programme: a new one replaces the last) and creates a PlanImport."""
    PlanImport.objects.filter(programme=programme, uploaded_by=person).delete()
    return PlanImport.objects.create(
        programme=programme,
        school_year=school_year,
        filename=filename[:255],
        content=content,
        uploaded_by=person,
    )


@transaction.atomic
def save_import(
    pending: PlanImport,
    imported: ImportedPlan,
    choices: dict[int, RowChoice],
    *,
    replace: bool = False,
) -> tuple[Plan, list[Activity]]:
    """Save a previewed import into the programme's shared plan of its school year.

    Side effects: creates the plan if there is none, then those of :func:`import_plan`,
    and deletes the waiting upload. Refused like :func:`import_plan` (nothing is saved)."""
    plan, _created = get_or_create_plan(pending.programme, pending.school_year)
    created = import_plan(plan, imported, choices, replace=replace)
    pending.delete()
    return plan, created


def next_school_year(school_year: str) -> str:
    return school_year_text(int(school_year[:4]) + 1)


@dataclass(frozen=True)
class RolledPlan:
    """The new plan, how many dated times moved and the activities whose dates need a look."""

    plan: Plan
    moved: int
    flagged: tuple[str, ...]


class RollForwardRefused(Exception):
    """The programme (or region) already has a plan for the next school year."""


@transaction.atomic
def copy_to_next_year(plan: Plan) -> RolledPlan:
    """Copy a plan into the next school year (see :mod:`roll_forward` for how dates move).

    Side effects: creates a draft Plan with the old one's title and goals, a copy of every
    activity (done ones back to planned) and of its regional sessions (history); an activity
    whose date, or one of whose regional dates, lands in a holiday or another month gets a
    note "Check the date" first in its details. Refused, creating nothing, when the next
    year's plan exists."""
    year = next_school_year(plan.school_year)
    if Plan.objects.filter(programme=plan.programme, region=plan.region, school_year=year).exists():
        raise RollForwardRefused(year)
    new = Plan.objects.create(
        programme=plan.programme,
        region=plan.region,
        school_year=year,
        title=plan.title.replace(plan.school_year, year),
        goals=plan.goals,
    )
    moved, flagged = 0, []
    for activity in plan.activities.prefetch_related("sessions__region"):
        term = Term(activity.term) if activity.term else None
        rolled = roll_time(activity.as_when(), year, term)
        moved += rolled.moved_from is not None
        notes = [messages.review_note(rolled)] if rolled.needs_review else []
        sessions = []
        for session in activity.sessions.all():
            session_rolled = roll_time(session.as_when(), year, term)
            moved += session_rolled.moved_from is not None
            if session_rolled.needs_review:
                notes.append(messages.review_note(session_rolled, session.region))
            session.set_when(session_rolled.when)
            sessions.append(session)
        if notes:
            flagged.append(activity.title)
        # Saved as a new row: the old plan's activity and sessions stay as they were.
        activity.pk, activity.plan, activity._state.adding = None, new, True
        activity.set_when(rolled.when)
        activity.details = [{"kind": "paragraph", "text": n} for n in notes] + activity.details
        if activity.status == ActivityStatus.DONE:
            activity.status = ActivityStatus.PLANNED
        activity.save()
        for session in sessions:
            session.pk, session.activity, session._state.adding = None, activity, True
            session.save()
    return RolledPlan(new, moved, tuple(flagged))
