"""A new school year: a programme's classes move up a grade.

Rolling never edits last year's classes: each open class of the programme's open units is
closed (``closed_on``) and, unless it is in its unit's last grade, gets a successor for the
new school year (grade + 1, the grade in its name advanced, same size). Responses, codes
and results keep pointing at the class as it was, so last year's rounds, results and
analyses read as before. Kindergarten departments stay as they are.

- **The last grade** of a unit is its ``highest_grade``. If that is not known: 13 for an
  upper secondary school; for a school, 7 when none of its classes is above 7th grade (a
  primary school), else 10 (a lower secondary school or a 1–10 school).
- **Which classes roll to** ``to_year``: those in school year ``to_year - 1``. A class
  without a school year counts as in ``to_year - 1`` too, unless the day of the roll is
  in an earlier school year (then in that one): a roll in June or in August both work. Classes
  already in ``to_year`` (e.g. new 1st grades from the staff workbook) are left alone, so
  rolling twice does nothing the second time. A class still in an earlier year stops the
  roll: the years are rolled one at a time.
- **Staff** of a class (the staff role held at the class) follow it to its successor; the
  staff of a class that leaves stay at the unit (as staff there).
- **Children** on a class's list follow it too: the surveys app listens to
  :data:`school_year_rolled` (the organisation knows nothing of children).
- **New 1st grades** come from the staff workbook import; **learning groups** are formed
  for the new school year by the unit leader. The roll touches neither.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from datetime import date

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from samla.core.time import school_year_of, school_year_text

from .models import (
    ChangeAction,
    Group,
    GroupKind,
    Membership,
    Person,
    Programme,
    Role,
    Unit,
    UnitKind,
)
from .services import record_change

PRIMARY_LAST_GRADE = 7
SECONDARY_LAST_GRADE = 10
UPPER_SECONDARY_LAST_GRADE = 13

# Sent inside the roll's transaction with ``programme``, ``successors`` (closed class id →
# its successor's id) and ``leavers`` (ids of the classes that left). A receiver returns the
# number of things it moved (surveys: children on the classes' lists).
school_year_rolled = Signal()


class RollRefused(Exception):
    """The roll cannot be done as asked; ``problems`` says why, in the person's language."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


# --- Names and grades (pure) -------------------------------------------------------------


def advanced_name(name: str, grade: int) -> str:
    """The class's name a grade up: the first number equal to the grade is raised ("5A" →
    "6A", "5. trinn" → "6. trinn", "Klasse 5B" → "Klasse 6B", "Vg1 ST" → "Vg2 ST" for
    grade 11). A name without its grade stays as it is."""
    raised, count = re.subn(rf"(?<!\d){grade}(?!\d)", str(grade + 1), name, count=1)
    if not count and grade > SECONDARY_LAST_GRADE:
        raised, count = re.subn(
            rf"(?i)(?<![a-z])(vg\s*){grade - 10}(?!\d)",
            lambda match: f"{match[1]}{grade - 9}",
            name,
            count=1,
        )
    return raised[: Group._meta.get_field("name").max_length] if count else name


def last_grade(unit: Unit, class_grades: list[int]) -> int:
    """The grade whose classes leave the unit at the end of the school year."""
    if unit.highest_grade:
        return unit.highest_grade
    if unit.kind == UnitKind.UPPER_SECONDARY:
        return UPPER_SECONDARY_LAST_GRADE
    if max(class_grades, default=0) <= PRIMARY_LAST_GRADE:
        return PRIMARY_LAST_GRADE
    return SECONDARY_LAST_GRADE


# --- The plan ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ClassStep:
    """One class and what the roll does with it."""

    group_id: int
    name: str
    grade: int
    size: int | None
    new_name: str = ""  # empty: the class leaves the unit

    @property
    def leaves(self) -> bool:
        return not self.new_name


@dataclass
class UnitRoll:
    unit_id: int
    name: str
    last_grade: int
    last_grade_known: bool
    moving: list[ClassStep] = field(default_factory=list)
    leaving: list[ClassStep] = field(default_factory=list)
    departments: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)

    @property
    def changes(self) -> bool:
        return bool(self.moving or self.leaving)


