"""The unit leader's and group leader's pages: packages, groups, meetings, records."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samla.learning import feeds, services
from samla.learning.models import (
    Attendance,
    LearningGroup,
    MeetingStatus,
    ModuleProgress,
    StaffArea,
)
from samla.learning.services import school_year_of, unit_staff
from samla.org.models import Membership
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_group_page_shows_members_meetings_and_progress(demo_org):
    group = demo_org.learning_group()
    page = client_for("laerer").get(reverse("portal:learning_group", args=[group.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Gruppe A" in text
    assert "Prøv ut strukturen i egen klasse." in text  # tasks agreed at the last meeting
    assert "Relasjoner og struktur" in text
    # A member reads but does not plan or record.
    assert reverse("portal:meeting_new", args=[group.pk]) not in text


def test_group_leader_plans_and_records_a_meeting(demo_org):
    group = demo_org.learning_group()
    client = client_for("gruppeleder")
    module = demo_org.learning_package().modules.get(number=3)
    day = timezone.localdate()
    response = client.post(
        reverse("portal:meeting_new", args=[group.pk]),
        {"day": day.isoformat(), "start": "00:01", "end": "01:31", "module": module.pk},
    )
    assert response.status_code == 302
    meeting = group.meetings.order_by("-pk").first()
    members = list(group.members.values_list("person_id", flat=True))
    response = client.post(
        reverse("portal:meeting_record", args=[meeting.pk]),
        {
            "day": day.isoformat(),
            "start": "00:01",
            "end": "01:31",
            "module": module.pk,
            "present": members[:4],
            "notes": "Notater",
            "between_tasks": "Observer hverandre",
            "module_done": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD and meeting.minutes == 90
    assert Attendance.objects.filter(meeting=meeting).count() == 4
    assert ModuleProgress.objects.filter(group=group, module=module).exists()


def test_a_meeting_cannot_end_before_it_starts(demo_org):
    group = demo_org.learning_group()
    day = timezone.localdate() + timedelta(days=1)
    response = client_for("gruppeleder").post(
        reverse("portal:meeting_new", args=[group.pk]),
        {"day": day.isoformat(), "start": "15:00", "end": "14:00"},
    )
    assert response.status_code == 200
    assert "Et møte kan ikke slutte før det starter." in response.content.decode()  # Bokmål


def test_unit_leader_divides_staff(demo_org):
    demo_org.learning_group()
    school = demo_org.school
    client = client_for("rektor")
    url = reverse("portal:divide_staff", args=[school.pk])
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(url, {"action": "suggest", "aar": demo_org.school_year})
    assert response.status_code == 302
    assert LearningGroup.objects.filter(unit=school, school_year=demo_org.school_year).count() > 1


@pytest.mark.parametrize(
    "name",
    ["portal:unit_learning", "portal:divide_staff"],
)
def test_unit_pages_render(demo_org, name):
    demo_org.learning_group()
    assert client_for("rektor").get(reverse(name, args=[demo_org.school.pk])).status_code == 200


def test_other_pages_render(demo_org):
    group = demo_org.learning_group()
    client = client_for("rektor")
    held, planned = demo_org.meeting(), demo_org.meeting(held=False)
    choice = group.unit.package_choices.first()
    for url in [
        reverse("portal:learning"),
        reverse("portal:learning_group_edit", args=[group.pk]),
        reverse("portal:meeting", args=[held.pk]),
        reverse("portal:meeting_record", args=[held.pk]),
        reverse("portal:meeting_edit", args=[planned.pk]),
        reverse("portal:implementation_plan", args=[group.unit.pk, choice.pk]),
    ]:
        assert client.get(url).status_code == 200, url
    for kind, pk in [
        ("programme", demo_org.school_programme.pk),
        ("unit", group.unit.pk),
        ("owner", group.unit.owner_id),
    ]:
        url = reverse(
            "portal:learning_dashboard",
            kwargs={"slug": demo_org.school_programme.slug, "kind": kind, "pk": pk},
        )
        who = "admin" if kind == "programme" else ("eier" if kind == "owner" else "rektor")
        assert client_for(who).get(url).status_code == 200, url


def test_planning_a_series_ties_the_next_modules(demo_org):
    group = demo_org.learning_group()
    package = demo_org.learning_package()
    first = package.modules.get(number=1)
    before = group.meetings.count()
    day = timezone.localdate() + timedelta(days=1)
    if services_school_year(day) != group.school_year:
        pytest.skip("the series would cross into the next school year")
    response = client_for("rektor").post(
        reverse("portal:meeting_new", args=[group.pk]),
        {
            "day": day.isoformat(),
            "start": "14:00",
            "end": "15:30",
            "module": first.pk,
            "count": 4,
            "weeks_between": 1,
        },
    )
    new = list(group.meetings.order_by("-pk")[:4])[::-1]
    if response.status_code == 200:  # a date beyond the school year is refused whole
        assert "outside the group's school year" in response.content.decode()
        assert group.meetings.count() == before
        return
    assert group.meetings.count() == before + 4
    assert [m.module.number if m.module else None for m in new] == [1, 2, 3, None]
    assert [(m.starts_at - new[0].starts_at).days for m in new] == [0, 7, 14, 21]


def services_school_year(day):
    return school_year_of(day)


def test_leaving_the_unit_takes_the_group_away(demo_org):
    group = demo_org.learning_group()
    leader = demo_org.user("gruppeleder")
    Membership.objects.filter(person=leader).delete()
    client = client_for("gruppeleder")
    for url in (
        reverse("portal:learning_group", args=[group.pk]),
        reverse("portal:meeting_record", args=[demo_org.meeting().pk]),
        reverse("portal:meeting_plan_export", args=[group.pk, "docx"]),
    ):
        assert client.get(url).status_code == 404, url

    assert b"VEVENT" not in feeds.person_calendar(feeds.token_for(leader))


def test_a_refused_division_shows_what_was_typed(demo_org):
    group = demo_org.learning_group()
    school = demo_org.school
    url = reverse("portal:divide_staff", args=[school.pk])
    outsider = next(p for p in services_unit_staff(school) if not group.members.filter(person=p))
    data = {"action": "save", "aar": demo_org.school_year, f"area-{outsider.pk}": "Musikk"}
    for member in group.members.all():
        data[f"group-{member.person_id}"] = group.pk
    data[f"leader-{group.pk}"] = outsider.pk  # not a member: refused
    response = client_for("rektor").post(url, data)
    assert response.status_code == 200
    text = response.content.decode()
    assert 'value="Musikk"' in text and "message--error" in text

    assert not StaffArea.objects.filter(person=outsider, area="Musikk").exists()  # rolled back


def test_subjects_can_be_noted_before_any_group(demo_org):
    school = demo_org.school
    page = client_for("rektor").get(reverse("portal:divide_staff", args=[school.pk]))
    person = services_unit_staff(school)[0]
    assert f'name="area-{person.pk}"' in page.content.decode()


def services_unit_staff(unit):
    return unit_staff(unit)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_pages_read_the_same_number_of_queries_for_more_meetings_and_modules(demo_org):
    group = demo_org.learning_group()
    package = demo_org.learning_package()
    client = client_for("rektor")
    urls = [
        reverse("portal:learning_group", args=[group.pk]),
        reverse("portal:learning"),
        reverse("portal:unit_learning", args=[group.unit_id]),
        reverse("portal:divide_staff", args=[group.unit_id]),
    ]
    for url in urls:
        client.get(url)  # warm the session
    before = [_queries(client, url) for url in urls]
    for title in ("Fire", "Fem", "Seks"):
        services.save_module(package, services.ModuleInput(title=title, kind="subject"))
    day = timezone.localdate() + timedelta(days=1)
    if services.school_year_of(day) == group.school_year:
        for hour in (8, 10, 12):
            services.plan_meeting(group, services.MeetingInput(day, time(hour), time(hour + 1)))
    services.create_group(group.unit, group.school_year, "Gruppe B")
    assert [_queries(client, url) for url in urls] == before


def test_only_those_who_record_may_post_marks_and_cancellations(demo_org):
    group = demo_org.learning_group()
    module = demo_org.learning_package().modules.get(number=1)
    planned = demo_org.meeting(held=False)
    mark = reverse("portal:module_progress", args=[group.pk, module.pk])
    cancel = reverse("portal:meeting_action", args=[planned.pk])
    assert client_for("laerer").post(mark, {"done": "1"}).status_code == 403
    assert client_for("eier").post(mark, {"done": "1"}).status_code == 404
    confirmed = {"action": "cancel", "confirm": "yes"}
    assert client_for("laerer").post(cancel, confirmed).status_code == 403
    assert not ModuleProgress.objects.filter(group=group, module=module).exists()
    planned.refresh_from_db()
    assert planned.status == MeetingStatus.PLANNED
    response = client_for("gruppeleder").post(mark, {"done": "1"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and f'id="progress-{module.pk}"' in response.content.decode()
    assert ModuleProgress.objects.filter(group=group, module=module).exists()
    assert client_for("gruppeleder").post(cancel, confirmed).status_code == 302
    planned.refresh_from_db()
    assert planned.status == MeetingStatus.CANCELLED


def test_a_module_of_another_programmes_catalogue_is_not_found(demo_org):
    group = demo_org.learning_group()
    assert not group.unit.programmes.filter(pk=demo_org.kindergarten_programme.pk).exists()
    package = services.save_package(
        demo_org.kindergarten_programme,
        services.PackageInput(title="Lek og læring", level="barnehage"),
    )
    foreign = services.save_module(package, services.ModuleInput(title="Leken", kind="subject"))
    mark = reverse("portal:module_progress", args=[group.pk, foreign.pk])

    plain = client_for("gruppeleder").post(mark, {"done": "1"})
    htmx = client_for("gruppeleder").post(mark, {"done": "1"}, HTTP_HX_REQUEST="true")

    assert (plain.status_code, htmx.status_code) == (404, 404)
    assert not ModuleProgress.objects.filter(module=foreign).exists()
