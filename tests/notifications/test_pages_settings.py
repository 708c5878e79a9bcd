"""The e-mail settings page (a channel per kind, the address and language shown) and the
language switch that also keeps the person's language for their e-mails."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from samla.notifications.kinds import GROUPS, Channel, Kind
from samla.notifications.models import MailChoice, MailState, Notification
from samla.org.models import Person
from tests.conftest import client_for
from tests.notifications.pages_support import notify

SETTINGS = "/varsler/innstillinger/"


@pytest.fixture
def teacher(demo_org) -> Person:
    return Person.objects.get(username="laerer")


def _english(username: str | None):
    client = client_for(username)
    client.cookies["samla_language"] = "en"
    return client


def _choices(person: Person) -> dict[str, str]:
    return dict(MailChoice.objects.filter(person=person).values_list("kind", "channel"))


def _all(channel: str, **changes: str) -> dict[str, str]:
    return {**dict.fromkeys(Kind.values, channel), **changes}


def test_the_page_shows_every_kind_under_its_heading_with_the_three_ways(teacher):
    html = _english("laerer").get(SETTINGS).content.decode()

    headings = re.findall(r'<h2 id="group-\d+">(.*?)</h2>', html)
    assert headings == [str(heading) for heading, _kinds in GROUPS]
    legends = re.findall(r"<legend>(.*?)</legend>", html)
    assert legends == [str(kind.label) for _heading, kinds in GROUPS for kind in kinds]
    for kind in Kind.values:
        checked = re.findall(rf'name="{kind}" value="(\w+)"[^>]*checked', html)
        assert checked == ["immediately"]
        assert len(re.findall(rf'type="radio" name="{kind}"', html)) == 3
    assert "E-mail at once" in html and "In the daily digest" in html and "Only in Samla" in html


def test_the_page_shows_the_address_and_the_language_of_the_mails(teacher):
    Person.objects.filter(pk=teacher.pk).update(language="nn")

    html = _english("laerer").get(SETTINGS).content.decode()

    assert f"<dd>{teacher.email}</dd>" in html
    assert "<dd>Norwegian Nynorsk</dd>" in html


def test_without_a_chosen_language_the_page_names_the_one_mails_use(teacher):
    html = _english("laerer").get(SETTINGS).content.decode()

    assert "<dd>Norwegian Bokmål</dd>" in html  # the demo school writes Bokmål


def test_a_person_without_an_address_is_told_nothing_is_sent(teacher):
    Person.objects.filter(pk=teacher.pk).update(email="")

    html = _english("laerer").get(SETTINGS).content.decode()

    assert "<dd>no address</dd>" in html
    assert "Samla has no e-mail address for you" in html


def test_saving_stores_only_the_choices_that_differ_from_at_once(teacher):
    client = _english("laerer")
    posted = _all("immediately", meeting_tomorrow="digest", results_released="none")

    response = client.post(SETTINGS, posted)

    assert response.status_code == 302 and response["Location"] == SETTINGS
    assert _choices(teacher) == {"meeting_tomorrow": "digest", "results_released": "none"}
    page = client.get(SETTINGS).content.decode()
    assert "Your choices for e-mails are saved." in page
    assert re.search(r'name="meeting_tomorrow" value="digest"[^>]*checked', page)


def test_saving_again_replaces_the_earlier_choices(teacher):
    client = _english("laerer")
    client.post(SETTINGS, _all("digest"))

    client.post(SETTINGS, _all("immediately", deadline_today="none"))

    assert _choices(teacher) == {"deadline_today": "none"}


def test_setting_a_kind_to_only_in_samla_stops_its_waiting_mails(teacher):
    (waiting,) = notify(teacher, kind=Kind.DEADLINE_WEEK, prefix="week")
    (other,) = notify(teacher, kind=Kind.DEADLINE_TODAY, prefix="today")
    assert waiting.mail_state == MailState.PENDING

    _english("laerer").post(SETTINGS, _all("immediately", deadline_week="none"))

    waiting.refresh_from_db()
    other.refresh_from_db()
    assert waiting.mail_state == MailState.NONE
    assert other.mail_state == MailState.PENDING


def test_a_choice_that_is_not_offered_is_refused_and_nothing_changes(teacher):
    MailChoice.objects.create(person=teacher, kind=Kind.DEADLINE_WEEK, channel=Channel.DIGEST)

    response = _english("laerer").post(SETTINGS, _all("immediately", deadline_today="sms"))

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert _choices(teacher) == {"deadline_week": "digest"}


def test_one_persons_choices_leave_another_persons_alone(teacher):
    leader = Person.objects.get(username="rektor")
    MailChoice.objects.create(person=leader, kind=Kind.DEADLINE_WEEK, channel=Channel.DIGEST)

    _english("laerer").post(SETTINGS, _all("none"))

    assert _choices(leader) == {"deadline_week": "digest"}
    assert Notification.objects.filter(person=leader).count() == 0


def test_the_language_switch_keeps_the_language_on_the_person_and_sets_the_cookie(teacher):
    client = client_for("laerer")

    response = client.post(reverse("set_language"), {"language": "nn", "next": "/varsler/"})

    assert response.status_code == 302 and response["Location"] == "/varsler/"
    assert response.cookies["samla_language"].value == "nn"
    assert Person.objects.get(pk=teacher.pk).language == "nn"


def test_a_language_samla_does_not_offer_is_not_kept_on_the_person(teacher):
    Person.objects.filter(pk=teacher.pk).update(language="en")
    client = client_for("laerer")

    response = client.post(reverse("set_language"), {"language": "de", "next": "/"})

    # The cookie is Django's as before (the middleware ignores a language Samla lacks).
    assert response.status_code == 302
    assert Person.objects.get(pk=teacher.pk).language == "en"


def test_a_visitor_who_is_not_logged_in_only_gets_the_cookie(demo_org):
    before = list(Person.objects.order_by("pk").values_list("language", flat=True))

    response = client_for(None).post(reverse("set_language"), {"language": "en", "next": "/"})

    assert response.cookies["samla_language"].value == "en"
    assert list(Person.objects.order_by("pk").values_list("language", flat=True)) == before


def test_a_get_of_the_language_switch_changes_nothing(teacher):
    response = client_for("laerer").get(reverse("set_language"), {"language": "nn"})

    assert response.status_code == 302
    assert Person.objects.get(pk=teacher.pk).language == ""
