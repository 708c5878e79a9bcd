"""Organisation pages, account pages and error pages in all three languages, with axe."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from samla.org import demo
from samla.org.models import Unit
from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser

LANGUAGE_BUTTONS = {"nb": "Bokmål", "nn": "Nynorsk", "en": "English"}


@pytest.fixture
def site(live_server, transactional_db):
    demo.build_organisation()
    return live_server.url


def switch_language(page, language: str) -> None:
    page.get_by_role("button", name=LANGUAGE_BUTTONS[language]).click()
    assert page.locator("html").get_attribute("lang") == language


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_organisation_pages_pass_axe(site, page, language):
    school = Unit.objects.get(name=demo.DEMO_SCHOOL)
    log_in(page, site, "admin")
    switch_language(page, language)
    pages = [
        reverse("portal:programmes"),
        reverse("portal:programme", kwargs={"slug": demo.SCHOOL_SLUG}),
        reverse("portal:programme", kwargs={"slug": demo.KINDERGARTEN_SLUG}),
        reverse("portal:units"),
        reverse("portal:unit", kwargs={"pk": school.pk}),
        reverse("account_change_password"),
        "/finnes-ikke/",
    ]
    for path in pages:
        page.goto(f"{site}{path}")
        assert page.locator("html").get_attribute("lang") == language
        assert_accessible(page)


def test_unit_page_shows_staff_to_the_leader_and_not_to_the_region(site, page):
    school = Unit.objects.get(name=demo.DEMO_SCHOOL)
    log_in(page, site, "rektor")
    page.get_by_role("link", name=demo.DEMO_SCHOOL).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(demo.DEMO_SCHOOL)
    assert page.get_by_role("rowheader", name="Ivar Nordby").is_visible()  # laerer, in 6A
    assert page.get_by_role("rowheader", name="6A").is_visible()
    page.get_by_role("button", name="Logg ut").click()

    log_in(page, site, "region")
    page.goto(f"{site}{reverse('portal:unit', kwargs={'pk': school.pk})}")
    assert page.get_by_role("rowheader", name="6A").is_visible()
    assert page.get_by_text("Ivar Nordby").count() == 0
    assert page.get_by_text("Navn på ansatte vises bare").is_visible()
    assert_accessible(page)


def test_wrong_password_gives_a_clear_message_and_no_login(site, page):
    page.goto(f"{site}{reverse('account_login')}")
    page.locator("#id_login").fill("rektor")
    page.locator("#id_password").fill("feil-passord")
    page.locator("main button[type=submit]").click()
    assert page.get_by_role("alert").inner_text() == "Brukernavnet eller passordet er feil."
    assert page.locator("#id_login").get_attribute("aria-invalid") == "true"
    assert_accessible(page)
    page.goto(f"{site}/")
    assert page.url.startswith(f"{site}{reverse('account_login')}")


def test_page_outside_scope_is_not_found_in_the_persons_language(site, page):
    other = Unit.objects.filter(owner__name="Trysil kommune").first()
    log_in(page, site, "rektor")
    switch_language(page, "nn")
    response = page.goto(f"{site}{reverse('portal:unit', kwargs={'pk': other.pk})}")
    assert response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "Fann ikkje sida"
    assert other.name not in page.content()
    assert_accessible(page)


def test_admin_area_is_refused_to_a_unit_leader(site, page):
    log_in(page, site, "rektor")
    response = page.goto(f"{site}/admin/")
    assert response.status == 403
    assert page.get_by_role("heading", level=1).inner_text() == "Ingen tilgang"
    assert_accessible(page)


def test_phone_width_keeps_navigation_and_language_switcher_usable(site, page):
    page.set_viewport_size({"width": 360, "height": 740})
    log_in(page, site, "eier")
    # The menu is folded behind its button, and opens from it.
    menu = page.get_by_role("navigation", name="Hovedmeny")
    assert not menu.is_visible()
    page.locator(".site-menu > summary").click()
    assert menu.is_visible()
    assert page.get_by_role("button", name="English").is_visible()
    # Nothing wider than the screen: no sideways scrolling of the page itself.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page)