@dataclass
class RollPlan:
    programme: Programme
    to_year: int
    on: date
    units: list[UnitRoll]
    problems: list[str]

    @property
    def school_year(self) -> str:
        return school_year_text(self.to_year)

    @property
    def from_school_year(self) -> str:
        return school_year_text(self.to_year - 1)

    @property
    def nothing_to_do(self) -> bool:
        return not any(unit.changes for unit in self.units)

    def count(self, what: str) -> int:
        return sum(len(getattr(unit, what)) for unit in self.units)

    def as_data(self) -> dict:
        """The plan as plain data (the command's JSON)."""
        return {
            "programme": self.programme.slug,
            "from": self.from_school_year,
            "to": self.school_year,
            "nothing_to_do": self.nothing_to_do,
            "problems": self.problems,
            "units": [
                {
                    "unit": unit.name,
                    "last_grade": unit.last_grade,
                    "last_grade_known": unit.last_grade_known,
                    "moving": [{"from": s.name, "to": s.new_name} for s in unit.moving],
                    "leaving": [s.name for s in unit.leaving],
                    "departments": unit.departments,
                    "already_in_new_year": unit.already,
                }
                for unit in self.units
            ],
        }


def plan_roll(programme: Programme, *, to_year: int, on: date | None = None) -> RollPlan:
    """What rolling the programme into the school year starting in ``to_year`` would do, per
    open unit (by name). Changes nothing."""
    on = on or timezone.localdate()
    # A class whose school year is not recorded is taken to be in the year before the
    # roll, unless the roll date is still in an earlier one: so a roll done in August, when
    # the new school year has begun, still moves the classes up.
    unknown_year = min(to_year - 1, int(school_year_of(on)[:4]))
    enrolled = Unit.objects.open().filter(enrolment__programme=programme)
    units = list(enrolled.order_by("name"))
    by_unit: dict[int, list] = defaultdict(list)
    for group in (
        Group.objects.open()
        .filter(unit__in=enrolled)
        .order_by("unit_id", "grade", "name")
        .values_list("pk", "unit_id", "name", "kind", "grade", "size", "school_year", named=True)
    ):
        by_unit[group.unit_id].append(group)
    problems: list[str] = []
    rolls = []
    for unit in units:
        own = by_unit.get(unit.pk, [])
        classes = [g for g in own if g.kind == GroupKind.CLASS]
        roll = UnitRoll(
            unit_id=unit.pk,
            name=unit.name,
            last_grade=last_grade(unit, [g.grade for g in classes]),
            last_grade_known=bool(unit.highest_grade),
            departments=[g.name for g in own if g.kind == GroupKind.DEPARTMENT],
        )
        staying = set()
        for group in classes:
            year = group.school_year or unknown_year
            if year >= to_year:
                roll.already.append(group.name)
                staying.add(group.name)
                continue
            if year < to_year - 1:
                problems.append(
                    _("%(unit)s, %(name)s is still in %(year)s: roll into %(next)s first.")
                    % {
                        "unit": unit.name,
                        "name": group.name,
                        "year": school_year_text(year),
                        "next": school_year_text(year + 1),
                    }
                )
                continue
            step = ClassStep(group.pk, group.name, group.grade, group.size)
            if group.grade >= roll.last_grade:
                roll.leaving.append(step)
            else:
                roll.moving.append(replace(step, new_name=advanced_name(group.name, group.grade)))
        names = Counter(s.new_name for s in roll.moving)
        for name in sorted(n for n, times in names.items() if times > 1 or n in staying):
            problems.append(
                _("%(unit)s would have two classes called %(name)s. Rename one first.")
                % {"unit": unit.name, "name": name}
            )
        rolls.append(roll)
    return RollPlan(programme, to_year, on, rolls, problems)


# --- Applying it -------------------------------------------------------------------------


