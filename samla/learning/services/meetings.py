"""Changes to meetings, attendance, module progress and calendar addresses."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from samla.core.time import OSLO, school_year_of
from samla.org.models import Person

from ..models import (
    Attendance,
    CalendarKey,
    GroupMember,
    LearningGroup,
    Meeting,
    MeetingStatus,
    Module,
    ModuleProgress,
)
from ..unit_queries import modules_for

MAX_MINUTES = 720  # the database holds the same limit


@dataclass(frozen=True)
class MeetingInput:
    day: date
    start: time
    end: time
    module_id: int | None = None
    place: str = ""

    def starts_at(self) -> datetime:
        return datetime.combine(self.day, self.start, tzinfo=OSLO)

    def minutes(self) -> int:
        if self.end <= self.start:
            raise ValidationError(
                {"end": _("A meeting cannot end before it starts. Check the times.")}
            )
        end = datetime.combine(self.day, self.end, tzinfo=OSLO)
        # In UTC, so that the night the clocks change counts the hour really spent.
        minutes = int((end.astimezone(UTC) - self.starts_at().astimezone(UTC)).total_seconds())
        minutes //= 60
        if minutes > MAX_MINUTES:
            raise ValidationError(
                {"end": _("A meeting can last at most 12 hours. Check the times.")}
            )
        return minutes


def _module(group: LearningGroup, module_id: int | None) -> Module | None:
    if module_id is None:
        return None
    module = modules_for(group).filter(pk=module_id).first()
    if module is None:
        raise ValidationError(
            {"module": _("Choose a module of a package the unit works on this school year.")}
        )
    return module


def _apply_meeting(meeting: Meeting, data: MeetingInput) -> None:
    if school_year_of(data.day) != meeting.group.school_year:
        raise ValidationError(
            {
                "day": _("The date is outside the group's school year %(year)s.")
                % {"year": meeting.group.school_year}
            }
        )
    meeting.minutes = data.minutes()
    meeting.starts_at = data.starts_at()
    meeting.module = _module(meeting.group, data.module_id)
    meeting.place = data.place.strip()


def plan_meeting(group: LearningGroup, data: MeetingInput) -> Meeting:
    """Put a meeting in the group's plan. Side effects: creates a planned Meeting."""
    meeting = Meeting(group=group, status=MeetingStatus.PLANNED)
    _apply_meeting(meeting, data)
    meeting.save()
    return meeting


@transaction.atomic
def plan_meetings(group: LearningGroup, data: MeetingInput, count: int, weeks_between: int):
    """Plan a series: ``count`` meetings at the same time of day, ``weeks_between`` weeks
    apart, the first tied to the chosen module and each next one to the package's next
    module (none once the package is at its end). Dates that fall outside the group's
    school year are refused before anything is saved.

    Side effects: creates the planned Meetings."""
    if not 1 <= count <= 20 or not 1 <= weeks_between <= 8:
        raise ValidationError(_("Plan 1–20 meetings, 1–8 weeks apart."))
    first = _module(group, data.module_id)
    following = []
    if first is not None:
        following = list(
            modules_for(group)
            .filter(package_id=first.package_id, number__gt=first.number)
            .order_by("number")
            .values_list("pk", flat=True)
        )
    modules = [first.pk if first else None, *following]
    meetings = []
    for i in range(count):
        day = data.day + timedelta(weeks=i * weeks_between)
        module_id = modules[i] if i < len(modules) else None
        item = MeetingInput(day, data.start, data.end, module_id, data.place)
        meetings.append(plan_meeting(group, item))
    return meetings


def update_meeting(meeting: Meeting, data: MeetingInput) -> Meeting:
    """Change a planned meeting's time, module or place (a held one is corrected through
    its record). Side effects: saves it."""
    if meeting.status == MeetingStatus.HELD:
        raise ValidationError(_("The meeting is recorded as held. Correct the record instead."))
    _apply_meeting(meeting, data)
    meeting.save()
    return meeting


