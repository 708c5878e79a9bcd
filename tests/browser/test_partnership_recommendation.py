"""The forum's recommendation in the browser: a forum member drafts it from the submitted
needs reports on a phone without JavaScript, adds measures (one over the grant is
refused), approves it, and the action plan shows the measures; axe on every page."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from samla.org import demo
from samla.org.models import Owner
from samla.partnership.demo import base
from samla.partnership.models import (
    Decision,
    Forum,
    ForumMeeting,
    NeedsPriority,
    NeedsReport,
    Recommendation,
    SubmissionStatus,
)
from samla.plans.models import Activity
from tests.browser.conftest import assert_accessible, log_in, page_width

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}
YEAR = "2028/2029"


@pytest.fixture
def site(live_server, transactional_db):
    demo.build_organisation()
    base.build()
    school = base.programme()
    for name, theme in (("Hamar", "Klasseledelse"), ("Stange", "Lesing i alle fag")):
        report = NeedsReport.objects.create(
            programme=school,
            owner=Owner.objects.get(name=f"{name} kommune"),
            year=2028,
            first_school_year=YEAR,
            status=SubmissionStatus.SUBMITTED,
            submitted_at=timezone.now(),
        )
        NeedsPriority.objects.create(report=report, order=1, theme=theme, target_groups="Lærere")
    meeting = ForumMeeting.objects.create(
        forum=Forum.objects.get(name=base.FORUM), date=date(2028, 3, 10), place="Hamar"
    )
    Decision.objects.create(meeting=meeting, title="Innstilling 2028/2029", text="Vedtatt.")
    return live_server.url


def _english(context, site):
    context.add_cookies([{"name": "samla_language", "value": "en", "url": site}])


def _fits(page) -> None:
    assert page_width(page) <= PHONE["width"] + 1


def _add_measure(page, title, owners, grant, starts="2028-09-01", ends="2029-05-31"):
    page.get_by_role("link", name="Add a measure").first.click()
    page.get_by_label("Measure", exact=True).fill(title)
    page.get_by_label("Participants").fill("Alle lærere")
    page.get_by_label("From").fill(starts)
    page.get_by_label("To", exact=True).fill(ends)
    for owner in owners:
        page.get_by_label(owner).check()
    page.get_by_label("University partner").select_option(label=base.UNIVERSITY)
    page.get_by_label("Share of the grant (NOK)").fill(str(grant))
    _fits(page)
    page.get_by_role("button", name="Save the measure").click()


def test_a_forum_member_drafts_and_approves_the_recommendation(site, browser, page):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    _english(context, site)
    phone = context.new_page()
    log_in(phone, site, "forsker", javascript=False)
    phone.goto(site + reverse("portal:partnership", args=["kfl-skole"]))
    phone.get_by_role("link", name="The forum's recommendation").click()
    phone.get_by_role("link", name="Draft a recommendation").click()
    phone.get_by_label("For school year").fill(YEAR)
    phone.get_by_label("State grant to split (NOK)").fill("1000000")
    phone.get_by_label("The forum's assessment").fill("Lesing og klasseledelse går igjen.")
    phone.get_by_label("Hamar kommune (2028)").check()
    phone.get_by_label("Stange kommune (2028)").check()
    _fits(phone)
    phone.get_by_role("button", name="Save").click()

    expect(phone.get_by_role("heading", level=1)).to_have_text(f"Recommendation for {YEAR}")
    expect(phone.get_by_text("Lesing i alle fag")).to_be_visible()  # Stange's priority
    _add_measure(
        phone, "Klasseledelse og læringsmiljø", ["Hamar kommune", "Stange kommune"], 600000
    )
    _add_measure(phone, "Lesing", ["Stange kommune"], 500000)
    expect(phone.get_by_text("100,000 NOK more than the state grant")).to_be_visible()
    phone.get_by_role("link", name="Back to the recommendation").click()
    _add_measure(phone, "Lesing", ["Stange kommune"], 300000, starts="2029-01-07")
    _fits(phone)
    phone.get_by_label("Forum decision").select_option(label="10.03.2028: Innstilling 2028/2029")
    phone.get_by_role("button", name="Approve").click()

    expect(phone.get_by_text("2 measures are now activities")).to_be_visible()
    expect(phone.get_by_role("link", name="Add a measure")).to_have_count(0)
    recommendation = Recommendation.objects.get(school_year=YEAR)
    assert recommendation.approved and recommendation.decision.title == "Innstilling 2028/2029"
    assert sorted(Activity.objects.filter(plan__school_year=YEAR).values_list("title", "term")) == [
        ("Klasseledelse og læringsmiljø", "autumn"),
        ("Lesing", "spring"),
    ]
    phone.get_by_role("link", name="In the action plan").first.click()
    expect(phone.get_by_text("Klasseledelse og læringsmiljø").first).to_be_visible()
    expect(phone.get_by_text("Lesing", exact=True).first).to_be_visible()
    context.close()

    # axe runs as a script in the page, so the pages are checked again with JavaScript.
    _english(page.context, site)
    page.set_viewport_size(PHONE)
    log_in(page, site, "forsker")
    for url in (
        reverse("portal:partnership", args=["kfl-skole"]),
        reverse("portal:partnership_recommendations", args=["kfl-skole"]),
        reverse("portal:partnership_recommendation_new", args=["kfl-skole"]),
        reverse("portal:partnership_recommendation", args=["kfl-skole", recommendation.pk]),
    ):
        page.goto(site + url)
        assert_accessible(page)
        _fits(page)


def test_the_draft_pages_pass_axe_in_norwegian(site, page):
    log_in(page, site, "eier")
    forum = Forum.objects.get(name=base.FORUM)
    recommendation = Recommendation.objects.create(forum=forum, school_year=YEAR, state_grant=10)
    recommendation.needs_reports.set(NeedsReport.objects.all())
    kwargs = {"slug": "kfl-skole", "pk": recommendation.pk}
    for name in ("portal:partnership_recommendation", "portal:partnership_measure_new"):
        page.goto(site + reverse(name, kwargs=kwargs))
        assert_accessible(page)
