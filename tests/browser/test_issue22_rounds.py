"""Issue 22, survey rounds in a real browser, with and without JavaScript (axe wherever
scripts run): choosing a round's units by region, owner and name; publishing after a
summary."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from samla.org import demo
from samla.org.models import Region, Unit
from samla.surveys import services
from samla.surveys.models import Round, RoundState
from tests.browser.conftest import assert_accessible, log_in
from tests.conftest import DemoOrg
from tests.surveys.test_collection import LIBRARY

pytestmark = pytest.mark.browser

BOTH = pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])


def _page(browser, site: str, javascript: bool):
    context = browser.new_context(java_script_enabled=javascript)
    context.set_default_timeout(10_000)
    context.add_cookies([{"name": "samla_language", "value": "en", "url": site}])
    return context.new_page()


def _draft_round(org: DemoOrg) -> Round:
    now = timezone.now()
    return Round.objects.create(
        programme=org.school_programme,
        name="T4",
        slug="t4-browser",
        opens_at=now + timedelta(days=2),
        closes_at=now + timedelta(days=40),
        results_release_on=(now + timedelta(days=60)).date(),
    )


def _checked(page) -> set[int]:
    boxes = page.locator("input[type=checkbox][name=units]:checked")
    return {int(value) for value in boxes.evaluate_all("boxes => boxes.map(b => b.value)")}


def _visible(page) -> set[int]:
    boxes = page.locator("input[type=checkbox][name=units]:visible")
    return {int(value) for value in boxes.evaluate_all("boxes => boxes.map(b => b.value)")}


def _press(page, name: str, javascript: bool) -> None:
    """A choosing button: in place with JavaScript, a round trip to the server without."""
    button = page.get_by_role("button", name=name, exact=True)
    if javascript:
        page.evaluate("window.stillHere = true")
        button.click()
        assert page.evaluate("window.stillHere") is True  # no page load
    else:
        with page.expect_navigation():
            button.click()


@BOTH
def test_choosing_units_by_region_owner_and_name(
    live_server, transactional_db, browser, javascript
):
    site = live_server.url
    demo.build_organisation()
    org = DemoOrg()
    round = _draft_round(org)
    programme_units = Unit.objects.filter(enrolment__programme=org.school_programme)
    hamar_region = Region.objects.get(programme=org.school_programme, name="Hamarregionen")
    in_region = set(
        programme_units.filter(owner__regionowner__region=hamar_region).values_list("pk", flat=True)
    )
    trysil = set(programme_units.filter(owner__name="Trysil kommune").values_list("pk", flat=True))
    youth = set(programme_units.filter(name__icontains="ungdomsskole").values_list("pk", flat=True))
    page = _page(browser, site, javascript)
    log_in(page, site, "admin", javascript=javascript)
    page.goto(f"{site}{reverse('portal:round_units', kwargs={'slug': round.slug})}")
    if javascript:
        assert_accessible(page)
    assert _checked(page) == set()

    _press(page, "Choose all in Hamarregionen", javascript)
    assert _checked(page) == in_region
    _press(page, "Choose all in Trysil kommune", javascript)
    assert _checked(page) == in_region | trysil
    status = page.get_by_role("status")
    expect(status).to_contain_text("Not saved yet: press Save to keep the choice.")
    expect(status).to_contain_text(f"Chosen: {len(in_region | trysil)} of 66 units.")
    if javascript:
        assert_accessible(page)

    page.get_by_label("Filter by name").fill("ungdomsskole")
    if not javascript:
        with page.expect_navigation():
            page.get_by_role("button", name="Filter", exact=True).click()
    assert _visible(page) == youth
    _press(page, "Choose all shown", javascript)
    chosen = in_region | trysil | youth
    expect(status).to_contain_text(f"Chosen: {len(chosen)} of 66 units.")
    if javascript:
        assert_accessible(page)

    with page.expect_navigation():
        page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".message--success")).to_contain_text(f"{len(chosen)} units take part")
    assert set(round.units.values_list("pk", flat=True)) == chosen
    page.context.close()


@BOTH
def test_publishing_asks_first_with_a_summary(live_server, transactional_db, browser, javascript):
    site = live_server.url
    demo.build_organisation()
    org = DemoOrg()
    round = _draft_round(org)
    version = services.publish_instrument((LIBRARY / "elev_5_7.xlsx").read_bytes())
    services.set_round_units(round, [org.school])
    services.save_round(round, {"pupil_5_7": version})
    page = _page(browser, site, javascript)
    log_in(page, site, "admin", javascript=javascript)
    round_url = f"{site}{reverse('portal:round', kwargs={'slug': round.slug})}"
    page.goto(round_url)
    publish = page.get_by_role("button", name="Publish the round")

    with page.expect_navigation():
        publish.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Publish T4?")
    summary = page.locator("section.confirm")
    expect(summary).to_contain_text(f"Hamar kommune (1): {org.school.name}")
    expect(summary).to_contain_text("Pupils, grades 5–7: Guardians may reserve their child")
    if javascript:
        assert_accessible(page)
    with page.expect_navigation():
        summary.get_by_role("link", name="Cancel").click()
    assert page.url == round_url
    assert Round.objects.get(pk=round.pk).state() == RoundState.DRAFT

    with page.expect_navigation():
        publish.click()
    with page.expect_navigation():
        page.locator("section.confirm").get_by_role("button", name="Publish the round").click()
    expect(page.locator(".message--success")).to_contain_text("The round is published.")
    assert Round.objects.get(pk=round.pk).state() == RoundState.SCHEDULED
    if javascript:
        assert_accessible(page)
    page.context.close()


@BOTH
def test_results_page_of_a_round_released_before_its_build(
    live_server, transactional_db, browser, javascript
):
    site = live_server.url
    demo.build_organisation()
    org = DemoOrg()
    now = timezone.now()
    version = services.publish_instrument((LIBRARY / "elev_5_7.xlsx").read_bytes())
    round = Round.objects.create(
        programme=org.school_programme,
        name="T4",
        slug="t4-closed",
        opens_at=now - timedelta(days=20),
        closes_at=now - timedelta(hours=1),
        published=True,
    )
    round.units.add(org.school)
    services.save_round(round, {"pupil_5_7": version})
    services.release_results(round)
    page = _page(browser, site, javascript)
    log_in(page, site, "admin", javascript=javascript)

    page.goto(f"{site}{reverse('portal:round_results', kwargs={'slug': round.slug})}")

    card = page.locator("section[aria-labelledby=build-heading]")
    expect(card).to_contain_text("No build yet.")
    expect(card).to_contain_text("The results are released, but not built yet")
    expect(page.locator("main")).not_to_contain_text("everyone with access sees them.")
    if javascript:  # the progress is polled every 3 s: still the same story after a poll
        status = reverse("portal:results_build_status", kwargs={"slug": round.slug})
        with page.expect_response(lambda response: response.url.endswith(status)):
            pass
        expect(card).to_contain_text("No build yet.")
        expect(card).to_contain_text("The results are released, but not built yet")
        assert_accessible(page)
    page.context.close()
