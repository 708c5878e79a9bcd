"""Issue 19's whole partnership year in a real browser, as the people who do it, on a phone
(375 px) without JavaScript: Bjørkely skole's leader runs a self-assessment and shares it
with Hamar kommune; the owner drafts a needs report from its evidence (the shared
self-assessment among it) and submits it; a forum member drafts and approves the
recommendation, and the action plan shows the measure; the administrator sets Hamar's
grant, the owner records spending and its own share; the owner generates, edits and
submits the yearly report; the county governor reads it and comments; the leader
withdraws the self-assessment and the owner can no longer open it. Every page is checked
for width, and opened again with JavaScript for axe (axe runs as a script in the page).

A second test: one refusal of each kind (a late needs report, a yearly report without
its own share, a role without the right) is a clear message, or a 404, and changes
nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from samla.org import demo
from samla.org.models import Owner, Programme
from samla.partnership.demo import base
from samla.partnership.models import (
    Allocation,
    Evidence,
    NeedsPriority,
    NeedsReport,
    Recommendation,
    ReportComment,
    SchemeSettings,
    Spending,
    SubmissionStatus,
    YearlyReport,
)
from samla.plans.models import Activity
from samla.selfassessment import services as selfassessment
from samla.selfassessment import statements
from samla.selfassessment.models import SelfAssessment
from tests.browser.conftest import assert_accessible, log_in, page_width
from tests.conftest import DemoOrg
from tests.selfassessment.support import participants

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}
SLUG = "kfl-skole"


class Person:
    """A demo user on a phone without JavaScript, and a twin with JavaScript that opens
    the same pages for axe."""

    def __init__(self, browser, site: str, username: str):
        self.browser, self.site, self.username = browser, site, username
        self.page = self._page(javascript=False)
        self._twin = None

    def _page(self, javascript: bool):
        context = self.browser.new_context(viewport=PHONE, java_script_enabled=javascript)
        context.set_default_timeout(10_000)
        context.add_cookies([{"name": "samla_language", "value": "en", "url": self.site}])
        page = context.new_page()
        log_in(page, self.site, self.username, javascript=javascript)
        return page

    def go(self, path: str):
        response = self.page.goto(self.site + path)
        self.check()
        return response

    def check(self, axe: bool = True, fits: bool = True) -> None:
        """Nothing wider than the phone; axe on the same address with JavaScript."""
        width = page_width(self.page)
        assert not fits or width <= PHONE["width"] + 1, self.page.url
        if axe:
            if self._twin is None:
                self._twin = self._page(javascript=True)
            url = self.page.url.split("#")[0]
            same = self._twin.url.split("#")[0] == url
            response = self._twin.reload() if same else self._twin.goto(url)
            assert response.ok, url
            assert_accessible(self._twin)

    def click(self, locator) -> None:
        locator.click()
        self.page.wait_for_load_state()

    def close(self) -> None:
        for page in (self.page, self._twin):
            if page is not None:
                page.context.close()


def _action(person: Person, action: str) -> None:
    form = f"form:has(input[name=action][value={action}])"
    person.click(person.page.locator(f"{form} button[type=submit]"))


@pytest.fixture
def site(live_server, transactional_db):
    demo.build_organisation()
    base.build()
    Programme.objects.filter(slug=SLUG).update(anonymity_threshold=5)
    return live_server.url


def _self_assessment(browser, site: str, org: DemoOrg) -> tuple[Person, SelfAssessment]:
    """(a) The leader plans it with five staff; laerer rates in the browser, the other
    four through the service; the leader closes the rating, writes goals and shares it."""
    leader = Person(browser, site, "rektor")
    leader.go("/egenvurdering/")
    leader.click(leader.page.locator(f"a[href='/egenvurdering/ny/{org.school.pk}/']"))
    leader.check()
    leader.page.locator("#id_title").fill("Ståsted høsten")
    leader.page.locator("input[name=blocks][value=laeringsmiljo]").check()
    chosen = participants(org, 5)
    for person in chosen:
        leader.page.locator(f"input[name=participants][value='{person.pk}']").check()
    leader.click(leader.page.locator("form.form button[type=submit]"))
    assessment = SelfAssessment.objects.get(title="Ståsted høsten")
    url = f"/egenvurdering/{assessment.pk}/"
    assert leader.page.url == site + url
    leader.check()
    _action(leader, "move_on")  # to the facts
    _action(leader, "move_on")  # the rating opens
    leader.check()

    teacher = Person(browser, site, "laerer")
    teacher.go(url)
    teacher.click(teacher.page.locator("a[href$='/vurder/']"))
    teacher.check()
    codes = [s.code for b in statements.blocks(assessment.blocks) for s in b.statements]
    for code in codes:
        teacher.page.locator(f"input[name={code}][value='4']").check()
    teacher.click(teacher.page.locator("form.form button[type=submit]"))
    assert teacher.page.url == site + url
    assert teacher.page.locator("a[href$='/vurder/']").count() == 0
    teacher.close()
    assessment.refresh_from_db()
    for person in chosen[1:]:
        selfassessment.submit_rating(assessment, person, {code: "3" for code in codes})

    leader.go(url)
    _action(leader, "move_on")  # the rating closes; the results show
    leader.check()
    leader.page.locator("#id_goals").fill("Felles rutiner for arbeidsro.")
    _action(leader, "goals")
    _action(leader, "share")
    leader.check()
    assessment.refresh_from_db()
    assert assessment.shared_with_owner_at is not None
    assert assessment.done.count() == 5
    return leader, assessment


def _needs_report(owner: Person, assessment: SelfAssessment) -> NeedsReport:
    """(b) The owner drafts Hamar's needs report, links the shared self-assessment from
    its evidence picker and submits."""
    page = owner.page
    owner.go(reverse("portal:partnership", args=[SLUG]))
    owner.click(page.get_by_role("link", name="Needs reports"))
    owner.check()
    owner.click(page.get_by_role("button", name="Write Hamar kommune's needs report"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Needs report Hamar kommune")
    owner.check()
    owner.click(page.get_by_role("link", name="Change school years, partner and summary"))
    owner.check()
    page.get_by_label("Wished university partner").select_option(label=base.UNIVERSITY)
    page.get_by_label("Summary").fill("Arbeidsro og læringsmiljø er vårt viktigste behov.")
    owner.click(page.get_by_role("button", name="Save"))
    owner.click(page.get_by_role("link", name="Add a priority"))
    owner.check()
    page.get_by_label("Theme").fill("Læringsmiljø")
    page.get_by_label("Target groups").fill("Lærere 1.–10. trinn")
    owner.click(page.get_by_role("button", name="Save and link evidence"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Evidence for")
    owner.check()
    page.locator(f"input[value='self_assessment|{assessment.pk}']").check()
    owner.click(page.get_by_role("button", name="Link the chosen evidence"))
    expect(page.get_by_text("Evidence linked: 1.")).to_be_visible()
    (evidence,) = Evidence.objects.all()
    assert (evidence.kind, evidence.source_id) == ("self_assessment", assessment.pk)
    assert evidence.text.startswith("Ståsted høsten")
    expect(page.locator(f"main a[href='/egenvurdering/{assessment.pk}/']")).to_have_count(1)
    owner.check()
    owner.click(page.get_by_role("button", name="Submit the needs report"))
    expect(page.get_by_text("The needs report was submitted")).to_be_visible()
    report = NeedsReport.objects.get()
    assert (report.status, report.owner.name) == (SubmissionStatus.SUBMITTED, "Hamar kommune")
    return report


def _recommendation(browser, site: str, needs: NeedsReport) -> None:
    """(c) A forum member with a vote drafts the recommendation from the submitted needs,
    adds a measure and approves it; the action plan shows the activity."""
    member = Person(browser, site, "forsker")
    page = member.page
    member.go(reverse("portal:partnership", args=[SLUG]))
    member.click(page.get_by_role("link", name="The forum's recommendation"))
    member.check()
    member.click(page.get_by_role("link", name="Draft a recommendation"))
    member.check()
    school_year = needs.first_school_year
    page.get_by_label("For school year").fill(school_year)
    page.get_by_label("State grant to split (NOK)").fill("1000000")
    page.get_by_label("The forum's assessment").fill("Læringsmiljø går igjen.")
    page.get_by_label(f"Hamar kommune ({needs.year})").check()
    member.click(page.get_by_role("button", name="Save"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Recommendation for {school_year}")
    expect(page.get_by_text("Læringsmiljø", exact=True).first).to_be_visible()
    member.check()
    first = int(school_year[:4])
    member.click(page.get_by_role("link", name="Add a measure").first)
    member.check()
    page.get_by_label("Measure", exact=True).fill("Arbeidsro i klasserommet")
    page.get_by_label("Participants").fill("Alle lærere på Bjørkely")
    page.get_by_label("From").fill(f"{first}-09-01")
    page.get_by_label("To", exact=True).fill(f"{first + 1}-05-31")
    page.get_by_label("Hamar kommune").check()
    page.get_by_label("University partner").select_option(label=base.UNIVERSITY)
    page.get_by_label("Share of the grant (NOK)").fill("600000")
    member.click(page.get_by_role("button", name="Save the measure"))
    member.check()
    member.click(page.get_by_role("button", name="Approve"))
    expect(page.get_by_text("1 measure is now an activity")).to_be_visible()
    recommendation = Recommendation.objects.get(school_year=school_year)
    assert recommendation.approved_by.username == "forsker"
    assert list(recommendation.needs_reports.all()) == [needs]
    (activity,) = Activity.objects.filter(plan__school_year=school_year)
    assert activity.title == "Arbeidsro i klasserommet"
    member.click(page.get_by_role("link", name="In the action plan").first)
    expect(page.get_by_text("Arbeidsro i klasserommet").first).to_be_visible()
    member.check()  # the plan with the new activity fits the phone too
    member.close()


def _money(browser, site: str, owner: Person, hamar: Owner, year: int) -> Allocation:
    """(d) The administrator sets Hamar's grant; the owner records spending from the
    grant and from its own money, and its own share."""
    admin = Person(browser, site, "admin")
    admin.go(reverse("portal:partnership_money", args=[SLUG]))
    admin.click(admin.page.get_by_role("link", name="Set the grant for Hamar kommune"))
    admin.check()
    admin.page.locator("#id_state_grant").fill("1 000 000")
    admin.page.locator("#id_coordinator").fill("100000")
    admin.click(admin.page.locator("main form.form button[type=submit]"))
    admin.page.locator(".message--success").wait_for()
    admin.check()
    admin.close()
    allocation = Allocation.objects.get(owner=hamar, year=year)
    assert (allocation.state_grant, allocation.coordinator) == (1_000_000, 100_000)

    ledger = reverse("portal:partnership_money_ledger", args=[SLUG, year, hamar.pk])
    page = owner.page
    owner.go(ledger)
    for source, amount, text in (
        ("grant", "450 000", "Kurs i klasseledelse med HINN"),
        ("own", "300 000", "Vikarer under kursdagene"),
    ):
        owner.click(page.locator(f"a[href='{ledger}utgift/']"))
        owner.check()
        page.locator("#id_day").fill(f"{year}-04-15")
        page.locator("#id_category").select_option("courses")
        page.locator(f"input[name='source'][value='{source}']").check()
        page.locator("#id_amount").fill(amount)
        page.locator("#id_text").fill(text)
        owner.click(page.locator("main form.form button[type=submit]"))
        page.locator(".message--success").wait_for()
        owner.check()
    owner.click(page.locator(f"a[href='{ledger}egenandel/']"))
    owner.check()
    page.locator("#id_own_share").fill("300000")
    owner.click(page.locator("main form.form button[type=submit]"))
    page.locator(".message--success").wait_for()
    assert page.locator(".message--warning").count() == 0  # exactly 30 % of the grant
    owner.check()
    allocation.refresh_from_db()
    assert allocation.own_share == 300_000
    assert sorted(Spending.objects.values_list("source", "amount")) == [
        ("grant", 450_000),
        ("own", 300_000),
    ]
    return allocation


def _yearly_report(owner: Person, year: int) -> YearlyReport:
    """(e) The owner generates the yearly report, edits a section and submits it."""
    page = owner.page
    owner.go(reverse("portal:partnership", args=[SLUG]))
    owner.click(page.get_by_role("link", name="Yearly reports to the county governor"))
    owner.check()
    page.locator("#id_year").fill(str(year))
    owner.click(page.locator("main form button[type=submit]"))
    report = YearlyReport.objects.get()
    assert page.url.endswith(f"/arsrapporter/{report.pk}/")
    assert "300,000\xa0kr" in page.locator("main").inner_text()  # own share spent
    owner.check()
    owner.click(page.locator(f"a[href$='/arsrapporter/{report.pk}/rediger/']"))
    owner.check()
    page.locator("#id_measures").fill("Alle lærere på Bjørkely tok kurs i arbeidsro.")
    owner.click(page.locator("main form button[type=submit]").first)
    assert "tok kurs i arbeidsro" in page.locator("main").inner_text()
    owner.click(page.locator(f"form[action$='/{report.pk}/send-inn/'] button"))
    owner.check(axe=False)  # the question answers a POST: no address to open again
    owner.click(page.locator("main form button.button--danger"))
    expect(page.get_by_text("The report is submitted to the county governor")).to_be_visible()
    expect(page.locator(f"a[href$='/{report.pk}/rediger/']")).to_have_count(0)
    owner.check()
    report.refresh_from_db()
    assert (report.status, report.submitted_by.username) == ("submitted", "eier")
    return report


def _governor_comments(browser, site: str, report: YearlyReport) -> None:
    """(f) The county governor reads the report and comments."""
    governor = Person(browser, site, "statsforvalter")
    page = governor.page
    governor.go(reverse("portal:partnership_reports", args=[SLUG]))
    governor.click(page.get_by_role("link", name="Hamar kommune"))
    assert "tok kurs i arbeidsro" in page.locator("main").inner_text()
    governor.check()
    page.locator("#id_text").fill("Takk, godt dokumentert.")
    governor.click(page.locator("#comments form button[type=submit]"))
    assert "Takk, godt dokumentert." in page.locator("#comments").inner_text()
    governor.check()
    comment = ReportComment.objects.get()
    assert (comment.report, comment.author.username) == (report, "statsforvalter")
    governor.close()


def test_the_partnership_year_from_self_assessment_to_yearly_report(site, browser):
    org = DemoOrg()
    hamar = org.school.owner
    year = timezone.localdate().year

    leader, assessment = _self_assessment(browser, site, org)
    owner = Person(browser, site, "eier")
    assert owner.go(f"/egenvurdering/{assessment.pk}/").status == 200  # shared with Hamar
    assert "Felles rutiner for arbeidsro." in owner.page.locator("main").inner_text()

    needs = _needs_report(owner, assessment)
    _recommendation(browser, site, needs)
    _money(browser, site, owner, hamar, year)
    report = _yearly_report(owner, year)
    _governor_comments(browser, site, report)

    # (g) The leader withdraws the sharing: the owner gets a 404 and the needs report
    # keeps the frozen text, without a link to the source.
    leader.go(f"/egenvurdering/{assessment.pk}/")
    _action(leader, "withdraw")
    leader.check()
    assert owner.page.goto(f"{site}/egenvurdering/{assessment.pk}/").status == 404
    owner.go(reverse("portal:partnership_needs_report", args=[SLUG, needs.pk]))
    expect(owner.page.get_by_text("Ståsted høsten").first).to_be_visible()
    expect(owner.page.locator(f"main a[href='/egenvurdering/{assessment.pk}/']")).to_have_count(0)
    assessment.refresh_from_db()
    assert (assessment.shared_with_owner_at, assessment.done.count()) == (None, 5)
    leader.close()
    owner.close()


def test_refusals_say_why_and_change_nothing(site, browser):
    org = DemoOrg()
    hamar = org.school.owner
    programme = org.school_programme
    today = timezone.localdate()

    # A late needs report: the deadline was yesterday.
    yesterday = today - timedelta(days=1)
    SchemeSettings.objects.update_or_create(
        programme=programme,
        defaults={"needs_due_month": yesterday.month, "needs_due_day": yesterday.day},
    )
    late = NeedsReport.objects.create(
        programme=programme,
        owner=hamar,
        year=yesterday.year,
        first_school_year=f"{yesterday.year}/{yesterday.year + 1}",
    )
    NeedsPriority.objects.create(report=late, theme="Lesing")
    owner = Person(browser, site, "eier")
    page = owner.page
    owner.go(reverse("portal:partnership_needs_report", args=[SLUG, late.pk]))
    owner.click(page.get_by_role("button", name="Submit the needs report"))
    expect(page.locator("main")).to_contain_text(
        f"The deadline for needs reports was {yesterday:%d.%m.%Y}"
    )
    expect(page.locator("main")).to_contain_text("Contact the programme administrator")
    owner.check()
    late.refresh_from_db()
    assert (late.status, late.submitted_at, late.priorities.count()) == ("draft", None, 1)

    # A yearly report without its own share: 100 000 spent of the 150 000 required.
    allocation = Allocation.objects.create(
        programme=programme, owner=hamar, year=today.year, state_grant=500_000, own_share=0
    )
    Spending.objects.create(
        allocation=allocation,
        date=date(today.year, 3, 1),
        category="courses",
        source="own",
        amount=100_000,
    )
    owner.go(reverse("portal:partnership_reports", args=[SLUG]))
    page.locator("#id_year").fill(str(today.year))
    owner.click(page.locator("main form button[type=submit]"))
    expect(page.locator("main")).to_contain_text("Missing own share")
    report = YearlyReport.objects.get()
    owner.click(page.locator(f"form[action$='/{report.pk}/send-inn/'] button"))
    owner.click(page.locator("main form button.button--danger"))
    expect(page.locator("main")).to_contain_text(
        "Missing own share: the ledger shows 100,000\xa0kr of own share, but at least 30 % "
        "of the state grant (150,000\xa0kr) is required."
    )
    owner.check()
    report.refresh_from_db()
    assert (report.status, report.submitted_at) == ("draft", None)
    owner.close()

    # A role without the right: a teacher has no needs overview.
    teacher = Person(browser, site, "laerer")
    response = teacher.page.goto(site + reverse("portal:partnership_needs", args=[SLUG]))
    assert response.status == 404
    teacher.check(axe=False)
    teacher.close()
    assert NeedsReport.objects.count() == 1 and YearlyReport.objects.count() == 1
