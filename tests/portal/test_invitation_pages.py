"""The invitations pages: a steward invites, the person opens the link and chooses a
password, the list shows who has not activated; the link's key never reaches a log."""

from __future__ import annotations

import logging
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samla.org import invitations, services
from samla.org.models import Invitation, Person, Role
from tests.conftest import client_for as _client_for
from tests.core.db_state import row_counts


def client_for(username):
    """A client reading the pages in English: these tests quote the English wording."""
    client = _client_for(username)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


PASSWORD = "Tyttebær-og-lyng-2026"
LINK = re.compile(r"https?://[^/\s]+(/aktiver/([A-Za-z0-9_-]{43})/)")


@pytest.fixture
def newcomer(demo_org) -> Person:
    person = Person.objects.create(
        username="nora.ny", first_name="Nora", last_name="Ny", email="nora@skole.invalid"
    )
    person.set_unusable_password()
    person.save()
    services.grant_role(person, Role.STAFF, unit=demo_org.school)
    return person


def _urls(demo_org, person) -> tuple[str, str]:
    slug = demo_org.school_programme.slug
    return (
        reverse("portal:person_invite", kwargs={"slug": slug, "pk": person.pk}),
        reverse("portal:invitations", kwargs={"slug": slug}),
    )


def _invite(demo_org, person) -> Invitation:
    return invitations.invite(
        person,
        programme=demo_org.school_programme,
        actor=demo_org.user("admin"),
        base_url="http://testserver/",
    )


def _link_path(message) -> str:
    return LINK.search(message.body).group(1)


def test_a_steward_invites_and_the_person_activates(demo_org, newcomer):
    invite_url, list_url = _urls(demo_org, newcomer)
    rektor = client_for("rektor")

    page = rektor.get(invite_url)
    assert page.status_code == 200
    assert "nora@skole.invalid" in page.content.decode()
    response = rektor.post(invite_url)
    assert response.status_code == 302
    assert response["Location"] == list_url
    [message] = mail.outbox
    assert "Nora Ny" in rektor.get(list_url).content.decode()

    visitor = Client()
    opened = visitor.get(_link_path(message))
    assert opened.status_code == 302
    assert opened["Location"] == reverse("portal:activation")
    form = visitor.get(reverse("portal:activation"))
    assert form.status_code == 200
    assert "nora.ny" in form.content.decode()

    mismatch = visitor.post(
        reverse("portal:activation"), {"password1": PASSWORD, "password2": PASSWORD + "x"}
    )
    assert mismatch.status_code == 200
    assert 'id="id_password2_error"' in mismatch.content.decode()
    done = visitor.post(
        reverse("portal:activation"), {"password1": PASSWORD, "password2": PASSWORD}
    )

    assert done.status_code == 302
    assert done["Location"] == reverse("portal:home")
    home = visitor.get(reverse("portal:home"))
    assert home.status_code == 200
    assert home.context["user"] == newcomer
    assert "Nora Ny" not in rektor.get(list_url).content.decode()
    again = Client()
    again.get(_link_path(message))
    assert again.get(reverse("portal:activation")).status_code == 410


def test_a_weak_password_is_refused_with_a_message(demo_org, newcomer):
    _invite(demo_org, newcomer)
    visitor = Client()
    visitor.get(_link_path(mail.outbox[0]))
    before = row_counts()

    response = visitor.post(
        reverse("portal:activation"), {"password1": "12345678901", "password2": "12345678901"}
    )

    assert response.status_code == 200
    assert 'id="id_password1_error"' in response.content.decode()
    assert row_counts() == before


def test_links_that_do_not_work_say_what_to_do_and_look_alike_for_everyone(demo_org, newcomer):
    invitation = _invite(demo_org, newcomer)
    path = _link_path(mail.outbox[0])
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    unknown = "/aktiver/" + "u" * 43 + "/"

    answers = {}
    for role in (None, "admin", "laerer"):
        client = client_for(role)
        for name, link in (("expired", path), ("unknown", unknown)):
            client.get(link)
            response = client.get(reverse("portal:activation"))
            main = re.search(r"<main.*</main>", response.content.decode(), re.S).group(0)
            answers[(role, name)] = (response.status_code, main)

    for name, status in (("expired", 410), ("unknown", 404)):
        assert {answers[(role, name)] for role in (None, "admin", "laerer")} == {
            (status, answers[(None, name)][1])
        }
    assert "new invitation" in answers[(None, "expired")][1]
    assert "newest e-mail" in answers[(None, "unknown")][1]


