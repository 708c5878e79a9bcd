"""The notifications job: ``migrate`` queues it, each run queues the next one before it
works (a killed run leaves the next waiting), one waits at a time, and the command runs
it once for cron."""

from __future__ import annotations

import importlib
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from samla.notifications import tasks
from samla.notifications.kinds import Kind
from samla.notifications.models import Notification
from samla.notifications.sources import Due
from samla.org.models import Person

PATH = tasks.send_due_notifications.module_path
# The module, not the function of the same name that the services package re-exports.
collecting = importlib.import_module("samla.notifications.services.collect")


def waiting() -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path=PATH, status=TaskResultStatus.READY))


def run_ready() -> None:
    """What ``db_worker`` does with each task that is due, without its loop."""
    worker = Worker(
        queue_names=["default"], interval=0, batch=True, backend_name="default",
        startup_delay=False, max_tasks=None, worker_id="test", excluded_queue_names=[],
    )  # fmt: skip
    for result in DBTaskResult.objects.ready().filter(task_path=PATH):
        result.claim("test")
        worker.run_task(result)


def test_one_run_waits_at_a_time(db):
    DBTaskResult.objects.filter(task_path=PATH).delete()
    assert tasks.schedule_now() is True
    assert tasks.schedule_now() is False
    assert tasks.schedule_next() is False
    assert len(waiting()) == 1


def test_a_run_queues_the_next_a_few_minutes_on(db, settings):
    settings.SAMLA_NOTIFICATION_MINUTES = 5
    DBTaskResult.objects.filter(task_path=PATH).delete()
    tasks.schedule_now()
    before = timezone.now()

    run_ready()

    done = DBTaskResult.objects.get(task_path=PATH, status=TaskResultStatus.SUCCESSFUL)
    assert done.finished_at is not None
    [next_run] = waiting()
    assert (
        before + timedelta(minutes=5) <= next_run.run_after <= timezone.now() + timedelta(minutes=5)
    )


def test_migrate_starts_the_chain(db):
    DBTaskResult.objects.filter(task_path=PATH).delete()
    call_command("migrate", "notifications", verbosity=0)
    assert len(waiting()) == 1


def test_the_command_runs_once_or_only_schedules(db, capsys):
    DBTaskResult.objects.filter(task_path=PATH).delete()
    call_command("send_due_notifications")
    assert "Notifications:" in capsys.readouterr().out
    assert waiting() == []
    call_command("send_due_notifications", "--schedule")
    assert "every few minutes" in capsys.readouterr().out
    assert len(waiting()) == 1


def test_a_failing_source_is_skipped_and_logged_without_its_message(db, monkeypatch, caplog):
    person = Person.objects.create(username="frist", email="frist@skole.example")

    def broken(now):
        raise KeyError("elev@skole.example")

    def working(now):
        yield Due(person.pk, Kind.DEADLINE_TODAY, "deadline_today:test", "/")

    monkeypatch.setattr(collecting, "SOURCES", (broken, working))

    assert collecting.collect(timezone.now()) == 1
    assert Notification.objects.get().person == person
    assert "failed (KeyError)" in caplog.text
    assert "elev@" not in caplog.text
