"""The money in a real browser on a phone (375 px), with and without JavaScript: the
administrator sets an owner's state grant from the totals; the owner records spending,
sets too small an own share and is warned; axe on every page, nothing wider than the
screen (wide tables scroll in their own box)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from samla.org import demo
from samla.org.models import Owner
from samla.partnership.demo import base
from samla.partnership.demo import money as money_demo
from samla.partnership.models import Allocation, Spending
from tests.browser.conftest import assert_accessible, log_in, page_width

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}


def _phone(browser, javascript: bool):
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
    context.set_default_timeout(10_000)
    return context.new_page()


def _check(page, javascript: bool) -> None:
    assert page_width(page) <= PHONE["width"] + 1, page.url
    if javascript:
        assert_accessible(page)


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_admin_sets_a_grant_and_the_owner_records_spending(
    live_server, transactional_db, browser, javascript
):
    demo.build_organisation()
    base.build()
    money_demo.build()
    programme = base.programme()
    hamar = Owner.objects.get(name="Hamar kommune")
    ledger = reverse(
        "portal:partnership_money_ledger",
        kwargs={"slug": programme.slug, "year": 2026, "owner": hamar.pk},
    )

    admin = _phone(browser, javascript)
    log_in(admin, live_server.url, "admin", javascript=javascript)
    admin.goto(f"{live_server.url}{reverse('portal:partnership', args=[programme.slug])}")
    admin.locator(
        f"main a[href='{reverse('portal:partnership_money', args=[programme.slug])}']"
    ).click()
    admin.wait_for_load_state()
    _check(admin, javascript)
    admin.locator(f"a[href='{ledger}tildeling/']").click()
    admin.wait_for_load_state()
    _check(admin, javascript)
    admin.locator("#id_state_grant").fill("1 500 000")
    admin.locator("#id_coordinator").fill("150000")
    admin.locator("main form.form button[type=submit]").click()
    admin.locator(".message--success").wait_for()
    _check(admin, javascript)
    allocation = Allocation.objects.get(owner=hamar, year=2026)
    assert (allocation.state_grant, allocation.coordinator) == (1_500_000, 150_000)
    # the owner's 400 000 is less than 30 % of 1 500 000: the warning shows, 50 000 missing
    assert admin.locator(".message--warning").count() == 1
    assert "50" in admin.locator(".message--warning").inner_text()

    owner = _phone(browser, javascript)
    log_in(owner, live_server.url, "eier", javascript=javascript)
    owner.goto(f"{live_server.url}{ledger}")
    _check(owner, javascript)
    assert owner.locator("main .notice").count() == 1  # the own share is short
    owner.locator(f"a[href='{ledger}utgift/']").click()
    owner.wait_for_load_state()
    _check(owner, javascript)
    owner.locator("#id_day").fill("2026-04-15")
    owner.locator("#id_category").select_option("travel")
    owner.locator("input[name='source'][value='own']").check()
    owner.locator("#id_amount").fill("12 500")
    owner.locator("#id_text").fill("Reise til samling på Lillehammer")
    owner.locator("main form.form button[type=submit]").click()
    owner.locator(".message--success").wait_for()
    _check(owner, javascript)
    assert "Reise til samling på Lillehammer" in owner.locator("main table").last.inner_text()
    line = Spending.objects.get(text="Reise til samling på Lillehammer")
    assert (line.amount, line.source, line.allocation_id) == (12_500, "own", allocation.pk)

    owner.locator(f"a[href='{ledger}egenandel/']").click()
    owner.wait_for_load_state()
    _check(owner, javascript)
    owner.locator("#id_own_share").fill("300000")
    owner.locator("main form.form button[type=submit]").click()
    owner.locator(".message--warning").wait_for()
    _check(owner, javascript)
    allocation.refresh_from_db()
    assert allocation.own_share == 300_000
    assert "150" in owner.locator(".message--warning").inner_text()  # 450 000 − 300 000
