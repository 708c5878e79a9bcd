"""Service rules for packages, groups, meetings and attendance, with their messages."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from samla.learning import services
from samla.learning.models import Attendance, GroupMember, MeetingStatus
from samla.learning.semester import OSLO
from samla.org.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The refusals are matched by their English wording (the msgids)."""
    with translation.override("en"):
        yield


YEAR = "2025/2026"
NOW = datetime(2026, 3, 1, 12, tzinfo=OSLO)


def staff(org, n, unit=None):
    people = [p for p in services.unit_staff(unit or org.school) if p.username != "rektor"]
    return people[:n]


def test_size_warning_outside_five_to_seven(demo_org):
    people = staff(demo_org, 8)
    _group, warning = services.create_group(demo_org.school, YEAR, "Fire", members=people[:4])
    assert "4 members" in warning and "5–7" in warning
    _group, warning = services.create_group(demo_org.school, YEAR, "Fem", members=people[4:])
    assert "4 members" in warning
    group, _w = services.create_group(demo_org.school, "2026/2027", "Ok", members=people[:6])
    assert services.set_members(group, people[:7]) == ""
    assert "8 members" in services.set_members(group, people)


def test_one_group_per_person_and_year(demo_org):
    people = staff(demo_org, 6)
    services.create_group(demo_org.school, YEAR, "A", members=people[:5])
    with pytest.raises(ValidationError, match="one learning group per school year"):
        services.create_group(demo_org.school, YEAR, "B", members=people[4:])
    # Another school year is another division.
    services.create_group(demo_org.school, "2026/2027", "B", members=people[4:])


def test_only_the_units_staff_and_a_leader_among_the_members(demo_org):
    outsider = staff(demo_org, 1, unit=demo_org.unit_in("Trysil"))[0]
    with pytest.raises(ValidationError, match="Only people who work at"):
        services.create_group(demo_org.school, YEAR, "A", members=[outsider])
    people = staff(demo_org, 6)
    group, _w = services.create_group(demo_org.school, YEAR, "A", members=people[:5])
    with pytest.raises(ValidationError, match="must be a member"):
        services.set_group_leader(group, people[5])
    services.set_group_leader(group, people[0])
    with pytest.raises(ValidationError, match="leads the group"):
        services.set_members(group, people[1:5])


def test_meeting_rules(demo_org):
    package = demo_org.learning_package()
    other = services.save_package(
        demo_org.school_programme, services.PackageInput(title="Ikke valgt", level="grunnskole")
    )
    foreign = services.save_module(other, services.ModuleInput(title="X", kind="subject"))
    services.choose_package(demo_org.school, package, YEAR, None)
    people = staff(demo_org, 6)
    group, _w = services.create_group(demo_org.school, YEAR, "A", members=people[:5])
    day = date(2026, 2, 2)
    with pytest.raises(ValidationError, match="cannot end before it starts"):
        services.plan_meeting(group, services.MeetingInput(day, time(15), time(14)))
    with pytest.raises(ValidationError, match="cannot end before it starts"):
        services.plan_meeting(group, services.MeetingInput(day, time(15), time(15)))
    with pytest.raises(ValidationError, match="outside the group's school year"):
        services.plan_meeting(group, services.MeetingInput(date(2026, 8, 3), time(14), time(15)))
    with pytest.raises(ValidationError, match="package the unit works on"):
        services.plan_meeting(group, services.MeetingInput(day, time(14), time(15), foreign.pk))
    module = package.modules.get(number=2)
    data = services.MeetingInput(day, time(14), time(15, 30), module.pk)
    meeting = services.plan_meeting(group, data)
    assert meeting.minutes == 90 and meeting.starts_at == datetime(2026, 2, 2, 14, tzinfo=OSLO)
    with pytest.raises(ValidationError, match="Only members"):
        services.record_meeting(meeting, data, [people[5]], now=NOW)
    later = services.plan_meeting(
        group, services.MeetingInput(date(2026, 3, 9), time(14), time(15))
    )
    with pytest.raises(ValidationError, match="once it has started"):
        services.record_meeting(
            later, services.MeetingInput(date(2026, 3, 9), time(14), time(15)), [], now=NOW
        )
    services.record_meeting(meeting, data, people[:3], notes=" Godt ", now=NOW)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD and meeting.notes == "Godt"
    assert Attendance.objects.filter(meeting=meeting).count() == 3
    with pytest.raises(ValidationError, match="recorded as held"):
        services.cancel_meeting(meeting)
    with pytest.raises(ValidationError, match="held meetings"):
        services.delete_group(group)
    with pytest.raises(ValidationError, match="already worked on this package"):
        services.drop_package(demo_org.school.package_choices.get(package=package))
    with pytest.raises(ValidationError, match="package the unit works on"):
        services.mark_module_done(group, foreign, day)


