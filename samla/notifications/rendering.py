"""A notification's e-mail and the daily digest: subject, plain text and HTML, written in
the recipient's language, with the headers every Samla notification carries.

The words of a notification are its kind's (``texts.title_and_body``, written by the
sources: what happened, never others' personal data or result figures). The wrapper adds
nothing but a greeting with the recipient's own first name, that text and links: to the
notification's page, to the person's notification settings, and to the signed unsubscribe
address — in the body and in ``List-Unsubscribe`` with ``List-Unsubscribe-Post`` (one
click, RFC 8058). Every link is absolute (``SAMLA_BASE_URL``); a notification whose link
is not a path inside Samla links to the notification list instead."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from samla.org.models import LanguageForm, Membership, Person

from .kinds import Kind
from .models import Notification
from .services import unsubscribe
from .texts import title_and_body

LANGUAGE_CODES = frozenset(code for code, _name in settings.LANGUAGES)
# Subjects longer than this are cut (a title is one line; mail clients show ~80).
SUBJECT_LENGTH = 200
# Stand-ins for what differs from one recipient of the same notification to the next (no
# typed text holds a NUL: texts are cleaned of control characters).
_NAME, _UNSUBSCRIBE = "\x00name\x00", "\x00unsubscribe\x00"


def languages(people: Iterable[Person]) -> dict[int, str]:
    """Each person's e-mail language: the one they chose in Samla, otherwise what
    ``samla.org.invitations.language_for`` says (Nynorsk when every unit they work at
    writes Nynorsk, else Bokmål) — the same rule, read for all of them in two queries
    instead of one per person."""
    chosen: dict[int, str] = {}
    undecided: list[int] = []
    for person in people:
        if person.language in LANGUAGE_CODES:
            chosen[person.pk] = person.language
        else:
            undecided.append(person.pk)
    if not undecided:
        return chosen
    forms: dict[int, set[str]] = {pk: set() for pk in undecided}
    for person_id, form in Membership.objects.filter(
        person_id__in=undecided, unit__isnull=False
    ).values_list("person_id", "unit__language_form"):
        forms[person_id].add(form)
    for person_id, form in Membership.objects.filter(
        person_id__in=undecided, group__isnull=False
    ).values_list("person_id", "group__unit__language_form"):
        forms[person_id].add(form)
    for person_id, found in forms.items():
        found.discard("")
        chosen[person_id] = "nn" if found == {LanguageForm.NYNORSK} else "nb"
    return chosen


def absolute(path: str) -> str:
    """A path inside Samla as an address that works from a mail client."""
    return settings.SAMLA_BASE_URL.rstrip("/") + path


def notification_url(notification: Notification) -> str:
    link = notification.link
    if not link.startswith("/") or link.startswith("//"):
        link = reverse("portal:notifications")
    return absolute(link)


@dataclass(frozen=True)
class Item:
    """One notification as the digest lists it."""

    title: str
    body: str
    url: str


def notification_message(notification: Notification, language: str) -> EmailMultiAlternatives:
    """The e-mail of one notification to its person (``notification.person``, read with
    it), written in ``language``."""
    person = notification.person
    unsubscribe_url = unsubscribe.link(person.pk, notification.kind)
    with translation.override(language):
        title, body = title_and_body(notification.kind, notification.params)
        text, html = _notification_parts(
            language,
            notification.kind,
            title,
            body,
            notification_url(notification),
            absolute(reverse("portal:notification_settings")),
            bool(person.first_name),
        )
    text = text.replace(_NAME, person.first_name).replace(_UNSUBSCRIBE, unsubscribe_url)
    html = html.replace(_NAME, escape(person.first_name))
    html = html.replace(_UNSUBSCRIBE, escape(unsubscribe_url))
    return _message(person, language, _one_line(title), text, html, unsubscribe_url)


@lru_cache(maxsize=4096)
def _notification_parts(
    language: str, kind: str, title: str, body: str, url: str, settings_url: str, named: bool
) -> tuple[str, str]:
    """Plain text and HTML of a notification, with stand-ins for the recipient's name and
    unsubscribe address: thousands of people told of one deadline share one rendering (the
    bench: templates were a sixth of the run). The same output as rendering each mail."""
    context = {
        "language": language,
        "first_name": _NAME if named else "",
        "title": title,
        "body": body,
        "url": url,
        "kind": Kind(kind).label if kind in Kind.values else "",
        "settings_url": settings_url,
        "unsubscribe_url": _UNSUBSCRIBE,
    }
    return (
        render_to_string("notifications/email/notification.txt", context),
        render_to_string("notifications/email/notification.html", context),
    )


def digest_message(
    person: Person, notifications: Sequence[Notification], language: str
) -> EmailMultiAlternatives:
    """The daily digest: every notification given, title and link, in one e-mail. Its
    unsubscribe address stops the e-mails of every kind."""
    unsubscribe_url = unsubscribe.link(person.pk, unsubscribe.EVERY_KIND)
    with translation.override(language):
        items = []
        for notification in notifications:
            title, body = title_and_body(notification.kind, notification.params)
            items.append(Item(_one_line(title), body, notification_url(notification)))
        subject = _("Today's notifications from Samla")
        context = {
            "language": language,
            "first_name": person.first_name,
            "items": items,
            "subject": subject,
            "settings_url": absolute(reverse("portal:notification_settings")),
            "unsubscribe_url": unsubscribe_url,
        }
        text = render_to_string("notifications/email/digest.txt", context)
        html = render_to_string("notifications/email/digest.html", context)
    return _message(person, language, subject, text, html, unsubscribe_url)


def _one_line(text: str) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= SUBJECT_LENGTH else line[: SUBJECT_LENGTH - 1] + "…"


class _Mail(EmailMultiAlternatives):
    """A mail whose parts' boundary is chosen here: random, so it cannot occur in the
    parts, which spares Python's e-mail package compiling a pattern per message to find
    one (the bench: a seventh of the run's CPU)."""

    def message(self, *args, **kwargs):
        built = super().message(*args, **kwargs)
        if built.is_multipart():
            built.set_boundary(f"samla-{uuid.uuid4().hex}")
        return built


def _message(
    person: Person, language: str, subject: str, text: str, html: str, unsubscribe_url: str
) -> EmailMultiAlternatives:
    message = _Mail(
        subject=subject,
        body=text,
        to=[person.email],
        headers={
            "Content-Language": language,
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            # An automatic message: out-of-office replies should not answer it (RFC 3834).
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    return message
