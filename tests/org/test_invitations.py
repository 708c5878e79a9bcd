"""Invitations (samla/org/invitations.py): a one-time link by e-mail, only its hash kept;
it expires, is replaced by a newer one, is spent once used; no password is ever sent."""

from __future__ import annotations

import email
import hashlib
import re
import socket
import threading
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth import authenticate
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samla.org import invitations, services
from samla.org.invitations import InvitationRefused, LinkState
from samla.org.models import ChangeAction, Invitation, OrgChange, Person, Role
from tests.core.db_state import row_counts

BASE_URL = "https://samla.example.no/"
PASSWORD = "Blåbærsyltetøy-2026"
LINK = re.compile(r"https://samla\.example\.no/aktiver/([A-Za-z0-9_-]{43})/")


@pytest.fixture
def newcomer(demo_org) -> Person:
    """A new teacher at the demo school: an e-mail address, no password, never logged in."""
    person = Person.objects.create(
        username="nora.ny", first_name="Nora", last_name="Ny", email="nora@skole.invalid"
    )
    person.set_unusable_password()
    person.save()
    services.grant_role(person, Role.STAFF, unit=demo_org.school)
    return person


def _invite(demo_org, person, **kwargs) -> Invitation:
    return invitations.invite(
        person,
        programme=demo_org.school_programme,
        actor=demo_org.user("rektor"),
        base_url=BASE_URL,
        **kwargs,
    )


def _key_in(message) -> str:
    return LINK.search(message.body).group(1)


def _allow_resend(invitation: Invitation) -> None:
    """As if the last e-mail went out more than a minute ago."""
    Invitation.objects.filter(person=invitation.person).update(
        sent_at=timezone.now() - timedelta(minutes=2)
    )


def test_only_the_hash_of_the_key_is_stored(demo_org, newcomer):
    invitation = _invite(demo_org, newcomer)

    key = _key_in(mail.outbox[0])
    invitation.refresh_from_db()
    assert invitation.key_hash == hashlib.sha256(key.encode()).hexdigest()
    stored = [str(value) for row in Invitation.objects.values_list() for value in row] + [
        str(value) for row in OrgChange.objects.values_list() for value in row
    ]
    assert not [value for value in stored if key in value]
    assert invitations.find_valid(key) == invitation


def test_the_mail_holds_the_link_and_who_invited_but_no_password(demo_org, newcomer):
    invitation = _invite(demo_org, newcomer)

    [message] = mail.outbox
    assert message.to == ["nora@skole.invalid"]
    assert message.reply_to == ["rektor@demo.samla.invalid"]
    assert message.extra_headers["Content-Language"] == "nb"
    assert LINK.search(message.body)
    for text in ("Nora", "Frode Sandvik", "Kultur for læring – skole", "nora.ny"):
        assert text in message.body
    assert demo_org.school_programme.name in message.subject
    # Bokmål by default: the expiry date in Norwegian.
    expires = timezone.localtime(invitation.expires_at)
    months = "januar februar mars april mai juni juli august september oktober november desember"
    assert f"{expires.day}. {months.split()[expires.month - 1]} {expires.year}" in message.body
    newcomer.refresh_from_db()
    assert not newcomer.has_usable_password()
    assert invitation.times_sent == 1
    assert invitation.invited_by == demo_org.user("rektor")
    assert (invitation.expires_at - invitation.sent_at) == timedelta(days=14)
    change = OrgChange.objects.get(action=ChangeAction.INVITED, person=newcomer)
    assert (change.actor, change.programme, change.detail) == (
        demo_org.user("rektor"),
        demo_org.school_programme,
        "nora@skole.invalid",
    )


def test_the_mail_is_in_the_language_asked_for_or_the_units_language(demo_org, newcomer):
    _invite(demo_org, newcomer, language="en")
    assert mail.outbox[0].extra_headers["Content-Language"] == "en"
    assert mail.outbox[0].body.startswith("Hello Nora,")

    school = demo_org.school
    school.language_form = "nn"
    school.save(update_fields=["language_form"])
    assert invitations.language_for(newcomer) == "nn"
    other = Person.objects.create(username="per.ny", email="per@skole.invalid")
    services.grant_role(other, Role.STAFF, group=demo_org.school.groups.get(name="6A"))
    _invite(demo_org, other)
    assert mail.outbox[1].extra_headers["Content-Language"] == "nn"


