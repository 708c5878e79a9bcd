"""A risky action in a real browser, with and without JavaScript: the unit leader's
"remove the group" asks first on a page of its own (checked with axe); going back keeps
the group, saying yes removes it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from samla.learning import services
from samla.learning.models import LearningGroup
from samla.org import demo
from tests.browser.conftest import assert_accessible, log_in
from tests.conftest import DemoOrg

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_removing_a_group_asks_first(live_server, transactional_db, browser, javascript):
    demo.build_organisation()
    org = DemoOrg()
    group, _warning = services.create_group(org.school, org.school_year, "Gruppe Z")
    context = browser.new_context(java_script_enabled=javascript)
    context.set_default_timeout(10_000)
    page = context.new_page()
    log_in(page, live_server.url, "rektor", javascript=javascript)
    divide = reverse("portal:divide_staff", kwargs={"pk": org.school.pk})
    page.goto(f"{live_server.url}{divide}?aar={org.school_year}")
    remove = page.locator(f"form:has(input[name=group][value='{group.pk}']) button")

    remove.click()
    page.wait_for_load_state()
    assert page.locator("section.confirm").count() == 1
    assert "Gruppe Z" in page.get_by_role("heading", level=1).inner_text()
    if javascript:
        assert_accessible(page)
    assert LearningGroup.objects.filter(pk=group.pk).exists()
    page.locator(".confirm__actions a").click()  # back, nothing removed
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}{divide}?aar={org.school_year}"
    assert LearningGroup.objects.filter(pk=group.pk).exists()

    remove.click()
    page.wait_for_load_state()
    page.locator(".confirm__actions button.button--danger").click()
    page.locator(".message--success").wait_for()
    assert not LearningGroup.objects.filter(pk=group.pk).exists()
    if javascript:
        assert_accessible(page)
    context.close()
