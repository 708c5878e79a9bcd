"""Issue 22: the calendar subscription pages say in one line what each feed holds, and each
address is a labelled read-only field with a copy button that the script shows (hidden
without JavaScript)."""

from __future__ import annotations

import re

import icalendar
from django.conf import settings
from django.urls import reverse

from samla.plans.demo import build_plans
from tests.conftest import client_for

SCRIPT = '<script src="/static/samla/copy-address.js" defer></script>'


def _english(username: str):
    client = client_for(username)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _feeds(html: str) -> dict[str, dict[str, str]]:
    """Each feed section of the subscription page: its heading, line, label and address."""
    found = {}
    for section in html.split('<section class="card calendar-feed"')[1:]:
        section = section.split("</section>", 1)[0]
        field_id = re.search(r'<input type="text" readonly id="([^"]+)"', section).group(1)
        found[re.search(r"<h2[^>]*>(.*?)</h2>", section).group(1)] = {
            "about": re.search(r'<p id="[^"]+-about">(.*?)</p>', section).group(1),
            "label": re.search(rf'<label for="{field_id}">(.*?)</label>', section).group(1),
            "url": re.search(r'value="([^"]+)"', section).group(1),
            "described_by": re.search(r'aria-describedby="([^"]+)"', section).group(1),
            "field_id": field_id,
            "section": section,
        }
    return found


def _deadline_roles(url: str) -> set[str]:
    content = client_for(None).get(url).content
    events = icalendar.Calendar.from_ical(content).walk("VEVENT")
    return {
        str(e["DESCRIPTION"]).split(": ", 1)[1]
        for e in events
        if str(e["UID"]).startswith("deadline-")
    }


def test_each_feed_says_in_one_line_what_it_holds(demo_org):
    build_plans()

    html = (
        _english("region")
        .get(reverse("portal:plan_subscriptions", kwargs={"slug": "kfl-skole"}))
        .content.decode()
    )
    feeds = _feeds(html)

    programme = demo_org.school_programme.name
    assert list(feeds) == [programme, "Hamarregionen", "Region coordinator"]
    assert feeds[programme]["about"] == (
        "The whole plan: every activity with every region&#x27;s dates, and the deadlines of "
        "every role."
    )
    assert feeds["Hamarregionen"]["about"] == (
        "The whole plan with the dates and places of Hamarregionen, not the other regions&#x27;, "
        "and no deadlines."
    )
    assert feeds["Region coordinator"]["about"] == (
        "Only the activities for the role Region coordinator, with every region&#x27;s dates, "
        "and the role&#x27;s deadlines."
    )
    # The lines are true of the calendars behind the addresses.
    assert len(_deadline_roles(feeds[programme]["url"])) > 1
    assert _deadline_roles(feeds["Hamarregionen"]["url"]) == set()
    # (A feed is read without a login, so in Bokmål.)
    assert _deadline_roles(feeds["Region coordinator"]["url"]) == {"Regionkoordinator"}


def test_each_address_is_a_labelled_field_with_a_copy_button_for_the_script(demo_org):
    build_plans()

    html = (
        _english("region")
        .get(reverse("portal:plan_subscriptions", kwargs={"slug": "kfl-skole"}))
        .content.decode()
    )

    feeds = _feeds(html)
    assert len(feeds) == 3
    for name, feed in feeds.items():
        assert feed["label"] == f"Address of the calendar {name}"
        assert feed["described_by"] == f"{feed['field_id']}-about"
        button = re.search(r"<button [^>]*>.*?</button>", feed["section"], re.S).group(0)
        assert f'data-copy-address="{feed["field_id"]}"' in button
        assert " hidden>" in button  # shown by the script only
        assert f'role="status" id="{feed["field_id"]}-status"' in feed["section"]
    assert len({feed["field_id"] for feed in feeds.values()}) == 3
    assert html.count(SCRIPT) == 1


def test_the_meeting_calendar_page_has_the_same_field_and_button(demo_org):
    html = _english("laerer").get(reverse("portal:learning_calendar")).content.decode()

    assert '<label for="feed-url">Calendar address (copy all of it)</label>' in html
    assert re.search(r'<input type="text" readonly id="feed-url" value="http://testserver/', html)
    assert 'data-copy-address="feed-url"' in html
    assert 'role="status" id="feed-url-status"' in html
    assert html.count(SCRIPT) == 1