@transaction.atomic
def record_meeting(
    meeting: Meeting,
    data: MeetingInput,
    present: Iterable[Person | GroupMember],
    notes: str = "",
    between_tasks: str = "",
    by: Person | None = None,
    now: datetime | None = None,
) -> Meeting:
    """Record a meeting as held: when and how long, the module, who was there (people, or
    their GroupMember rows), notes and the tasks agreed for the work between meetings.
    Recording again replaces the record.

    Side effects: saves the Meeting as held and replaces its Attendance rows."""
    _apply_meeting(meeting, data)
    if meeting.starts_at > (now or timezone.now()):
        raise ValidationError({"day": _("A meeting can be recorded as held once it has started.")})
    ids = {p.person_id if isinstance(p, GroupMember) else p.pk for p in present}
    # Members, and people already recorded as present (who may have moved group since).
    members = set(meeting.group.members.values_list("person_id", flat=True))
    members |= set(meeting.attendance.values_list("person_id", flat=True))
    if not ids <= members:
        raise ValidationError({"present": _("Only members of the group can be marked as present.")})
    meeting.status = MeetingStatus.HELD
    meeting.notes = notes.strip()
    meeting.between_tasks = between_tasks.strip()
    meeting.recorded_by = by
    meeting.save()
    meeting.attendance.all().delete()
    Attendance.objects.bulk_create(Attendance(meeting=meeting, person_id=i) for i in sorted(ids))
    return meeting


def cancel_meeting(meeting: Meeting) -> Meeting:
    """Call off a planned meeting. Side effects: saves it as cancelled."""
    if meeting.status == MeetingStatus.HELD:
        raise ValidationError(_("The meeting is recorded as held. Correct the record instead."))
    meeting.status = MeetingStatus.CANCELLED
    meeting.save(update_fields=["status", "updated_at"])
    return meeting


def delete_meeting(meeting: Meeting) -> None:
    """Remove a meeting that was not held. Side effects: deletes it."""
    if meeting.status == MeetingStatus.HELD:
        raise ValidationError(_("The meeting is recorded as held, so its record is kept."))
    meeting.delete()


def mark_module_done(
    group: LearningGroup, module: Module, on: date, by: Person | None = None
) -> ModuleProgress:
    """The group has finished a module. Side effects: creates or updates the mark."""
    if not modules_for(group).filter(pk=module.pk).exists():
        raise ValidationError(_("Choose a module of a package the unit works on this school year."))
    progress, _created = ModuleProgress.objects.update_or_create(
        group=group, module=module, defaults={"done_on": on, "marked_by": by}
    )
    return progress


def unmark_module(group: LearningGroup, module: Module) -> None:
    """The module is not finished after all. Side effects: deletes the mark."""
    ModuleProgress.objects.filter(group=group, module=module).delete()


@transaction.atomic
def record_meeting_and_module(
    meeting: Meeting,
    data: MeetingInput,
    present: Iterable[Person],
    *,
    notes: str,
    between_tasks: str,
    by: Person,
    module_done: bool,
) -> None:
    """The meeting's record page in one go: record it as held and, when ``module_done``,
    mark its module (as recorded) finished on the meeting's day.

    Side effects: those of ``record_meeting`` and ``mark_module_done``, both or none."""
    record_meeting(meeting, data, present, notes=notes, between_tasks=between_tasks, by=by)
    if module_done and meeting.module is not None:
        mark_module_done(meeting.group, meeting.module, meeting.starts_at.date(), by)


def renew_calendar_address(person: Person) -> CalendarKey:
    """Retire the person's meeting calendar address and make a new one.

    Side effects: raises the person's CalendarKey version (creates it if missing)."""
    key, created = CalendarKey.objects.get_or_create(person=person, defaults={"version": 2})
    if not created:
        CalendarKey.objects.filter(pk=key.pk).update(version=F("version") + 1)
        key.refresh_from_db(fields=["version"])
    return key
