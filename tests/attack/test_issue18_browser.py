"""Issue 18 under attack, in the browser: the upload preview on a 375 px phone when the
form's warnings, ids and index codes hold long words without spaces (the usual forms have
none), checked with axe."""

from __future__ import annotations

import pytest
from django.urls import reverse

from samla.org import demo
from tests.browser.conftest import (  # noqa: F401 - the browser tests' fixtures
    _require_chromium,
    assert_accessible,
    browser_type_launch_args,
    context,
    log_in,
)
from tests.browser.test_narrow_screens import PHONE
from tests.surveys.xlsforms import SETTINGS, begin, end, question, xlsform

pytestmark = pytest.mark.browser

PAGE_WIDTH = "() => document.documentElement.scrollWidth"
LONG = "trivsel_og_arbeidsro_i_klasserommet_" * 4  # 144 characters, no space


@pytest.fixture
def site(live_server, transactional_db):
    demo.build_organisation()
    return live_server.url


def _long_words_form() -> bytes:
    settings = {k: v for k, v in SETTINGS.items() if k != "respondent_group"}
    settings |= {"form_id": LONG[:100], "version": LONG[:40]}  # the longest ids Samla keeps
    return xlsform(
        begin("p1"),
        question("select_one agree4", "q1", instance__scale=LONG, appearance=LONG),
        question("select_one agree4", "q2", instance__scale=LONG),
        question("integer", "q3", relevant=f"string-length(${{q1}}) > 0 and {LONG}"),
        end(),
        settings=settings,
    )


def test_long_words_in_warnings_ids_and_index_codes_fit_a_phone(site, browser, tmp_path):
    path = tmp_path / "skjema.xlsx"
    path.write_bytes(_long_words_form())
    page = browser.new_page(viewport=PHONE)
    page.set_default_timeout(10_000)
    log_in(page, site, "admin")
    page.goto(f"{site}{reverse('portal:instruments')}")
    page.locator("input[type=file]").set_input_files(str(path))
    page.locator("main form[enctype] button[type=submit]").click()
    page.wait_for_load_state()
    page.locator('select[name="respondent_group"]').select_option("teacher")
    page.locator('button[name="action"][value="respondent_group"]').click()
    page.wait_for_load_state()

    assert page.locator("#warnings-heading").is_visible()
    assert page.locator("#id_index0-nb").is_visible()
    assert page.evaluate(PAGE_WIDTH) <= PHONE["width"] + 1
    assert_accessible(page)
    page.close()
