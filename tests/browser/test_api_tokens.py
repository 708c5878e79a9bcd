"""The API token page in a real browser on a phone (375 px), with and without JavaScript:
reached from the link at the top, a token made and read from its read-only field, the
token working against the API and shown only once, then revoked and refused; axe on the
page before and after each step (with JavaScript) and no sideways scrolling."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client

from samla.org import demo, tokens
from samla.org.models import ApiToken, Person
from tests.browser.conftest import assert_accessible, log_in, page_width

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}
PAGE = "/api-nokler/"


def _phone(browser, javascript: bool, base: str):
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
    context.set_default_timeout(10_000)
    context.add_cookies([{"name": "samla_language", "value": "en", "url": base}])
    return context.new_page()


def _check(page, javascript: bool) -> None:
    if javascript:  # axe runs as a script in the page
        assert_accessible(page)
    # Playwright measures in a world of its own, so this works with JavaScript off too.
    assert page_width(page) <= PHONE["width"]


def _me(token: str):
    return Client().get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_a_head_teacher_makes_reads_and_revokes_a_token_on_a_phone(
    live_server, transactional_db, browser, javascript
):
    demo.build_organisation()
    rektor = Person.objects.get(username="rektor")
    base = live_server.url
    page = _phone(browser, javascript, base)
    log_in(page, base, "rektor", javascript=javascript)

    page.goto(f"{base}/")
    # On a phone the link is in the folded menu (a <details>, it opens without JavaScript).
    page.locator("summary.site-menu__button").click()
    page.get_by_role("link", name="API tokens", exact=True).click()
    page.wait_for_load_state()
    assert page.url == f"{base}{PAGE}"
    assert page.locator("h1").inner_text() == "API tokens"
    assert "You have no tokens." in page.locator("main").inner_text()
    assert page.locator("#new-token").count() == 0
    _check(page, javascript)

    page.get_by_label("Name").fill("Kommunens dashbord")
    page.get_by_label("Valid for").select_option("365")
    page.get_by_role("button", name="Make the token").click()
    page.wait_for_load_state()

    field = page.locator("#new-token")
    assert page.get_by_role("heading", name="Your new token").count() == 1
    assert field.get_attribute("readonly") is not None
    assert not field.is_editable()
    token = field.input_value()
    assert re.fullmatch(r"samla_[A-Za-z0-9_-]{43}", token)
    assert page.get_by_label("Token", exact=True).input_value() == token
    assert page.content().count(token) == 1
    row = ApiToken.objects.get(person=rektor)
    assert row.name == "Kommunens dashbord" and row.prefix == token[: tokens.SHOWN]
    assert abs((row.expires_at - row.created_at) - timedelta(days=365)) < timedelta(seconds=5)
    _check(page, javascript)
    # The whole field is on the screen, even if the token scrolls inside it.
    box = field.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]

    answer = _me(token)
    assert answer.status_code == 200 and answer.json()["username"] == "rektor"

    page.goto(f"{base}{PAGE}")
    listed = page.locator("main").inner_text()
    assert token not in page.content()
    assert f"{token[: tokens.SHOWN]}…" in listed
    assert "Kommunens dashbord" in listed
    assert page.locator("#new-token").count() == 0
    _check(page, javascript)

    page.get_by_role("button", name="Revoke the token Kommunens dashbord").click()
    page.wait_for_load_state()
    assert page.url == f"{base}{PAGE}"
    assert "The token is revoked." in page.locator(".messages").inner_text()
    row_text = page.locator("tbody tr").inner_text()
    assert "Kommunens dashbord" in row_text and "Revoked" in row_text
    assert page.get_by_role("button", name="Revoke the token Kommunens dashbord").count() == 0
    assert ApiToken.objects.get(pk=row.pk).revoked_at is not None
    _check(page, javascript)

    assert _me(token).status_code == 401
    page.context.close()


def test_the_page_with_a_refused_form_stays_accessible_on_a_phone(
    live_server, transactional_db, browser
):
    demo.build_organisation()
    base = live_server.url
    page = _phone(browser, True, base)
    log_in(page, base, "laerer")
    page.goto(f"{base}{PAGE}")

    # A name of zero-width spaces is no name: the browser lets it through, Samla does not.
    page.get_by_label("Name").fill("\u200b\u200b")
    page.get_by_role("button", name="Make the token").click()
    page.wait_for_load_state()

    assert page.get_by_role("alert").count() == 1
    assert "This field is required." in page.locator("#id_name_error").inner_text()
    assert page.locator("#new-token").count() == 0
    assert ApiToken.objects.filter(person__username="laerer").count() == 0
    _check(page, True)
    page.context.close()


def test_the_revoke_button_reads_on_one_line_on_a_phone(live_server, transactional_db, browser):
    demo.build_organisation()
    tokens.create_token(Person.objects.get(username="rektor"), "Kommunens dashbord", 90)
    base = live_server.url
    page = _phone(browser, True, base)
    log_in(page, base, "rektor")
    page.goto(f"{base}{PAGE}")

    button = page.get_by_role("button", name="Revoke the token Kommunens dashbord")
    lines = button.evaluate(
        """button => {
            const range = document.createRange();
            range.selectNodeContents(button);
            return new Set([...range.getClientRects()].map(rect => Math.round(rect.top))).size;
        }"""
    )

    assert lines == 1
    page.context.close()
