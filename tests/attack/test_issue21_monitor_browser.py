"""Attack on issue 21's self-refreshing response monitor with a keyboard and a screen
reader on a phone (Chromium, 375 px): an owner tabs into the table of schools and, while
the focus rests on a school's link, another school's figures change and the 30 s refresh
redraws the table. Where is the focus after it, and can the refresh be stopped?"""

from __future__ import annotations

import pytest

from samla.org import demo
from samla.org.models import Unit
from samla.surveys import services
from tests.browser.conftest import (  # noqa: F401 - the browser tests' fixtures
    _require_chromium,
    browser_type_launch_args,
    log_in,
)
from tests.conftest import DemoOrg

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}


@pytest.fixture
def owner_on_the_monitor(live_server, transactional_db, browser):
    demo.build_organisation()
    org = DemoOrg()
    round = org.survey_round()
    others = list(
        Unit.objects.filter(owner=org.school.owner, kind=org.school.kind)
        .exclude(pk=org.school.pk)
        .order_by("name")[:2]
    )
    round.units.add(*others)
    for unit in others:
        services.issue_codes(round, unit, "pupil_5_7", 2)
    base = live_server.url
    phone = browser.new_context(viewport=PHONE)
    phone.set_default_timeout(10_000)
    phone.add_cookies([{"name": "samla_language", "value": "en", "url": base}])
    page = phone.new_page()
    log_in(page, base, "eier")
    page.clock.install()
    page.goto(f"{base}/kartlegging/{round.slug}/svarprosent/")
    yield page, round, others
    phone.close()


def _focus_first_school(page) -> str:
    link = page.locator("#rates table tbody a").first
    link.focus()
    return link.get_attribute("href")


def _refresh(page) -> None:
    with page.expect_response(lambda r: "svarprosent" in r.url) as answer:
        page.clock.run_for("00:31")
    assert answer.value.status in (200, 204)
    page.wait_for_timeout(300)  # htmx settles the swap


def test_a_refresh_with_nothing_new_leaves_the_focus_where_it_was(owner_on_the_monitor):
    page, _round, _others = owner_on_the_monitor
    href = _focus_first_school(page)
    _refresh(page)
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == href


def test_a_refresh_with_new_figures_keeps_the_focus_on_the_same_link(owner_on_the_monitor):
    page, round, others = owner_on_the_monitor
    href = _focus_first_school(page)
    services.issue_codes(round, others[-1], "pupil_5_7", 1)  # another school's figures change
    _refresh(page)
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == href
