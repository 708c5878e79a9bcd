"""Notifications from the partnership: needs reports and yearly reports due, a week before
and on the day, to the people who write the owner's reports, while the report is not
submitted. Made due with the partnership demo and services, the worker run, what it made
read back."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from samla.core.time import OSLO
from samla.notifications.kinds import Kind
from samla.notifications.models import Notification
from samla.notifications.services import run_due
from samla.notifications.sources import partnership as source
from samla.notifications.texts import title_and_body
from samla.org import services as org_services
from samla.org.models import Owner, Person, Role
from samla.partnership.demo import base, money
from samla.partnership.demo import reports as reports_demo
from samla.partnership.models import SpendingCategory, SpendingSource
from samla.partnership.services import money as money_services
from samla.partnership.services import needs as needs_services
from samla.partnership.services import reports as report_services
from tests.conftest import client_for
from tests.notifications.test_mail_support import addressees, text_of

NEEDS_WEEK = datetime(2027, 1, 25, 8, 0, tzinfo=OSLO)  # needs reports due 1 February 2027
NEEDS_DAY = datetime(2027, 2, 1, 8, 0, tzinfo=OSLO)
REPORT_WEEK = datetime(2027, 1, 8, 8, 0, tzinfo=OSLO)  # reports on 2026 due 15 January 2027
REPORT_DAY = datetime(2027, 1, 15, 8, 0, tzinfo=OSLO)


@pytest.fixture
def school(demo_org):
    base.build()
    return demo_org.school_programme


@pytest.fixture
def hamar(demo_org) -> Owner:
    return demo_org.school.owner


@pytest.fixture
def stange_writer(demo_org, school) -> Person:
    """Someone who writes Stange kommune's reports (the demo has no one there)."""
    person = Person.objects.create(
        username="stange-eier", first_name="Siri", last_name="Berg", email="siri@stange.example"
    )
    org_services.grant_role(person, Role.OWNER, owner=Owner.objects.get(name="Stange kommune"))
    return person


def made(kind: str) -> list[tuple[str, str, str]]:
    return list(
        Notification.objects.filter(kind=kind)
        .order_by("person__username", "key")
        .values_list("person__username", "key", "link")
    )


def english(username: str, kind: str) -> tuple[str, str]:
    notification = Notification.objects.get(person__username=username, kind=kind)
    with translation.override("en"):
        return title_and_body(notification.kind, notification.params)


# --- Needs reports ----------------------------------------------------------------------------


def test_needs_reports_a_week_before_to_each_owners_writers_draft_or_not(
    demo_org, school, hamar, stange_writer
):
    draft = needs_services.start_report(demo_org.user("eier"), school, hamar, date(2027, 1, 10))
    stange = Owner.objects.get(name="Stange kommune")

    first = run_due(NEEDS_WEEK)
    again = run_due(NEEDS_WEEK + timedelta(hours=2))

    p = school.pk
    assert made(Kind.NEEDS_REPORT_DUE) == [
        (
            "eier",
            f"needs_report_due:week:{p}:{hamar.pk}:2027-02-01",
            f"/partnerskap/{school.slug}/behov/{draft.pk}/",
        ),
        (
            "stange-eier",
            f"needs_report_due:week:{p}:{stange.pk}:2027-02-01",
            f"/partnerskap/{school.slug}/behov/",
        ),
    ]
    assert first.made >= 2 and again.made == 0
    assert english("stange-eier", Kind.NEEDS_REPORT_DUE) == (
        "Needs report due on 1 Feb 2027: Stange kommune",
        "The needs report of Stange kommune to the cooperation forum (Kultur for læring – "
        "skole) is due on 1 Feb 2027 and is not submitted yet.",
    )
    for username, _key, link in made(Kind.NEEDS_REPORT_DUE):
        assert client_for(username).get(link).status_code == 200


def test_a_submitted_needs_report_stops_its_reminders_and_the_day_itself_tells_the_rest(
    demo_org, school, hamar, stange_writer
):
    eier = demo_org.user("eier")
    draft = needs_services.start_report(eier, school, hamar, date(2027, 1, 10))
    needs_services.add_priority(eier, draft, "Lesing", "Lærere 5.–10.", "Fordi …")
    run_due(NEEDS_WEEK)
    needs_services.submit_report(eier, draft, datetime(2027, 1, 28, 12, 0, tzinfo=OSLO))

    run_due(NEEDS_DAY)
    run_due(NEEDS_DAY + timedelta(days=1))

    rows = made(Kind.NEEDS_REPORT_DUE)
    assert [(name, key.split(":")[1]) for name, key, _link in rows] == [
        ("eier", "week"),
        ("stange-eier", "today"),
        ("stange-eier", "week"),
    ]
    today = Notification.objects.get(person=stange_writer, key__contains=":today:")
    with translation.override("en"):
        assert title_and_body(today.kind, today.params)[0] == (
            "Needs report due today: Stange kommune"
        )


def test_no_reminder_without_the_scheme_nor_outside_the_window(demo_org, hamar):
    # The kindergarten programme has no scheme settings; the school's is not built here.
    run_due(NEEDS_WEEK)
    assert made(Kind.NEEDS_REPORT_DUE) == []

    base.build()
    run_due(NEEDS_WEEK - timedelta(days=1))  # eight days before
    run_due(NEEDS_DAY + timedelta(days=1))  # the day after
    assert made(Kind.NEEDS_REPORT_DUE) == []


def test_only_the_owners_writers_are_told(demo_org, school, stange_writer):
    run_due(NEEDS_WEEK)

    told = {name for name, _key, _link in made(Kind.NEEDS_REPORT_DUE)}
    owners = set(
        Person.objects.filter(memberships__role=Role.OWNER).values_list("username", flat=True)
    )
    assert told == {"eier", "stange-eier"} <= owners
    assert not {"admin", "statsforvalter", "forsker", "rektor", "region"} & told


