"""Notifications from learning groups: the day before a planned meeting, to the group's
members and its leader; not for a cancelled or recorded meeting; again when it moves to
another day. Made due through the learning services, the worker run, what it made read
back."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from samla.core.time import OSLO
from samla.learning import services
from samla.learning.models import GroupMember
from samla.notifications.kinds import Kind
from samla.notifications.models import Notification
from samla.notifications.services import run_due
from samla.notifications.sources import meetings as source
from samla.notifications.texts import title_and_body
from tests.conftest import client_for
from tests.notifications.test_mail_support import addressees, text_of


@pytest.fixture
def group(demo_org):
    return demo_org.learning_group()


@pytest.fixture
def meeting(group):
    """A meeting in room 2 in three days, 14:00–15:30, on the package's second module."""
    day = timezone.localdate() + timedelta(days=3)
    module = group.unit.package_choices.first().package.modules.get(number=2)
    return services.plan_meeting(
        group, services.MeetingInput(day, time(14, 0), time(15, 30), module.pk, "Møterom 2")
    )


def evening_before(meeting) -> datetime:
    day = meeting.starts_at.astimezone(OSLO).date()
    return datetime.combine(day - timedelta(days=1), time(18, 0), tzinfo=OSLO)


def members(group) -> set[str]:
    return set(GroupMember.objects.filter(group=group).values_list("person__username", flat=True))


def made(meeting=None) -> list[tuple[str, str, str]]:
    rows = Notification.objects.filter(kind=Kind.MEETING_TOMORROW)
    if meeting is not None:
        rows = rows.filter(key__startswith=f"meeting_tomorrow:{meeting.pk}:")
    return list(
        rows.order_by("person__username", "key").values_list("person__username", "key", "link")
    )


def test_the_evening_before_every_member_and_the_leader_are_told(group, meeting):
    expected = members(group)
    day = meeting.starts_at.astimezone(OSLO).date()

    first = run_due(evening_before(meeting))
    again = run_due(evening_before(meeting) + timedelta(hours=4))  # 22:00, the same day

    key, link = f"meeting_tomorrow:{meeting.pk}:{day.isoformat()}", f"/laering/gruppe/{group.pk}/"
    assert {"gruppeleder", "laerer"} < expected and len(expected) == 6
    assert made(meeting) == sorted((name, key, link) for name in expected)
    assert (first.made, again.made) == (Notification.objects.count(), 0)
    notification = Notification.objects.get(key=key, person__username="laerer")
    with translation.override("en"):
        title, body = title_and_body(notification.kind, notification.params)
    assert title == f"Learning-group meeting {day.day} {day:%b} {day.year}: Gruppe A"
    assert body == (
        f"Gruppe A (Bjørkely skole) meets on {day.day} {day:%b} {day.year}, "
        "14:00–15:30. Place: Møterom 2."
    )
    assert client_for("laerer").get(link).status_code == 200


def test_people_outside_the_group_are_not_told(group, meeting):
    run_due(evening_before(meeting))

    told = {name for name, _key, _link in made(meeting)}
    assert told == members(group)
    assert not {"rektor", "styrer", "eier", "admin", "ppt"} & told


def test_a_cancelled_or_recorded_meeting_reminds_no_one(group, meeting):
    other = services.plan_meeting(
        group,
        services.MeetingInput(
            meeting.starts_at.astimezone(OSLO).date(), time(8, 0), time(9, 0), None
        ),
    )
    services.cancel_meeting(meeting)
    data = services.MeetingInput(other.starts_at.astimezone(OSLO).date(), time(8, 0), time(9, 0))
    services.record_meeting(
        other, data, [], notes="Flyttet fram.", now=other.starts_at + timedelta(hours=2)
    )

    summary = run_due(evening_before(meeting))

    assert made() == []
    assert summary.made == Notification.objects.count()


def test_only_the_day_before_not_earlier_nor_on_the_day(meeting):
    day_before = evening_before(meeting)

    run_due(day_before - timedelta(days=1))
    run_due(day_before + timedelta(hours=7))  # 01:00 on the meeting's own day

    assert made(meeting) == []


def test_a_meeting_moved_to_another_day_reminds_again_once(group, meeting):
    run_due(evening_before(meeting))
    new_day = meeting.starts_at.astimezone(OSLO).date() + timedelta(days=2)
    services.update_meeting(
        meeting, services.MeetingInput(new_day, time(14, 0), time(15, 30), meeting.module_id)
    )

    moved = run_due(evening_before(meeting))
    again = run_due(evening_before(meeting) + timedelta(minutes=5))

    keys = {key for _name, key, _link in made(meeting)}
    old_day = new_day - timedelta(days=2)
    assert keys == {
        f"meeting_tomorrow:{meeting.pk}:{old_day.isoformat()}",
        f"meeting_tomorrow:{meeting.pk}:{new_day.isoformat()}",
    }
    assert len(made(meeting)) == 2 * len(members(group))
    assert moved.made >= len(members(group)) and again.made == 0


def test_the_queries_do_not_grow_with_meetings_and_members(group, meeting, demo_org):
    now = evening_before(meeting)

    def queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            found = list(source.due(now))
        return len(captured), len(found)

    before, found_before = queries()
    other_unit = demo_org.unit_in("Stange")
    staff = list(services.unit_staff(other_unit))[:6]
    second, _warning = services.create_group(
        other_unit, group.school_year, "Gruppe S", leader=staff[0], members=staff[1:]
    )
    services.plan_meeting(
        second,
        services.MeetingInput(meeting.starts_at.astimezone(OSLO).date(), time(9, 0), time(10, 0)),
    )
    after, found_after = queries()

    assert found_after == found_before + len(staff)
    assert after == before == 2


def test_the_mails_go_to_the_members_in_their_language_with_the_groups_link(
    group, meeting, demo_org, smtp
):
    leader, teacher = demo_org.user("gruppeleder"), demo_org.user("laerer")
    leader.language = "nn"
    leader.save(update_fields=["language"])
    day = meeting.starts_at.astimezone(OSLO).date()

    summary = run_due(evening_before(meeting))
    run_due(evening_before(meeting) + timedelta(minutes=10))

    assert addressees(smtp.messages) == sorted([leader.email, teacher.email])
    assert summary.sent == 2  # the demo's other members have no address
    [nynorsk] = smtp.to(leader.email)
    [bokmal] = smtp.to(teacher.email)
    assert (nynorsk["Content-Language"], bokmal["Content-Language"]) == ("nn", "nb")
    notification = Notification.objects.get(person=leader, kind=Kind.MEETING_TOMORROW)
    with translation.override("nn"):
        subject = title_and_body(notification.kind, notification.params)[0]
    assert nynorsk["Subject"].strip() == subject
    members_names = [
        m.person.get_full_name()
        for m in GroupMember.objects.filter(group=group).select_related("person")
    ]
    for message, person in ((nynorsk, leader), (bokmal, teacher)):
        text = text_of(message)
        assert f"https://samla.example.no/laering/gruppe/{group.pk}/" in text
        assert f"{day.day}. " in text and "14:00–15:30" in text and "Møterom 2" in text
        assert person.first_name in text
        assert not [name for name in members_names if name in text]
