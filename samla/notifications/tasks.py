"""The notifications job in the task worker (``manage.py db_worker``): it runs every few
minutes by queueing its own next run before it does its work, so a worker killed in the
middle still finds the next run waiting when it starts again. ``migrate`` starts the
chain (``apps.py``), and ``manage.py send_due_notifications --schedule`` starts it by hand;
where no worker runs, cron runs ``manage.py send_due_notifications`` instead."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from .services import run_due

log = logging.getLogger(__name__)


@task()
def send_due_notifications() -> None:
    schedule_next()
    summary = run_due()
    log.info(
        "notifications: %s made, %s sent, %s digests, %s failed",
        summary.made,
        summary.sent,
        summary.digests,
        summary.failed,
    )


def _waiting():
    return DBTaskResult.objects.filter(
        task_path=send_due_notifications.module_path, status=TaskResultStatus.READY
    )


def schedule_next(now: datetime | None = None) -> bool:
    """Queues the next run ``SAMLA_NOTIFICATION_MINUTES`` from now unless one waits
    already; returns whether it queued one."""
    if _waiting().exists():
        return False
    now = now or timezone.now()
    minutes = settings.SAMLA_NOTIFICATION_MINUTES
    send_due_notifications.using(run_after=now + timedelta(minutes=minutes)).enqueue()
    return True


def schedule_now() -> bool:
    """Starts the chain: a run at once unless one waits already."""
    if _waiting().exists():
        return False
    send_due_notifications.using(run_after=timezone.now()).enqueue()
    return True
