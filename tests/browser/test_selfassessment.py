"""A school's self-assessment in a real browser on a phone (375 px), with and without
JavaScript: the unit leader plans it, two participants rate on their own, the results show
once enough have answered and the rating has closed, the leader writes goals, shares it
with the owner and withdraws it again; axe on every page (with JavaScript)."""

from __future__ import annotations

import pytest

from samla.org import demo
from samla.org.models import Programme
from samla.selfassessment import services, statements
from samla.selfassessment.models import SelfAssessment
from tests.browser.conftest import assert_accessible, log_in, page_width
from tests.conftest import DemoOrg
from tests.selfassessment.support import participants

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}


def _phone(browser, javascript: bool, username: str, base: str):
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
    context.set_default_timeout(10_000)
    page = context.new_page()
    log_in(page, base, username, javascript=javascript)
    return page


def _check(page, javascript: bool) -> None:
    if javascript:
        assert_accessible(page)
        assert page_width(page) <= PHONE["width"]


def _button(page, action: str) -> None:
    page.locator(f"form:has(input[name=action][value={action}]) button[type=submit]").click()
    page.wait_for_load_state()


def _rate(browser, javascript, username, base, url, point) -> None:
    page = _phone(browser, javascript, username, base)
    page.goto(url)
    page.locator("a[href$='/vurder/']").click()
    _check(page, javascript)
    for statement in (
        s for b in statements.blocks(["hoved", "laeringsmiljo"]) for s in b.statements
    ):
        page.locator(f"input[name={statement.code}][value='{point}']").check()
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url == url  # back on the assessment, with no second rating offered
    assert page.locator("a[href$='/vurder/']").count() == 0
    page.context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_a_school_assesses_itself_and_shares_it_with_its_owner(
    live_server, transactional_db, browser, javascript
):
    demo.build_organisation()
    org = DemoOrg()
    Programme.objects.filter(slug=demo.SCHOOL_SLUG).update(anonymity_threshold=5)
    base = live_server.url
    chosen = participants(org, 5)
    leader = _phone(browser, javascript, "rektor", base)

    leader.goto(f"{base}/egenvurdering/")
    _check(leader, javascript)
    leader.locator(f"a[href='/egenvurdering/ny/{org.school.pk}/']").click()
    _check(leader, javascript)
    leader.locator("#id_title").fill("Ståsted våren")
    leader.locator("input[name=blocks][value=laeringsmiljo]").check()
    for person in chosen:
        leader.locator(f"input[name=participants][value='{person.pk}']").check()
    leader.locator("form.form button[type=submit]").click()
    leader.wait_for_load_state()
    assessment = SelfAssessment.objects.get(title="Ståsted våren")
    url = f"{base}/egenvurdering/{assessment.pk}/"
    assert leader.url == url
    _check(leader, javascript)
    _button(leader, "move_on")  # to the facts
    _check(leader, javascript)
    _button(leader, "move_on")  # the rating opens

    _rate(browser, javascript, "laerer", base, url, "4")
    _rate(browser, javascript, "gruppeleder", base, url, "3")
    assessment.refresh_from_db()
    for person in chosen[2:]:  # staff without a login rate through the same service
        services.submit_rating(
            assessment,
            person,
            {s.code: "2" for b in statements.blocks(assessment.blocks) for s in b.statements},
        )

    leader.goto(url)
    _button(leader, "move_on")  # the rating closes; the results show
    _check(leader, javascript)
    first_row = leader.locator("#caption-hoved").locator("xpath=..").locator("tbody tr").first
    assert first_row.locator("td").all_inner_texts() == ["0", "3", "1", "1", "2,6"]
    leader.locator("#id_goals").fill("Felles rutiner for arbeidsro.")
    _button(leader, "goals")
    _button(leader, "share")
    _check(leader, javascript)

    owner = _phone(browser, javascript, "eier", base)
    owner.goto(url)
    assert owner.locator("h1").inner_text() == "Ståsted våren"
    assert "Felles rutiner for arbeidsro." in owner.locator("main").inner_text()
    _check(owner, javascript)

    _button(leader, "withdraw")
    response = owner.goto(url)
    assert response.status == 404
    assessment.refresh_from_db()
    assert (assessment.shared_with_owner_at, assessment.done.count()) == (None, 5)
