"""Every change to packages, the multi-year plan, learning groups and meetings.

Rules are checked here and refused with a ``ValidationError`` that says what to do; a
group outside 5–7 is allowed, and the functions that change a group's size return the
warning to show."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samla.org.models import Membership, Person, Programme, Unit
from samla.plans.models import validate_school_year

from .grouping import suggest_groups
from .models import (
    GROUP_SIZE,
    Attendance,
    Audience,
    CalendarKey,
    GroupMember,
    LearningGroup,
    LearningSettings,
    Meeting,
    MeetingStatus,
    Module,
    ModuleProgress,
    MultiYearPlanEntry,
    Package,
    ProgrammeCondition,
    StaffArea,
    UnitPackageChoice,
)
from .semester import OSLO

# --- The catalogue ----------------------------------------------------------------------


@dataclass(frozen=True)
class PackageInput:
    title: str
    level: str
    audience: str = Audience.ALL_STAFF
    theme: str = ""
    description: str = ""
    links: tuple[str, ...] = ()


def save_package(programme: Programme, data: PackageInput, package: Package | None = None):
    """Add a package to the programme's catalogue, or change one.

    Side effects: creates or saves the Package."""
    package = package or Package(programme=programme)
    package.title = data.title.strip()
    package.level = data.level
    package.audience = data.audience
    package.theme = data.theme.strip()
    package.description = data.description.strip()
    package.links = [link.strip() for link in data.links if link.strip()]
    package.full_clean()
    package.save()
    return package


def delete_package(package: Package) -> None:
    """Remove a package no unit has chosen. Side effects: deletes it, its modules and its
    places in the multi-year plan."""
    if package.choices.exists():
        raise ValidationError(
            _(
                "Units have chosen this package, so it cannot be removed. Take it out of the "
                "multi-year plan instead."
            )
        )
    package.delete()


@dataclass(frozen=True)
class ModuleInput:
    title: str
    kind: str
    purpose: str = ""
    minutes: int = 90
    materials: str = ""
    meeting_tasks: str = ""
    between_work: str = ""
    reflection_questions: str = ""


@transaction.atomic
def save_module(package: Package, data: ModuleInput, module: Module | None = None) -> Module:
    """Add a module at the end of a package, or change one.

    Side effects: creates or saves the Module."""
    if module is None:
        last = package.modules.aggregate(m=Max("number"))["m"] or 0
        module = Module(package=package, number=last + 1)
    for field in ModuleInput.__dataclass_fields__:
        value = getattr(data, field)
        setattr(module, field, value.strip() if isinstance(value, str) else value)
    module.full_clean()
    module.save()
    return module


@transaction.atomic
def delete_module(module: Module) -> None:
    """Remove a module and number the ones after it down by one.

    Side effects: deletes the Module and its progress marks; meetings tied to it keep their
    record without a module; renumbers the package's modules."""
    package, number = module.package, module.number
    module.delete()
    for later in package.modules.filter(number__gt=number).order_by("number"):
        later.number -= 1
        later.save(update_fields=["number"])


@transaction.atomic
def move_module(module: Module, offset: int) -> None:
    """Move a module up (-1) or down (+1) in its package. Side effects: swaps two numbers."""
    other = module.package.modules.filter(number=module.number + offset).first()
    if other is None:
        return
    mine, theirs = module.number, other.number
    # Through a free number, so the unique (package, number) holds at every step.
    free = (module.package.modules.aggregate(m=Max("number"))["m"] or 0) + 1
    Module.objects.filter(pk=module.pk).update(number=free)
    Module.objects.filter(pk=other.pk).update(number=mine)
    Module.objects.filter(pk=module.pk).update(number=theirs)
    module.number = theirs


def add_plan_entry(
    programme: Programme, audience: str, school_year: str, package: Package
) -> MultiYearPlanEntry:
    """Put a package in the multi-year plan for an audience and school year.

    Side effects: creates the entry if it is not there."""
    validate_school_year(school_year)
    if audience not in Audience.values:
        raise ValidationError(_("Choose who the package is for."))
    if package.programme_id != programme.pk:
        raise ValidationError(_("The package belongs to another programme."))
    entry, _created = MultiYearPlanEntry.objects.get_or_create(
        programme=programme, audience=audience, school_year=school_year, package=package
    )
    return entry


