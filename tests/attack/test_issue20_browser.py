"""Attack on issue 20's pages in a real browser on a phone (375 px): what others type and
what piles up — a bell with 10 000 unread, a title of 200 letters without a space, an
address of 254 characters on the administrators' page — in Bokmål, Nynorsk and
English, with axe on every page and no sideways scrolling."""

from __future__ import annotations

import pytest

from samla.notifications.kinds import Kind
from samla.notifications.models import AddressProblem, MailState, Notification
from samla.notifications.services import recount_unread
from samla.org import demo
from samla.org.models import Person
from tests.browser.conftest import (  # noqa: F401 - the browser tests' fixtures
    _require_chromium,
    assert_accessible,
    browser_type_launch_args,
    context,
    log_in,
    page_width,
)

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}
LONG = "Lesetreningsoppfølgingsplanleggingsmøte" * 5  # 195 letters, no space
ADDRESS = ("x" * 60 + ".") * 3 + "y" * 50 + "@demo.samla.invalid"  # 254 characters


def _pile_up(person: Person, count: int) -> None:
    params = {"title": LONG, "date": "2026-10-08", "role": "staff", "programme": "Kultur"}
    Notification.objects.bulk_create(
        Notification(
            person=person,
            kind=Kind.DEADLINE_WEEK,
            key=f"pile:{n}",
            link="/",
            params=params,
            mail_state=MailState.NONE,
        )
        for n in range(count)
    )
    recount_unread([person.pk])


def _phone(browser, base: str, language: str):
    phone = browser.new_context(viewport=PHONE)
    phone.set_default_timeout(10_000)
    phone.add_cookies([{"name": "samla_language", "value": language, "url": base}])
    return phone.new_page()


def _fits(page) -> None:
    assert_accessible(page)
    assert page_width(page) <= PHONE["width"], page.url


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_ten_thousand_long_notifications_fit_a_phone(
    live_server, transactional_db, browser, language
):
    demo.build_organisation()
    admin = Person.objects.get(username="admin")
    _pile_up(admin, 10_000)
    AddressProblem.objects.create(
        person=admin, address=ADDRESS, reason="invalid address", noticed_at=admin.date_joined
    )
    Person.objects.filter(pk=admin.pk).update(email=ADDRESS)
    base = live_server.url
    page = _phone(browser, base, language)
    log_in(page, base, "admin")

    page.goto(f"{base}/")
    assert page.locator("a.bell .bell__count").inner_text() == "10000"
    _fits(page)
    page.goto(f"{base}/varsler/")
    assert page.locator(".notification").count() == 50
    _fits(page)
    page.goto(f"{base}/varsler/?page=200")
    assert page.locator(".notification").count() == 50
    _fits(page)
    page.goto(f"{base}/varsler/innstillinger/")
    _fits(page)
    page.goto(f"{base}/varsler/adresser/")
    assert ADDRESS in page.locator("main").inner_text()
    _fits(page)
    page.context.close()
