"""What the e-mail tests share (no tests here): people with their own addresses, their
notifications made due through ``services.store`` as a source's ``Due`` would, and the
parts of a message read from the SMTP server."""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage

from samla.core.time import OSLO
from samla.notifications import services
from samla.notifications.kinds import Kind
from samla.notifications.models import Notification
from samla.notifications.sources import Due
from samla.org.models import Person

# A Monday morning, after the digest hour (07:00).
NOW = datetime(2026, 9, 14, 9, 0, tzinfo=OSLO)
BASE = "https://samla.example.no"
# The deadline texts' words: the role's label tells the language apart (Enhetsleder,
# Einingsleiar, Unit leader).
PARAMS = {
    "title": "Tiltaksplan",
    "date": "2026-09-14",
    "role": "unit_leader",
    "programme": "Kultur for læring",
}


def person(name: str, *, language: str = "", email: str | None = None, **fields) -> Person:
    return Person.objects.create(
        username=name,
        email=f"{name}@mail.test" if email is None else email,
        first_name=name.capitalize(),
        language=language,
        **fields,
    )


def notify(
    who: Person,
    *,
    kind: Kind = Kind.DEADLINE_TODAY,
    key: str = "deadline_today:1:2026-09-14",
    link: str = "/planer/frister/",
    now: datetime = NOW,
) -> Notification:
    services.store([Due(who.pk, kind, key, link, None, dict(PARAMS))], now)
    return Notification.objects.get(person=who, key=key)


def text_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def html_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def addressees(messages: list[EmailMessage]) -> list[str]:
    return sorted(message["To"] for message in messages)
