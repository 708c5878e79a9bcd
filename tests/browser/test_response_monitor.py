"""The response-rate monitor in a real browser on a phone: the administrator goes down
from the regions to a region's owners and an owner's schools, and a school leader reads
the classes; axe on each level, no sideways scrolling, with and without JavaScript. With
JavaScript the table refreshes itself, and a refresh with nothing new redraws nothing."""

from __future__ import annotations

import json

import pytest

from samla.org import demo
from samla.surveys import services
from tests.browser.conftest import assert_accessible, log_in, page_width
from tests.conftest import DemoOrg

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_the_monitor_goes_down_level_by_level_on_a_phone(
    live_server, transactional_db, browser, javascript
):
    demo.build_organisation()
    org = DemoOrg()
    round = org.survey_round()
    other = org.unit_in("Trysil")
    round.units.add(other)
    services.issue_codes(round, other, "pupil_5_7", 3)
    base = live_server.url
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
    context.set_default_timeout(10_000)
    context.add_cookies([{"name": "samla_language", "value": "en", "url": base}])
    page = context.new_page()
    log_in(page, base, "admin", javascript=javascript)

    url = f"{base}/kartlegging/{round.slug}/svarprosent/"
    page.goto(url)
    table = page.locator("table")
    assert table.locator("caption").inner_text().startswith("Regions")
    for step in ("Hamarregionen", "Hamar kommune", org.school.name):
        if javascript:
            assert_accessible(page)
        assert page_width(page) <= PHONE["width"]
        page.get_by_role("link", name=step, exact=True).click()
        page.wait_for_load_state()
    assert page.locator("table caption").inner_text().startswith("Classes and departments")
    assert (
        page.get_by_role("navigation", name="Breadcrumbs")
        .get_by_role("link", name="Hamarregionen")
        .count()
        == 1
    )
    if javascript:
        assert_accessible(page)
        # The refresh htmx makes (its hx-headers): nothing changed, so the server answers
        # 204 and htmx leaves the table as it is.
        sent = json.loads(page.locator("#rates").get_attribute("hx-headers"))
        headers = {"HX-Request": "true", **sent}
        refresh = page.request.get(page.url, headers=headers)
        assert refresh.status == 204
    assert page_width(page) <= PHONE["width"]
    context.close()
