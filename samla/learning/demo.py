"""The demo of competence packages and learning groups (``seed_demo``, from the plan stage).

Both demo programmes get the catalogue, the multi-year plan, the conditions for taking part
and the meeting rule (``demo_catalogue.py``). A few units get learning groups for the
semester just past and the one now, with meetings dated from today so that the demo stays
true: at Bjørkely skole "Gruppe 1" (led by ``gruppeleder``, with ``laerer``) met the rule
last semester and "Gruppe 2" (eight members, so a size warning) missed it with one meeting
too short. Every change goes through the services; running it again changes nothing (a
group that exists is left as it is, meetings and all)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from samla.org.demo import (
    DEMO_KINDERGARTEN,
    DEMO_MUNICIPALITY,
    DEMO_SCHOOL,
    KINDERGARTEN_SLUG,
    SCHOOL_SLUG,
)
from samla.org.models import Membership, Person, Programme, Role, Unit, UnitKind
from samla.org.services import grant_role

from . import demo_catalogue as catalogue
from . import services
from .models import (
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
from .semester import OSLO, Semester, current_semester
from .services import school_year_of

HELD, PLANNED, CANCELLED = "held", "planned", "cancelled"
MEETING_START = time(14, 30)

# Staff added at the demo school so that it has two groups (one of them too big).
EXTRA_SCHOOL_STAFF = [
    ("bjorkely01", "Marit", "Lien"),
    ("bjorkely02", "Even", "Strand"),
    ("bjorkely03", "Silje", "Rustad"),
    ("bjorkely04", "Tor", "Brenden"),
    ("bjorkely05", "Live", "Engen"),
    ("bjorkely06", "Håkon", "Myhre"),
]
SCHOOL_SUBJECTS = [
    "Norsk", "Matematikk", "Engelsk", "Naturfag", "Samfunnsfag", "Kroppsøving",
    "Kunst og håndverk", "Spesialundervisning",
]  # fmt: skip


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


@dataclass
class GroupPlan:
    name: str
    members: list[Person]
    leader: Person | None
    past: str = ""
    current: str = ""
    last_module_open: bool = False  # the latest module held is not marked done
    place: str = "Personalrommet"


@dataclass
class UnitPlan:
    unit: Unit
    past_package: str | None
    current_package: str
    groups: list[GroupPlan]
    conditions: tuple[int, ...] = ()  # numbers ticked
    write_plan: bool = True


@transaction.atomic
def build_learning(now: datetime | None = None) -> dict[str, int]:
    """Create what is missing of the learning demo, with meetings dated from ``now`` (by
    default the present); return counts of what exists."""
    now = now or timezone.now()
    today = now.astimezone(OSLO).date()
    for slug, packages, plan, last, this, conditions in (
        (SCHOOL_SLUG, catalogue.SCHOOL_PACKAGES, catalogue.SCHOOL_PLAN,
         catalogue.SCHOOL_LAST_YEAR, catalogue.SCHOOL_THIS_YEAR, catalogue.SCHOOL_CONDITIONS),
        (KINDERGARTEN_SLUG, catalogue.KINDERGARTEN_PACKAGES, catalogue.KINDERGARTEN_PLAN,
         catalogue.KINDERGARTEN_LAST_YEAR, catalogue.KINDERGARTEN_THIS_YEAR,
         catalogue.KINDERGARTEN_CONDITIONS),
    ):  # fmt: skip
        programme = Programme.objects.get(slug=slug)
        by_title = _load_catalogue(programme, packages)
        this_year = school_year_of(today)
        plan = {**plan, _previous_year(this_year): last, this_year: this}
        for school_year, audiences in plan.items():
            for audience, titles in audiences.items():
                for title in titles:
                    services.add_plan_entry(programme, audience, school_year, by_title[title])
        if not programme.conditions.exists():
            for text in conditions:
                services.add_condition(programme, text)
        if not LearningSettings.objects.filter(programme=programme).exists():
            services.set_meeting_rule(programme, 4, 90)
    for unit_plan in _unit_plans():
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


def _previous_year(school_year: str) -> str:
    first = int(school_year[:4]) - 1
    return f"{first}/{first + 1}"


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


# --- Units and their groups -------------------------------------------------------------


def _unit_plans() -> list[UnitPlan]:
    school = Unit.objects.get(name=DEMO_SCHOOL, owner__name=f"{DEMO_MUNICIPALITY} kommune")
    _ensure_school_staff(school)
    staff = _group_staff(school)
    first = [_person("gruppeleder"), _person("laerer")]
    others = [p for p in staff if p not in first]
    group_1, group_2 = first + others[:4], others[4:]
    plans = [
        UnitPlan(
            school,
            catalogue.MOTIVATION,
            catalogue.CLASSROOM_LEADERSHIP,
            [
                GroupPlan("Gruppe 1", group_1, first[0], "met", "on_track"),
                GroupPlan("Gruppe 2", group_2, group_2[0], "short", "gap", True, "Møterom 2"),
            ],
            conditions=(1, 3, 4, 5),
        )
    ]
    hamar = _schools(DEMO_MUNICIPALITY, exclude=school)
    kinds = [
        (hamar[0], catalogue.MOTIVATION, catalogue.QUESTIONS, "met", "on_track", (1, 2, 3, 4)),
        (hamar[1], None, catalogue.CLASSROOM_LEADERSHIP, "", "late", (1,)),
        (_schools("Stange")[0], catalogue.MOTIVATION, catalogue.CLASSROOM_LEADERSHIP,
         "three", "short", (1, 3, 4)),
    ]  # fmt: skip
    for unit, past, current, past_pattern, current_pattern, ticked in kinds:
        people = _group_staff(unit)
        group = GroupPlan("Læringsgruppe 1", people, people[0], past_pattern, current_pattern)
        plans.append(UnitPlan(unit, past, current, [group], conditions=ticked))
    trysil = _schools("Trysil")[0]
    plans.append(
        UnitPlan(
            trysil,
            None,
            catalogue.QUESTIONS,
            [GroupPlan("Læringsgruppe 1", _group_staff(trysil), None)],
            write_plan=False,
        )
    )
    kindergarten = Unit.objects.get(
        name=DEMO_KINDERGARTEN, owner__name=f"{DEMO_MUNICIPALITY} kommune"
    )
    people = _group_staff(kindergarten)
    plans.append(
        UnitPlan(
            kindergarten,
            catalogue.PLAY,
            catalogue.LANGUAGE,
            [GroupPlan("Læringsgruppe", people, people[0], "met", "on_track")],
            conditions=(1, 2, 3, 4, 5),
        )
    )
    return plans


def _person(username: str) -> Person:
    return Person.objects.get(username=username)


def _schools(municipality: str, exclude: Unit | None = None) -> list[Unit]:
    units = Unit.objects.filter(owner__name=f"{municipality} kommune", kind=UnitKind.PRIMARY)
    if exclude is not None:
        units = units.exclude(pk=exclude.pk)
    return list(units.order_by("name"))


def _group_staff(unit: Unit) -> list[Person]:
    """The unit's staff but its leaders, by username (so the demo is the same every time)."""
    leaders = set(
        Membership.objects.filter(unit=unit, role=Role.UNIT_LEADER).values_list(
            "person_id", flat=True
        )
    )
    staff = [p for p in services.unit_staff(unit) if p.pk not in leaders]
    return sorted(staff, key=lambda p: p.username)


def _ensure_school_staff(school: Unit) -> None:
    for username, first_name, last_name in EXTRA_SCHOOL_STAFF:
        person = Person.objects.filter(username=username).first()
        if person is None:
            person = Person(username=username, first_name=first_name, last_name=last_name)
            person.set_unusable_password()  # like the generated staff: they cannot log in
            person.save()
        grant_role(person, Role.STAFF, unit=school, title="lærer")


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
