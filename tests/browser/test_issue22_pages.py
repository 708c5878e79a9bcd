"""Issue 22, pages that repeated or confused, in the browser (with axe on each page)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from samla.analysis import services as analysis_services
from samla.org import demo
from samla.org.models import Programme, Role
from samla.plans import services as plan_services
from samla.plans.demo import build_plans
from samla.plans.models import Deadline, DeadlineDone
from samla.plans.services import ActivityInput
from tests.browser.conftest import assert_accessible, log_in, page_width
from tests.conftest import DemoOrg

pytestmark = pytest.mark.browser


@pytest.fixture
def site(live_server, transactional_db):
    demo.build_organisation()
    return live_server.url


def _in_english(page, site: str) -> None:
    page.context.add_cookies([{"name": "samla_language", "value": "en", "url": site}])


def test_a_deadline_in_two_programmes_is_one_line_and_each_is_marked_done(site, page):
    due = timezone.localdate() + timedelta(days=10)
    programmes = {p.slug: p for p in Programme.objects.all()}
    school, kindergarten = programmes[demo.SCHOOL_SLUG], programmes[demo.KINDERGARTEN_SLUG]
    for programme in (school, kindergarten):
        Deadline.objects.create(programme=programme, role=Role.OWNER, title="Melde behov", date=due)
    _in_english(page, site)
    log_in(page, site, "eier")
    page.goto(f"{site}{reverse('portal:home')}")

    lines = page.locator("ul.deadlines > li")
    expect(lines).to_have_count(1)
    expect(lines.locator(".deadline-programmes > li")).to_have_text(
        [re.compile(rf"^{re.escape(p.name)}:\s+Mark as done") for p in (kindergarten, school)]
    )
    assert_accessible(page)

    page.get_by_role("button", name=f"Mark as done – Melde behov, {school.name}").click()

    expect(page.get_by_text("Marked as done: Melde behov")).to_be_visible()
    expect(lines).to_have_count(1)
    expect(lines).to_contain_text(f"(School owner, {kindergarten.name})")
    expect(page.locator(".deadline-programmes")).to_have_count(0)
    assert list(DeadlineDone.objects.values_list("deadline__programme__slug", flat=True)) == [
        demo.SCHOOL_SLUG
    ]
    assert_accessible(page)


def test_my_learning_groups_is_shown_to_a_units_staff_only(site, page):
    _in_english(page, site)
    log_in(page, site, "eier")
    page.goto(f"{site}{reverse('portal:learning')}")

    expect(page.get_by_role("heading", name="Learning groups", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="My learning groups")).to_have_count(0)
    expect(page.get_by_text("You are not in a learning group yet")).to_have_count(0)
    assert_accessible(page)

    page.context.clear_cookies()
    _in_english(page, site)
    log_in(page, site, "laerer")
    page.goto(f"{site}{reverse('portal:learning')}")

    expect(page.get_by_role("heading", name="My learning groups")).to_be_visible()
    expect(page.get_by_text("Your unit leader divides the staff into groups.")).to_be_visible()
    assert_accessible(page)


def test_no_heading_names_the_unit_twice(site, page):
    org = DemoOrg()
    school = org.school.name
    analysis = org.analysis(f"Støtte fra lærer – {school}")
    caravan = plan_services.add_activity(
        org.plan(), ActivityInput(title="Læringskaravane", term="spring", when_text="Mars")
    )
    analysis_services.link_caravan(analysis, org.user("rektor"), caravan.pk)
    _in_english(page, site)
    log_in(page, site, "rektor")

    page.goto(f"{site}{reverse('portal:plan', kwargs=org.plan_kwargs())}")
    expect(page.locator(".presented-analyses li")).to_have_text([f"Støtte fra lærer – {school}"])
    assert_accessible(page)

    page.locator(".presented-analyses a").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Støtte fra lærer – {school}")
    expect(page.locator("p.lead")).to_have_text("The group works on: Problem")
    expect(page.locator(".breadcrumbs")).to_have_text(f"Pedagogical analyses › {school}")
    assert_accessible(page)


@pytest.mark.parametrize("javascript", [True, False])
def test_sharing_on_the_evaluation_page_stays_there(site, browser, javascript):
    analysis = DemoOrg().analysis_with_measure()
    context = browser.new_context(java_script_enabled=javascript)
    context.set_default_timeout(10_000)
    page = context.new_page()
    _in_english(page, site)
    log_in(page, site, "rektor", javascript=javascript)
    evaluation = reverse("portal:analysis_phase", kwargs={"pk": analysis.pk, "phase": "evaluering"})
    page.goto(f"{site}{evaluation}")

    page.get_by_role("button", name="Share with the owner").click()

    expect(page.get_by_text("The owner can now read the analysis.")).to_be_visible()
    assert page.url == f"{site}{evaluation}"
    expect(page.get_by_role("heading", name="7. Evaluation")).to_be_visible()
    if javascript:
        assert_accessible(page)
    page.get_by_role("button", name="Withdraw the sharing").click()
    expect(page.get_by_text("The sharing is withdrawn")).to_be_visible()
    assert page.url == f"{site}{evaluation}"
    context.close()


def test_the_subscription_page_explains_each_feed_and_copies_an_address(site, browser):
    build_plans()
    context = browser.new_context(viewport={"width": 375, "height": 800})
    context.set_default_timeout(10_000)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site)
    page = context.new_page()
    _in_english(page, site)
    log_in(page, site, "region")
    page.goto(f"{site}{reverse('portal:plan_subscriptions', kwargs={'slug': 'kfl-skole'})}")

    expect(page.locator(".calendar-feed h2")).to_have_count(3)
    region = page.locator(".calendar-feed", has=page.get_by_role("heading", name="Hamarregionen"))
    expect(region).to_contain_text("The whole plan with the dates and places of Hamarregionen")
    field = page.get_by_label("Address of the calendar Hamarregionen")
    address = field.input_value()
    assert address.startswith(f"{site}/")
    expect(page.get_by_role("button", name=re.compile("^Copy the address"))).to_have_count(3)
    assert_accessible(page)
    assert page_width(page) <= 375

    region.get_by_role(
        "button", name="Copy the address – Address of the calendar Hamarregionen"
    ).click()

    expect(region.get_by_role("status")).to_have_text("The address is copied.")
    assert page.evaluate("() => navigator.clipboard.readText()") == address
    assert_accessible(page)
    context.close()


def test_without_javascript_the_address_is_a_labelled_field_to_select(site, browser):
    build_plans()
    context = browser.new_context(java_script_enabled=False)
    context.set_default_timeout(10_000)
    page = context.new_page()
    _in_english(page, site)
    log_in(page, site, "region", javascript=False)
    page.goto(f"{site}{reverse('portal:plan_subscriptions', kwargs={'slug': 'kfl-skole'})}")

    field = page.get_by_label("Address of the calendar Hamarregionen")
    expect(field).to_be_visible()
    expect(field).not_to_be_editable()
    assert field.input_value().startswith(f"{site}/")
    expect(page.get_by_role("button", name=re.compile("^Copy the address"))).to_have_count(0)
    field.select_text()  # the whole address can be selected and copied by hand
    context.close()


def test_the_meeting_calendar_copies_its_address(site, browser):
    context = browser.new_context()
    context.set_default_timeout(10_000)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site)
    page = context.new_page()
    _in_english(page, site)
    log_in(page, site, "laerer")
    page.goto(f"{site}{reverse('portal:learning_calendar')}")

    address = page.get_by_label("Calendar address (copy all of it)").input_value()
    page.get_by_role("button", name=re.compile("^Copy the address")).click()

    expect(page.get_by_role("status")).to_have_text("The address is copied.")
    assert page.evaluate("() => navigator.clipboard.readText()") == address
    assert_accessible(page)
    context.close()