def test_dividing_staff_moves_people_and_keeps_past_attendance(demo_org):
    people = staff(demo_org, 8)
    a, _w = services.create_group(demo_org.school, YEAR, "A", members=people[:5])
    b, _w = services.create_group(demo_org.school, YEAR, "B", members=people[5:8])
    data = services.MeetingInput(date(2026, 2, 2), time(14), time(15, 30))
    meeting = services.plan_meeting(a, data)
    services.record_meeting(meeting, data, people[:5], now=NOW)
    # Move the first person from A to B, make them B's leader, and take the last one out.
    warnings = services.divide_staff(
        demo_org.school,
        YEAR,
        {a: people[1:5], b: [people[0], *people[5:7]]},
        {a: people[1], b: people[0]},
    )
    assert set(a.members.values_list("person_id", flat=True)) == {p.pk for p in people[1:5]}
    assert not GroupMember.objects.filter(person=people[7], school_year=YEAR).exists()
    b.refresh_from_db()
    assert b.leader == people[0]
    assert "4 members" in warnings[a.pk] and "3 members" in warnings[b.pk]
    assert Attendance.objects.filter(meeting=meeting).count() == 5  # history kept
    with pytest.raises(ValidationError, match="placed in two groups"):
        services.divide_staff(demo_org.school, YEAR, {a: people[:2], b: people[:1]}, {})
    with pytest.raises(ValidationError, match="must be a member"):
        services.divide_staff(demo_org.school, YEAR, {a: people[1:5], b: []}, {b: people[1]})


def test_suggested_groups_mix_subjects(demo_org):
    people = staff(demo_org, 6)
    for i, person in enumerate(people):
        services.set_staff_area(demo_org.school, person, "norsk" if i % 2 else "matte")
    made = services.create_suggested_groups(demo_org.school, YEAR, people)
    assert len(made) == 1
    assert made[0][0].members.count() == 6
    # Run again for no one: nothing is made; a second group takes the next free name.
    assert services.create_suggested_groups(demo_org.school, YEAR, []) == []
    more = services.create_suggested_groups(demo_org.school, YEAR, staff(demo_org, 8)[6:8])
    assert more[0][0].name != made[0][0].name


def test_catalogue_services(demo_org):
    package = demo_org.learning_package()
    first, second, third = package.modules.order_by("number")
    services.move_module(third, -1)
    assert list(package.modules.order_by("number").values_list("title", flat=True)) == [
        first.title,
        third.title,
        second.title,
    ]
    services.delete_module(first)
    assert list(package.modules.order_by("number").values_list("number", flat=True)) == [1, 2]
    entry = services.add_plan_entry(demo_org.school_programme, "all_staff", "2018/2019", package)
    assert (
        services.add_plan_entry(demo_org.school_programme, "all_staff", "2018/2019", package)
        == entry
    )
    with pytest.raises(ValidationError):
        services.add_plan_entry(demo_org.school_programme, "all_staff", "2018/2020", package)
    rule = services.set_meeting_rule(demo_org.school_programme, 5, 60)
    assert rule.rule().meetings == 5
    services.choose_package(demo_org.school, package, YEAR, None)
    with pytest.raises(ValidationError, match="Units have chosen"):
        services.delete_package(package)
    with pytest.raises(ValidationError, match="does not take part"):
        services.choose_package(demo_org.kindergarten, package, YEAR, None)


def test_renewing_the_calendar_address(demo_org):
    person = Person.objects.get(username="laerer")
    assert services.renew_calendar_address(person).version == 2
    assert services.renew_calendar_address(person).version == 3


def test_meeting_length_limits_and_the_night_the_clocks_change(demo_org):
    with pytest.raises(ValidationError, match="at most 12 hours"):
        services.MeetingInput(date(2026, 2, 2), time(8), time(21)).minutes()
    # 28 March 2027: clocks go from 02:00 to 03:00; 01:30–03:30 is one hour.
    assert services.MeetingInput(date(2027, 3, 28), time(1, 30), time(3, 30)).minutes() == 60
    # 31 October 2027: clocks go back; 01:30–03:30 lasts three hours.
    assert services.MeetingInput(date(2027, 10, 31), time(1, 30), time(3, 30)).minutes() == 180


def test_correcting_a_record_keeps_those_who_moved_and_held_meetings_stay(demo_org):
    people = staff(demo_org, 7)
    a, _w = services.create_group(demo_org.school, YEAR, "A", members=people[:5])
    b, _w = services.create_group(demo_org.school, YEAR, "B", members=people[5:7])
    data = services.MeetingInput(date(2026, 2, 2), time(14), time(15, 30))
    meeting = services.plan_meeting(a, data)
    services.record_meeting(meeting, data, people[:5], now=NOW)
    services.divide_staff(demo_org.school, YEAR, {a: people[1:5], b: [people[0], *people[5:7]]}, {})
    services.record_meeting(meeting, data, people[:5], notes="Rettet", now=NOW)
    assert Attendance.objects.filter(meeting=meeting).count() == 5
    with pytest.raises(ValidationError, match="Correct the record"):
        services.update_meeting(
            meeting, services.MeetingInput(date(2026, 5, 4), time(14), time(16))
        )
    meeting.refresh_from_db()
    assert meeting.starts_at.date() == date(2026, 2, 2)


def test_a_module_groups_have_worked_on_stays(demo_org):
    package = demo_org.learning_package()
    services.choose_package(demo_org.school, package, YEAR, None)
    group, _w = services.create_group(demo_org.school, YEAR, "A", members=staff(demo_org, 5))
    module = package.modules.get(number=2)
    services.mark_module_done(group, module, date(2026, 2, 2))
    with pytest.raises(ValidationError, match="cannot be removed"):
        services.delete_module(module)
    assert package.modules.count() == 3