@dataclass(frozen=True)
class RollOutcome:
    plan: RollPlan
    done: bool  # False: nothing was left to roll (it had been done)
    moved: int = 0
    left: int = 0
    staff_moved: int = 0
    children_moved: int = 0


def _roll_unit(roll: UnitRoll, to_year: int, on: date) -> tuple[dict[int, int], int]:
    """Close the unit's classes, make their successors, move the staff; returns (closed
    class → successor) and the number of staff roles moved."""
    Group.objects.filter(pk__in=[s.group_id for s in roll.moving + roll.leaving]).update(
        closed_on=on
    )
    successors = Group.objects.bulk_create(
        Group(
            unit_id=roll.unit_id,
            name=step.new_name,
            kind=GroupKind.CLASS,
            grade=step.grade + 1,
            size=step.size,
            school_year=to_year,
        )
        for step in roll.moving
    )
    mapping = {
        step.group_id: successor.pk for step, successor in zip(roll.moving, successors, strict=True)
    }
    moved = 0
    for old, new in mapping.items():
        moved += Membership.objects.filter(role=Role.STAFF, group_id=old).update(group_id=new)
    leaving_staff = Membership.objects.filter(
        role=Role.STAFF, group_id__in=[s.group_id for s in roll.leaving]
    )
    at_unit = set(
        Membership.objects.filter(role=Role.STAFF, unit_id=roll.unit_id).values_list(
            "person_id", flat=True
        )
    )
    for membership in leaving_staff:
        if membership.person_id in at_unit:
            membership.delete()
        else:
            Membership.objects.filter(pk=membership.pk).update(group=None, unit_id=roll.unit_id)
            at_unit.add(membership.person_id)
        moved += 1
    return mapping, moved


@transaction.atomic
def apply_roll(
    programme: Programme, *, to_year: int, actor: Person | None, on: date | None = None
) -> RollOutcome:
    """Roll the programme into the school year starting in ``to_year``, all or nothing.

    Side effects: closes every class that rolls (``closed_on``), creates the successors of
    those that move up, moves the staff role held at each class to its successor (the staff
    of a leaving class to its unit; dropped if they are staff there already), records one
    ``OrgChange`` (new school year) per unit changed, with ``actor`` and the programme, and
    sends :data:`school_year_rolled` (the surveys app moves the classes' children). Refuses
    (``RollRefused``) a plan with problems; does nothing when nothing is left to roll."""
    on = on or timezone.localdate()
    # Taken inside the transaction, so two rolls at once cannot both close the same classes.
    list(
        Group.objects.select_for_update()
        .open()
        .filter(unit__enrolment__programme=programme, kind=GroupKind.CLASS)
        .values_list("pk", flat=True)
    )
    plan = plan_roll(programme, to_year=to_year, on=on)
    if plan.problems:
        raise RollRefused(plan.problems)
    if plan.nothing_to_do:
        return RollOutcome(plan, done=False)
    successors: dict[int, int] = {}
    staff_moved = 0
    for roll in plan.units:
        if not roll.changes:
            continue
        mapping, moved = _roll_unit(roll, to_year, on)
        successors |= mapping
        staff_moved += moved
        record_change(
            ChangeAction.SCHOOL_YEAR,
            actor=actor,
            programme=programme,
            place=roll.name,
            detail=_(
                "%(from)s to %(to)s: %(moved)s classes moved up, %(left)s left, "
                "%(staff)s staff roles moved, %(departments)s departments kept"
            )
            % {
                "from": plan.from_school_year,
                "to": plan.school_year,
                "moved": len(roll.moving),
                "left": len(roll.leaving),
                "staff": moved,
                "departments": len(roll.departments),
            },
        )
    leavers = [s.group_id for roll in plan.units for s in roll.leaving]
    answers = school_year_rolled.send(
        sender=apply_roll, programme=programme, successors=successors, leavers=leavers
    )
    return RollOutcome(
        plan,
        done=True,
        moved=plan.count("moving"),
        left=plan.count("leaving"),
        staff_moved=staff_moved,
        children_moved=sum(n for _receiver, n in answers if isinstance(n, int)),
    )
