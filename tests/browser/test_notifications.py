"""Notifications in a real browser on a phone (375 px), with and without JavaScript: the
bell's count, the list, marking one and all as read, opening one, the e-mail settings
saved, the unsubscribe page without a login, and the administrators' page; axe on every
page (with JavaScript) and no sideways scrolling."""

from __future__ import annotations

import pytest
from django.utils import translation

from samla.notifications.kinds import Kind
from samla.notifications.models import AddressProblem, MailChoice, Notification
from samla.notifications.services import unsubscribe
from samla.notifications.texts import title_and_body
from samla.org import demo
from samla.org.models import Person
from tests.browser.conftest import assert_accessible, log_in, page_width
from tests.notifications.pages_support import notify

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}


def _phone(browser, javascript: bool, base: str):
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
    context.set_default_timeout(10_000)
    context.add_cookies([{"name": "samla_language", "value": "en", "url": base}])
    return context.new_page()


def _check(page, javascript: bool) -> None:
    if javascript:
        assert_accessible(page)
        assert page_width(page) <= PHONE["width"]


def _submit(page, selector: str) -> None:
    page.locator(selector).click()
    page.wait_for_load_state()


def _bell(page) -> str:
    return page.locator("a.bell").inner_text().replace("\n", " ")


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_a_teacher_reads_notifications_and_chooses_e_mails(
    live_server, transactional_db, browser, javascript
):
    demo.build_organisation()
    teacher = Person.objects.get(username="laerer")
    first, second, third = notify(teacher, 3, link="/laering/")
    base = live_server.url
    page = _phone(browser, javascript, base)
    log_in(page, base, "laerer", javascript=javascript)

    page.goto(f"{base}/")
    assert page.locator("a.bell .bell__count").inner_text() == "3"
    assert page.get_by_role("link", name="Notifications, 3 unread").count() == 1
    _check(page, javascript)

    page.locator("a.bell").click()
    page.wait_for_load_state()
    assert page.url == f"{base}/varsler/"
    with translation.override("en"):
        newest_first = [title_and_body(n.kind, n.params)[0] for n in (third, second, first)]
    assert page.locator(".notification__title a").all_inner_texts() == newest_first
    assert page.locator(".notification--unread").count() == 3
    _check(page, javascript)

    _submit(page, f"form:has(input[name=notification][value='{third.pk}']) button")
    assert page.locator(".notification--unread").count() == 2
    assert page.locator("a.bell .bell__count").inner_text() == "2"
    assert "The notification is marked as read." in page.locator(".messages").inner_text()
    _check(page, javascript)

    page.locator(f"a[href='/varsler/{second.pk}/']").click()
    page.wait_for_load_state()
    assert page.url == f"{base}/laering/"
    assert page.locator("a.bell .bell__count").inner_text() == "1"

    page.goto(f"{base}/varsler/")
    _submit(page, "form:has(input[name=all]) button")
    assert page.locator(".notification--unread").count() == 0
    assert page.locator("a.bell .bell__count").count() == 0
    assert _bell(page) == "Notifications"
    assert Notification.objects.filter(person=teacher, read_at__isnull=True).count() == 0
    _check(page, javascript)

    page.get_by_role("link", name="Choose which e-mails you get").click()
    page.wait_for_load_state()
    assert page.url == f"{base}/varsler/innstillinger/"
    assert teacher.email in page.locator("main").inner_text()
    _check(page, javascript)
    page.locator("input[name=meeting_tomorrow][value=digest]").check()
    page.locator("input[name=results_released][value=none]").check()
    _submit(page, "form.form button[type=submit]")
    assert "Your choices for e-mails are saved." in page.locator(".messages").inner_text()
    assert page.locator("input[name=meeting_tomorrow][value=digest]").is_checked()
    assert dict(MailChoice.objects.filter(person=teacher).values_list("kind", "channel")) == {
        "meeting_tomorrow": "digest",
        "results_released": "none",
    }
    _check(page, javascript)
    page.context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_the_unsubscribe_link_works_without_a_login(
    live_server, transactional_db, browser, javascript
):
    demo.build_organisation()
    teacher = Person.objects.get(username="laerer")
    base = live_server.url
    page = _phone(browser, javascript, base)

    page.goto(f"{base}/varsler/avmeld/{unsubscribe.token(teacher.pk, Kind.DEADLINE_WEEK)}/")
    assert "A deadline is a week away" in page.locator("main").inner_text()
    assert teacher.email not in page.content()
    _check(page, javascript)
    _submit(page, "main form button[type=submit]")
    assert "Done: you will no longer get your e-mails about" in page.locator("main").inner_text()
    assert dict(MailChoice.objects.filter(person=teacher).values_list("kind", "channel")) == {
        "deadline_week": "none"
    }
    _check(page, javascript)

    response = page.goto(f"{base}/varsler/avmeld/altered/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "The link does not work"
    _check(page, javascript)
    page.context.close()


def test_an_administrator_sees_address_problems_and_sets_the_threshold(
    live_server, transactional_db, browser
):
    demo.build_organisation()
    teacher = Person.objects.get(username="laerer")
    AddressProblem.objects.create(
        person=teacher, address=teacher.email, reason="refused", noticed_at=teacher.date_joined
    )
    base = live_server.url
    page = _phone(browser, True, base)
    log_in(page, base, "admin")

    page.goto(f"{base}/varsler/adresser/")
    assert page.get_by_role("link", name=str(teacher)).count() == 1
    _check(page, True)
    field = page.locator("input[name$='-low_rate_percent']").first
    field.fill("30")
    _submit(page, "section.card:first-of-type form button[type=submit]")
    assert "is saved" in page.locator(".messages").inner_text()
    assert page.locator("input[name$='-low_rate_percent']").first.input_value() == "30"
    _check(page, True)
    page.context.close()
