"""Attack on issue 21's health endpoints from the open internet: path tricks around the
three addresses, every method, a forged Host, what the answers tell a stranger, what a
flood of readiness probes costs, and whether a failing check leaves the operator the log
line the answer points to."""

from __future__ import annotations

import logging

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from samla.core import health


def _client() -> Client:
    client = Client()
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize(
    "path",
    [
        "/health/ready/",
        "/HEALTH/READY",
        "/Health/Ready",
        "//health/ready",
        "/health//ready",
        "/health/./ready",
        "/health/ready;x",
        "/health/ready%00",
        "/health/ready%20",
        "/health/live/",
        "/health",
    ],
)
def test_only_the_exact_paths_answer_and_the_rest_is_an_ordinary_404(db, path):
    response = _client().get(path)
    assert response.status_code == 404
    assert b'"checks"' not in response.content


@pytest.mark.parametrize("path", ["/health/ready?verbose=1&x=%00", "/health%2Fready"])
def test_a_query_string_or_an_encoded_slash_changes_nothing(db, path):
    response = _client().get(path)
    assert response.status_code in (200, 503)
    assert set(response.json()["checks"]) == {"database", "cache", "migrations", "worker"}


@pytest.mark.parametrize("method", ["post", "put", "delete", "options", "head"])
def test_any_method_on_a_health_address_writes_nothing_and_needs_no_csrf(db, method):
    client = Client(enforce_csrf_checks=True)
    response = getattr(client, method)("/health/live")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


def test_the_answer_tells_a_stranger_nothing_about_versions_hosts_or_people(db):
    response = _client().get("/health/ready", headers={"Host": "evil.example"})
    text = response.content.decode()
    for secret in ("postgres", "sqlite", "redis", "127.0.0.1", "localhost", "django", "samla/"):
        assert secret not in text.lower()
    assert "Server" not in response.headers or "python" not in response["Server"].lower()
    assert "Set-Cookie" not in response.headers


def test_a_flood_of_readiness_probes_costs_the_same_few_queries_each(db):
    health._migrated = False
    _client().get("/health/ready")  # the first reads the migration graph, once per process
    with CaptureQueriesContext(connection) as first:
        _client().get("/health/ready")
    with CaptureQueriesContext(connection) as flood:
        for _ in range(50):
            _client().get("/health/ready")
    assert len(first) <= 4
    assert len(flood) == 50 * len(first)
    assert not any("django_migrations" in q["sql"] for q in flood.captured_queries)


def test_a_failed_check_leaves_the_log_line_its_answer_points_to(db, settings, caplog):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    caplog.set_level(logging.INFO)
    response = _client().get("/health/ready")
    assert response.status_code == 503
    assert "see the server's log" in response.json()["checks"]["cache"]["state"]
    assert any(
        r.levelno >= logging.WARNING and r.exc_info and "ConnectionError" in repr(r.exc_info[1])
        for r in caplog.records
    )
