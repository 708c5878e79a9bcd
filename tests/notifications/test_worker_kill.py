"""The task worker killed in the middle of sending, then two workers started again: no
e-mail reaches anyone twice. Real ``manage.py db_worker`` processes on the test database,
a real (slow) SMTP server."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.models import F
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from samla.notifications import tasks
from samla.notifications.kinds import Kind
from samla.notifications.models import MailState, Notification
from samla.org.models import Person

ROOT = Path(__file__).resolve().parents[2]
PEOPLE = 150


def _database_url() -> str:
    values = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{values['NAME']}"
    host, port = values["HOST"] or "127.0.0.1", values["PORT"] or 5432
    return f"postgres://{values['USER']}@{host}:{port}/{values['NAME']}"


def _worker(smtp_port: int, log: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "samla.settings",
        "DATABASE_URL": _database_url(),
        "SAMLA_DEMO": "true",
        "SAMLA_HTTPS": "false",
        "SAMLA_EMAIL_BACKEND": "smtp",
        "SAMLA_EMAIL_HOST": "127.0.0.1",
        "SAMLA_EMAIL_PORT": str(smtp_port),
        "SAMLA_BASE_URL": "https://samla.example.no",
        "SAMLA_NOTIFICATION_MINUTES": "0",  # the next run at once, over and over
    }
    command = [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay"]
    with log.open("ab") as out:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=out)


def _wait(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {seconds} s for {what}")
        time.sleep(0.1)


def _unfinished() -> int:
    return Notification.objects.filter(
        mail_state__in=[MailState.PENDING, MailState.CLAIMED]
    ).count()


def test_a_killed_worker_and_two_restarted_ones_send_no_mail_twice(
    transactional_db, smtp, _smtp_server, tmp_path
):
    now = timezone.now()
    people = Person.objects.bulk_create(
        Person(username=f"p{i}", email=f"p{i}@skole.example", first_name=f"P{i}")
        for i in range(PEOPLE)
    )
    Notification.objects.bulk_create(
        Notification(
            person=person,
            kind=Kind.DEADLINE_TODAY,
            key=f"deadline_today:kill:{person.pk}",
            link="/frister/",
            params={
                "title": "Frist",
                "date": now.date().isoformat(),
                "role": "staff",
                "programme": "Kultur for læring",
            },
            mail_state=MailState.PENDING,
            mail_next_at=now - timedelta(minutes=1),
        )
        for person in people
    )
    DBTaskResult.objects.filter(task_path=tasks.send_due_notifications.module_path).delete()
    tasks.schedule_now()
    smtp.delay_seconds = 0.03
    log = tmp_path / "workers.log"

    first = _worker(_smtp_server.port, log)
    try:
        _wait(lambda: len(smtp.raw) >= PEOPLE // 3, 60, "a third of the mails")
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait()
    received_before = len(smtp.raw)
    assert received_before < PEOPLE, "the worker was killed after it had finished"
    # As if the workers came back more than ten minutes later: the dead claim is stale.
    Notification.objects.filter(mail_state=MailState.CLAIMED).update(
        mail_claimed_at=F("mail_claimed_at") - timedelta(minutes=11)
    )
    smtp.delay_seconds = 0.005
    again = [_worker(_smtp_server.port, log), _worker(_smtp_server.port, log)]
    try:
        _wait(lambda: _unfinished() == 0, 90, f"every mail settled\n{log.read_text()[-3000:]}")
    finally:
        for worker in again:
            worker.send_signal(signal.SIGKILL)
            worker.wait()

    received = Counter(address for recipients, _raw in smtp.raw for address in recipients)
    assert max(received.values()) == 1, [a for a, n in received.items() if n > 1]
    states = dict(Notification.objects.values_list("person__email", "mail_state"))
    sent = {address for address, state in states.items() if state == MailState.SENT}
    interrupted = {a for a, state in states.items() if state == MailState.INTERRUPTED}
    assert set(states.values()) <= {MailState.SENT, MailState.INTERRUPTED}
    assert sent <= set(received)  # every mail written SENT reached the server
    assert len(interrupted) <= 1  # at most the one in flight when the worker died
    assert len(received) > received_before  # the restarted workers sent the rest
    assert len(sent) + len(interrupted) == PEOPLE
    assert settings.EMAIL_BACKEND.endswith("smtp.EmailBackend")