def remove_plan_entry(entry: MultiYearPlanEntry) -> None:
    """Take a package out of one cell of the multi-year plan. Side effects: deletes it."""
    entry.delete()


def meeting_settings(programme: Programme) -> LearningSettings:
    """The programme's meeting rule (the default one if none is set; nothing is saved)."""
    found = LearningSettings.objects.filter(programme=programme).first()
    return found or LearningSettings(programme=programme)


def set_meeting_rule(programme: Programme, meetings: int, minutes: int) -> LearningSettings:
    """Set how many meetings of what length each group should hold each semester.

    Side effects: creates or saves the programme's LearningSettings."""
    settings = meeting_settings(programme)
    settings.meetings_per_semester = meetings
    settings.minutes_per_meeting = minutes
    settings.full_clean()
    settings.save()
    return settings


def add_condition(programme: Programme, text: str) -> ProgrammeCondition:
    """Add a condition for taking part at the end of the list. Side effects: creates it."""
    last = programme.conditions.aggregate(m=Max("number"))["m"] or 0
    condition = ProgrammeCondition(programme=programme, number=last + 1, text=text.strip())
    condition.full_clean()
    condition.save()
    return condition


def update_condition(condition: ProgrammeCondition, text: str) -> ProgrammeCondition:
    """Reword a condition. Side effects: saves it."""
    condition.text = text.strip()
    condition.full_clean()
    condition.save(update_fields=["text"])
    return condition


def remove_condition(condition: ProgrammeCondition) -> None:
    """Remove a condition. Side effects: deletes it and the units' ticks for it."""
    condition.delete()


# --- A unit's packages and groups -------------------------------------------------------


def unit_staff(unit: Unit) -> list[Person]:
    """The people who work at a unit (leaders, group leaders, staff, also through a class),
    by name: the only people who can be put in its learning groups."""
    ids = Membership.objects.filter(Q(unit=unit) | Q(group__unit=unit)).filter(
        role__in=("unit_leader", "group_leader", "staff")
    )
    return list(
        Person.objects.filter(pk__in=ids.values("person_id")).order_by(
            "first_name", "last_name", "username"
        )
    )


def choose_package(unit: Unit, package: Package, school_year: str, by: Person | None):
    """The unit works on a package in a school year.

    Side effects: creates the UnitPackageChoice if it is not there."""
    validate_school_year(school_year)
    if not unit.programmes.filter(pk=package.programme_id).exists():
        raise ValidationError(_("The unit does not take part in the programme of this package."))
    choice, _created = UnitPackageChoice.objects.get_or_create(
        unit=unit, package=package, school_year=school_year, defaults={"updated_by": by}
    )
    return choice


def drop_package(choice: UnitPackageChoice) -> None:
    """The unit no longer works on the package. Refused once a group has met or finished a
    module of it. Side effects: deletes the choice."""
    used = Q(group__unit=choice.unit, group__school_year=choice.school_year) & Q(
        module__package=choice.package
    )
    if Meeting.objects.filter(used).exists() or ModuleProgress.objects.filter(used).exists():
        raise ValidationError(
            _("Groups have already worked on this package this year, so it stays.")
        )
    choice.delete()


def save_implementation_plan(
    choice: UnitPackageChoice, text: str, condition_ids: Iterable[int], by: Person | None
) -> UnitPackageChoice:
    """Write how the unit carries out the package, and tick the conditions it meets.

    Side effects: saves the choice and replaces its ticked conditions."""
    programme_conditions = set(choice.package.programme.conditions.values_list("pk", flat=True))
    chosen = set(condition_ids)
    if not chosen <= programme_conditions:
        raise ValidationError(_("Tick only the conditions of the package's programme."))
    choice.implementation_plan = text.strip()
    choice.updated_by = by
    choice.save(update_fields=["implementation_plan", "updated_by", "updated_at"])
    choice.conditions_met.set(chosen)
    return choice


def set_staff_area(unit: Unit, person: Person, area: str) -> None:
    """Note a staff member's subject or department (blank removes it).

    Side effects: creates, changes or deletes the StaffArea."""
    area = area.strip()
    if not area:
        StaffArea.objects.filter(unit=unit, person=person).delete()
        return
    StaffArea.objects.update_or_create(unit=unit, person=person, defaults={"area": area[:80]})


