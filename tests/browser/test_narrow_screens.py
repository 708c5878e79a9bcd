"""Staff pages on a phone (375 × 740): the header is one short line with a menu button,
the menu opens with and without JavaScript, nothing makes the page scroll sideways (a
wide table scrolls inside its own box, with a visible cue), and axe finds nothing."""

from __future__ import annotations

import os

import pytest
from django.urls import reverse

from samla.org import demo
from tests.browser.conftest import assert_accessible, log_in
from tests.conftest import DemoOrg

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}
SCREENSHOTS = os.environ.get("SAMLA_SCREENSHOTS", "")  # a folder, to look at the pages

# What the page measures: the header's height, the page's width, and for every box a
# wide table scrolls in, whether it overflows and whether it shows the cue.
MEASURE = """() => ({
  header: document.querySelector(".site-header").getBoundingClientRect().height,
  width: document.documentElement.scrollWidth,
  boxes: [...document.querySelectorAll(".table-wrap")].map(box => ({
    overflows: box.scrollWidth > box.clientWidth + 1,
    shadow: getComputedStyle(box).backgroundImage.includes("gradient"),
  })),
})"""


def _pages(org: DemoOrg) -> dict[str, str]:
    plan = org.plan_kwargs()
    round = org.results_round()
    return {
        "home": reverse("portal:home"),
        "results": reverse("portal:round_results", kwargs={"slug": round.slug}),
        "unit results": reverse(
            "portal:node_results", kwargs={"slug": round.slug, "kind": "unit", "pk": org.school.pk}
        ),
        "plan": reverse("portal:plan", kwargs=plan),
        "people": reverse("portal:directory_people", kwargs={"slug": org.school_programme.slug}),
    }


def _phone(browser, javascript: bool):
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
    context.set_default_timeout(10_000)
    return context.new_page()


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_staff_pages_fit_a_phone(live_server, transactional_db, browser, javascript):
    demo.build_organisation()
    org = DemoOrg()
    pages = _pages(org)
    page = _phone(browser, javascript)
    log_in(page, live_server.url, "admin", javascript=javascript)

    measured = {}
    for name, path in pages.items():
        page.goto(f"{live_server.url}{path}")
        measured[name] = page.evaluate(MEASURE)
        if SCREENSHOTS:
            page.screenshot(path=f"{SCREENSHOTS}/{name}-{javascript}.png", full_page=True)
        menu = page.get_by_role("navigation", name="Hovedmeny")
        button = page.locator(".site-menu > summary")
        assert button.is_visible(), (name, measured)
        assert not menu.is_visible(), name  # closed: the page starts under the header
        if javascript:
            assert_accessible(page)
        button.click()
        assert menu.is_visible(), name
        assert menu.get_by_role("link", name="Resultater").is_visible(), name
        assert page.get_by_role("button", name="Logg ut").is_visible(), name
        if javascript:
            assert_accessible(page)  # the open menu too
        if SCREENSHOTS:
            page.screenshot(path=f"{SCREENSHOTS}/{name}-{javascript}-menu.png")

    print("\n375 × 740, header height and page width:", measured)
    for name, figures in measured.items():
        assert figures["header"] < 0.25 * PHONE["height"], (name, figures)
        assert figures["width"] <= PHONE["width"] + 1, (name, figures)
    # The people list is wider than a phone: it scrolls in its box, which shows the cue.
    people = measured["people"]["boxes"]
    assert any(box["overflows"] for box in people), people
    assert all(box["shadow"] for box in people), people


def test_the_menu_is_open_on_a_wide_screen(live_server, transactional_db, browser):
    demo.build_organisation()
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    log_in(page, live_server.url, "admin")
    page.goto(f"{live_server.url}/")
    assert page.get_by_role("navigation", name="Hovedmeny").is_visible()
    assert not page.locator(".site-menu > summary").is_visible()
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/home-wide.png")
    header = page.evaluate(MEASURE)["header"]
    assert header < 120, header
    assert_accessible(page)
