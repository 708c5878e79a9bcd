"""Each demo role logs in, sees its own home page, switches language and logs out."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser

# What each role's home page must show, in Bokmål.
HOME_HEADINGS = {
    "admin": "Program du administrerer",
    "forsker": "Dine program",
    "statsforvalter": "Dine program",
    "region": "Din region",
    "eier": "Dine enheter",
    "rektor": "Enheten du leder",
    "styrer": "Enheten du leder",
    "gruppeleder": "Arbeidsstedet ditt",
    "laerer": "Arbeidsstedet ditt",
    "ppt": "Enheter du veileder",
    "tillitsvalgt": "Dine program",
}


@pytest.fixture
def site(live_server, transactional_db):
    from samla.org import demo

    demo.build_organisation()
    return live_server.url


@pytest.mark.parametrize("username", list(HOME_HEADINGS))
def test_role_logs_in_sees_home_switches_language_and_logs_out(site, page, username):
    log_in(page, site, username)

    assert page.url == f"{site}{reverse('portal:home')}"
    assert page.locator("html").get_attribute("lang") == "nb"
    assert page.get_by_role("heading", name=HOME_HEADINGS[username]).is_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Nynorsk").click()
    assert page.locator("html").get_attribute("lang") == "nn"
    assert page.get_by_role("heading", level=1).inner_text().startswith("Velkomen,")
    assert_accessible(page)

    page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text().startswith("Welcome")
    assert_accessible(page)

    page.get_by_role("button", name="Log out").click()
    assert page.url.startswith(f"{site}{reverse('account_login')}")
    assert page.get_by_role("heading", level=1).inner_text() == "Log in to Samla"
    page.goto(f"{site}/")
    assert page.url.startswith(f"{site}{reverse('account_login')}")
