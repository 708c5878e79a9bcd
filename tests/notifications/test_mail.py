"""The e-mail of a notification, read from a real SMTP server: plain text and HTML, the
unsubscribe headers, the recipient's language, absolute links and an unsubscribe link that
works with one click; temporary failures retried with back-off, refused addresses noted
for the administrators while the rest still go; no e-mail to whom wants none."""

from __future__ import annotations

import re
import socket
from datetime import timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from samla.notifications.kinds import Channel, Kind
from samla.notifications.models import AddressProblem, MailChoice, MailState, Notification
from samla.notifications.services import run_due, send_pending, unsubscribe
from samla.notifications.services.mail import BACKOFF, MAX_ATTEMPTS
from samla.notifications.texts import title_and_body
from samla.org.invitations import language_for
from samla.org.models import LanguageForm, Membership, Role
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

UNSUBSCRIBE = re.compile(r"<(https://samla\.example\.no/varsler/avmeld/([^/]+)/)>")


def test_the_mail_has_both_parts_the_headers_and_absolute_links(db, smtp):
    ola = person("ola", language="en")
    notification = notify(ola, link="/planer/frister/")

    summary = run_due(NOW)

    [message] = smtp.to("ola@mail.test")
    assert message["Subject"] == "Deadline today: Tiltaksplan"
    assert message["Content-Language"] == "en"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Auto-Submitted"] == "auto-generated"
    url, token = UNSUBSCRIBE.fullmatch(message["List-Unsubscribe"].strip()).groups()
    assert unsubscribe.read(token) == (ola.pk, Kind.DEADLINE_TODAY)
    text, html = text_of(message), html_of(message)
    with translation.override("en"):
        title, body = title_and_body(notification.kind, notification.params)
    for part in (text, html):
        assert "Hello Ola," in part
        assert title in part and body in part
        assert f"{BASE}/planer/frister/" in part
        assert f"{BASE}/varsler/innstillinger/" in part
        assert url in part
    assert '<html lang="en">' in html and f'href="{BASE}/planer/frister/"' in html
    notification.refresh_from_db()
    assert (notification.mail_state, notification.mail_attempts) == (MailState.SENT, 1)
    assert notification.mail_sent_at is not None and notification.read_at is None
    assert summary.sent == 1


