"""A teacher reads the school's released results in a real browser, with axe on every page;
a hidden figure says why, and the owner follows its link to the level that shows it."""

from __future__ import annotations

import pytest

from samla.org import demo
from tests.browser.conftest import assert_accessible, log_in
from tests.conftest import DemoOrg

pytestmark = pytest.mark.browser


def test_a_teacher_reads_the_schools_results_and_why_figures_are_hidden(
    live_server, transactional_db, page
):
    from tests.portal.test_results_views import _released_round

    demo.build_organisation()
    org = DemoOrg()
    round, _schools = _released_round(org, "t9-staff", {"teacher": "laerer.xlsx"}, [4, 12, 12])
    log_in(page, live_server.url, "laerer")

    page.goto(f"{live_server.url}/resultater/")
    assert_accessible(page)
    page.get_by_role("link", name=round.name).first.click()
    assert_accessible(page)
    page.get_by_role("link", name=org.school.name).click()
    assert page.locator("h1").inner_text().startswith(org.school.name)
    assert_accessible(page)
    note = page.locator(".hidden-reason").first
    assert note.is_visible()
    assert "7" in note.inner_text() and org.school.owner.name in note.inner_text()
    assert note.locator("a").count() == 0  # the owner's page is not the teacher's to open
    assert page.locator("a[href*='/group/']").count() == 0  # no class


def test_the_owner_follows_a_hidden_figures_link_to_the_level_that_shows_it(
    live_server, transactional_db, page
):
    from tests.portal.test_results_views import _released_round

    demo.build_organisation()
    org = DemoOrg()
    round, _schools = _released_round(org, "t9-why", {"teacher": "laerer.xlsx"}, [4, 12, 12])
    log_in(page, live_server.url, "eier")
    page.goto(f"{live_server.url}/resultater/{round.slug}/unit/{org.school.pk}/")
    assert_accessible(page)

    page.locator(".hidden-reason a").first.click()

    assert page.url.endswith(f"/owner/{org.school.owner_id}/#g-teacher")
    assert page.locator("h1").inner_text().startswith(org.school.owner.name)
    assert_accessible(page)
