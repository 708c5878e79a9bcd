"""The units of the learning demo and their groups: who is in which group, which
packages the unit works with, how its groups met (see ``slots``) and which conditions it
ticks. The demo school gets a few more staff so that it has two groups."""

from __future__ import annotations

from dataclasses import dataclass

from samla.org.demo import DEMO_KINDERGARTEN, DEMO_MUNICIPALITY, DEMO_SCHOOL
from samla.org.models import Membership, Person, Role, Unit, UnitKind
from samla.org.services import grant_role

from .. import services
from . import catalogue

# Staff added at the demo school so that it has two groups (one of them too big).
EXTRA_SCHOOL_STAFF = [
    ("bjorkely01", "Marit", "Lien"),
    ("bjorkely02", "Even", "Strand"),
    ("bjorkely03", "Silje", "Rustad"),
    ("bjorkely04", "Tor", "Brenden"),
    ("bjorkely05", "Live", "Engen"),
    ("bjorkely06", "Håkon", "Myhre"),
]


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


def unit_plans() -> list[UnitPlan]:
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
