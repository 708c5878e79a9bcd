"""Notifications made from the sources: each occasion once per person, its e-mail waiting
as the person chose (at once, in the daily digest, or none)."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from datetime import datetime

from django.db import transaction
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from samla.org.models import Person

from ..kinds import Channel
from ..models import MailChoice, MailState, Notification
from ..sources import SOURCES, Due

log = logging.getLogger(__name__)

# Rows per statement: well under SQLite's limit on a statement's parameters.
CHUNK = 500


def _chunks(items: Sequence, size: int = CHUNK) -> Iterable[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def collect(now: datetime | None = None) -> int:
    """Runs every source at ``now`` and stores what is new; returns how many notifications
    were made. A source that fails is logged (its error's class) and skipped: the others'
    notifications and the e-mails that wait still go. Side effects: Notification rows;
    people's unread counts."""
    now = now or timezone.now()
    made = 0
    for source in SOURCES:
        try:
            due = list(source(now))
        except Exception as error:  # one broken source must not stop the rest
            log.error(
                "notifications: the source %s failed (%s)", source.__module__, type(error).__name__
            )
            continue
        made += store(due, now)
    return made


def store(due: list[Due], now: datetime) -> int:
    """Stores the notifications not made before (one per person and key) and recounts the
    recipients' unread notifications. People who are inactive get none."""
    if not due:
        return 0
    unique = {(item.person_id, item.key): item for item in due}
    person_ids = sorted({person_id for person_id, _key in unique})
    keys = sorted({key for _person_id, key in unique})
    made_before: set[tuple[int, str]] = set()
    for chunk in _chunks(keys):
        made_before.update(
            Notification.objects.filter(key__in=chunk).values_list("person_id", "key")
        )
    addresses: dict[int, str] = {}
    choices: dict[tuple[int, str], str] = {}
    for chunk in _chunks(person_ids):
        addresses.update(
            Person.objects.filter(pk__in=chunk, is_active=True).values_list("pk", "email")
        )
        choices.update(
            ((person_id, kind), channel)
            for person_id, kind, channel in MailChoice.objects.filter(
                person_id__in=chunk
            ).values_list("person_id", "kind", "channel")
        )
    rows = []
    for (person_id, key), item in unique.items():
        if (person_id, key) in made_before or person_id not in addresses:
            continue
        channel = choices.get((person_id, item.kind), Channel.IMMEDIATELY)
        if not addresses[person_id] or channel == Channel.NONE:
            state = MailState.NONE
        elif channel == Channel.DIGEST:
            state = MailState.DIGEST
        else:
            state = MailState.PENDING
        rows.append(
            Notification(
                person_id=person_id,
                kind=item.kind,
                key=key,
                programme_id=item.programme_id,
                link=item.link,
                params=item.params,
                mail_state=state,
                mail_next_at=now if state == MailState.PENDING else None,
            )
        )
    if not rows:
        return 0
    with transaction.atomic():
        # A worker running at the same moment may have made some: those are skipped.
        Notification.objects.bulk_create(rows, batch_size=CHUNK, ignore_conflicts=True)
        recount_unread(sorted({row.person_id for row in rows}))
    return len(rows)


def recount_unread(person_ids: Sequence[int]) -> None:
    """Writes each person's number of unread notifications (the bell reads it with the
    logged-in person, so no page pays a query for it)."""
    unread = (
        Notification.objects.filter(person=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("person")
        .annotate(count=Count("pk"))
        .values("count")
    )
    for chunk in _chunks(list(person_ids)):
        Person.objects.filter(pk__in=chunk).update(
            unread_notifications=Coalesce(Subquery(unread), Value(0))
        )