def test_the_link_expires(demo_org, newcomer, settings):
    settings.SAMLA_INVITATION_DAYS = 3
    invitation = _invite(demo_org, newcomer)
    key = _key_in(mail.outbox[0])
    assert invitation.expires_at - invitation.sent_at == timedelta(days=3)

    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    before = row_counts()

    assert invitations.look_up(key).state == LinkState.EXPIRED
    assert invitations.find_valid(key) is None
    with pytest.raises(InvitationRefused) as refused:
        invitations.activate(invitation, PASSWORD)
    assert refused.value.reason == LinkState.EXPIRED
    assert row_counts() == before
    assert authenticate(username="nora.ny", password=PASSWORD) is None


def test_sending_again_gives_a_new_link_and_ends_the_old_one(demo_org, newcomer):
    invitation = _invite(demo_org, newcomer)
    old_key = _key_in(mail.outbox[0])
    _allow_resend(invitation)

    invitations.resend(invitation, actor=demo_org.user("admin"), base_url=BASE_URL)

    new_key = _key_in(mail.outbox[1])
    assert new_key != old_key
    assert invitations.look_up(old_key).state == LinkState.UNKNOWN
    assert invitations.find_valid(new_key) == invitation
    invitation.refresh_from_db()
    assert invitation.times_sent == 2
    assert invitation.invited_by == demo_org.user("rektor")
    assert Invitation.objects.filter(person=newcomer).count() == 1
    with pytest.raises(InvitationRefused):
        invitations.activate(
            Invitation(pk=invitation.pk, key_hash=invitations.hash_of(old_key)), PASSWORD
        )


def test_inviting_again_replaces_the_open_invitation(demo_org, newcomer):
    first = _invite(demo_org, newcomer)
    old_key = _key_in(mail.outbox[0])
    _allow_resend(first)

    second = _invite(demo_org, newcomer)

    assert second.pk == first.pk
    assert second.times_sent == 2
    assert invitations.look_up(old_key).state == LinkState.UNKNOWN
    assert invitations.find_valid(_key_in(mail.outbox[1])) == second


def test_an_invitation_to_another_programme_ends_the_older_link(demo_org, newcomer):
    school = _invite(demo_org, newcomer)
    school_key = _key_in(mail.outbox[0])
    _allow_resend(school)

    invitations.invite(
        newcomer,
        programme=demo_org.kindergarten_programme,
        actor=demo_org.user("admin"),
        base_url=BASE_URL,
    )

    assert invitations.look_up(school_key).state == LinkState.EXPIRED
    assert invitations.find_valid(_key_in(mail.outbox[1])).programme == (
        demo_org.kindergarten_programme
    )


def test_sending_again_within_a_minute_is_refused_and_changes_nothing(demo_org, newcomer):
    invitation = _invite(demo_org, newcomer)
    before = row_counts()
    key_hash = Invitation.objects.get(pk=invitation.pk).key_hash

    with pytest.raises(InvitationRefused) as refused:
        invitations.resend(invitation, actor=demo_org.user("admin"), base_url=BASE_URL)
    with pytest.raises(InvitationRefused):
        _invite(demo_org, newcomer)

    assert refused.value.reason == "too_soon"
    assert len(mail.outbox) == 1
    assert row_counts() == before
    assert Invitation.objects.get(pk=invitation.pk).key_hash == key_hash


@pytest.mark.parametrize("case", ["no_email", "inactive", "active"])
def test_who_cannot_be_invited(demo_org, newcomer, case):
    if case == "no_email":
        newcomer.email = ""
    elif case == "inactive":
        newcomer.is_active = False
    else:
        newcomer.last_login = timezone.now()
    newcomer.save()
    before = row_counts()

    with pytest.raises(InvitationRefused) as refused:
        _invite(demo_org, newcomer)

    assert refused.value.reason == case
    assert mail.outbox == []
    assert row_counts() == before


def test_activating_sets_the_password_and_spends_the_link(demo_org, newcomer):
    invitation = _invite(demo_org, newcomer)
    key = _key_in(mail.outbox[0])

    person = invitations.activate(invitations.find_valid(key), PASSWORD)

    assert person == newcomer
    assert authenticate(username="nora.ny", password=PASSWORD) == newcomer
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert invitations.look_up(key).state == LinkState.USED
    change = OrgChange.objects.get(action=ChangeAction.ACTIVATED)
    assert (change.actor, change.person, change.programme) == (
        newcomer,
        newcomer,
        demo_org.school_programme,
    )
    before = row_counts()
    with pytest.raises(InvitationRefused) as refused:
        invitations.activate(invitation, "Et-annet-passord-99")
    assert refused.value.reason == LinkState.USED
    assert row_counts() == before
    with pytest.raises(InvitationRefused) as again:
        _invite(demo_org, newcomer)
    assert again.value.reason == "active"


