"""Choices on a questionnaire's preview in the browser: the respondent group a form does
not name, and names for an index the form left unnamed; on a phone, with and without
JavaScript. Elements are found by structure (names, values, ids), not by wording."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from samla.org import demo
from samla.surveys.models import InstrumentUpload, InstrumentVersion
from tests.browser.conftest import assert_accessible, log_in, page_width
from tests.browser.test_narrow_screens import PHONE
from tests.portal.test_instrument_choices import NAMES, no_group_form, unnamed_index_form

pytestmark = pytest.mark.browser

PUBLISH = 'button[name="action"][value="publish"]'


@pytest.fixture
def site(live_server, transactional_db):
    demo.build_organisation()
    return live_server.url


def _upload(page, site: str, path) -> None:
    page.goto(f"{site}{reverse('portal:instruments')}")
    page.locator("input[type=file]").set_input_files(str(path))
    page.locator("main form[enctype] button[type=submit]").click()
    page.wait_for_load_state()


def test_admin_chooses_the_respondent_group_then_publishes(site, page, tmp_path):
    path = tmp_path / "skjema.xlsx"
    path.write_bytes(no_group_form())
    log_in(page, site, "admin")

    _upload(page, site, path)

    assert page.locator(PUBLISH).count() == 0
    assert_accessible(page)
    page.locator('select[name="respondent_group"]').select_option("guardian")
    page.locator('button[name="action"][value="respondent_group"]').click()
    expect(page.locator(PUBLISH)).to_be_visible()
    expect(page.locator('select[name="respondent_group"]')).to_have_value("guardian")
    expect(page.locator("#preview")).to_contain_text("q1 nb")
    assert_accessible(page)
    page.locator(PUBLISH).click()

    version = InstrumentVersion.objects.get()
    assert page.url.endswith(reverse("portal:instrument", kwargs={"pk": version.pk}))
    assert version.respondent_group == "guardian"
    assert InstrumentUpload.objects.get().published == version


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_admin_names_an_unnamed_index_on_a_phone(site, browser, tmp_path, javascript):
    path = tmp_path / "skjema.xlsx"
    path.write_bytes(unnamed_index_form())
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
    context.set_default_timeout(10_000)
    page = context.new_page()
    log_in(page, site, "admin", javascript=javascript)

    _upload(page, site, path)

    expect(page.locator("#warnings-heading")).to_be_visible()
    assert page_width(page) <= PHONE["width"] + 1
    if javascript:
        assert_accessible(page)
    for language, name in NAMES.items():
        page.locator(f"#id_index0-{language}").fill(name)
    page.locator('button[name="action"][value="index_names"]').click()
    expect(page.locator("#id_index0-en")).to_have_value(NAMES["en"])
    expect(page.locator("#warnings-heading")).to_have_count(0)
    assert page_width(page) <= PHONE["width"] + 1
    if javascript:
        assert_accessible(page)
    page.locator(PUBLISH).click()
    page.wait_for_load_state()

    (scale,) = InstrumentVersion.objects.get().instrument().scales
    assert dict(scale.label) == NAMES
    context.close()
