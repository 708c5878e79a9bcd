"""A pupil answers date and decimal questions in a real browser, with and without JavaScript:
a refused decimal comes back with why, axe finds nothing on any page, and the responses
export holds what was typed. The questionnaire is built in Python (no XLSForm)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from samla.org import demo
from samla.results.exports.responses import responses_frame
from samla.surveys.answers import unpack_answers
from samla.surveys.models import Response, RoundInstrument
from tests.browser.conftest import assert_accessible, log_in
from tests.conftest import DemoOrg
from tests.surveys.test_date_decimal import INSTRUMENT, _code, open_round

pytestmark = pytest.mark.browser


@pytest.fixture
def dated(live_server, transactional_db):
    demo.build_organisation()
    demo_org = DemoOrg()
    round = open_round(demo_org, INSTRUMENT, slug="t3-dato-browser")
    return live_server.url, round, _code(round, demo_org)


def _answer(page, site: str, code: str, *, javascript: bool) -> None:
    def accessible() -> None:
        if javascript:  # axe runs as a script in the page
            assert_accessible(page)

    page.goto(f"{site}/svar/")
    page.locator("#id_code").fill(code)
    page.get_by_role("button", name="Start").click()
    accessible()
    height = page.get_by_label("Hvor høy er du, i meter?")
    assert height.get_attribute("inputmode") == "decimal"
    assert page.get_by_label("Når er du født?").get_attribute("type") == "date"
    height.fill("1,755")
    page.get_by_label("Lommepenger per uke?").fill("12,5")
    page.get_by_label("Når er du født?").fill("2014-05-17")  # what the date picker posts
    page.get_by_role("button", name="Neste").click()
    # Refused: the same page, the typed value kept, the reason tied to the field.
    error = page.locator("#q-height-error")
    assert error.inner_text() == "Skriv tallet med høyst to desimaler, for eksempel 3,25."
    assert height.get_attribute("aria-invalid") == "true"
    assert "q-height-error" in height.get_attribute("aria-describedby")
    assert height.input_value() == "1,755"
    assert page.get_by_label("Lommepenger per uke?").input_value() == "12,5"
    accessible()
    height.fill("1,75")
    page.get_by_role("button", name="Neste").click()
    accessible()
    page.get_by_label("Ja").check()  # shown because 1,75 > 1,5
    page.get_by_label("Alder").fill("11")
    page.get_by_role("button", name="Ferdig").click()
    accessible()
    page.get_by_role("button", name="Send", exact=True).click()
    accessible()


def _assert_exported(round) -> None:
    response = Response.objects.get()
    assert unpack_answers(INSTRUMENT, bytes(response.answers)) == {
        "height": 1.75,
        "pocket": 12.5,
        "born": "2014-05-17",
        "tall_follow_up": "ja",
        "age": 11,
    }
    row = responses_frame(round).select("height", "pocket", "born", "age").row(0)
    assert row == (1.75, 12.5, datetime.date(2014, 5, 17), 11)


def test_a_pupil_answers_dates_and_decimals(dated, page):
    site, round, code = dated
    page.set_viewport_size({"width": 375, "height": 740})  # a phone
    _answer(page, site, code, javascript=True)
    _assert_exported(round)


def test_dates_and_decimals_work_without_javascript(dated, browser):
    site, round, code = dated
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    _answer(page, site, code, javascript=False)
    context.close()
    _assert_exported(round)


def test_the_preview_of_date_and_decimal_questions_is_accessible(dated, page):
    site, round, _code_text = dated
    version = RoundInstrument.objects.get(round=round).version
    page.context.add_cookies([{"name": "samla_language", "value": "en", "url": site}])
    log_in(page, site, "forsker")
    page.goto(site + reverse("portal:instrument", kwargs={"pk": version.pk}) + "?sprak=en")
    assert page.locator("#preview-born").get_attribute("type") == "date"
    assert page.locator("#preview-height").get_attribute("inputmode") == "decimal"
    assert page.get_by_text("A number with two decimals at most, from 0.5 to 2.5.").count() == 1
    assert_accessible(page)
