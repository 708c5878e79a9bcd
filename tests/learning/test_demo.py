"""The learning demo: idempotent, and every dashboard has something true to show."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.utils import timezone

from samla.learning import queries, services
from samla.learning.demo import EXTRA_SCHOOL_STAFF, build_learning
from samla.learning.models import (
    GroupMember,
    LearningGroup,
    Meeting,
    MeetingStatus,
    Module,
    Package,
    StaffArea,
    UnitPackageChoice,
)
from samla.learning.semester import (
    OSLO,
    MeetingRule,
    RuleStatus,
    Semester,
    current_semester,
    rule_status,
)
from samla.org.models import Membership, Person

MET, NOT_YET, MISSED = RuleStatus.MET, RuleStatus.NOT_YET, RuleStatus.MISSED


def _statuses(semester: Semester, today) -> dict[tuple[str, str], RuleStatus]:
    """(unit, group) → rule status in a semester, worked out from the Meeting rows."""
    rule = MeetingRule(4, 90)
    groups = LearningGroup.objects.filter(school_year=semester.school_year).select_related("unit")
    result = {}
    for group in groups:
        held = Meeting.objects.filter(
            group=group,
            status=MeetingStatus.HELD,
            starts_at__gte=semester.starts_at,
            starts_at__lt=semester.ends_at,
        )
        qualifying = sum(1 for meeting in held if rule.counts(meeting.minutes))
        result[(group.unit.name, group.name)] = rule_status(rule, semester, qualifying, today)
    return result


def _everything() -> dict[str, int]:
    return {
        "people": Person.objects.count(),
        "memberships": Membership.objects.count(),
        "modules": Module.objects.count(),
        "areas": StaffArea.objects.count(),
        "conditions ticked": UnitPackageChoice.conditions_met.through.objects.count(),
    }


def test_building_twice_changes_nothing(demo_org):
    first = build_learning()
    everything = _everything()

    second = build_learning()

    assert second == first
    assert _everything() == everything
    assert first["groups"] > 0 and first["held"] > 0


def test_catalogue_has_the_packages_and_modules_of_the_domain(demo_org):
    build_learning()

    school = demo_org.school_programme
    modules = {
        package.title: [(m.number, m.title, m.kind) for m in package.modules.all()]
        for package in Package.objects.filter(programme=school).prefetch_related("modules")
    }
    assert modules["Relasjonsbasert klasseledelse"] == [
        (1, "Ledernes forberedelse", "leaders_preparation"),
        (2, "Klasseledelse og elevenes læring og atferd", "subject"),
        (3, "Relasjonsspiralen", "subject"),
        (4, "Lederskap og den asymmetriske relasjonen", "subject"),
        (5, "Pedagogisk analyse", "analysis"),
        (6, "Relasjonsspiralen 2", "closing"),
    ]
    assert len(modules["Motivasjon og tro på seg selv"]) == 5
    assert len(modules["Spørsmål og interaksjon i klasserommet"]) == 6
    assert {"Å lede læringsgrupper", "Ledelse av kollektiv kompetanseutvikling"} <= set(modules)
    kindergarten = Package.objects.filter(programme=demo_org.kindergarten_programme)
    assert kindergarten.filter(level="barnehage").count() == kindergarten.count() >= 3
    plan = school.plan_entries.filter(school_year__in=["2018/2019", "2021/2022"])
    assert set(plan.values_list("audience", flat=True)) == {"all_staff", "group_leaders", "leaders"}
    assert school.conditions.count() == 6
    assert queries.meeting_settings(school).rule() == MeetingRule(4, 90)


@pytest.mark.parametrize(
    ("moment", "current_statuses"),
    [
        # Early December: Gruppe 1 has held four, Gruppe 2 two (one was called off).
        (datetime(2026, 12, 2, 19, 0, tzinfo=OSLO), {"Gruppe 1": MET, "Gruppe 2": NOT_YET}),
        # March: the autumn just past is in the same school year as today.
        (datetime(2027, 3, 10, 9, 0, tzinfo=OSLO), {"Gruppe 1": MET, "Gruppe 2": NOT_YET}),
        # The edges of the year: July (no groups yet for the autumn to come), the first and
        # last days of a semester.
        (datetime(2027, 7, 15, 12, 0, tzinfo=OSLO), {"Gruppe 1": None, "Gruppe 2": None}),
        (datetime(2027, 8, 2, 8, 0, tzinfo=OSLO), {"Gruppe 1": NOT_YET, "Gruppe 2": NOT_YET}),
        (datetime(2027, 1, 3, 8, 0, tzinfo=OSLO), {"Gruppe 1": NOT_YET, "Gruppe 2": NOT_YET}),
        (datetime(2027, 6, 29, 20, 0, tzinfo=OSLO), {"Gruppe 1": MET, "Gruppe 2": NOT_YET}),
    ],
)
def test_the_demo_school_has_a_group_that_met_the_rule_and_one_that_missed_it(
    demo_org, moment, current_statuses
):
    build_learning(now=moment)

    today = moment.date()
    current = current_semester(today)
    past = _statuses(current.previous(), today)
    now = _statuses(current, today)
    school = demo_org.school.name
    assert past[(school, "Gruppe 1")] == MET
    assert past[(school, "Gruppe 2")] == MISSED  # one of its four meetings lasted 60 minutes
    assert {name: now.get((school, name)) for name in ("Gruppe 1", "Gruppe 2")} == (
        current_statuses
    )
    assert past[("Engtun ungdomsskole", "Læringsgruppe 1")] == MISSED  # three meetings
    assert past[(demo_org.kindergarten.name, "Læringsgruppe")] == MET


def test_meetings_today_are_held_in_the_past_and_planned_in_the_future(demo_org):
    build_learning()

    now = timezone.now()
    current = current_semester(timezone.localdate())
    meetings = Meeting.objects.filter(
        group__unit=demo_org.school, starts_at__gte=current.starts_at, starts_at__lt=current.ends_at
    )
    assert all(m.starts_at < now for m in meetings if m.status == MeetingStatus.HELD)
    assert all(m.starts_at > now for m in meetings if m.status == MeetingStatus.PLANNED)
    for meeting in Meeting.objects.filter(status=MeetingStatus.HELD).prefetch_related(
        "attendance", "group__members"
    ):
        present = {a.person_id for a in meeting.attendance.all()}
        members = {m.person_id for m in meeting.group.members.all()}
        assert present < members, "not everyone every time, and only members"


def test_the_demo_school_groups_are_as_intended(demo_org):
    build_learning()

    groups = {
        g.name: g
        for g in LearningGroup.objects.filter(
            unit=demo_org.school, school_year=demo_org.school_year
        ).select_related("leader")
    }
    members = {
        name: set(g.members.values_list("person__username", flat=True))
        for name, g in groups.items()
    }
    assert sorted(groups) == ["Gruppe 1", "Gruppe 2"]
    assert groups["Gruppe 1"].leader.username == "gruppeleder"
    assert {"gruppeleder", "laerer"} <= members["Gruppe 1"]
    assert len(members["Gruppe 1"]) == 6
    assert len(members["Gruppe 2"]) == 8  # outside 5–7: the page warns
    assert {u for u, _first, _last in EXTRA_SCHOOL_STAFF} <= members["Gruppe 2"] | members[
        "Gruppe 1"
    ]
    assert StaffArea.objects.filter(unit=demo_org.school).count() == 14
    choice = UnitPackageChoice.objects.get(unit=demo_org.school, school_year=demo_org.school_year)
    assert choice.package.title == "Relasjonsbasert klasseledelse"
    assert choice.implementation_plan
    assert choice.conditions_met.count() == 4


def test_no_group_has_a_member_from_another_unit(demo_org):
    build_learning()

    for member in GroupMember.objects.select_related("group__unit", "person"):
        assert member.unit_id == member.group.unit_id
        assert member.person in services.unit_staff(member.group.unit)
    assert GroupMember.objects.values("person", "school_year").distinct().count() == (
        GroupMember.objects.count()
    )
