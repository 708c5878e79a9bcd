"""A notification's e-mail is never sent twice: two workers at once share the mails
between them; a worker killed with a message in flight leaves that one INTERRUPTED (never
sent again) and the rest of its claim to the next run; a claim that is not stale is left
to its worker."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection

from samla.notifications.models import MailState, Notification
from samla.notifications.services import mail, run_due, send_pending
from tests.notifications.test_mail_support import BASE, NOW, addressees, notify, person
from tests.smtp_server import free_port

ROOT = Path(settings.BASE_DIR)


def ours(messages) -> list[str]:
    """The test people's addresses among the messages (the demo's people may get some)."""
    return [address for address in addressees(messages) if address.endswith("@mail.test")]


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_each_mail_once(smtp, monkeypatch):
    monkeypatch.setattr(mail, "BATCH", 7)  # many claims, so the workers meet
    names = [f"p{n:02}" for n in range(40)]
    for name in names:
        notify(person(name))
    barrier, summaries = threading.Barrier(2), []

    def work() -> None:
        barrier.wait()
        try:
            summaries.append(run_due(NOW))
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert ours(smtp.messages) == [f"{name}@mail.test" for name in names]
    assert len(smtp.messages) == len({message["To"] for message in smtp.messages})
    assert sum(summary.sent for summary in summaries) == len(smtp.messages)
    states = Notification.objects.filter(person__username__in=names).values_list(
        "mail_state", flat=True
    )
    assert set(states) == {MailState.SENT}


def test_a_dead_workers_claim_loses_only_the_message_in_flight(db, smtp):
    rows = [notify(person(name)) for name in ("anne", "bjorn", "cato", "dina")]
    sent, in_flight, waiting, other = (row.pk for row in rows)
    # A worker claimed the first three eleven minutes ago, sent the first and died.
    Notification.objects.filter(pk__in=[sent, in_flight, waiting]).update(
        mail_state=MailState.CLAIMED, mail_claim="dead", mail_claimed_at=NOW - timedelta(minutes=11)
    )
    Notification.objects.filter(pk=sent).update(mail_state=MailState.SENT, mail_sent_at=NOW)
    # A living worker claimed the fourth a minute ago.
    Notification.objects.filter(pk=other).update(
        mail_state=MailState.CLAIMED, mail_claim="alive", mail_claimed_at=NOW - timedelta(minutes=1)
    )

    counts = send_pending(NOW)

    state = dict(Notification.objects.values_list("pk", "mail_state"))
    assert counts.interrupted == 1 and counts.sent == 1
    assert [state[pk] for pk in (sent, in_flight, waiting, other)] == [
        MailState.SENT,
        MailState.INTERRUPTED,
        MailState.SENT,
        MailState.CLAIMED,
    ]
    assert addressees(smtp.messages) == ["cato@mail.test"]

    send_pending(NOW + timedelta(hours=1))  # the living worker is gone by now too

    state = dict(Notification.objects.values_list("pk", "mail_state"))
    assert (state[in_flight], state[other]) == (MailState.INTERRUPTED, MailState.INTERRUPTED)
    assert addressees(smtp.messages) == ["cato@mail.test"]


def test_a_claim_past_its_window_gives_back_what_it_has_not_sent(db, smtp, monkeypatch):
    monkeypatch.setattr(mail, "SEND_WINDOW", timedelta(0))  # every claim sends one
    rows = [notify(person(name)) for name in ("anne", "bjorn", "cato")]

    counts = send_pending(NOW)

    done = Notification.objects.filter(pk__in=[row.pk for row in rows])
    assert counts.sent == 3 and addressees(smtp.messages) == [
        "anne@mail.test",
        "bjorn@mail.test",
        "cato@mail.test",
    ]
    assert set(done.values_list("mail_state", "mail_attempts")) == {(MailState.SENT, 1)}
    assert len(set(done.values_list("mail_claim", flat=True))) == 3


class Stalling:
    """A mail server that takes every message but never answers the third: the worker
    waits with that message in flight until it is killed."""

    def __init__(self) -> None:
        self.received: list[str] = []
        self.in_flight = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        self.received.extend(envelope.rcpt_tos)
        if len(self.received) == 3:
            self.in_flight.set()
            await asyncio.sleep(120)
        return "250 OK"


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


WORKER = (
    "import sys, django; django.setup()\n"
    "from datetime import datetime\n"
    "from samla.notifications.services import send_pending\n"
    "send_pending(datetime.fromisoformat(sys.argv[1]))\n"
)


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_batch_then_a_restart_sends_no_mail_twice(smtp):
    names = ["anne", "bjorn", "cato", "dina", "erik"]
    rows = [notify(person(name)) for name in names]
    stalling, port = Stalling(), free_port()
    server = Controller(stalling, hostname="127.0.0.1", port=port)
    server.start()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": _database_url(),
        "SAMLA_EMAIL_BACKEND": "smtp",
        "SAMLA_EMAIL_HOST": "127.0.0.1",
        "SAMLA_EMAIL_PORT": str(port),
        "SAMLA_BASE_URL": BASE,
    }
    worker = subprocess.Popen([sys.executable, "-c", WORKER, NOW.isoformat()], cwd=ROOT, env=env)
    try:
        assert stalling.in_flight.wait(timeout=60)
        worker.kill()
        worker.wait(timeout=10)
    finally:
        server.stop()
    killed = [Notification.objects.get(pk=row.pk).mail_state for row in rows]

    send_pending(NOW + timedelta(minutes=11))

    assert killed == [MailState.SENT] * 2 + [MailState.CLAIMED] * 3
    everything = sorted(stalling.received + addressees(smtp.messages))
    assert everything == [f"{name}@mail.test" for name in names]
    assert addressees(smtp.messages) == ["dina@mail.test", "erik@mail.test"]
    final = [Notification.objects.get(pk=row.pk).mail_state for row in rows]
    assert final == [MailState.SENT] * 2 + [MailState.INTERRUPTED] + [MailState.SENT] * 2