def size_warning(size: int) -> str:
    """The warning for a group outside 5–7, or ""."""
    if size in GROUP_SIZE:
        return ""
    return ngettext(
        "The group has %(n)d member. Learning groups work best with 5–7.",
        "The group has %(n)d members. Learning groups work best with 5–7.",
        size,
    ) % {"n": size}


def _check_people(unit: Unit, people: Iterable[Person]) -> list[Person]:
    staff = {p.pk for p in unit_staff(unit)}
    people = list(dict.fromkeys(people))
    outside = [p for p in people if p.pk not in staff]
    if outside:
        raise ValidationError(
            _("Only people who work at %(unit)s can be in its learning groups: %(names)s.")
            % {"unit": unit, "names": ", ".join(str(p) for p in outside)}
        )
    return people


@transaction.atomic
def create_group(
    unit: Unit,
    school_year: str,
    name: str,
    leader: Person | None = None,
    members: Iterable[Person] = (),
) -> tuple[LearningGroup, str]:
    """Start a learning group. The leader is a member too.

    Side effects: creates the LearningGroup and its GroupMembers. Returns the group and a
    size warning ("" when it has 5–7 members)."""
    validate_school_year(school_year)
    name = name.strip()
    if not name:
        raise ValidationError(_("Give the group a name."))
    if LearningGroup.objects.filter(unit=unit, school_year=school_year, name=name).exists():
        raise ValidationError(
            _("There is already a group called %(name)s this school year.") % {"name": name}
        )
    group = LearningGroup.objects.create(unit=unit, school_year=school_year, name=name)
    people = list(members)
    if leader is not None and leader not in people:
        people.insert(0, leader)
    warning = set_members(group, people)
    if leader is not None:
        set_group_leader(group, leader)
    return group, warning


@transaction.atomic
def set_members(group: LearningGroup, people: Iterable[Person]) -> str:
    """Make exactly these people the group's members. A person is in one group per unit and
    school year; the group leader stays a member.

    Side effects: adds and removes GroupMembers (attendance at past meetings is kept).
    Returns the size warning, or ""."""
    people = _check_people(group.unit, people)
    if group.leader_id and group.leader_id not in {p.pk for p in people}:
        raise ValidationError(
            _("%(name)s leads the group and stays in it. Choose another group leader first.")
            % {"name": group.leader}
        )
    taken = dict(
        GroupMember.objects.filter(
            unit=group.unit, school_year=group.school_year, person__in=people
        )
        .exclude(group=group)
        .values_list("person_id", "group__name")
    )
    if taken:
        names = ", ".join(f"{p} ({taken[p.pk]})" for p in people if p.pk in taken)
        raise ValidationError(
            _(
                "A person is in one learning group per school year. Already in another group: "
                "%(names)s."
            )
            % {"names": names}
        )
    wanted = {p.pk for p in people}
    group.members.exclude(person_id__in=wanted).delete()
    have = set(group.members.values_list("person_id", flat=True))
    GroupMember.objects.bulk_create(
        GroupMember(group=group, person=p, unit_id=group.unit_id, school_year=group.school_year)
        for p in people
        if p.pk not in have
    )
    return size_warning(len(wanted))


def set_group_leader(group: LearningGroup, leader: Person | None) -> LearningGroup:
    """Pick the group's leader from its members (None: no leader yet).

    Side effects: saves the group."""
    if leader is not None and not group.members.filter(person=leader).exists():
        raise ValidationError(
            _("The group leader must be a member of the group. Add %(name)s to it first.")
            % {"name": leader}
        )
    group.leader = leader
    group.save(update_fields=["leader"])
    return group


