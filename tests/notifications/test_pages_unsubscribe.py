"""The unsubscribe link of every e-mail, without a login: the page says what stops, the
button (or a mail client's RFC 8058 one-click POST, with no CSRF token) stops it for the
token's person only; a bad link gets a clear page."""

from __future__ import annotations

import pytest
from django.test import Client

from samla.core.signed import token_for
from samla.notifications.kinds import Kind
from samla.notifications.models import MailChoice, MailState
from samla.notifications.services import unsubscribe
from samla.org.models import Person
from tests.conftest import client_for
from tests.notifications.pages_support import notify


@pytest.fixture
def teacher(demo_org) -> Person:
    return Person.objects.get(username="laerer")


def _url(person: Person, kind: str) -> str:
    return f"/varsler/avmeld/{unsubscribe.token(person.pk, kind)}/"


def _visitor() -> Client:
    client = Client(enforce_csrf_checks=True)
    client.cookies["samla_language"] = "en"
    return client


def _choices(person: Person) -> dict[str, str]:
    return dict(MailChoice.objects.filter(person=person).values_list("kind", "channel"))


def test_the_page_says_what_stops_and_shows_nothing_personal(teacher):
    response = _visitor().get(_url(teacher, Kind.MEETING_TOMORROW))

    html = response.content.decode()
    assert response.status_code == 200
    assert "This stops your e-mails about “A learning-group meeting is tomorrow”." in html
    assert "Stop these e-mails" in html
    for personal in (teacher.email, teacher.first_name, teacher.last_name, teacher.username):
        assert personal not in html
    assert _choices(teacher) == {}


def test_the_digests_link_names_all_emails(teacher):
    html = _visitor().get(_url(teacher, unsubscribe.EVERY_KIND)).content.decode()

    assert "This stops all your e-mails from Samla, the daily digest too." in html
    assert "Stop all e-mails" in html


def test_the_button_stops_that_kind_only(teacher):
    MailChoice.objects.create(person=teacher, kind=Kind.DEADLINE_TODAY, channel="digest")

    response = _visitor().post(_url(teacher, Kind.MEETING_TOMORROW))

    assert response.status_code == 200
    assert "Done: you will no longer get your e-mails about" in response.content.decode()
    assert _choices(teacher) == {"meeting_tomorrow": "none", "deadline_today": "digest"}


def test_a_mail_clients_one_click_post_works_without_a_csrf_token(teacher):
    (waiting,) = notify(teacher, kind=Kind.RESULTS_RELEASED)

    response = _visitor().post(
        _url(teacher, Kind.RESULTS_RELEASED),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert _choices(teacher) == {"results_released": "none"}
    waiting.refresh_from_db()
    assert waiting.mail_state == MailState.NONE


def test_the_digests_link_stops_every_kind(teacher):
    _visitor().post(_url(teacher, unsubscribe.EVERY_KIND))

    assert _choices(teacher) == dict.fromkeys(Kind.values, "none")


def test_only_the_tokens_person_changes_even_when_someone_else_is_logged_in(teacher):
    leader = Person.objects.get(username="rektor")

    client_for("rektor").post(_url(teacher, Kind.DEADLINE_WEEK))

    assert _choices(teacher) == {"deadline_week": "none"}
    assert _choices(leader) == {}


@pytest.mark.parametrize(
    "token",
    [
        "x",
        "not-a-token:at-all",
        unsubscribe.token(1, "deadline_week") + "x",
    ],
)
def test_an_altered_link_gets_a_clear_page_and_changes_nothing(teacher, token):
    response = _visitor().post(f"/varsler/avmeld/{token}/")

    assert response.status_code == 404
    assert "The link does not work" in response.content.decode()
    assert MailChoice.objects.count() == 0


def test_a_link_for_a_kind_that_does_not_exist_is_refused(teacher):
    response = _visitor().post(_url(teacher, "fax_me"))

    assert response.status_code == 404
    assert _choices(teacher) == {}


def test_a_link_of_a_deactivated_person_is_refused(teacher):
    Person.objects.filter(pk=teacher.pk).update(is_active=False)

    response = _visitor().get(_url(teacher, Kind.DEADLINE_WEEK))

    assert response.status_code == 404
    assert "The link does not work" in response.content.decode()


def test_a_token_from_another_part_of_samla_is_refused(teacher):
    token = token_for([teacher.pk, "deadline_week"], "samla.plans.feeds")

    response = _visitor().post(f"/varsler/avmeld/{token}/")

    assert response.status_code == 404
    assert _choices(teacher) == {}
