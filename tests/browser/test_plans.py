"""Action plans in the browser: import with preview, the table, the calendar, editing."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from samla.org import demo
from samla.plans.demo import build_plans
from samla.plans.models import Activity
from tests.browser.conftest import assert_accessible, log_in
from tests.portal.test_plan_import import word_plan

pytestmark = pytest.mark.browser


@pytest.fixture
def site(live_server, transactional_db):
    demo.build_organisation()
    return live_server.url


def test_admin_imports_a_word_plan_with_preview(site, page, tmp_path):
    path = tmp_path / "handlingsplan.docx"
    path.write_bytes(word_plan())
    log_in(page, site, "admin")
    page.goto(f"{site}{reverse('portal:plans', kwargs={'slug': 'kfl-skole'})}")
    assert_accessible(page)
    page.get_by_role("link", name="Importer en plan fra Word").click()
    assert_accessible(page)
    page.get_by_label("Skoleår").fill("2026/2027")
    page.get_by_label("Word-fil (.docx)").set_input_files(str(path))
    page.get_by_role("button", name="Les filen").click()

    # expect() waits for the page the click leads to; is_visible() would read the old one.
    expect(page.get_by_role("heading", level=1)).to_have_text("Se over importen")
    expect(page.get_by_text("Ikke forstått: beholdt som tekst")).to_be_visible()
    assert_accessible(page)
    assert not Activity.objects.exists()

    page.get_by_label("Når").nth(2).fill("Uke 10")
    page.get_by_role("button", name="Les på nytt").click()
    expect(page.get_by_text("08.03.2027 – 14.03.2027")).to_be_visible()
    page.get_by_role("button", name="Lagre planen").click()

    expect(page.get_by_text("3 aktiviteter er importert fra handlingsplan.docx.")).to_be_visible()
    expect(page.get_by_role("heading", name="Høst 2026")).to_be_visible()
    assert_accessible(page)
    assert Activity.objects.count() == 3


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_plan_table_calendar_and_duties_pass_axe(site, page, language):
    build_plans()
    log_in(page, site, "rektor")
    page.get_by_role(
        "button", name={"nb": "Bokmål", "nn": "Nynorsk", "en": "English"}[language]
    ).click()
    kwargs = {"slug": "kfl-skole", "year": "2026/2027"}
    for path in [
        reverse("portal:plans", kwargs={"slug": "kfl-skole"}),
        reverse("portal:plan", kwargs=kwargs),
        reverse("portal:plan_calendar", kwargs=kwargs) + "?month=2026-10",
        reverse("portal:plan_history", kwargs=kwargs),
        reverse("portal:role_duties", kwargs={"slug": "kfl-skole"}),
    ]:
        page.goto(f"{site}{path}")
        assert page.locator("html").get_attribute("lang") == language
        assert_accessible(page)


def test_filters_work_with_and_without_javascript(site, browser):
    build_plans()
    for javascript in (True, False):
        context = browser.new_context(java_script_enabled=javascript)
        context.set_default_timeout(10_000)
        page = context.new_page()
        log_in(page, site, "eier", javascript=javascript)
        page.goto(
            f"{site}{reverse('portal:plan', kwargs={'slug': 'kfl-skole', 'year': '2026/2027'})}"
        )
        rows_before = page.locator("#plan-body tbody tr").count()
        page.get_by_label("Bare det som gjelder meg").check()
        if not javascript:
            page.get_by_role("button", name="Vis").click()
        # With JavaScript htmx swaps the table in place and pushes the address.
        expect(page.locator("#plan-body tbody tr")).not_to_have_count(rows_before)
        assert "mine=1" in page.url
        rows_after = page.locator("#plan-body tbody tr").count()
        assert 0 < rows_after < rows_before
        assert page.get_by_text("Skoleeierne melder inn nye skoleledere").is_visible()
        context.close()


def test_admin_adds_and_edits_an_activity(site, page):
    build_plans()
    log_in(page, site, "admin")
    page.goto(f"{site}{reverse('portal:plan', kwargs={'slug': 'kfl-skole', 'year': '2026/2027'})}")
    page.get_by_role("link", name="Ny aktivitet").click()
    assert_accessible(page)
    page.get_by_label("Aktivitet", exact=True).fill("Nettseminar om klasseledelse")
    page.get_by_label("Semester").select_option("spring")
    page.get_by_label("Når").fill("Mars-April")
    page.get_by_label("Detaljer").fill("Kort innledning\n- Klasseledelse\n- Relasjoner")
    page.get_by_role("group", name="Målgruppe (roller)").get_by_label("Enhetsleder").check()
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_text("Aktiviteten er lagt til.")).to_be_visible()
    row = page.locator("tr", has_text="Nettseminar om klasseledelse")
    assert row.get_by_text("01.03.2027 – 30.04.2027").is_visible()
    assert row.get_by_role("listitem").filter(has_text="Relasjoner").is_visible()
    row.get_by_role("button", name="Utsett").click()
    expect(
        page.locator("tr", has_text="Nettseminar om klasseledelse").get_by_text("Utsatt")
    ).to_be_visible()
    assert_accessible(page)


def test_region_coordinator_changes_own_regions_date(site, page):
    build_plans()
    log_in(page, site, "region")
    page.goto(f"{site}{reverse('portal:plan', kwargs={'slug': 'kfl-skole', 'year': '2026/2027'})}")
    page.get_by_role("link", name="endre Hamarregionen").first.click()
    assert_accessible(page)
    page.get_by_label("Når").fill("28.10")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_text("Den regionale datoen er lagret.")).to_be_visible()
    assert page.get_by_text("HR: 28.10").first.is_visible()


def test_reader_downloads_the_calendar_and_the_word_file(site, page):
    import icalendar
    from docx import Document

    build_plans()
    log_in(page, site, "laerer")
    page.goto(f"{site}{reverse('portal:plan', kwargs={'slug': 'kfl-skole', 'year': '2026/2027'})}")
    with page.expect_download() as info:
        page.get_by_role("link", name="Last ned kalenderfil").click()
    calendar = icalendar.Calendar.from_ical(info.value.path().read_bytes())
    summaries = {str(event["SUMMARY"]) for event in calendar.walk("VEVENT")}
    assert "Kartlegging T3: elever, foresatte og ansatte svarer" in summaries
    assert info.value.suggested_filename == "handlingsplan-kfl-skole-2026-2027.ics"

    with page.expect_download() as info:
        page.get_by_role("link", name="Last ned som Word").click()
    document = Document(info.value.path())
    assert document.tables[0].rows[0].cells[0].text == "Når"