@transaction.atomic
def divide_staff(
    unit: Unit,
    school_year: str,
    members: dict[LearningGroup, list[Person]],
    leaders: dict[LearningGroup, Person | None],
) -> dict[int, str]:
    """Place the unit's staff in its learning groups for a school year in one step: the
    people of each group and its leader (a member of that group). People left out of every
    group are taken out of their group.

    Side effects: replaces the GroupMembers of the unit's groups that year (attendance at
    past meetings is kept) and sets the groups' leaders. Returns the size warning per group
    id ("" for a group of 5–7)."""
    groups = list(LearningGroup.objects.filter(unit=unit, school_year=school_year))
    if set(members) - set(groups) or set(leaders) - set(groups):
        raise ValidationError(_("Choose groups of this unit and school year."))
    seen: dict[int, LearningGroup] = {}
    for group, people in members.items():
        for person in _check_people(unit, people):
            if person.pk in seen and seen[person.pk] != group:
                raise ValidationError(
                    _(
                        "%(name)s is placed in two groups. A person is in one learning group "
                        "per school year."
                    )
                    % {"name": person}
                )
            seen[person.pk] = group
    for group, leader in leaders.items():
        if leader is not None and seen.get(leader.pk) != group:
            raise ValidationError(
                _(
                    "The group leader of %(group)s must be a member of it. Place %(name)s in "
                    "the group, or choose another leader."
                )
                % {"group": group, "name": leader}
            )
    wanted = {group.pk: {p.pk for p in members.get(group, [])} for group in groups}
    for group in groups:
        group.members.exclude(person_id__in=wanted[group.pk]).delete()
    have = set(GroupMember.objects.filter(group__in=groups).values_list("group_id", "person_id"))
    GroupMember.objects.bulk_create(
        GroupMember(group_id=g, person_id=p, unit_id=unit.pk, school_year=school_year)
        for g, people in wanted.items()
        for p in sorted(people)
        if (g, p) not in have
    )
    for group in groups:
        leader = leaders.get(group, group.leader if group.leader_id in wanted[group.pk] else None)
        if (leader.pk if leader else None) != group.leader_id:
            group.leader = leader
            group.save(update_fields=["leader"])
    return {group.pk: size_warning(len(wanted[group.pk])) for group in groups}


@transaction.atomic
def rename_group(group: LearningGroup, name: str) -> LearningGroup:
    """Give the group a new name. Side effects: saves it."""
    name = name.strip()
    if not name:
        raise ValidationError(_("Give the group a name."))
    group.name = name
    try:
        with transaction.atomic():
            group.save(update_fields=["name"])
    except IntegrityError as clash:
        raise ValidationError(
            _("There is already a group called %(name)s this school year.") % {"name": name}
        ) from clash
    return group


def delete_group(group: LearningGroup) -> None:
    """Remove a group that has not met. Side effects: deletes it and its members."""
    if group.meetings.filter(status=MeetingStatus.HELD).exists():
        raise ValidationError(_("The group has held meetings, so its record is kept."))
    group.delete()


@transaction.atomic
def create_suggested_groups(
    unit: Unit, school_year: str, people: list[Person]
) -> list[tuple[LearningGroup, str]]:
    """Make the groups Samla suggests for these people (cross-disciplinary, 5–7 each),
    named "Gruppe 1", "Gruppe 2" … after any the unit has.

    Side effects: creates LearningGroups and GroupMembers."""
    areas = dict(
        StaffArea.objects.filter(unit=unit, person__in=people).values_list("person_id", "area")
    )
    by_id = {p.pk: p for p in people}
    suggestion = suggest_groups([(p.pk, areas.get(p.pk, "")) for p in people])
    existing = set(
        LearningGroup.objects.filter(unit=unit, school_year=school_year).values_list(
            "name", flat=True
        )
    )
    made = []
    number = 1
    for ids in suggestion:
        while (name := _("Group %(number)d") % {"number": number}) in existing:
            number += 1
        existing.add(name)
        made.append(create_group(unit, school_year, name, members=[by_id[i] for i in ids]))
    return made


# --- Meetings, attendance, progress -----------------------------------------------------


def _school_year_of(day: date) -> str:
    first = day.year if day.month >= 8 else day.year - 1
    return f"{first}/{first + 1}"


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
        return int((end - self.starts_at()).total_seconds() // 60)


def modules_for(group: LearningGroup):
    """The modules of the packages the group's unit works on in the group's school year."""
    packages = UnitPackageChoice.objects.filter(
        unit_id=group.unit_id, school_year=group.school_year
    ).values("package_id")
    return Module.objects.filter(package_id__in=packages).select_related("package")


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
    if _school_year_of(data.day) != meeting.group.school_year:
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
    """Change a meeting's time, module or place. Side effects: saves it."""
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
    members = set(meeting.group.members.values_list("person_id", flat=True))
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


def renew_calendar_address(person: Person) -> CalendarKey:
    """Retire the person's meeting calendar address and make a new one.

    Side effects: raises the person's CalendarKey version (creates it if missing)."""
    key, created = CalendarKey.objects.get_or_create(person=person)
    if not created:
        key.version += 1
        key.save(update_fields=["version"])
    else:
        key.version = 2
        key.save(update_fields=["version"])
    return key
