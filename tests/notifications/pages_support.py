"""Notifications for the page tests: rows as the sources make them, through ``store``."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from samla.notifications import services
from samla.notifications.kinds import Kind
from samla.notifications.models import Notification
from samla.notifications.sources import Due
from samla.org.models import Person

# Every word any source's texts read, so a text works for the kinds used here.
PARAMS = {
    "title": "Lesetrening",
    "date": "2026-10-08",
    "role": "staff",
    "programme": "Kultur for læring",
    "group": "Gruppe 1",
    "unit": "Demo skole",
    "start": "14:00",
    "end": "15:30",
}


def notify(
    person: Person,
    count: int = 1,
    *,
    kind: Kind = Kind.DEADLINE_WEEK,
    link: str = "/",
    start: datetime | None = None,
    prefix: str = "test",
) -> list[Notification]:
    """``count`` notifications for the person, made a minute apart (the last newest)."""
    start = start or timezone.now() - timedelta(hours=1)
    keys = [f"{prefix}:{n}" for n in range(count)]
    due = [
        Due(person.pk, kind, key, link, None, {**PARAMS, "title": f"Frist {n}"})
        for n, key in enumerate(keys)
    ]
    services.store(due, start)
    # store() stamps created_at with the clock: the order the tests read is set here.
    for n, key in enumerate(keys):
        Notification.objects.filter(person=person, key=key).update(
            created_at=start + timedelta(minutes=n)
        )
    return [Notification.objects.get(person=person, key=key) for key in keys]
