"""The yearly report in a real browser on a phone (375 px): the owner generates, edits and
submits it without JavaScript; the county governor reads it and comments; axe on every
page, and nothing makes the page scroll sideways."""

from __future__ import annotations

from datetime import date

import pytest

from samla.org import demo
from samla.org.models import Owner
from samla.partnership.demo import base
from samla.partnership.models import Allocation, ReportComment, Spending, YearlyReport
from tests.browser.conftest import assert_accessible, log_in, page_width
from tests.conftest import DemoOrg

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}


def _phone(browser, javascript: bool):
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
    context.set_default_timeout(10_000)
    return context.new_page()


def _fits(page) -> None:
    assert page_width(page) <= PHONE["width"]


def test_owner_submits_and_the_county_governor_comments(live_server, transactional_db, browser):
    demo.build_organisation()
    base.build()
    org = DemoOrg()
    hamar = Owner.objects.get(name="Hamar kommune")
    allocation = Allocation.objects.create(
        programme=org.school_programme, owner=hamar, year=2025, state_grant=500_000
    )
    Spending.objects.create(
        allocation=allocation,
        date=date(2025, 5, 2),
        category="courses",
        source="own",
        amount=150_000,
    )
    reports = f"{live_server.url}/partnerskap/{org.school_programme.slug}/arsrapporter/"

    owner = _phone(browser, javascript=False)
    log_in(owner, live_server.url, "eier", javascript=False)
    owner.goto(reports)
    _fits(owner)
    owner.locator("#id_year").fill("2025")
    owner.locator("main form button[type=submit]").click()
    report = YearlyReport.objects.get()
    assert owner.url.endswith(f"/arsrapporter/{report.pk}/")
    assert "150\xa0000\xa0kr" in owner.locator("main").inner_text()
    _fits(owner)
    checked = _phone(browser, javascript=True)  # axe needs JavaScript: the same pages
    log_in(checked, live_server.url, "eier")
    for path in (reports, f"{reports}{report.pk}/", f"{reports}{report.pk}/rediger/"):
        checked.goto(path)
        assert_accessible(checked)
        _fits(checked)
    owner.locator(f"a[href$='/arsrapporter/{report.pk}/rediger/']").click()
    owner.locator("#id_measures").fill("Vi gjennomførte lesekurs for alle lærere.")
    owner.locator("main form button[type=submit]").first.click()
    assert "Vi gjennomførte lesekurs" in owner.locator("main").inner_text()
    owner.locator(f"form[action$='/{report.pk}/send-inn/'] button").click()
    owner.locator("main form button.button--danger").click()  # the question: yes
    report.refresh_from_db()
    assert report.status == "submitted"
    assert owner.locator(f"a[href$='/{report.pk}/rediger/']").count() == 0

    governor = _phone(browser, javascript=True)
    log_in(governor, live_server.url, "statsforvalter")
    governor.goto(reports)
    assert_accessible(governor)
    _fits(governor)
    governor.get_by_role("link", name="Hamar kommune").click()
    assert "Vi gjennomførte lesekurs" in governor.locator("main").inner_text()
    assert_accessible(governor)
    governor.locator("#id_text").fill("Takk, godt dokumentert.")
    governor.locator("#comments form button[type=submit]").click()
    governor.wait_for_load_state()
    assert "Takk, godt dokumentert." in governor.locator("#comments").inner_text()
    assert_accessible(governor)
    _fits(governor)
    assert ReportComment.objects.get().report == report
