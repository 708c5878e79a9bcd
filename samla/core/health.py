"""Health checks for load balancers and orchestrators, answered before anything else in
the stack (no host check, no https redirect, no session, no login), so a probe on the
server's own address works:

- ``/health/live``: the process answers (liveness; touches nothing else).
- ``/health/ready``: this server can serve (readiness): the database answers, the shared
  cache keeps a value, every migration is applied — 200 with each check's result, or 503
  naming the check that failed. The task worker's state is in the answer too; a stale
  worker makes it "degraded" but still 200, since respondents can answer without it and
  taking every server out of rotation for it would stop them.
- ``/health/worker``: the task worker alone, 200 or 503, for alerting.

The worker has no heartbeat of its own to read: its evidence is the task queue. The
notifications job queues itself every ``SAMLA_NOTIFICATION_MINUTES``, so a running worker
starts a task at least that often; a worker busy with one long task (a national results
build) has a task RUNNING that started less than ``BUSY_HOURS`` ago. Stale means neither
for ``SAMLA_WORKER_STALE_MINUTES`` (15). Answers name an error's class only, never its
text."""

from __future__ import annotations

import json
import logging
import secrets
import time
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger("samla.health")

LIVE, READY, WORKER = "/health/live", "/health/ready", "/health/worker"
BUSY_HOURS = 6
_migrated = False  # once all are applied they stay applied: checked once per process


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _cache() -> str:
    key, value = f"samla:health:{secrets.token_hex(8)}", secrets.token_hex(8)
    cache.set(key, value, 30)
    try:
        if cache.get(key) != value:
            raise RuntimeError("the cache did not keep a value")
    finally:
        cache.delete(key)
    return "ok"


def _migrations() -> str:
    global _migrated
    if not _migrated:
        executor = MigrationExecutor(connection)
        waiting = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if waiting:
            raise RuntimeError(f"{len(waiting)} migrations not applied")
        _migrated = True
    return "ok"


def _worker() -> str:
    if "django_tasks_db" not in settings.TASKS["default"]["BACKEND"]:
        return "not used"
    now = timezone.now()
    stale = now - timedelta(minutes=settings.SAMLA_WORKER_STALE_MINUTES)
    tasks = DBTaskResult.objects
    if tasks.filter(started_at__gte=stale).exists():
        return "ok"
    busy = tasks.filter(status="RUNNING", started_at__gte=now - timedelta(hours=BUSY_HOURS))
    if busy.exists():
        return "ok (busy)"
    raise RuntimeError("no task started by a worker recently")


CHECKS: dict[str, Callable[[], str]] = {
    "database": _database,
    "cache": _cache,
    "migrations": _migrations,
    "worker": _worker,
}


# The checks a server cannot serve without; the worker's is reported beside them.
SERVING = ("database", "cache", "migrations")


def run_checks(names) -> dict[str, dict]:
    results = {}
    for name in names:
        started = time.perf_counter()
        try:
            state = CHECKS[name]()
        except Exception as error:  # a failing check is the answer, not a crash
            state = f"failed: {type(error).__name__}: {_reason(error)}"
            logger.warning("Health check %s failed", name, exc_info=True)
        ms = round(1000 * (time.perf_counter() - started), 1)
        results[name] = {"state": state, "ms": ms}
    return results


def _failed(results: dict[str, dict], names) -> bool:
    return any(results[name]["state"].startswith("failed") for name in names)


def readiness() -> tuple[int, dict]:
    results = run_checks(CHECKS)
    if _failed(results, SERVING):
        return 503, {"status": "fail", "checks": results}
    status = "degraded" if _failed(results, ["worker"]) else "ok"
    return 200, {"status": status, "checks": results}


def _reason(error: Exception) -> str:
    """Our own checks' words; another library's error text stays out (it may hold a host
    name or a password in a connection string)."""
    return str(error) if type(error) is RuntimeError else "see the server's log"


def _json(status: int, body: dict) -> HttpResponse:
    response = HttpResponse(json.dumps(body), status=status, content_type="application/json")
    response["Cache-Control"] = "no-store"
    return response


class HealthMiddleware:
    """First in ``MIDDLEWARE``: the two addresses answer here, everything else passes."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == LIVE:
            return _json(200, {"status": "ok"})
        if request.path == READY:
            return _json(*readiness())
        if request.path == WORKER:
            results = run_checks(["worker"])
            failed = _failed(results, ["worker"])
            return _json(503 if failed else 200, {"status": "fail" if failed else "ok", **results})
        return self.get_response(request)
