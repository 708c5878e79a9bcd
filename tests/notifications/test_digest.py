"""The daily digest, read from a real SMTP server: from the digest hour (Oslo time) every
notification a person chose to get in it, titles with links, in one e-mail — once a day,
even with two runs or two workers at once; a failure tried again later that day; a worker
that died while sending it sends none of its notifications again."""

from __future__ import annotations

import re
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import translation

from samla.notifications.kinds import Channel, Kind
from samla.notifications.models import DigestSent, MailChoice, MailState, Notification
from samla.notifications.services import run_due, send_digests, unsubscribe
from samla.notifications.texts import title_and_body
from tests.notifications.test_mail_support import (
    BASE,
    NOW,
    PARAMS,
    addressees,
    html_of,
    notify,
    person,
    text_of,
)

MORNING = NOW.replace(hour=7, minute=5)  # Monday 07:05 in Oslo
UNSUBSCRIBE = re.compile(r"<https://samla\.example\.no/varsler/avmeld/([^/]+)/>")


def reader(name: str = "ola", **fields):
    """A person who chose the digest for both deadline kinds."""
    who = person(name, **fields)
    for kind in (Kind.DEADLINE_WEEK, Kind.DEADLINE_TODAY):
        MailChoice.objects.create(person=who, kind=kind, channel=Channel.DIGEST)
    return who


def two_for(who, now=MORNING - timedelta(hours=12)) -> list[Notification]:
    return [
        notify(who, kind=Kind.DEADLINE_WEEK, key="deadline_week:1:2026-09-21", link="/a/", now=now),
        notify(
            who, kind=Kind.DEADLINE_TODAY, key="deadline_today:2:2026-09-14", link="/b/", now=now
        ),
    ]


def states(rows) -> list[str]:
    return [Notification.objects.get(pk=row.pk).mail_state for row in rows]


def test_the_digest_lists_every_waiting_notification_once_a_day(db, smtp):
    ola = reader(language="en")
    rows = two_for(ola)
    assert states(rows) == [MailState.DIGEST] * 2

    before = send_digests(MORNING - timedelta(minutes=10))  # 06:55
    first = send_digests(MORNING)
    later = notify(ola, key="deadline_today:3:2026-09-14", link="/c/", now=MORNING)
    again = send_digests(MORNING + timedelta(hours=3))

    assert (before.sent, first.sent, again.sent) == (0, 1, 0)
    [message] = smtp.messages
    assert message["To"] == "ola@mail.test" and message["Content-Language"] == "en"
    assert message["Subject"] == "Today's notifications from Samla"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    token = UNSUBSCRIBE.fullmatch(message["List-Unsubscribe"].strip()).group(1)
    assert unsubscribe.read(token) == (ola.pk, unsubscribe.EVERY_KIND)
    with translation.override("en"):
        titles = [title_and_body(row.kind, row.params)[0] for row in rows]
    text, html = text_of(message), html_of(message)
    for title, path in zip(titles, ("/a/", "/b/"), strict=True):
        assert title in text and f"{BASE}{path}" in text
        assert f'<a href="{BASE}{path}">{title}</a>' in html
    assert f"{BASE}/c/" not in text
    assert states(rows) == [MailState.IN_DIGEST] * 2
    assert list(DigestSent.objects.values_list("person", "day", "count")) == [
        (ola.pk, MORNING.date(), 2)
    ]

    tomorrow = send_digests(MORNING + timedelta(days=1))

    assert tomorrow.sent == 1 and addressees(smtp.messages) == ["ola@mail.test"] * 2
    assert f"{BASE}/c/" in text_of(smtp.messages[1])
    assert f"{BASE}/a/" not in text_of(smtp.messages[1])
    assert states([later]) == [MailState.IN_DIGEST]


def test_the_digest_hour_is_a_setting(db, smtp, settings):
    settings.SAMLA_DIGEST_HOUR = 9
    two_for(reader())

    assert send_digests(NOW - timedelta(minutes=1)).sent == 0  # 08:59
    assert send_digests(NOW).sent == 1  # 09:00


