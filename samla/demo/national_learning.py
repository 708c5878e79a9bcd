"""The national dataset's competence packages and learning groups.

Every programme gets the demo catalogue (``samla.learning.demo``'s packages), this and last
year's multi-year plan, the conditions for taking part and the meeting rule, through the
learning services. Every unit works on this year's package for all staff; its staff (the
leader aside) are divided into learning groups, each led by its first member (who holds
the group leader role at the unit). Each group has the school year's eight meetings, four
each semester: those before now held (a few cancelled), with attendance and the module
done; those after planned."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import numpy as np
from django.utils import timezone

from samla.core.time import OSLO, previous_school_year, school_year_text
from samla.learning import services
from samla.learning.demo.packages_kindergarten import KINDERGARTEN_PACKAGES
from samla.learning.demo.packages_school import SCHOOL_PACKAGES
from samla.learning.demo.plans import (
    KINDERGARTEN_CONDITIONS,
    KINDERGARTEN_LAST_YEAR,
    KINDERGARTEN_THIS_YEAR,
    SCHOOL_CONDITIONS,
    SCHOOL_LAST_YEAR,
    SCHOOL_THIS_YEAR,
)
from samla.learning.models import (
    Attendance,
    Audience,
    GroupMember,
    LearningGroup,
    Meeting,
    MeetingStatus,
    ModuleKind,
    ModuleProgress,
    UnitPackageChoice,
)
from samla.org.models import Role

from .national_copy import next_ids, write_rows
from .national_org import Nation
from .national_people import write_memberships

MEETING_AT = time(14, 30)
MINUTES = 90
CANCELLED_SHARE, ABSENT_SHARE = 0.03, 0.12
# The first day of each semester's meetings and the weeks between them.
AUTUMN_START, SPRING_START, EVERY = (9, 1), (1, 20), 3


def build_catalogues(nation: Nation) -> dict:
    """Catalogue, plan, conditions and meeting rule of every programme; returns the
    package each level's units work on this year, with its modules for the meetings."""
    this_year = school_year_text(nation.school_year)
    chosen = {}
    for pair in nation.programmes:
        for programme, packages, last, this, conditions in (
            (pair[0], SCHOOL_PACKAGES, SCHOOL_LAST_YEAR, SCHOOL_THIS_YEAR, SCHOOL_CONDITIONS),
            (pair[1], KINDERGARTEN_PACKAGES, KINDERGARTEN_LAST_YEAR, KINDERGARTEN_THIS_YEAR,
             KINDERGARTEN_CONDITIONS),
        ):  # fmt: skip
            by_title = {spec.title: _package(programme, spec) for spec in packages}
            plan = {previous_school_year(this_year): last, this_year: this}
            for school_year, audiences in plan.items():
                for audience, titles in audiences.items():
                    for title in titles:
                        services.add_plan_entry(programme, audience, school_year, by_title[title])
            for text in conditions:
                services.add_condition(programme, text)
            services.set_meeting_rule(programme, 4, MINUTES)
            package = by_title[this[Audience.ALL_STAFF][0]]
            modules = list(package.modules.exclude(kind=ModuleKind.LEADERS_PREPARATION))
            chosen[programme.pk] = (package, modules)
    return chosen


def _package(programme, spec):
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
    return package


