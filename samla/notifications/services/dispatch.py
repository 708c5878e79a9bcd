"""One run of the notifications job (``manage.py send_due_notifications``, and the task
worker every few minutes): make what is due, then send what waits — the e-mails due at
once (``mail.send_pending``), then the daily digests (``digest.send_digests``).

A run can be repeated, or run by two workers at once: notifications are made once per
person and occasion, and each e-mail is claimed before it is sent, so none goes twice."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.utils import timezone

from .collect import collect
from .digest import send_digests
from .mail import send_pending


@dataclass
class RunSummary:
    made: int = 0  # notifications made
    sent: int = 0  # e-mails sent at once
    digests: int = 0  # daily digests sent
    failed: int = 0  # e-mails and digests that will not be sent
    retried: int = 0  # e-mails and digests to try again later
    interrupted: int = 0  # e-mails a stopped worker may have sent: never sent again


def run_due(now: datetime | None = None) -> RunSummary:
    """Makes the notifications due at ``now`` and sends the e-mails that wait."""
    now = now or timezone.now()
    summary = RunSummary(made=collect(now))
    with quick_commits():
        mails = send_pending(now)
        digests = send_digests(now)
    summary.sent, summary.digests = mails.sent, digests.sent
    summary.failed = mails.failed + digests.failed
    summary.retried = mails.retried + digests.retried
    summary.interrupted = mails.interrupted + digests.interrupted
    return summary


@contextmanager
def quick_commits() -> Iterator[None]:
    """On PostgreSQL, the sending's many small commits (one per e-mail) return without
    waiting for the write-ahead log to reach the disk. A killed worker loses nothing by it:
    the database has every commit it answered. Only a crash of the database server itself
    could lose the last fraction of a second of outcomes — rows then found claimed, the
    first of each INTERRUPTED and the rest sent again. The bench: a third of the run."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")
