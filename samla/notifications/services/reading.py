"""What a person does with their notifications: reads them, chooses how each kind reaches
them by e-mail, unsubscribes from a mail's link, and the language their mails are written
in; and a programme's reminder setting, changed by its administrators."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samla.org.models import Person, Programme

from ..kinds import Channel, Kind
from ..models import MailChoice, MailState, Notification, NotificationSettings
from .collect import recount_unread
from .unsubscribe import EVERY_KIND

# E-mails that have not left yet: a kind set to "only in Samla" stops them too.
WAITING = (MailState.PENDING, MailState.DIGEST)
LOW_RATE_RANGE = (1, 100)


def mark_read(person: Person, notification_ids: list[int] | None, now: datetime) -> int:
    """Marks the person's own notifications read (all unread ones when ``notification_ids``
    is None); others' ids are ignored. Returns how many changed.
    Side effects: ``Notification.read_at``; the person's unread count (in the database and
    on ``person``)."""
    unread = Notification.objects.filter(person=person, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    with transaction.atomic():
        changed = unread.update(read_at=now)
        recount_unread([person.pk])
    person.refresh_from_db(fields=["unread_notifications"])
    return changed


def set_mail_choices(person: Person, choices: dict[str, str]) -> None:
    """Stores the person's channel per kind (``Channel.IMMEDIATELY`` is kept as no row).
    Kinds left out of ``choices`` keep what they had.
    Side effects: ``MailChoice`` rows; e-mails still waiting of a kind set to
    ``Channel.NONE`` are not sent (``mail_state`` NONE). Other changes apply to the
    notifications made from now on."""
    known = set(Kind.values), set(Channel.values)
    if not set(choices) <= known[0] or not set(choices.values()) <= known[1]:
        raise ValidationError(_("Choose one of the offered ways for every kind."))
    with transaction.atomic():
        MailChoice.objects.filter(person=person, kind__in=list(choices)).delete()
        MailChoice.objects.bulk_create(
            MailChoice(person=person, kind=kind, channel=channel)
            for kind, channel in choices.items()
            if channel != Channel.IMMEDIATELY
        )
        stopped = [kind for kind, channel in choices.items() if channel == Channel.NONE]
        if stopped:
            Notification.objects.filter(
                person=person, kind__in=stopped, mail_state__in=WAITING
            ).update(mail_state=MailState.NONE, mail_next_at=None)


def apply_unsubscribe(person: Person, kind: str) -> None:
    """The unsubscribe link of a mail: that kind (every kind for ``EVERY_KIND``, the
    digest's link) set to "only in Samla". The notifications still show in the app.
    Side effects: as ``set_mail_choices``."""
    kinds = Kind.values if kind == EVERY_KIND else [kind]
    set_mail_choices(person, dict.fromkeys(kinds, Channel.NONE))


def remember_language(person: Person, language: str) -> None:
    """The language the person chose in Samla, in which their e-mails are written.
    Side effect: ``Person.language``. An unknown language changes nothing."""
    if language not in {code for code, _name in settings.LANGUAGES}:
        return
    if person.language != language:
        Person.objects.filter(pk=person.pk).update(language=language)
        person.language = language


def set_low_rate_percent(programme: Programme, percent: int) -> NotificationSettings:
    """The share of answers under which unit leaders are reminded halfway through a
    round. Side effect: the programme's ``NotificationSettings`` (made when missing)."""
    low, high = LOW_RATE_RANGE
    if not low <= percent <= high:
        raise ValidationError(
            _("Give a share between %(low)s and %(high)s %%.") % {"low": low, "high": high}
        )
    found, _made = NotificationSettings.objects.update_or_create(
        programme=programme, defaults={"low_rate_percent": percent}
    )
    return found
