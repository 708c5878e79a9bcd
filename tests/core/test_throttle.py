"""Failure budgets: only failures count, per client, in windows, in the shared cache."""

from __future__ import annotations

import logging

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings

from samla.answer import guessing
from samla.core.throttle import Budget, Limit

BUDGET = Budget("test", (Limit(3, 600), Limit(5, 86400)), alert=7)
NOON = 1_800_000_000.0  # a fixed moment, so windows do not turn over during a test


def test_a_client_may_fail_up_to_its_budget_and_then_waits():
    for _failure in range(2):
        BUDGET.fail("203.0.113.7", NOON)
    assert BUDGET.exhausted("203.0.113.7", NOON) is None
    BUDGET.fail("203.0.113.7", NOON)
    assert BUDGET.exhausted("203.0.113.7", NOON) == Limit(3, 600)
    # The next ten-minute window starts afresh.
    assert BUDGET.exhausted("203.0.113.7", NOON + 600) is None


def test_the_day_budget_outlasts_the_short_windows():
    for minutes in (0, 10, 20, 30, 40):
        BUDGET.fail("203.0.113.7", NOON + minutes * 60)
    assert BUDGET.exhausted("203.0.113.7", NOON + 50 * 60) == Limit(5, 86400)
    assert BUDGET.exhausted("203.0.113.7", NOON + 86400) is None


def test_one_clients_failures_never_touch_anothers_budget():
    for _failure in range(50):
        BUDGET.fail("203.0.113.7", NOON)
    assert BUDGET.exhausted("203.0.113.8", NOON) is None


def test_an_unusual_total_is_logged_once_without_any_address(caplog):
    with caplog.at_level(logging.WARNING, logger="samla.security"):
        for number in range(20):
            BUDGET.fail(f"203.0.113.{number}", NOON)
    lines = [r.getMessage() for r in caplog.records if r.name == "samla.security"]
    assert lines == [
        "Unusually many failures (test): 7 in the last 10 minutes across all clients. "
        "Someone may be guessing; each client's own budget still holds."
    ]


DATABASE_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "samla_cache",
    }
}


@pytest.mark.django_db
def test_without_redis_the_counters_live_in_the_database_every_process_reads():
    """The production default: the migrations created the table, and a failure counted is
    a row there, not one process's memory."""
    with override_settings(CACHES=DATABASE_CACHE):
        BUDGET.fail("203.0.113.7", NOON)
        BUDGET.fail("203.0.113.7", NOON)
        BUDGET.fail("203.0.113.7", NOON)
        assert BUDGET.exhausted("203.0.113.7", NOON) == Limit(3, 600)
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM samla_cache")
            rows = cursor.fetchone()[0]
        # Two windows for the client, the installation-wide count.
        assert rows == 3
        cache.clear()


def test_the_code_entry_budget_keeps_guessing_useless():
    """1 000 addresses spending every budget for a six-week round, with the database
    cache's worst case of 8 requests counted as one: fewer than 0.01 hits expected."""
    assert guessing.expected_hits() < 0.01
    assert guessing.expected_hits(in_flight=1) < 0.0011
