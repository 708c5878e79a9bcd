"""Giving a role at a unit written by name, as a national programme's administrator does
(more units than a list holds), in a real browser on a phone, with and without JavaScript:
the form passes axe and fits the screen, a refusal says what to write on the written field,
and the role is given."""

from __future__ import annotations

import pytest
from django.urls import reverse

from samla.org import demo, directory_changes
from samla.org.models import Membership, Person, Programme, Role, Unit
from tests.browser.conftest import assert_accessible, log_in, page_width

# The form in the browser; its rules are tested on both databases
# (tests/portal/test_directory_pages.py, tests/attack/test_grant_place_text.py).
pytestmark = [pytest.mark.browser, pytest.mark.one_database("sqlite")]

PHONE = {"width": 375, "height": 740}


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_an_administrator_writes_the_unit_of_a_role(
    live_server, transactional_db, browser, monkeypatch, javascript
):
    demo.build_organisation()
    # The live server runs in this process: its forms see the lowered limit.
    monkeypatch.setattr(directory_changes, "UNIT_LIST_LIMIT", 2)
    programme = Programme.objects.get(slug=demo.SCHOOL_SLUG)
    laerer = Person.objects.get(username="laerer")
    target = (
        Unit.objects.filter(programmes=programme, owner__name="Stange kommune")
        .exclude(name__in=Unit.objects.exclude(owner__name="Stange kommune").values("name"))
        .order_by("pk")
        .first()
    )
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
    context.set_default_timeout(10_000)
    page = context.new_page()
    log_in(page, live_server.url, "admin", javascript=javascript)
    person = reverse("portal:directory_person", kwargs={"slug": programme.slug, "pk": laerer.pk})
    page.goto(f"{live_server.url}{person}")

    written = page.get_by_label("Eller en annen enhet")
    assert written.is_visible()
    if javascript:
        assert_accessible(page)
        assert page_width(page) <= PHONE["width"]

    page.get_by_label("Rolle", exact=True).select_option(Role.GROUP_LEADER.value)
    written.fill("Ingen slik skole")
    page.get_by_role("button", name="Gi rollen").click()
    page.wait_for_load_state()
    refused = page.locator("#id_other_unit")
    assert refused.get_attribute("aria-invalid") == "true"
    assert "Ingen av enhetene du har ansvar for" in page.locator("main").inner_text()
    if javascript:
        assert_accessible(page)

    page.get_by_label("Rolle", exact=True).select_option(Role.GROUP_LEADER.value)
    page.get_by_label("Eller en annen enhet").fill(target.name.upper())
    page.get_by_role("button", name="Gi rollen").click()
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}{person}"
    assert Membership.objects.filter(person=laerer, role=Role.GROUP_LEADER, unit=target).exists()
    assert target.name in page.locator("main").inner_text()
    context.close()
