"""Attack on issue 20's pages from outside: open redirects through a stored link, the
unsubscribe address asked by link scanners (GET, HEAD) and forged, the language switch
as a redirect, the administrators' page and its threshold posted for a programme that is
not one's own, another person's notification, and what a deleted programme leaves on
the bell."""

from __future__ import annotations

import pytest
from django.test import Client

from samla.notifications.kinds import Kind
from samla.notifications.models import MailChoice, Notification, NotificationSettings
from samla.notifications.services import unsubscribe
from samla.org.models import Person, Programme
from tests.conftest import client_for
from tests.notifications.pages_support import notify

LIST = "/varsler/"


@pytest.fixture
def teacher(demo_org) -> Person:
    return Person.objects.get(username="laerer")


def _english(username: str | None) -> Client:
    client = client_for(username)
    client.cookies["samla_language"] = "en"
    return client


@pytest.mark.parametrize(
    "link",
    ["/\\evil.example/", "/\t/evil.example/", "/\\/evil.example/", "///evil.example/", "\\\\evil"],
)
def test_a_stored_link_that_a_browser_reads_as_another_host_leads_to_the_list(teacher, link):
    (notification,) = notify(teacher, link=link)

    response = _english("laerer").get(f"/varsler/{notification.pk}/")

    assert response.status_code == 302 and response["Location"] == LIST


@pytest.mark.parametrize("method", ["get", "head", "options"])
def test_a_link_scanner_that_fetches_the_unsubscribe_address_stops_nothing(teacher, method):
    url = f"/varsler/avmeld/{unsubscribe.token(teacher.pk, Kind.DEADLINE_WEEK)}/"

    response = getattr(Client(), method)(url)

    assert response.status_code == 200
    assert not MailChoice.objects.exists()


def test_a_token_cannot_be_turned_into_every_kind_or_another_person(teacher):
    token = unsubscribe.token(teacher.pk, Kind.DEADLINE_WEEK)
    value, signature = token.rsplit(":", 1)
    leader = Person.objects.get(username="rektor")
    forged = [
        f"{unsubscribe.token(leader.pk, '*').rsplit(':', 1)[0]}:{signature}",
        f"{value}x:{signature}",
        f"{value}:{signature[:-1]}",
        token.upper(),
    ]

    answers = [Client().post(f"/varsler/avmeld/{bad}/").status_code for bad in forged]

    assert answers == [404, 404, 404, 404]
    assert not MailChoice.objects.exists()


def test_the_language_switch_is_no_open_redirect(teacher):
    client = client_for("laerer")

    response = client.post(
        "/sprak/", {"language": "en", "next": "https://evil.example/"}, follow=False
    )

    assert response.status_code in (302, 204)
    assert "evil.example" not in response.get("Location", "")
    assert Person.objects.get(pk=teacher.pk).language == "en"


def test_an_administrator_cannot_set_another_programmes_threshold_by_prefix(demo_org):
    """The programme id is in the POST twice: the hidden field and the form's prefix. The
    page reads the prefix of the programme it found, so a form of another programme's
    prefix changes nothing."""
    theirs = Programme.objects.create(name="Annen satsing", slug="annen")
    mine = demo_org.school_programme
    client = client_for("admin")

    mixed = client.post(
        "/varsler/adresser/",
        {"programme": str(mine.pk), f"p{theirs.pk}-low_rate_percent": "5"},
    )
    foreign = client.post(
        "/varsler/adresser/",
        {"programme": str(theirs.pk), f"p{theirs.pk}-low_rate_percent": "5"},
    )

    assert (mixed.status_code, foreign.status_code) == (400, 404)
    assert not NotificationSettings.objects.exists()


def test_a_deleted_programme_leaves_the_bell_right(teacher, demo_org):
    programme = Programme.objects.create(name="Kortvarig", slug="kortvarig")
    (notification,) = notify(teacher)
    Notification.objects.filter(pk=notification.pk).update(programme=programme)
    assert Person.objects.get(pk=teacher.pk).unread_notifications == 1

    programme.delete()

    # The notification stays (without its programme), so the bell still counts it rightly.
    kept = Notification.objects.get(pk=notification.pk)
    assert kept.programme_id is None and kept.read_at is None
    assert Person.objects.get(pk=teacher.pk).unread_notifications == 1