def test_the_one_click_unsubscribe_from_the_header_stops_that_kind(db, smtp):
    ola = person("ola", language="en")
    notify(ola)
    send_pending(NOW)
    [message] = smtp.to("ola@mail.test")
    url, _token = UNSUBSCRIBE.fullmatch(message["List-Unsubscribe"].strip()).groups()

    response = Client().post(
        url.removeprefix(BASE),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert list(MailChoice.objects.filter(person=ola).values_list("kind", "channel")) == [
        (Kind.DEADLINE_TODAY, Channel.NONE)
    ]


def test_each_recipient_reads_their_own_language(db, smtp, demo_org):
    unit = demo_org.school
    unit.language_form = LanguageForm.NYNORSK
    unit.save(update_fields=["language_form"])
    chosen = {name: person(name, language=name[-2:]) for name in ("kari_nb", "per_nn", "eva_en")}
    nynorsk = person("siri")  # no language chosen, works at a Nynorsk school
    Membership.objects.create(person=nynorsk, role=Role.STAFF, unit=unit)
    bokmal = person("tor")  # no language chosen, no unit
    for who in (*chosen.values(), nynorsk, bokmal):
        notify(who)

    send_pending(NOW)

    expected = {
        "kari_nb": ("nb", "Enhetsleder"),
        "per_nn": ("nn", "Einingsleiar"),
        "eva_en": ("en", "Unit leader"),
        "siri": ("nn", "Einingsleiar"),
        "tor": ("nb", "Enhetsleder"),
    }
    assert (language_for(nynorsk), language_for(bokmal)) == ("nn", "nb")
    for name, (language, role) in expected.items():
        [message] = smtp.to(f"{name}@mail.test")
        with translation.override(language):
            title, _body = title_and_body(Kind.DEADLINE_TODAY, PARAMS)
        assert message["Content-Language"] == language
        assert message["Subject"] == title
        assert role in text_of(message) and role in html_of(message)
        assert f'<html lang="{language}">' in html_of(message)
    assert "Hello" not in text_of(smtp.to("kari_nb@mail.test")[0])


def test_a_link_that_is_not_a_path_in_samla_leads_to_the_list(db, smtp):
    ola = person("ola", language="en")
    notify(ola, link="https://elsewhere.example/")

    send_pending(NOW)

    [message] = smtp.to("ola@mail.test")
    assert f"{BASE}/varsler/" in text_of(message).splitlines()
    assert "elsewhere" not in text_of(message) + html_of(message)


def test_a_temporary_failure_is_retried_after_the_back_off(db, smtp):
    first, second = person("first"), person("second")
    one, two = notify(first), notify(second)
    smtp.failures_left = 1

    counts = send_pending(NOW)

    one.refresh_from_db()
    assert (counts.sent, counts.retried) == (1, 1)
    assert (one.mail_state, one.mail_attempts, one.mail_error) == (
        MailState.PENDING,
        1,
        "SMTPDataError 451",
    )
    assert NOW + BACKOFF[0] <= one.mail_next_at < NOW + BACKOFF[0] + timedelta(minutes=1)
    assert addressees(smtp.messages) == ["second@mail.test"]

    assert send_pending(NOW + timedelta(minutes=4)).sent == 0
    assert send_pending(NOW + timedelta(minutes=6)).sent == 1

    one.refresh_from_db()
    two.refresh_from_db()
    assert (one.mail_state, one.mail_attempts, one.mail_error) == (MailState.SENT, 2, "")
    assert two.mail_state == MailState.SENT
    assert addressees(smtp.messages) == ["first@mail.test", "second@mail.test"]


def test_a_mail_that_keeps_failing_fails_after_the_last_attempt(db, smtp):
    notification = notify(person("ola"))
    smtp.failures_left = MAX_ATTEMPTS
    moment, states = NOW, []

    for delay in (timedelta(0), *BACKOFF):
        moment += delay + timedelta(minutes=1)
        send_pending(moment)
        notification.refresh_from_db()
        states.append((notification.mail_state, notification.mail_attempts))

    assert states == [(MailState.PENDING, n) for n in range(1, MAX_ATTEMPTS)] + [
        (MailState.FAILED, MAX_ATTEMPTS)
    ]
    assert smtp.messages == [] and smtp.failures_left == 0
    assert send_pending(moment + timedelta(days=2)).sent == 0


def test_an_unreachable_server_puts_the_mails_back_and_the_worker_goes_on(db, smtp, settings):
    settings.EMAIL_PORT = _closed_port()
    rows = [notify(person(name)) for name in ("ola", "kari")]

    counts = send_pending(NOW)

    assert (counts.sent, counts.retried, counts.failed) == (0, 2, 0)
    for row in rows:
        row.refresh_from_db()
        assert (row.mail_state, row.mail_attempts, row.mail_error) == (
            MailState.PENDING,
            1,
            "ConnectionRefusedError",
        )
        assert row.mail_next_at >= NOW + BACKOFF[0]


def test_a_refused_address_fails_is_noted_and_the_rest_still_go(db, smtp):
    people = [person(name) for name in ("anne", "bjorn", "cato")]
    rows = [notify(who) for who in people]
    smtp.refused_addresses.add("bjorn@mail.test")

    counts = send_pending(NOW)

    assert (counts.sent, counts.failed) == (2, 1)
    assert addressees(smtp.messages) == ["anne@mail.test", "cato@mail.test"]
    refused = Notification.objects.get(pk=rows[1].pk)
    assert (refused.mail_state, refused.mail_error) == (
        MailState.FAILED,
        "SMTPRecipientsRefused 550",
    )
    assert list(AddressProblem.objects.values_list("person", "address", "reason")) == [
        (people[1].pk, "bjorn@mail.test", "SMTPRecipientsRefused 550")
    ]

    later = notify(people[1], key="deadline_today:2:2026-09-21")
    assert send_pending(NOW).failed == 1
    later.refresh_from_db()
    assert (later.mail_state, later.mail_attempts, later.mail_error) == (
        MailState.FAILED,
        0,
        "AddressProblem",
    )


def test_an_address_that_cannot_be_one_is_noted_without_a_try(db, smtp):
    broken = person("broken", email="broken@")
    notification = notify(broken)
    notify(person("ola"))

    counts = send_pending(NOW)

    notification.refresh_from_db()
    assert (counts.sent, counts.failed) == (1, 1)
    assert (notification.mail_state, notification.mail_error) == (
        MailState.FAILED,
        "invalid address",
    )
    assert list(AddressProblem.objects.values_list("person", "address")) == [(broken.pk, "broken@")]
    assert addressees(smtp.messages) == ["ola@mail.test"]


def test_each_mail_costs_one_query_more(db, smtp):
    def queries_for(count: int, prefix: str) -> int:
        for n in range(count):
            notify(person(f"{prefix}{n}"))
        with CaptureQueriesContext(connection) as captured:
            assert send_pending(NOW).sent == count
        return len(captured.captured_queries)

    assert queries_for(3, "three") - queries_for(1, "one") == 2  # the write of each SENT


def test_no_mail_to_whom_wants_none_or_cannot_get_one(db, smtp):
    no_address = person("noaddress", email="")
    chose_none = person("none")
    MailChoice.objects.create(person=chose_none, kind=Kind.DEADLINE_TODAY, channel=Channel.NONE)
    removed = person("removed")
    stopped = person("stopped")
    left = person("left")
    digest = person("digest")
    rows = [notify(who) for who in (no_address, chose_none, removed, stopped, left, digest)]
    # Changed after the notification was made: the address, the choice, the account.
    removed.email = ""
    removed.save(update_fields=["email"])
    MailChoice.objects.create(person=stopped, kind=Kind.DEADLINE_TODAY, channel=Channel.NONE)
    left.is_active = False
    left.save(update_fields=["is_active"])
    MailChoice.objects.create(person=digest, kind=Kind.DEADLINE_TODAY, channel=Channel.DIGEST)

    counts = send_pending(NOW)

    assert smtp.messages == [] and counts.sent == 0
    states = [Notification.objects.get(pk=row.pk).mail_state for row in rows]
    assert states == [MailState.NONE] * 5 + [MailState.DIGEST]
    assert Notification.objects.filter(read_at__isnull=True).count() == 6  # in the app


def _closed_port() -> int:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        return closed.getsockname()[1]
