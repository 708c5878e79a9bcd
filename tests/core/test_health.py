"""The health endpoints as a load balancer calls them: on the server's own address, over
plain http, with no login, and with each check able to fail on its own."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from samla.core import health


def _task(**fields) -> None:
    now = timezone.now()
    DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="samla.notifications.tasks.run_notifications",
        backend_name="default",
        queue_name="default",
        run_after=now,
        exception_class_path="",
        traceback="",
        **fields,
    )


@pytest.fixture
def db_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    DBTaskResult.objects.all().delete()
    health._migrated = False


@override_settings(ALLOWED_HOSTS=["samla.example.no"], SECURE_SSL_REDIRECT=True)
def test_liveness_answers_on_any_host_over_http_without_the_database(db):
    response = Client().get("/health/live", HTTP_HOST="10.0.0.7:8000")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


@override_settings(ALLOWED_HOSTS=["samla.example.no"], SECURE_SSL_REDIRECT=True)
def test_ready_when_every_check_holds(db, db_tasks):
    _task(status="SUCCESSFUL", started_at=timezone.now() - timedelta(minutes=4))
    response = Client().get("/health/ready", HTTP_HOST="10.0.0.7:8000")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "ok"
    assert {name: check["state"] for name, check in body["checks"].items()} == {
        "database": "ok", "cache": "ok", "migrations": "ok", "worker": "ok",
    }  # fmt: skip


def test_a_stale_worker_degrades_readiness_and_fails_its_own_check(db, db_tasks, settings):
    settings.SAMLA_WORKER_STALE_MINUTES = 15
    _task(status="SUCCESSFUL", started_at=timezone.now() - timedelta(minutes=16))
    _task(status="READY")  # waiting, nobody takes it
    # Respondents can still answer: the server stays in rotation, and says why it is not ok.
    response = Client().get("/health/ready")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["worker"]["state"].startswith("failed: RuntimeError")
    assert body["checks"]["database"]["state"] == "ok"
    worker = Client().get("/health/worker")
    assert worker.status_code == 503
    assert worker.json()["status"] == "fail"
    _task(status="SUCCESSFUL", started_at=timezone.now())
    assert Client().get("/health/worker").status_code == 200


def test_a_worker_busy_with_one_long_task_is_alive(db, db_tasks):
    _task(status="RUNNING", started_at=timezone.now() - timedelta(hours=2))
    body = Client().get("/health/ready").json()
    assert body["checks"]["worker"]["state"] == "ok (busy)"
    DBTaskResult.objects.update(started_at=timezone.now() - timedelta(hours=health.BUSY_HOURS + 1))
    assert Client().get("/health/worker").status_code == 503


def test_an_unapplied_migration_makes_the_server_not_ready(db, db_tasks):
    _task(status="SUCCESSFUL", started_at=timezone.now())
    MigrationRecorder.Migration.objects.filter(app="org", name="0005_api_tokens").delete()
    response = Client().get("/health/ready")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"]["state"] == (
        "failed: RuntimeError: 1 migrations not applied"
    )


def test_a_cache_that_cannot_be_reached_is_named_without_its_address(db, db_tasks, settings):
    _task(status="SUCCESSFUL", started_at=timezone.now())
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://:secret-password@127.0.0.1:1/0",
        }
    }
    from django.core.cache import caches

    caches._settings = None  # read the changed CACHES
    try:
        response = Client().get("/health/ready")
    finally:
        caches._settings = None
    assert response.status_code == 503
    body = response.content.decode()
    assert "secret-password" not in body and "127.0.0.1:1" not in body
    assert response.json()["checks"]["cache"]["state"].startswith("failed: ConnectionError")


def test_other_addresses_pass_through(db):
    assert Client().get("/health/").status_code == 404
    assert Client().get("/health/ready/x").status_code == 404
