"""The bell and the list of notifications: newest first, paged, unread marked in text,
marking read (one, all), opening one; a person sees and changes only their own."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from samla.notifications.models import Notification
from samla.notifications.queries import PER_PAGE
from samla.notifications.texts import title_and_body
from samla.org.models import Person
from tests.conftest import client_for
from tests.notifications.pages_support import notify

LIST = "/varsler/"


@pytest.fixture
def teacher(demo_org) -> Person:
    return Person.objects.get(username="laerer")


def _english(username: str | None):
    client = client_for(username)
    client.cookies["samla_language"] = "en"
    return client


def _texts(notification: Notification) -> tuple[str, str]:
    with translation.override("en"):
        return title_and_body(notification.kind, notification.params)


def _unread(person: Person) -> int:
    return Person.objects.get(pk=person.pk).unread_notifications


def test_the_bell_shows_the_unread_count_in_text_and_as_a_badge(teacher):
    notify(teacher, 3)

    html = _english("laerer").get(reverse("portal:home")).content.decode()

    bell = re.search(r'<a class="bell" href="/varsler/"[^>]*>.*?</a>', html, re.S).group(0)
    assert bell == (
        '<a class="bell" href="/varsler/" aria-label="Notifications, 3 unread">Notifications'
        '<span class="bell__count" aria-hidden="true">3</span></a>'
    )


def test_the_bell_costs_no_query(teacher):
    client = client_for("laerer")
    with CaptureQueriesContext(connection) as without:
        client.get(reverse("accessibility"))
    notify(teacher, 7)

    with CaptureQueriesContext(connection) as with_seven:
        html = client.get(reverse("accessibility")).content.decode()

    assert 'aria-hidden="true">7</span>' in html
    assert len(with_seven) == len(without)
    assert not any("notifications_notification" in q["sql"] for q in with_seven)


def test_the_bell_without_unread_notifications_has_no_badge(teacher):
    html = _english("laerer").get(reverse("portal:home")).content.decode()

    assert '<a class="bell" href="/varsler/">Notifications</a>' in html


def test_the_bell_is_not_shown_to_a_visitor_who_is_not_logged_in(demo_org):
    html = _english(None).get(reverse("accessibility")).content.decode()

    assert 'class="bell"' not in html


def test_the_list_shows_newest_first_with_texts_time_and_unread_in_words(teacher):
    older, newer = notify(teacher, 2)
    Notification.objects.filter(pk=older.pk).update(read_at=older.created_at)

    html = _english("laerer").get(LIST).content.decode()

    items = re.findall(r'<li class="notification( notification--unread)?">(.*?)</li>', html, re.S)
    assert len(items) == 2
    (new_class, new_html), (old_class, old_html) = items
    new_title, new_body = _texts(newer)
    old_title, _old_body = _texts(older)
    assert new_class == " notification--unread" and old_class == ""
    assert f'Unread</span> <a href="/varsler/{newer.pk}/">{new_title}</a>' in new_html
    assert new_body in new_html
    assert "Mark as read" in new_html
    assert f'<a href="/varsler/{older.pk}/">{old_title}</a>' in old_html
    assert "Unread" not in old_html and "Mark as read" not in old_html
    assert f'datetime="{timezone.localtime(newer.created_at).isoformat()}"' in new_html


def test_the_list_is_in_the_language_of_the_page(teacher):
    (notification,) = notify(teacher)
    client = client_for("laerer")
    client.cookies["samla_language"] = "nn"

    html = client.get(LIST).content.decode()

    with translation.override("nn"):
        title, _body = title_and_body(notification.kind, notification.params)
    assert title in html


def test_the_list_is_paged(teacher):
    notify(teacher, PER_PAGE + 1)
    client = _english("laerer")

    first = client.get(LIST).content.decode()
    second = client.get(LIST, {"page": 2}).content.decode()

    assert first.count('<li class="notification') == PER_PAGE
    assert "Page 1 of 2" in first and "Frist 50" in first
    assert second.count('<li class="notification') == 1
    assert "Frist 0" in second


def test_a_person_sees_only_their_own_notifications(teacher):
    notify(Person.objects.get(username="rektor"), prefix="leader")

    html = _english("laerer").get(LIST).content.decode()

    assert "You have no notifications yet" in html
    assert 'class="notification' not in html


@pytest.mark.parametrize("count", [1, 3])
def test_the_list_reads_a_fixed_number_of_queries(teacher, django_assert_num_queries, count):
    notify(teacher, count)
    client = client_for("laerer")

    # session, person, grants, the menu's four, the count and the page
    with django_assert_num_queries(9):
        response = client.get(LIST)
    assert response.status_code == 200


def test_mark_one_as_read(teacher):
    first, second = notify(teacher, 2)

    response = _english("laerer").post(
        reverse("portal:notifications_read"), {"notification": first.pk, "page": "1"}
    )

    assert response.status_code == 302 and response["Location"] == LIST
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None and second.read_at is None
    assert _unread(teacher) == 1


def test_mark_all_as_read_returns_to_the_same_page_with_a_message(teacher):
    notify(teacher, 3)
    client = _english("laerer")

    response = client.post(reverse("portal:notifications_read"), {"all": "1", "page": "2"})

    assert response["Location"] == f"{LIST}?page=2"
    assert not Notification.objects.filter(person=teacher, read_at__isnull=True).exists()
    assert _unread(teacher) == 0
    assert "3 notifications marked as read." in client.get(LIST).content.decode()


def test_mark_all_as_read_leaves_other_people_alone(teacher):
    leader = Person.objects.get(username="rektor")
    notify(leader, 2, prefix="leader")
    notify(teacher)

    _english("laerer").post(reverse("portal:notifications_read"), {"all": "1"})

    assert Notification.objects.filter(person=leader, read_at__isnull=True).count() == 2
    assert _unread(leader) == 2


def test_another_persons_notification_cannot_be_marked_read(teacher):
    (theirs,) = notify(Person.objects.get(username="rektor"), prefix="leader")

    response = _english("laerer").post(
        reverse("portal:notifications_read"), {"notification": theirs.pk}
    )

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.parametrize("value", ["", "abc", "0", "-1", "99999999999999999999"])
def test_a_bad_notification_id_is_404(teacher, value):
    notify(teacher)

    url = reverse("portal:notifications_read")
    response = _english("laerer").post(url, {"notification": value})

    assert response.status_code == 404
    assert _unread(teacher) == 1


def test_marking_read_is_post_only(teacher):
    assert _english("laerer").get(reverse("portal:notifications_read")).status_code == 405


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(teacher):
    (notification,) = notify(teacher, link="/laering/")

    response = _english("laerer").get(f"/varsler/{notification.pk}/")

    assert response.status_code == 302 and response["Location"] == "/laering/"
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert _unread(teacher) == 0


@pytest.mark.parametrize("link", ["//evil.example/", "https://evil.example/", "javascript:x"])
def test_a_link_outside_samla_leads_to_the_list(teacher, link):
    (notification,) = notify(teacher, link=link)

    response = _english("laerer").get(f"/varsler/{notification.pk}/")

    assert response["Location"] == LIST


def test_another_persons_notification_does_not_open(teacher):
    (theirs,) = notify(Person.objects.get(username="rektor"), prefix="leader")

    response = _english("laerer").get(f"/varsler/{theirs.pk}/")

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_pages_ask_for_a_login(demo_org):
    client = client_for(None)

    for url in (LIST, "/varsler/innstillinger/", "/varsler/adresser/", "/varsler/1/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/konto/logg-inn/")


def test_administrators_find_the_address_problems_from_the_list(demo_org):
    assert 'href="/varsler/adresser/"' in _english("admin").get(LIST).content.decode()
    assert 'href="/varsler/adresser/"' not in _english("laerer").get(LIST).content.decode()
