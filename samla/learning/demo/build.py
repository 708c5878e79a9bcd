"""Building the learning demo: the catalogue, plan, conditions and meeting rule of both
programmes, then each unit's package choices, implementation plan, staff areas, groups
and meetings — all through the services, leaving alone what exists."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from samla.core.time import Semester, current_semester, oslo_today, previous_school_year
from samla.org.demo import KINDERGARTEN_SLUG, SCHOOL_SLUG
from samla.org.models import Membership, Person, Programme, Role, Unit, UnitKind

from .. import services
from ..models import (
    Attendance,
    GroupMember,
    LearningGroup,
    LearningSettings,
    Meeting,
    MeetingStatus,
    ModuleKind,
    ModuleProgress,
    MultiYearPlanEntry,
    Package,
    ProgrammeCondition,
    StaffArea,
    UnitPackageChoice,
)
from ..services import school_year_of
from .packages_kindergarten import KINDERGARTEN_PACKAGES
from .packages_school import SCHOOL_PACKAGES
from .plans import (
    KINDERGARTEN_CONDITIONS,
    KINDERGARTEN_LAST_YEAR,
    KINDERGARTEN_PLAN,
    KINDERGARTEN_THIS_YEAR,
    SCHOOL_CONDITIONS,
    SCHOOL_LAST_YEAR,
    SCHOOL_PLAN,
    SCHOOL_THIS_YEAR,
)
from .slots import CANCELLED, HELD, MEETING_START, Slot, current_slots, past_slots
from .units import GroupPlan, UnitPlan, unit_plans

SCHOOL_SUBJECTS = [
    "Norsk", "Matematikk", "Engelsk", "Naturfag", "Samfunnsfag", "Kroppsøving",
    "Kunst og håndverk", "Spesialundervisning",
]  # fmt: skip


@transaction.atomic
def build_learning(now: datetime | None = None) -> dict[str, int]:
    """Create what is missing of the learning demo, with meetings dated from ``now`` (by
    default the present); return counts of what exists."""
    now = now or timezone.now()
    today = oslo_today(now)
    for slug, packages, plan, last, this, conditions in (
        (SCHOOL_SLUG, SCHOOL_PACKAGES, SCHOOL_PLAN,
         SCHOOL_LAST_YEAR, SCHOOL_THIS_YEAR, SCHOOL_CONDITIONS),
        (KINDERGARTEN_SLUG, KINDERGARTEN_PACKAGES, KINDERGARTEN_PLAN,
         KINDERGARTEN_LAST_YEAR, KINDERGARTEN_THIS_YEAR,
         KINDERGARTEN_CONDITIONS),
    ):  # fmt: skip
        programme = Programme.objects.get(slug=slug)
        by_title = _load_catalogue(programme, packages)
        this_year = school_year_of(today)
        plan = {**plan, previous_school_year(this_year): last, this_year: this}
        for school_year, audiences in plan.items():
            for audience, titles in audiences.items():
                for title in titles:
                    services.add_plan_entry(programme, audience, school_year, by_title[title])
        if not programme.conditions.exists():
            for text in conditions:
                services.add_condition(programme, text)
        if not LearningSettings.objects.filter(programme=programme).exists():
            services.set_meeting_rule(programme, 4, 90)
    for unit_plan in unit_plans():
        _build_unit(unit_plan, today, now)
    return {
        "packages": Package.objects.count(),
        "plan entries": MultiYearPlanEntry.objects.count(),
        "conditions": ProgrammeCondition.objects.count(),
        "units' packages": UnitPackageChoice.objects.count(),
        "groups": LearningGroup.objects.count(),
        "members": GroupMember.objects.count(),
        "meetings": Meeting.objects.count(),
        "held": Meeting.objects.filter(status=MeetingStatus.HELD).count(),
        "attendance": Attendance.objects.count(),
        "modules done": ModuleProgress.objects.count(),
    }


def _load_catalogue(programme: Programme, packages) -> dict[str, Package]:
    by_title = {p.title: p for p in Package.objects.filter(programme=programme)}
    for spec in packages:
        if spec.title in by_title:
            continue  # there already, perhaps changed by an administrator: leave it
        package = services.save_package(
            programme,
            services.PackageInput(
                title=spec.title,
                level=programme.level,
                audience=spec.audience,
                theme=spec.theme,
                description=spec.description,
            ),
        )
        for module in spec.modules:
            services.save_module(
                package,
                services.ModuleInput(
                    title=module.title,
                    kind=module.kind,
                    purpose=module.purpose,
                    minutes=module.minutes,
                    meeting_tasks=module.meeting_tasks,
                    between_work=module.between_work,
                    reflection_questions=module.reflection_questions,
                ),
            )
        by_title[spec.title] = package
    return by_title


def _build_unit(plan: UnitPlan, today: date, now: datetime) -> None:
    unit = plan.unit
    _set_areas(unit, [person for group in plan.groups for person in group.members])
    current = current_semester(today)
    past = current.previous()
    by_year: dict[str, list[tuple[Semester, str]]] = defaultdict(list)
    by_year[past.school_year].append((past, "past"))
    by_year[current.school_year].append((current, "current"))
    leader_of_unit = (
        Membership.objects.filter(unit=unit, role=Role.UNIT_LEADER).order_by("pk").first()
    )
    by = leader_of_unit.person if leader_of_unit else None
    for school_year, semesters in by_year.items():
        # In July the semester to come belongs to the next school year: the unit goes on
        # with the package of the year ending.
        this_year = school_year == school_year_of(today)
        title = plan.past_package if school_year < school_year_of(today) else plan.current_package
        if title is None:
            continue
        package = Package.objects.get(programme__in=unit.programmes.all(), title=title)
        choice = services.choose_package(unit, package, school_year, by)
        if plan.write_plan and not choice.implementation_plan:
            conditions = package.programme.conditions.filter(number__in=plan.conditions)
            services.save_implementation_plan(
                choice,
                _implementation_text(package, len(plan.groups)),
                [c.pk for c in conditions],
                by,
            )
        for group_plan in plan.groups:
            slots = []
            for semester, when in semesters:
                if when == "past":
                    slots += past_slots(semester, group_plan.past)
                else:
                    slots += current_slots(semester, today, group_plan.current)
            if slots or this_year:
                _build_group(unit, school_year, package, group_plan, sorted(slots), now)


def _set_areas(unit: Unit, people: list[Person]) -> None:
    if unit.kind == UnitKind.KINDERGARTEN:
        areas = list(unit.groups.order_by("name").values_list("name", flat=True))
    else:
        areas = SCHOOL_SUBJECTS
    have = set(StaffArea.objects.filter(unit=unit).values_list("person_id", flat=True))
    for number, person in enumerate(people):
        if person.pk not in have and areas:
            services.set_staff_area(unit, person, areas[number % len(areas)])


def _implementation_text(package: Package, groups: int) -> str:
    return (
        f"Hele personalet arbeider med «{package.title}» i {groups} læringsgruppe(r) på "
        "tvers av trinn og fag. Gruppene møtes annenhver tirsdag kl. 14.30–16.00, og "
        "mellomarbeidet prøves ut i egne klasser. Ledelsen møter gruppelederne to ganger i "
        "halvåret og tar opp erfaringene på personalmøtene."
    )


def _build_group(
    unit: Unit,
    school_year: str,
    package: Package,
    plan: GroupPlan,
    slots: list[Slot],
    now: datetime,
) -> None:
    if LearningGroup.objects.filter(unit=unit, school_year=school_year, name=plan.name).exists():
        return  # built before (or made by hand): leave it and its meetings alone
    group, _warning = services.create_group(
        unit, school_year, plan.name, leader=plan.leader, members=plan.members
    )
    modules = list(package.modules.exclude(kind=ModuleKind.LEADERS_PREPARATION))
    others = [p for p in plan.members if p != plan.leader] or plan.members
    held = [slot for slot in slots if slot.state == HELD]
    number = 0
    for index, slot in enumerate(slots):
        module = modules[number] if number < len(modules) else None
        end = (datetime.combine(slot.day, MEETING_START) + timedelta(minutes=slot.minutes)).time()
        data = services.MeetingInput(
            slot.day, MEETING_START, end, module.pk if module else None, plan.place
        )
        meeting = services.plan_meeting(group, data)
        if slot.state == CANCELLED:
            services.cancel_meeting(meeting)
            continue
        number += 1
        if slot.state != HELD:
            continue
        # Not everyone every time: one away at each meeting, two at every third.
        away = {others[index % len(others)]}
        if index % 3 == 2:
            away.add(others[(index + 2) % len(others)])
        topic = f"«{module.title}»" if module else "oppfølging av tiltakene"
        services.record_meeting(
            meeting,
            data,
            [p for p in plan.members if p not in away],
            notes=f"Vi arbeidet med {topic} og delte erfaringer fra mellomarbeidet.",
            between_tasks=module.between_work if module else "Fortsett med tiltakene.",
            by=plan.leader,
            now=now,
        )
        if module and not (plan.last_module_open and slot == held[-1]):
            services.mark_module_done(group, module, slot.day, by=plan.leader)
