"""Notifications from the programmes' deadlines: a week before (from the seventh day to the
day before) and on the day, to the people whose role owns the deadline in its programme,
until each has marked it done. Made due with the demo plans' deadlines, the worker run,
what it made read back."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from samla.core.time import OSLO
from samla.notifications.kinds import Kind
from samla.notifications.models import Notification
from samla.notifications.services import run_due
from samla.notifications.sources import deadlines as source
from samla.notifications.texts import title_and_body
from samla.org import services as org_services
from samla.org.models import Person, Role
from samla.plans import access as plan_access
from samla.plans import services as plan_services
from samla.plans.demo import build_plans
from samla.plans.models import Deadline
from tests.conftest import client_for
from tests.notifications.test_mail_support import addressees, text_of

DUE = date(2027, 9, 1)  # the school leaders' "Dele personalet i læringsgrupper … 1. september"
WEEK_BEFORE = datetime(2027, 8, 25, 7, 0, tzinfo=OSLO)
ON_THE_DAY = datetime(2027, 9, 1, 7, 0, tzinfo=OSLO)


@pytest.fixture
def deadline(demo_org) -> Deadline:
    build_plans()
    return Deadline.objects.get(
        programme=demo_org.school_programme, role=Role.UNIT_LEADER, yearly_month=9, yearly_day=1
    )


def concerned(deadline: Deadline) -> set[str]:
    """Everyone the plans' own rule (``deadlines_for``) gives the deadline to."""
    return {
        person.username
        for person in Person.objects.filter(is_active=True, memberships__isnull=False).distinct()
        if plan_access.deadlines_for(person).filter(pk=deadline.pk).exists()
    }


def made(kind: str, deadline: Deadline | None = None) -> list[tuple[str, str, str]]:
    """(username, key, link) of the kind's notifications (of one deadline), in order."""
    rows = Notification.objects.filter(kind=kind)
    if deadline is not None:
        rows = rows.filter(key__startswith=f"{kind}:{deadline.pk}:")
    return list(
        rows.order_by("person__username", "key").values_list("person__username", "key", "link")
    )


def test_a_week_before_the_leaders_in_the_programme_are_told_and_no_one_else(deadline):
    expected = concerned(deadline)

    first = run_due(WEEK_BEFORE)
    again = run_due(WEEK_BEFORE + timedelta(hours=3))

    key = f"deadline_week:{deadline.pk}:2027-09-01"
    assert {"rektor"} < expected and not {"styrer", "gruppeleder", "eier", "laerer"} & expected
    link = "/#deadlines-heading"
    assert made(Kind.DEADLINE_WEEK, deadline) == sorted((name, key, link) for name in expected)
    assert made(Kind.DEADLINE_TODAY) == []
    assert again.made == 0
    assert first.made >= len(expected)
    rektor = Notification.objects.get(kind=Kind.DEADLINE_WEEK, person__username="rektor")
    with translation.override("en"):
        assert title_and_body(rektor.kind, rektor.params) == (
            "Deadline on 1 Sep 2027: Dele personalet i læringsgrupper og velge gruppeledere "
            "innen 1. september",
            "“Dele personalet i læringsgrupper og velge gruppeledere innen 1. september” is due "
            "on 1 Sep 2027 (Unit leader, Kultur for læring – skole). Mark it as done in Samla "
            "when it is done, and the reminders stop.",
        )
    # The link's anchor is on the home page while a deadline is due: the page lists those
    # of the coming 90 days at the real today, so the deadline is moved a week ahead of it
    # (on 8 December the demo had none left in that window for the unit leader).
    soon = timezone.localdate() + timedelta(days=7)
    Deadline.objects.filter(pk=deadline.pk).update(yearly_month=soon.month, yearly_day=soon.day)
    page = client_for("rektor").get("/")
    assert 'id="deadlines-heading"' in page.content.decode()


def test_on_the_day_it_is_said_again_and_never_after(deadline):
    run_due(WEEK_BEFORE)

    on_the_day = run_due(ON_THE_DAY)
    day_after = run_due(ON_THE_DAY + timedelta(days=1))

    expected = concerned(deadline)
    key = f"deadline_today:{deadline.pk}:2027-09-01"
    link = "/#deadlines-heading"
    assert made(Kind.DEADLINE_TODAY, deadline) == sorted((n, key, link) for n in expected)
    assert on_the_day.made >= len(expected)
    assert day_after.made == 0
    rektor = Notification.objects.get(kind=Kind.DEADLINE_TODAY, person__username="rektor")
    with translation.override("en"):
        assert title_and_body(rektor.kind, rektor.params)[0] == (
            "Deadline today: Dele personalet i læringsgrupper og velge gruppeledere innen "
            "1. september"
        )


