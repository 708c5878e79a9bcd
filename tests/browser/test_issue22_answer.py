"""Issue 22, answering, in a real browser with axe on every page: the staff rating of a
child names the child on every page."""

from __future__ import annotations

import pytest

from samla.org import demo
from tests.answer.test_issue22_child import rating_code, rating_round
from tests.browser.conftest import assert_accessible
from tests.conftest import DemoOrg

pytestmark = pytest.mark.browser


@pytest.fixture
def rating(live_server, transactional_db):
    demo.build_organisation()
    demo_org = DemoOrg()
    round = rating_round(demo_org.kindergarten, demo_org.kindergarten_programme, "t3-b-vurdering")
    return live_server.url, rating_code(round, demo_org.kindergarten, "Aksel Berg")


def enter(page, site: str, code: str, language: str = "en") -> None:
    page.goto(f"{site}/svar/")
    page.locator("#id_code").fill(code)
    page.locator(f"input[name=language][value={language}]").check()
    page.locator("main button[type=submit]").click()


def test_every_page_of_a_staff_rating_names_the_child_as_the_slip_does(rating, page):
    site, code = rating
    page.set_viewport_size({"width": 768, "height": 1024})
    enter(page, site, code)
    named = []
    while page.get_by_role("button", name="Send", exact=True).count() == 0:
        assert_accessible(page)
        named.append(page.locator(".about-child").inner_text())
        page.locator("button[name=go][value=next]").click()
        assert len(named) < 5
    assert_accessible(page)
    named.append(page.locator(".about-child").inner_text())
    assert named == ["This questionnaire is about: Aksel B."] * 4
    assert page.get_by_text("Berg").count() == 0
