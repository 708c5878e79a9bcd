"""Results pages in a real browser: a leader opens the school's results and an index, in
Bokmål and Nynorsk, with axe on every page."""

from __future__ import annotations

import pytest

from samla.org import demo
from tests.browser.conftest import assert_accessible, log_in
from tests.conftest import DemoOrg

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_leader_reads_the_schools_results(live_server, transactional_db, page, language):
    demo.build_organisation()
    org = DemoOrg()
    round = org.results_round()
    log_in(page, live_server.url, "rektor")
    if language == "nn":
        page.get_by_role("button", name="Nynorsk").click()
    page.goto(f"{live_server.url}/resultater/{round.slug}/")
    assert_accessible(page)
    page.get_by_role("link", name=org.school.name).click()
    assert page.locator("h1").inner_text().startswith(org.school.name)
    assert_accessible(page)
    page.locator("table a").first.click()
    assert_accessible(page)
    assert page.locator("table").count() >= 2


@pytest.mark.parametrize("javascript", [True, False])
def test_owner_compares_units_and_picks_a_grade_band(
    live_server, transactional_db, browser, javascript
):
    from tests.portal.test_results_views import _released_round

    demo.build_organisation()
    org = DemoOrg()
    round, schools = _released_round(org, "t9-browser", {"guardian": "foresatte_skole.xlsx"},
                                     [160, 60, 60])  # fmt: skip
    context = browser.new_context(java_script_enabled=javascript)
    context.set_default_timeout(10_000)
    page = context.new_page()
    log_in(page, live_server.url, "eier", javascript=javascript)
    page.goto(f"{live_server.url}/resultater/{round.slug}/owner/{org.school.owner_id}/")
    if javascript:
        assert_accessible(page)
    rows = page.locator("table").filter(has=page.get_by_role("link", name=schools[0].name))
    assert rows.count() == 1  # the units side by side, each a link
    rows.get_by_role("link", name=org.school.name).click()
    assert page.locator("h1").inner_text().startswith(org.school.name)
    band = page.locator("#filter-band option").nth(2).get_attribute("value")
    page.locator("#filter-band").select_option(band)
    if not javascript:
        page.get_by_role("button", name="Vis").click()
    page.get_by_text(f"Bare trinn {band}; sammenligningene").first.wait_for()
    assert f"trinn={band}" in page.url  # the filtered page has an address of its own
    if javascript:
        assert_accessible(page)
    context.close()
