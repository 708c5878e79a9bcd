"""Attack on issue 20's worker and pages with what goes wrong in real life: a mail server
that refuses every recipient for its own reasons (relaying denied), one that hangs in
the middle of a message or never greets, a person deleted while their mail is on its
way, a notification whose stored params an older version wrote, and one person with
10 000 notifications."""

from __future__ import annotations

import asyncio
import socket
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.db import connection
from django.utils import translation

from samla.notifications.kinds import Channel, Kind
from samla.notifications.models import AddressProblem, MailChoice, MailState, Notification
from samla.notifications.services import postman, recount_unread, run_due
from samla.org.models import Person
from tests.conftest import client_for
from tests.notifications.conftest import _smtp_server, smtp  # noqa: F401  (fixtures)
from tests.notifications.test_mail_support import NOW, notify, person
from tests.smtp_server import free_port


class Recorder:
    """An aiosmtpd handler that keeps (recipients, content) of what it accepts; the
    servers below answer otherwise where it matters."""

    def __init__(self) -> None:
        self.raw: list[tuple[list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):
        self.raw.append((list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


class RelayDenied(Recorder):
    """A mail server that is not ours to send through: every recipient refused with a
    policy code (RFC 3463 X.7.1), as Postfix and Exchange answer a relay they deny."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        return f"554 5.7.1 <{address}>: Relay access denied"


class Hanging(Recorder):
    """A mail server that takes the message and never answers it."""

    def __init__(self) -> None:
        super().__init__()
        self.data_commands = 0

    async def handle_DATA(self, server, session, envelope):
        self.data_commands += 1
        await asyncio.sleep(60)
        return "250 OK"


class SenderRefused(Recorder):
    """A mail server that wants a login we do not give: every MAIL FROM refused."""

    def __init__(self) -> None:
        super().__init__()
        self.mail_commands = 0

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        self.mail_commands += 1
        return "530 5.7.0 Authentication required"


class PolicyRefusesData(Recorder):
    """A mail server that takes the recipients and then refuses every message for its
    sender policy (SPF/DMARC as the operator has not yet set it up)."""

    async def handle_DATA(self, server, session, envelope):
        return "554 5.7.1 Message refused: sender not permitted"


@pytest.fixture
def server(settings, request):
    inbox = request.param()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.SAMLA_BASE_URL = "https://samla.example.no"
    yield inbox
    controller.stop()


def _five_people():
    return [notify(person(f"p{n}"), key=f"deadline_today:{n}:2026-09-14") for n in range(5)]


@pytest.mark.parametrize("server", [RelayDenied], indirect=True)
def test_a_server_that_denies_relaying_marks_no_address_as_bad(db, server):
    rows = _five_people()

    summary = run_due(NOW)

    # The refusal is about our server, not the people's addresses: nobody is listed for
    # the administrators, and the mails are tried again once the server is put right.
    assert AddressProblem.objects.count() == 0
    states = set(
        Notification.objects.filter(pk__in=[r.pk for r in rows]).values_list(
            "mail_state", flat=True
        )
    )
    assert states == {MailState.PENDING}
    assert summary.sent == 0 and summary.retried == 5


@pytest.mark.parametrize("server", [Hanging], indirect=True)
def test_a_server_that_hangs_mid_message_stops_the_run_after_one_timeout(db, server, monkeypatch):
    monkeypatch.setattr(postman, "TIMEOUT_SECONDS", 1)
    rows = _five_people()

    summary = run_due(NOW)

    # One message waited for its timeout; the others were not each given the same wait
    # (with 8 000 mails and a 20 s timeout that would be 44 hours of a stuck worker).
    assert server.data_commands == 1
    assert summary.sent == 0 and summary.retried == 5
    pending = Notification.objects.filter(pk__in=[r.pk for r in rows], mail_state="pending")
    assert pending.count() == 5
    assert all(row.mail_next_at >= NOW + timedelta(minutes=5) for row in pending)


def test_a_server_that_never_greets_is_given_up_after_one_timeout(db, settings, monkeypatch):
    monkeypatch.setattr(postman, "TIMEOUT_SECONDS", 1)
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(16)  # accepts connections (the kernel does) and never says a word
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", silent.getsockname()[1]
    _five_people()

    try:
        summary = run_due(NOW)
    finally:
        silent.close()

    assert summary.sent == 0 and summary.retried == 5
    assert Notification.objects.filter(mail_state=MailState.PENDING).count() == 5


class DeletesTheRecipient(Recorder):
    """Refuses one address, and while it answers the person is deleted in Samla (an
    administrator removing a user at that moment)."""

    def __init__(self, username: str, address: str) -> None:
        super().__init__()
        self.username, self.address = username, address

    def _delete(self) -> None:
        try:
            Person.objects.filter(username=self.username).delete()
        finally:
            connection.close()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == self.address:
            await asyncio.get_running_loop().run_in_executor(None, self._delete)
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"


@pytest.mark.parametrize("channel", [Channel.IMMEDIATELY, Channel.DIGEST])
def test_a_person_deleted_while_their_mail_is_refused_does_not_stop_the_run(
    transactional_db, settings, channel
):
    gone, stays = person("gone"), person("stays")
    if channel == Channel.DIGEST:
        for who in (gone, stays):
            MailChoice.objects.create(person=who, kind=Kind.DEADLINE_TODAY, channel=channel)
    notify(gone, key="deadline_today:1:2026-09-14")
    notify(stays, key="deadline_today:2:2026-09-14")
    inbox = DeletesTheRecipient("gone", gone.email)
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    try:
        summary = run_due(NOW)
    finally:
        controller.stop()

    assert not Person.objects.filter(username="gone").exists()
    assert summary.sent + summary.digests == 1
    assert [to for to, _c in inbox.raw] == [[stays.email]]
    assert AddressProblem.objects.count() == 0


def test_a_row_an_older_version_wrote_still_shows_and_is_mailed(demo_org, smtp):  # noqa: F811
    teacher = demo_org.user("laerer")
    notification = notify(teacher, key="deadline_today:5:2026-09-14")
    Notification.objects.filter(pk=notification.pk).update(params={"tittel": "Gammel"})

    client = client_for("laerer")
    client.cookies["samla_language"] = "en"
    response = client.get("/varsler/")
    summary = run_due(NOW)

    assert response.status_code == 200
    with translation.override("en"):
        assert str(Kind.DEADLINE_TODAY.label) in response.content.decode()
    [message] = smtp.to(teacher.email)
    assert summary.sent == 1
    with translation.override(message["Content-Language"]):
        assert str(message["Subject"]).strip() == str(Kind.DEADLINE_TODAY.label)


def test_ten_thousand_notifications_page_count_and_mark_all(
    demo_org, django_assert_max_num_queries
):
    teacher = demo_org.user("laerer")
    Notification.objects.bulk_create(
        Notification(
            person=teacher,
            kind=Kind.DEADLINE_WEEK,
            key=f"bulk:{n}",
            link="/",
            params={"title": f"T{n}", "date": "2026-10-08", "role": "staff", "programme": "P"},
            mail_state=MailState.NONE,
        )
        for n in range(10_000)
    )
    recount_unread([teacher.pk])
    client = client_for("laerer")
    client.cookies["samla_language"] = "en"

    with django_assert_max_num_queries(15):
        page = client.get("/varsler/?page=200")
    with django_assert_max_num_queries(15):
        client.post("/varsler/lest/", {"all": "1", "page": "200"})
    last = client.get("/varsler/?page=9999")

    body = page.content.decode()
    assert body.count('class="notification notification--unread"') == 50
    assert "10000 unread notifications" in body or "10,000 unread notifications" in body
    teacher.refresh_from_db()
    assert teacher.unread_notifications == 0
    assert Notification.objects.filter(person=teacher, read_at__isnull=True).count() == 0
    assert last.status_code == 200 and last.content.decode().count("notification__title") == 50


@pytest.mark.parametrize("server", [SenderRefused], indirect=True)
def test_a_server_that_refuses_our_sender_stops_the_run_after_one_try(db, server):
    rows = _five_people()

    summary = run_due(NOW)

    assert server.mail_commands == 1
    assert summary.sent == 0 and summary.retried == 5 and summary.failed == 0
    assert AddressProblem.objects.count() == 0
    pending = Notification.objects.filter(pk__in=[r.pk for r in rows], mail_state="pending")
    assert pending.count() == 5


@pytest.mark.parametrize("server", [PolicyRefusesData], indirect=True)
def test_a_message_refused_for_the_servers_policy_is_tried_again(db, server):
    rows = _five_people()

    summary = run_due(NOW)

    # X.7.x: the server's rules about us, which its operator can put right; the mails
    # are not lost for good at the first answer.
    assert summary.sent == 0 and summary.failed == 0 and summary.retried == 5
    assert AddressProblem.objects.count() == 0
    states = Notification.objects.filter(pk__in=[r.pk for r in rows]).values_list(
        "mail_state", flat=True
    )
    assert set(states) == {MailState.PENDING}