def test_the_digest_is_in_the_persons_language(db, smtp):
    two_for(reader(language="nn"))

    send_digests(MORNING)

    [message] = smtp.messages
    with translation.override("nn"):
        title, _body = title_and_body(Kind.DEADLINE_TODAY, PARAMS)
    assert message["Content-Language"] == "nn"
    assert '<html lang="nn">' in html_of(message) and title in text_of(message)
    assert text_of(message).startswith("Hei Ola,")


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_one_digest(smtp):
    rows = two_for(reader())
    barrier, sent = threading.Barrier(2), []

    def work() -> None:
        barrier.wait()
        try:
            sent.append(send_digests(MORNING).sent)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(sent) == [0, 1]
    assert addressees(smtp.messages) == ["ola@mail.test"]
    assert states(rows) == [MailState.IN_DIGEST] * 2
    assert DigestSent.objects.count() == 1


def test_a_failed_digest_is_tried_again_later_that_day(db, smtp):
    rows = two_for(reader())
    smtp.failures_left = 1

    failed = send_digests(MORNING)

    assert (failed.sent, failed.retried) == (0, 1)
    assert smtp.messages == [] and DigestSent.objects.count() == 0
    assert states(rows) == [MailState.DIGEST] * 2

    assert send_digests(MORNING + timedelta(minutes=5)).sent == 1
    assert addressees(smtp.messages) == ["ola@mail.test"]
    assert states(rows) == [MailState.IN_DIGEST] * 2


def test_a_digest_a_dead_worker_was_sending_is_never_sent_again(db, smtp):
    ola = reader()
    rows = two_for(ola)
    # A worker claimed today's digest and its rows, and died before the server answered.
    DigestSent.objects.create(person=ola, day=MORNING.date(), claimed_at=MORNING)
    Notification.objects.filter(pk__in=[row.pk for row in rows]).update(
        mail_claim="dead", mail_claimed_at=MORNING
    )

    today = send_digests(MORNING + timedelta(hours=1))
    interrupted = states(rows)
    tomorrow = run_due(MORNING + timedelta(days=1))

    assert (today.sent, today.interrupted) == (0, 2)
    assert interrupted == [MailState.INTERRUPTED] * 2
    assert (tomorrow.digests, tomorrow.interrupted) == (0, 0)
    assert smtp.messages == []
    assert states(rows) == [MailState.INTERRUPTED] * 2


def test_no_digest_to_whom_wants_none_or_has_no_address(db, smtp):
    stopped, gone, ola = reader("stopped"), reader("gone"), reader("ola")
    stopped_rows, gone_rows, ola_rows = two_for(stopped), two_for(gone), two_for(ola)
    MailChoice.objects.filter(person=stopped, kind=Kind.DEADLINE_TODAY).update(channel=Channel.NONE)
    gone.email = ""
    gone.save(update_fields=["email"])

    counts = send_digests(MORNING)

    assert counts.sent == 2 and addressees(smtp.messages) == ["ola@mail.test", "stopped@mail.test"]
    assert states(stopped_rows) == [MailState.IN_DIGEST, MailState.NONE]
    assert states(gone_rows) == [MailState.NONE] * 2
    assert states(ola_rows) == [MailState.IN_DIGEST] * 2
    [to_stopped] = smtp.to("stopped@mail.test")
    assert f"{BASE}/a/" in text_of(to_stopped) and f"{BASE}/b/" not in text_of(to_stopped)


def test_a_refused_address_fails_the_digest_and_is_noted(db, smtp):
    rows = two_for(reader())
    smtp.refused_addresses.add("ola@mail.test")

    counts = send_digests(MORNING)

    assert counts.failed == 1 and smtp.messages == []
    assert states(rows) == [MailState.FAILED] * 2
    ola = rows[0].person
    assert list(ola.address_problems.values_list("address", "reason")) == [
        ("ola@mail.test", "SMTPRecipientsRefused 550")
    ]
    assert send_digests(MORNING + timedelta(days=1)).sent == 0
