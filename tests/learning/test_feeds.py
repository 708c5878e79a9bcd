"""The meeting calendar: the subscription page, the signed feed and its events."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import icalendar
import pytest
from django.core import signing
from django.urls import reverse

from samla.learning import feeds, services
from samla.learning.models import CalendarKey, MeetingStatus
from samla.plans.feeds import Feed
from tests.conftest import client_for


def _events(content: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(content)
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def _feed(token: str):
    return client_for(None).get(reverse("learning_feed", kwargs={"token": token}))


def _uid(meeting) -> str:
    return f"learning-meeting-{meeting.pk}@samla"


def test_feed_holds_the_meetings_of_the_persons_group(demo_org):
    group = demo_org.learning_group()
    held = group.meetings.get(status=MeetingStatus.HELD)
    planned = group.meetings.get(status=MeetingStatus.PLANNED)

    response = _feed(feeds.token_for(demo_org.user("laerer")))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "no-cache" in response["Cache-Control"]
    events = _events(response.content)
    assert set(events) == {_uid(held), _uid(planned)}
    event = events[_uid(held)]
    assert str(event["summary"]) == "Gruppe A: Relasjoner og struktur"
    assert event.decoded("dtstart") == held.starts_at
    assert event.decoded("dtend") == held.starts_at + timedelta(minutes=90)
    assert str(event.decoded("dtstart").tzinfo) == "Europe/Oslo"
    description = str(event["description"])
    assert demo_org.school.name in description
    assert "Prøv ut strukturen i egen klasse." in description  # the tasks agreed
    assert str(events[_uid(planned)]["summary"]) == "Gruppe A: Pedagogisk analyse"


def test_the_group_leader_gets_the_meetings_and_others_an_empty_calendar(demo_org):
    group = demo_org.learning_group()

    led = _events(_feed(feeds.token_for(demo_org.user("gruppeleder"))).content)
    rektor = _feed(feeds.token_for(demo_org.user("rektor")))

    assert set(led) == {_uid(m) for m in group.meetings.all()}
    assert rektor.status_code == 200
    assert _events(rektor.content) == {}


def test_times_are_oslo_time_on_both_sides_of_the_change_to_winter_time(demo_org):
    group = demo_org.learning_group()
    first = int(group.school_year[:4])  # summer time ends on the last Sunday of October
    before = services.plan_meeting(
        group,
        services.MeetingInput(
            datetime(first, 10, 20).date(), time(14, 0), time(15, 30), place="Rom 101"
        ),
    )
    after = services.plan_meeting(
        group, services.MeetingInput(datetime(first, 11, 3).date(), time(14, 0), time(15, 30))
    )

    content = _feed(feeds.token_for(demo_org.user("laerer"))).content

    assert f"DTSTART;TZID=Europe/Oslo:{first}1020T140000".encode() in content
    assert f"DTSTART;TZID=Europe/Oslo:{first}1103T140000".encode() in content
    assert b"BEGIN:VTIMEZONE" in content
    events = _events(content)
    summer, winter = events[_uid(before)], events[_uid(after)]
    assert summer.decoded("dtstart").astimezone(UTC) == datetime(first, 10, 20, 12, tzinfo=UTC)
    assert winter.decoded("dtstart").astimezone(UTC) == datetime(first, 11, 3, 13, tzinfo=UTC)
    assert str(summer["summary"]) == "Gruppe A"  # no module chosen
    assert str(summer["location"]) == "Rom 101"


def test_cancelled_meetings_drop_out_of_the_feed(demo_org):
    group = demo_org.learning_group()
    planned = group.meetings.get(status=MeetingStatus.PLANNED)
    services.cancel_meeting(planned)

    events = _events(_feed(feeds.token_for(demo_org.user("laerer"))).content)

    assert _uid(planned) not in events
    assert len(events) == 1


def test_a_new_address_retires_the_old_one(demo_org):
    demo_org.learning_group()
    laerer = demo_org.user("laerer")
    first = feeds.token_for(laerer)

    services.renew_calendar_address(laerer)
    second = feeds.token_for(laerer)
    services.renew_calendar_address(laerer)
    third = feeds.token_for(laerer)

    assert [_feed(t).status_code for t in (first, second, third)] == [404, 404, 200]
    assert CalendarKey.objects.get(person=laerer).version == 3


# Made in the test, not at collection: signed tokens carry a time stamp, and the parallel
# workers must collect the same test ids.
BAD_TOKENS = {
    "nonsense": lambda: "x",
    "empty": lambda: "",
    "other salt": lambda: signing.dumps([1, 1], salt="another.salt"),
    "id as text": lambda: signing.dumps(["1", 1], salt=feeds.SALT),
    "no such person": lambda: signing.dumps([10**9, 1], salt=feeds.SALT),
}


@pytest.mark.parametrize("kind", BAD_TOKENS)
def test_a_token_that_does_not_open_a_calendar_is_404(demo_org, kind):
    token = BAD_TOKENS[kind]()
    assert feeds.person_calendar(token) is None


def test_a_plan_feed_token_opens_no_meeting_calendar(demo_org):
    assert _feed(Feed(demo_org.school_programme.pk).token()).status_code == 404


def test_an_inactive_persons_address_stops_working(demo_org):
    demo_org.learning_group()
    laerer = demo_org.user("laerer")
    token = feeds.token_for(laerer)
    laerer.is_active = False
    laerer.save(update_fields=["is_active"])

    assert _feed(token).status_code == 404


@pytest.mark.parametrize("extra", [0, 2])
def test_the_feed_reads_a_fixed_number_of_queries(demo_org, django_assert_num_queries, extra):
    group = demo_org.learning_group()
    first = int(group.school_year[:4])
    for day in range(extra):
        services.plan_meeting(
            group,
            services.MeetingInput(datetime(first, 9, 1 + day).date(), time(14), time(15)),
        )
    token = feeds.token_for(demo_org.user("laerer"))

    with django_assert_num_queries(3):  # the person with their key, their units, the meetings
        content = feeds.person_calendar(token)

    assert len(_events(content)) == 2 + extra


def test_the_calendar_page_shows_the_address_and_makes_a_new_one(demo_org):
    client = client_for("laerer")
    laerer = demo_org.user("laerer")
    old = feeds.token_for(laerer)

    page = client.get(reverse("portal:learning_calendar"))
    response = client.post(reverse("portal:learning_calendar"), follow=True)

    old_url = "http://testserver" + reverse("learning_feed", kwargs={"token": old})
    assert page.status_code == 200
    assert f'value="{old_url}"'.encode() in page.content
    assert response.redirect_chain == [(reverse("portal:learning_calendar"), 302)]
    new = feeds.token_for(laerer)
    assert new != old
    assert ("http://testserver" + reverse("learning_feed", kwargs={"token": new})).encode() in (
        response.content
    )
    assert len(list(response.context["messages"])) == 1
    assert _feed(old).status_code == 404


def test_showing_the_calendar_page_changes_nothing(demo_org):
    client_for("laerer").get(reverse("portal:learning_calendar"))

    assert CalendarKey.objects.count() == 0