def test_the_key_never_reaches_a_log(demo_org, newcomer, caplog):
    invitation = _invite(demo_org, newcomer)
    path = _link_path(mail.outbox[0])
    key = path.split("/")[2]
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())

    with caplog.at_level(logging.DEBUG):
        visitor = Client()
        visitor.get(path)
        visitor.get(reverse("portal:activation"))
        visitor.get("/aktiver/" + key[:-1] + "/")
        visitor.get(reverse("portal:activation"))

    assert "Gone: /aktiver/" in caplog.text
    assert key not in caplog.text
    assert key[:-1] not in caplog.text
    assert key not in str(dict(visitor.session))


def test_the_list_sends_again_and_limits_to_once_a_minute(demo_org, newcomer):
    invitation = _invite(demo_org, newcomer)
    _invite_url, list_url = _urls(demo_org, newcomer)
    eier = client_for("eier")

    too_soon = eier.post(list_url, {"invitation": invitation.pk}, follow=True)

    assert "less than a minute ago" in too_soon.content.decode()
    assert len(mail.outbox) == 1
    Invitation.objects.filter(pk=invitation.pk).update(
        sent_at=timezone.now() - timedelta(minutes=2)
    )
    sent = eier.post(list_url, {"invitation": invitation.pk}, follow=True)
    assert "nora@skole.invalid" in sent.content.decode()
    assert len(mail.outbox) == 2
    invitation.refresh_from_db()
    assert invitation.times_sent == 2
    old = Client()
    old.get(_link_path(mail.outbox[0]))
    assert old.get(reverse("portal:activation")).status_code == 404


@pytest.mark.parametrize("role", ["laerer", "region", "forsker", "styrer", "gruppeleder"])
def test_others_get_404_and_nothing_changes(demo_org, newcomer, role):
    invitation = _invite(demo_org, newcomer)
    invite_url, list_url = _urls(demo_org, newcomer)
    Invitation.objects.filter(pk=invitation.pk).update(
        sent_at=timezone.now() - timedelta(minutes=2)
    )
    before = row_counts()
    client = client_for(role)

    assert client.post(invite_url).status_code == 404
    assert client.post(list_url, {"invitation": invitation.pk}).status_code == 404

    assert row_counts() == before
    assert len(mail.outbox) == 1


def test_a_steward_cannot_send_for_someone_outside_their_scope(demo_org):
    trysil = Person.objects.create(username="t.ny", email="t@x.invalid")
    services.grant_role(trysil, Role.STAFF, unit=demo_org.unit_in("Trysil"))
    invitation = _invite(demo_org, trysil)
    Invitation.objects.filter(pk=invitation.pk).update(
        sent_at=timezone.now() - timedelta(minutes=2)
    )
    invite_url, list_url = _urls(demo_org, trysil)
    before = row_counts()

    assert client_for("rektor").post(invite_url).status_code == 404
    assert client_for("rektor").post(list_url, {"invitation": invitation.pk}).status_code == 404
    assert "t.ny" not in client_for("rektor").get(list_url).content.decode()

    assert row_counts() == before


def test_refusals_are_shown_on_the_invite_page(demo_org, newcomer):
    invite_url, _list_url = _urls(demo_org, newcomer)
    _invite(demo_org, newcomer)
    before = row_counts()

    response = client_for("admin").post(invite_url)

    assert response.status_code == 400
    assert "less than a minute ago" in response.content.decode()
    assert row_counts() == before


def test_posts_need_a_csrf_token(demo_org, newcomer):
    invite_url, list_url = _urls(demo_org, newcomer)
    steward = Client(enforce_csrf_checks=True)
    steward.force_login(demo_org.user("admin"))
    before = row_counts()

    assert steward.post(invite_url).status_code == 403
    assert mail.outbox == []
    invitation = _invite(demo_org, newcomer)
    visitor = Client(enforce_csrf_checks=True)
    visitor.get(_link_path(mail.outbox[0]))
    assert steward.post(list_url, {"invitation": invitation.pk}).status_code == 403
    after_invite = row_counts()
    response = visitor.post(
        reverse("portal:activation"), {"password1": PASSWORD, "password2": PASSWORD}
    )

    assert response.status_code == 403
    assert row_counts() == after_invite
    assert before != after_invite
    newcomer.refresh_from_db()
    assert not newcomer.has_usable_password()


@pytest.mark.parametrize("count", [1, 3])
def test_the_list_runs_a_fixed_number_of_queries(
    demo_org, newcomer, count, django_assert_num_queries
):
    for n in range(count):
        person = Person.objects.create(username=f"ny{n}", email=f"ny{n}@x.invalid")
        services.grant_role(person, Role.STAFF, unit=demo_org.school)
        _invite(demo_org, person)
    _invite_url, list_url = _urls(demo_org, newcomer)
    client = client_for("rektor")
    client.get(list_url)

    with django_assert_num_queries(10):  # 9, and the menu's partnership line
        response = client.get(list_url)

    assert len(response.context["invitations"]) == count
