"""Questionnaires in the browser: upload, preview in Bokmål and Nynorsk, publish.

Elements are found by their structure (file input, hreflang, the publish button's value)
rather than by wording, so the test holds in every interface language."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from samla.org import demo
from samla.surveys.models import InstrumentUpload, InstrumentVersion
from tests.browser.conftest import assert_accessible, log_in
from tests.portal.test_instruments import LIBRARY_FORM
from tests.surveys.xlsforms import begin, end, question, xlsform

pytestmark = pytest.mark.browser


@pytest.fixture
def site(live_server, transactional_db):
    demo.build_organisation()
    return live_server.url


def test_admin_uploads_previews_in_nb_and_nn_and_publishes(site, page):
    log_in(page, site, "admin")
    page.goto(f"{site}{reverse('portal:instruments')}")
    assert_accessible(page)
    page.locator("input[type=file]").set_input_files(str(LIBRARY_FORM))
    page.locator("main form[enctype] button[type=submit]").click()

    assert "/kartlegging/sporreskjema/opplasting/" in page.url
    expect(page.locator("#preview")).to_contain_text("Jeg trives på skolen.")
    assert page.locator('a[hreflang="nb"]').get_attribute("aria-current") == "page"
    assert_accessible(page)
    page.locator('a[hreflang="nn"]').click()
    expect(page.locator("#preview")).to_contain_text("Eg trivst på skulen.")
    assert page.locator('a[hreflang="nn"]').get_attribute("aria-current") == "page"
    assert page.locator('a[hreflang="nb"]').get_attribute("aria-current") is None
    assert_accessible(page)
    assert not InstrumentVersion.objects.exists()

    page.locator('button[name="action"][value="publish"]').click()

    version = InstrumentVersion.objects.get()
    assert page.url.endswith(reverse("portal:instrument", kwargs={"pk": version.pk}))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Samla – spørsmål til elever på 5.–7. trinn"
    )
    expect(page.locator(".messages")).to_contain_text("2026.1")
    assert_accessible(page)
    assert InstrumentUpload.objects.get().published == version


def test_problems_and_the_published_list_pass_axe(site, page, tmp_path):
    broken = tmp_path / "skjema.xlsx"
    unknown_list = question("select_one nosuch", "q1")
    broken.write_bytes(xlsform(begin("p1"), unknown_list, end()))
    log_in(page, site, "admin")
    page.get_by_role("button", name="Nynorsk").click()
    page.goto(f"{site}{reverse('portal:instruments')}")
    page.locator("input[type=file]").set_input_files(str(broken))
    page.locator("main form[enctype] button[type=submit]").click()

    expect(page.locator("main ol li")).to_have_text(
        "survey, rad 3, kolonne type: Svarlista nosuch finst ikkje på arket choices."
    )
    assert page.locator('button[name="action"]').count() == 0
    assert_accessible(page)
    page.goto(f"{site}{reverse('portal:instruments')}")
    expect(page.locator("main table a")).to_have_text("skjema.xlsx")
    assert_accessible(page)