# --- Yearly reports -------------------------------------------------------------------------


@pytest.fixture
def ledgers(school):
    """The 2026 allocations of Hamar and Stange, and Hamar's report on 2026 (a draft)."""
    money.build()
    reports_demo.build()


def test_yearly_reports_a_week_before_to_the_owners_with_money_that_year(
    demo_org, school, hamar, stange_writer, ledgers
):
    report = hamar.yearly_reports.get(programme=school, year=2026)
    stange = Owner.objects.get(name="Stange kommune")

    run_due(REPORT_WEEK)
    run_due(REPORT_WEEK + timedelta(hours=8))

    p = school.pk
    assert made(Kind.YEARLY_REPORT_DUE) == [
        (
            "eier",
            f"yearly_report_due:week:{p}:{hamar.pk}:2027-01-15",
            f"/partnerskap/{school.slug}/arsrapporter/{report.pk}/",
        ),
        (
            "stange-eier",
            f"yearly_report_due:week:{p}:{stange.pk}:2027-01-15",
            f"/partnerskap/{school.slug}/arsrapporter/",
        ),
    ]
    assert english("eier", Kind.YEARLY_REPORT_DUE) == (
        "Yearly report due on 15 Jan 2027: Hamar kommune",
        "The yearly report of Hamar kommune on 2026 (Kultur for læring – skole) is due on "
        "15 Jan 2027 and is not submitted yet.",
    )
    for username, _key, link in made(Kind.YEARLY_REPORT_DUE):
        assert client_for(username).get(link).status_code == 200


def test_a_submitted_yearly_report_is_not_reminded_on_the_day(
    demo_org, school, hamar, stange_writer, ledgers
):
    eier = demo_org.user("eier")
    money_services.add_spending(
        eier,
        school,
        hamar,
        2026,
        day=date(2026, 11, 20),
        category=SpendingCategory.SUBSTITUTES,
        source=SpendingSource.OWN,
        amount=Decimal(200_000),
        text="Vikarer, høsten",
    )
    report_services.submit_report(eier, hamar.yearly_reports.get(programme=school, year=2026))

    run_due(REPORT_DAY)

    assert [(name, key.split(":")[1]) for name, key, _l in made(Kind.YEARLY_REPORT_DUE)] == [
        ("stange-eier", "today")
    ]
    assert english("stange-eier", Kind.YEARLY_REPORT_DUE)[0] == (
        "Yearly report due today: Stange kommune"
    )


def test_an_owner_without_an_allocation_that_year_is_not_reminded(demo_org, school, stange_writer):
    run_due(REPORT_WEEK)  # no ledgers built: nobody had money in 2026

    assert made(Kind.YEARLY_REPORT_DUE) == []


def test_the_queries_do_not_grow_with_owners_and_people(demo_org, school, ledgers):
    def queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            found = list(source.due(REPORT_WEEK))
        return len(captured), len(found)

    before, found_before = queries()
    stange = Owner.objects.get(name="Stange kommune")
    for number in range(8):
        person = Person.objects.create(username=f"skriver-{number}")
        org_services.grant_role(person, Role.OWNER, owner=stange)
    after, found_after = queries()

    assert found_after == found_before + 8
    assert after == before == 6


def test_the_mails_go_to_each_owners_writers_in_their_language_with_their_reports_link(
    demo_org, school, hamar, stange_writer, ledgers, smtp
):
    eier = demo_org.user("eier")
    eier.language = "nn"
    eier.save(update_fields=["language"])
    draft = needs_services.start_report(eier, school, hamar, date(2027, 1, 10))
    base_url = f"https://samla.example.no/partnerskap/{school.slug}/"

    run_due(NEEDS_WEEK)
    run_due(NEEDS_WEEK + timedelta(minutes=10))

    assert addressees(smtp.messages) == sorted([eier.email, stange_writer.email])
    [nynorsk] = smtp.to(eier.email)
    [bokmal] = smtp.to(stange_writer.email)
    assert (nynorsk["Content-Language"], bokmal["Content-Language"]) == ("nn", "nb")
    notification = Notification.objects.get(person=eier, kind=Kind.NEEDS_REPORT_DUE)
    with translation.override("nn"):
        assert (
            nynorsk["Subject"].strip() == title_and_body(notification.kind, notification.params)[0]
        )
    assert "1. februar 2027" in nynorsk["Subject"]
    hamar_text, stange_text = text_of(nynorsk), text_of(bokmal)
    assert f"{base_url}behov/{draft.pk}/" in hamar_text and "Hamar kommune" in hamar_text
    assert f"{base_url}behov/" in stange_text.splitlines() and "Stange kommune" in stange_text
    assert "Stange" not in hamar_text and stange_writer.get_full_name() not in hamar_text
    assert "Hamar" not in stange_text and eier.get_full_name() not in stange_text


def test_the_yearly_report_mail_links_to_the_owners_report(
    demo_org, school, hamar, stange_writer, ledgers, smtp
):
    report = hamar.yearly_reports.get(programme=school, year=2026)

    run_due(REPORT_DAY)

    [message] = smtp.to(demo_org.user("eier").email)
    assert message["Subject"].strip().endswith(": Hamar kommune")
    text = text_of(message)
    assert "15. januar 2027" in text
    assert f"https://samla.example.no/partnerskap/{school.slug}/arsrapporter/{report.pk}/" in text
    assert "Stange" not in text
    [other] = smtp.to(stange_writer.email)
    assert f"https://samla.example.no/partnerskap/{school.slug}/arsrapporter/" in (
        text_of(other).splitlines()
    )
