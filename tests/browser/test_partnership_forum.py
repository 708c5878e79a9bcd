"""The cooperation forum in a real browser on a phone (375 px): the administrator adds a
member; a forum member plans a meeting, writes its minutes and records a decision by vote
— with and without JavaScript, axe on every page."""

from __future__ import annotations

import pytest

from samla.org import demo
from samla.partnership.demo import base
from samla.partnership.demo import forum as forum_demo
from samla.partnership.models import Decision, Forum, ForumMeeting
from tests.browser.conftest import assert_accessible, log_in, page_width
from tests.conftest import DemoOrg

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}


def _page(browser, javascript: bool):
    context = browser.new_context(java_script_enabled=javascript, viewport=PHONE)
    context.set_default_timeout(10_000)
    return context.new_page()


def _check(page, javascript: bool) -> None:
    """axe finds nothing and nothing is wider than the phone (both need JavaScript)."""
    if javascript:
        assert_accessible(page)
        width = page_width(page)
        assert width <= PHONE["width"], f"{page.url} is {width} px wide"


@pytest.mark.parametrize("javascript", [True, False])
def test_admin_adds_a_member_and_a_member_records_a_meeting(
    live_server, transactional_db, browser, javascript
):
    demo.build_organisation()
    base.build()
    forum_demo.build()
    org = DemoOrg()
    forum = Forum.objects.get(name=base.FORUM)
    slug = org.school_programme.slug
    forum_url = f"{live_server.url}/partnerskap/{slug}/forum/{forum.pk}/"

    page = _page(browser, javascript)
    log_in(page, live_server.url, "admin", javascript=javascript)
    page.goto(f"{live_server.url}/partnerskap/{slug}/")
    _check(page, javascript)
    page.locator(f"a[href='/partnerskap/{slug}/forum/']").click()
    _check(page, javascript)
    page.locator(f"a[href='/partnerskap/{slug}/forum/{forum.pk}/']").click()
    _check(page, javascript)
    page.locator(f"a[href='/partnerskap/{slug}/forum/{forum.pk}/medlemmer/ny/']").click()
    _check(page, javascript)
    page.locator("#id_person").select_option(str(org.user("region").pk))
    page.locator("#id_member_type").select_option("other")
    page.locator("main form button[type=submit]").click()
    page.locator(".message--success").wait_for()
    _check(page, javascript)
    assert forum.members.filter(person__username="region", votes=True).exists()
    page.context.close()

    page = _page(browser, javascript)
    log_in(page, live_server.url, "forsker", javascript=javascript)
    page.goto(forum_url)
    page.locator(f"a[href='/partnerskap/{slug}/forum/{forum.pk}/moter/nytt/']").click()
    _check(page, javascript)
    page.locator("#id_date").fill("2027-03-04")
    page.locator("#id_place").fill("Stange rådhus")
    page.locator("#id_agenda").fill("1. Behovsmeldingene")
    page.locator("#id_minutes").fill("Forumet gikk gjennom behovsmeldingene.")
    page.locator("main form button[type=submit]").click()
    page.locator(".message--success").wait_for()
    _check(page, javascript)
    meeting = ForumMeeting.objects.get(forum=forum, place="Stange rådhus")
    assert meeting.minutes == "Forumet gikk gjennom behovsmeldingene."

    page.locator(f"a[href='/partnerskap/{slug}/forum/moter/{meeting.pk}/vedtak/nytt/']").click()
    _check(page, javascript)
    page.locator("#id_title").fill("Prioriteringer 2027")
    page.locator("#id_text").fill("Lesing prioriteres.")
    page.locator("input[name=method][value=vote]").check()
    page.locator("#id_votes_for").fill("3")
    page.locator("#id_votes_against").fill("1")
    page.locator("main form button[type=submit]").click()
    page.locator(".message--success").wait_for()
    _check(page, javascript)
    decision = Decision.objects.get(meeting=meeting)
    assert (decision.method, decision.votes_for, decision.votes_against, decision.abstentions) == (
        "vote",
        3,
        1,
        0,
    )
    assert not decision.record_names
    page.context.close()


def test_the_partners_pages_pass_axe_on_a_phone(live_server, transactional_db, browser):
    demo.build_organisation()
    base.build()
    forum_demo.build()
    org = DemoOrg()
    slug = org.school_programme.slug
    forum = Forum.objects.get(name=base.FORUM)
    meeting = ForumMeeting.objects.get(forum=forum, date=forum_demo.AUTUMN)
    partner = forum.programme.partners.get(name=base.UNIVERSITY)
    contact = partner.contacts.get()
    agreement = forum.programme.agreements.get()
    decision = meeting.decisions.get(order=2)
    paths = [
        "partnere/",
        "partnere/ny/",
        f"partnere/{partner.pk}/endre/",
        f"kontakter/{contact.pk}/",
        "avtaler/",
        f"avtaler/{agreement.pk}/",
        f"avtaler/{agreement.pk}/endre/",
        "ordningen/",
        "ordningen/endre/",
        f"forum/moter/{meeting.pk}/",
        f"forum/moter/{meeting.pk}/endre/",
        f"forum/vedtak/{decision.pk}/endre/",
    ]
    page = _page(browser, True)
    log_in(page, live_server.url, "admin")
    for path in paths:
        response = page.goto(f"{live_server.url}/partnerskap/{slug}/{path}")
        assert response.status == 200, path
        _check(page, True)