def test_a_weak_password_is_refused_and_changes_nothing(demo_org, newcomer):
    invitation = _invite(demo_org, newcomer)
    before = row_counts()

    with pytest.raises(ValidationError):
        invitations.activate(invitation, "nora.ny123")

    assert row_counts() == before
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_a_person_deactivated_meanwhile_cannot_activate(demo_org, newcomer):
    invitation = _invite(demo_org, newcomer)
    key = _key_in(mail.outbox[0])
    services.set_active(newcomer, False, actor=demo_org.user("admin"))
    before = row_counts()

    assert invitations.look_up(key) == invitations.Lookup(LinkState.UNKNOWN)
    with pytest.raises(InvitationRefused):
        invitations.activate(invitation, PASSWORD)

    assert row_counts() == before
    assert list(invitations.pending(demo_org.school_programme)) == []


def test_malformed_keys_are_unknown_without_a_query(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        for key in ("", "kort", "x" * 44, "æ" * 43, "a/b" + "c" * 40):
            assert invitations.look_up(key) == invitations.Lookup(LinkState.UNKNOWN)


def test_pending_lists_who_has_not_activated(demo_org, newcomer):
    other = Person.objects.create(username="ole.ny", last_name="Andersen", email="o@x.invalid")
    services.grant_role(other, Role.STAFF, unit=demo_org.school)
    first = _invite(demo_org, newcomer)
    second = _invite(demo_org, other)

    assert list(invitations.pending(demo_org.school_programme)) == [second, first]
    assert list(invitations.pending(demo_org.kindergarten_programme)) == []
    assert list(invitations.pending_for(demo_org.user("rektor"), demo_org.school_programme)) == [
        second,
        first,
    ]
    assert list(invitations.pending_for(demo_org.user("styrer"), demo_org.school_programme)) == []

    invitations.activate(first, PASSWORD)

    assert list(invitations.pending(demo_org.school_programme)) == [second]


def test_an_e_mail_that_cannot_be_sent_changes_nothing(demo_org, newcomer, settings):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    before = row_counts()

    with pytest.raises(InvitationRefused) as refused:
        _invite(demo_org, newcomer)

    assert refused.value.reason == "not_sent"
    assert row_counts() == before


@pytest.mark.django_db(transaction=True)
def test_two_clicks_at_once_activate_once(demo_org, newcomer):
    invitation = _invite(demo_org, newcomer)
    results: list[str] = []
    barrier = threading.Barrier(2)

    def click(password: str) -> None:
        barrier.wait()
        try:
            invitations.activate(invitation, password)
            results.append(password)
        except InvitationRefused as refusal:
            results.append(refusal.reason)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=click, args=(password,))
        for password in ("Første-passord-2026", "Andre-passord-2026")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    [winner] = [r for r in results if r.endswith("2026")]
    assert sorted(results) == sorted([winner, "used"])
    assert authenticate(username="nora.ny", password=winner) == newcomer
    assert OrgChange.objects.filter(action=ChangeAction.ACTIVATED).count() == 1


def test_the_invitation_goes_through_a_real_smtp_server(demo_org, newcomer, settings):
    received: list[bytes] = []

    class Keep:
        async def handle_DATA(self, server, session, envelope):
            received.append(envelope.content)
            return "250 OK"

    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    server = Controller(Keep(), hostname="127.0.0.1", port=port)
    server.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        _invite(demo_org, newcomer)
    finally:
        server.stop()

    [raw] = received
    message = email.message_from_bytes(raw)
    assert message["To"] == "nora@skole.invalid"
    assert message["Content-Language"] == "nb"
    body = message.get_payload(decode=True).decode(message.get_content_charset())
    key = LINK.search(body).group(1)
    client = Client()
    client.get(reverse("portal:activate", kwargs={"key": key}))
    response = client.post(
        reverse("portal:activation"), {"password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302
    assert authenticate(username="nora.ny", password=PASSWORD) == newcomer
