"""Needs reports in a real browser on a phone (375 px): Hamar's owner drafts the report
from its own evidence and submits it; a forum member reads it — with and without
JavaScript, axe on every page where scripts run."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from samla.org import demo
from samla.partnership.demo import base
from samla.partnership.models import Evidence, NeedsReport, SubmissionStatus
from tests.browser.conftest import assert_accessible, log_in, page_width
from tests.conftest import DemoOrg
from tests.partnership.test_needs import _teacher_round

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}


def _page(browser, site: str, javascript: bool):
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
    context.set_default_timeout(10_000)
    context.add_cookies([{"name": "samla_language", "value": "en", "url": site}])
    return context.new_page()


def _check(page, javascript: bool) -> None:
    if javascript:
        assert_accessible(page)
    # Nothing wider than the phone but the table boxes that scroll on purpose.
    assert page_width(page) <= PHONE["width"], page.url


@pytest.mark.parametrize("javascript", [True, False])
def test_owner_drafts_from_evidence_and_submits_forum_reads(
    live_server, transactional_db, browser, javascript
):
    site = live_server.url
    demo.build_organisation()
    org = DemoOrg()
    base.build()
    round = _teacher_round(org)
    hamar = org.school.owner
    page = _page(browser, site, javascript)
    log_in(page, site, "eier", javascript=javascript)

    page.goto(f"{site}{reverse('portal:partnership', kwargs={'slug': 'kfl-skole'})}")
    _check(page, javascript)
    with page.expect_navigation():
        page.get_by_role("link", name="Needs reports").click()
    _check(page, javascript)
    page.get_by_role("button", name="Write Hamar kommune's needs report").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Needs report Hamar kommune")
    _check(page, javascript)

    with page.expect_navigation():
        page.get_by_role("link", name="Change school years, partner and summary").click()
    _check(page, javascript)
    page.get_by_label("Wished university partner").select_option(label="Høgskolen i Innlandet")
    page.get_by_label("Summary").fill("Samarbeid i personalet er vårt viktigste behov.")
    page.get_by_role("button", name="Save").click()

    with page.expect_navigation():
        page.get_by_role("link", name="Add a priority").click()
    _check(page, javascript)
    page.get_by_label("Theme").fill("Profesjonelt samarbeid")
    page.get_by_label("Target groups").fill("Lærere 1.–10. trinn")
    page.get_by_role("button", name="Save and link evidence").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Evidence for")
    _check(page, javascript)
    key = f"result|{round.pk}|owner:{hamar.pk}|teacher|samarbeid"
    page.locator(f"input[value='{key}']").check()
    page.get_by_role("button", name="Link the chosen evidence").click()

    expect(page.get_by_text("Evidence linked: 1.")).to_be_visible()
    (evidence,) = Evidence.objects.all()
    expect(page.get_by_text(evidence.text)).to_be_visible()
    _check(page, javascript)
    page.get_by_role("button", name="Submit the needs report").click()

    expect(page.get_by_text("The needs report was submitted")).to_be_visible()
    expect(page.get_by_role("button", name="Submit the needs report")).to_have_count(0)
    report = NeedsReport.objects.get()
    assert (report.status, report.wished_partner.name) == (
        SubmissionStatus.SUBMITTED,
        "Høgskolen i Innlandet",
    )

    reader = _page(browser, site, javascript)
    log_in(reader, site, "tillitsvalgt", javascript=javascript)
    reader.goto(f"{site}{reverse('portal:partnership_needs', kwargs={'slug': 'kfl-skole'})}")
    _check(reader, javascript)
    reader.get_by_role("link", name="Hamar kommune").click()
    expect(reader.get_by_role("heading", name="Profesjonelt samarbeid")).to_be_visible()
    expect(reader.get_by_text(evidence.text)).to_be_visible()
    expect(reader.get_by_role("button", name="Remove")).to_have_count(0)
    _check(reader, javascript)