def test_a_run_days_late_still_sends_the_week_reminder_but_not_a_day_late_today(deadline):
    late_in_the_week = datetime(2027, 8, 30, 23, 30, tzinfo=OSLO)  # two days before, late

    run_due(late_in_the_week)
    run_due(ON_THE_DAY + timedelta(days=1, hours=1))  # the worker missed the day itself

    assert ("rektor", f"deadline_week:{deadline.pk}:2027-09-01", "/#deadlines-heading") in made(
        Kind.DEADLINE_WEEK
    )
    assert made(Kind.DEADLINE_TODAY) == []


def test_nothing_before_the_week_and_the_window_follows_the_oslo_date(deadline):
    run_due(datetime(2027, 8, 24, 23, 59, tzinfo=OSLO))  # eight days before
    assert made(Kind.DEADLINE_WEEK) == []

    run_due(datetime(2027, 8, 24, 22, 30, tzinfo=UTC))  # 00:30 on the 25th in Oslo

    assert len(made(Kind.DEADLINE_WEEK, deadline)) == len(concerned(deadline))


def test_marking_it_done_stops_that_persons_reminders_only(deadline, demo_org):
    rektor = demo_org.user("rektor")
    plan_services.mark_deadline_done(deadline, DUE, rektor)
    others = concerned(deadline) - {"rektor"}

    run_due(WEEK_BEFORE)
    run_due(ON_THE_DAY)

    assert not Notification.objects.filter(person=rektor, key__contains=f":{deadline.pk}:").exists()
    assert {name for name, _key, _link in made(Kind.DEADLINE_WEEK, deadline)} == others
    assert {name for name, _key, _link in made(Kind.DEADLINE_TODAY, deadline)} == others


def test_done_for_last_year_does_not_count_for_this_year(deadline, demo_org):
    rektor = demo_org.user("rektor")
    plan_services.mark_deadline_done(deadline, date(2026, 9, 1), rektor)

    run_due(WEEK_BEFORE)

    assert Notification.objects.filter(person=rektor, kind=Kind.DEADLINE_WEEK).count() == 1


def test_a_role_held_through_a_region_counts_in_the_regions_programme(demo_org):
    build_plans()
    region_deadline = Deadline.objects.get(
        programme=demo_org.school_programme, role=Role.REGION_COORDINATOR
    )
    expected = concerned(region_deadline)

    run_due(datetime(2027, 6, 15, 8, 0, tzinfo=OSLO))

    key = f"deadline_today:{region_deadline.pk}:2027-06-15"
    assert "region" in expected
    assert made(Kind.DEADLINE_TODAY, region_deadline) == sorted(
        (name, key, "/#deadlines-heading") for name in expected
    )


def test_the_queries_do_not_grow_with_the_number_of_people(deadline, demo_org):
    def queries() -> tuple[int, set[int]]:
        with CaptureQueriesContext(connection) as captured:
            found = list(source.due(WEEK_BEFORE))
        return len(captured), {item.person_id for item in found}

    before, people_before = queries()
    added = set()
    for number in range(12):
        person = Person.objects.create(username=f"ny-leder-{number}")
        unit = demo_org.unit_in("Stange" if number % 2 else "Hamar")
        org_services.grant_role(person, Role.UNIT_LEADER, unit=unit)
        added.add(person.pk)
    after, people_after = queries()

    assert people_after - people_before == added
    assert after == before <= 4


def test_the_mails_go_to_each_leader_in_their_language_with_the_home_pages_link(
    deadline, demo_org, smtp
):
    rektor = demo_org.user("rektor")
    rektor.language = "nn"
    rektor.save(update_fields=["language"])
    other = Person.objects.filter(
        memberships__role=Role.UNIT_LEADER,
        memberships__unit=demo_org.unit_in("Stange"),
    ).first()
    other.email = "leiar@stange.example"
    other.save(update_fields=["email"])

    summary = run_due(WEEK_BEFORE)
    run_due(WEEK_BEFORE + timedelta(minutes=10))

    [nynorsk] = smtp.to(rektor.email)
    [bokmal] = smtp.to("leiar@stange.example")
    title = "Dele personalet i læringsgrupper og velge gruppeledere innen 1. september"
    # Python folds a long encoded subject right after "Subject:"; readers drop that space.
    assert nynorsk["Subject"].strip() == f"Frist 1. september 2027: {title}"
    assert bokmal["Subject"].strip() == f"Frist 1. september 2027: {title}"
    assert (nynorsk["Content-Language"], bokmal["Content-Language"]) == ("nn", "nb")
    assert "(Einingsleiar, Kultur for læring – skole)" in text_of(nynorsk)
    assert "(Enhetsleder, Kultur for læring – skole)" in text_of(bokmal)
    for message, person in ((nynorsk, rektor), (bokmal, other)):
        text = text_of(message)
        assert "https://samla.example.no/#deadlines-heading" in text
        assert person.first_name in text
        someone_else = rektor if person == other else other
        assert someone_else.get_full_name() not in text and someone_else.email not in text
    # The kindergarten's own deadline goes to its leader; the demo's other leaders have no
    # address.
    assert addressees(smtp.messages) == sorted(
        [rektor.email, "leiar@stange.example", "styrer@demo.samla.invalid"]
    )
    assert summary.sent == 3
