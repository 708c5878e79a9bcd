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
