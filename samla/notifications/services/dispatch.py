"""One run of the notifications job (``manage.py send_due_notifications``, and the task
worker every few minutes): make what is due, send what waits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from .collect import collect


@dataclass
class RunSummary:
    made: int = 0
    sent: int = 0
    digests: int = 0
    failed: int = 0


def run_due(now: datetime | None = None) -> RunSummary:
    """Makes the notifications due at ``now`` and sends the e-mails that wait."""
    now = now or timezone.now()
    summary = RunSummary(made=collect(now))
    # The e-mails (at once, then the digests) are sent here: services/mail.py.
    return summary