def build_learning(nation: Nation, counts: dict[str, int], rng: np.random.Generator) -> dict:
    chosen = build_catalogues(nation)
    school_year = school_year_text(nation.school_year)
    now = timezone.now()
    package_of_unit = [chosen[nation.programme_of_unit(u).pk] for u in range(len(nation.unit_ids))]
    UnitPackageChoice.objects.bulk_create(
        (
            UnitPackageChoice(
                unit_id=int(unit_id), package=package_of_unit[u][0], school_year=school_year,
                implementation_plan=(
                    f"Hele personalet arbeider med «{package_of_unit[u][0].title}» i "
                    "læringsgrupper på tvers av trinn og fag, med møter annenhver uke."
                ),
                updated_by_id=int(nation.unit_first_person[u]),
            )
            for u, unit_id in enumerate(nation.unit_ids.tolist())
        ),
        batch_size=5000,
    )  # fmt: skip
    members = nation.unit_staff - 1  # the leader leads the unit, not a group
    wanted = np.clip(np.rint(members * counts["learning_groups"] / members.sum()), 1, members)
    groups = wanted.astype(np.int64)
    group_ids = next_ids(LearningGroup, int(groups.sum()))
    nation.learning_first = group_ids[0] + np.r_[0, np.cumsum(groups)[:-1]]
    nation.learning_count = groups
    group_rows, member_rows, leaders, plans = [], [], [], []
    at = 0
    for unit, unit_id in enumerate(nation.unit_ids.tolist()):
        people = int(nation.unit_first_person[unit]) + 1 + np.arange(members[unit])
        for number, chunk in enumerate(np.array_split(people, groups[unit]), start=1):
            group_id = group_ids[at]
            at += 1
            leader = int(chunk[0])
            group_rows.append((group_id, unit_id, school_year, f"Gruppe {number}", leader, now))
            member_rows.extend((group_id, int(p), unit_id, school_year) for p in chunk)
            leaders.append((leader, Role.GROUP_LEADER, "unit", unit_id, "gruppeleder"))
            plans.append((group_id, unit, leader, chunk.tolist()))
    write_rows(LearningGroup, ["id", "unit_id", "school_year", "name", "leader_id", "created_at"],
               group_rows)  # fmt: skip
    write_rows(GroupMember, ["group_id", "person_id", "unit_id", "school_year"], member_rows)
    write_memberships(leaders)
    meetings = _meetings(nation, plans, package_of_unit, now, rng)
    return {"learning groups": len(group_rows), "members": len(member_rows), **meetings}


def _semester_days(year: int, weekday: int, offset: int) -> list[date]:
    days = []
    for month, day in (AUTUMN_START, SPRING_START):
        start = date(year if month >= 8 else year + 1, month, day) + timedelta(days=offset)
        start += timedelta(days=(weekday - start.weekday()) % 7)
        days += [start + timedelta(weeks=EVERY * k) for k in range(4)]
    return days


def _meetings(nation: Nation, plans, package_of_unit, now: datetime, rng) -> dict:
    meeting_ids = iter(next_ids(Meeting, 8 * len(plans)))
    meetings, attendance, progress = [], [], []
    held_count = 0
    for group_id, unit, leader, people in plans:
        modules = package_of_unit[unit][1]
        days = _semester_days(nation.school_year, int(rng.integers(0, 4)), int(rng.integers(0, 14)))
        number = 0
        for day in days:
            meeting_id = next(meeting_ids)
            starts = datetime.combine(day, MEETING_AT, tzinfo=OSLO)
            module = modules[number] if number < len(modules) else None
            past = starts + timedelta(minutes=MINUTES) < now
            if past and rng.random() < CANCELLED_SHARE:
                status, module = MeetingStatus.CANCELLED, None
            else:
                number += 1
                status = MeetingStatus.HELD if past else MeetingStatus.PLANNED
            notes = tasks = ""
            if status == MeetingStatus.HELD:
                held_count += 1
                topic = f"«{module.title}»" if module else "oppfølging av tiltakene"
                notes = f"Vi arbeidet med {topic} og delte erfaringer fra mellomarbeidet."
                tasks = module.between_work if module else "Fortsett med tiltakene."
                present = [p for p in people if p == leader or rng.random() > ABSENT_SHARE]
                attendance.extend((meeting_id, p) for p in present)
                if module is not None:
                    progress.append((group_id, module.pk, day, leader))
            meetings.append(
                (
                    meeting_id, group_id, module.pk if module else None, status, starts,
                    MINUTES, "Personalrommet", notes, tasks,
                    leader if status == MeetingStatus.HELD else None, now,
                )
            )  # fmt: skip
    columns = ["id", "group_id", "module_id", "status", "starts_at", "minutes", "place", "notes",
               "between_tasks", "recorded_by_id", "updated_at"]  # fmt: skip
    write_rows(Meeting, columns, meetings)
    write_rows(Attendance, ["meeting_id", "person_id"], attendance)
    write_rows(ModuleProgress, ["group_id", "module_id", "done_on", "marked_by_id"], progress)
    return {
        "meetings": len(meetings),
        "held": held_count,
        "attendance": len(attendance),
        "modules done": len(progress),
    }
