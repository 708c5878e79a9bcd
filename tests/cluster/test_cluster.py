"""Several servers at once (``bench/cluster.py --quick``): two gunicorn servers and two
task workers against one PostgreSQL and one Redis. Run with the PostgreSQL suite (``make
test-postgres``), since SQLite is for one server only; the bench makes its own database."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=2).close()
    except OSError:
        return False
    return True


@pytest.fixture(scope="module")
def cluster() -> dict:
    if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        pytest.skip("several servers need PostgreSQL: this runs in make test-postgres")
    if not _redis_up():
        if os.environ.get("CI"):
            pytest.fail("Redis is not running on 127.0.0.1:6379; CI must have it")
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SAMLA_TEST_DB")}
    done = subprocess.run(
        [sys.executable, "bench/cluster.py", "--quick"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_both_servers_are_ready(cluster):
    for body in cluster["ready"].values():
        assert body["status"] == "ok"
        assert {check["state"] for check in body["checks"].values()} <= {"ok", "ok (busy)"}


def test_a_respondent_moves_between_servers_mid_questionnaire(cluster):
    moved = cluster["moved"]
    assert moved["error"] == "" and moved["servers"] and moved["submitted"] == 1


def test_the_code_entry_budget_is_shared(cluster):
    assert cluster["checks"]["code_budget_shared"], cluster["code_entry"]


def test_the_login_budget_is_shared(cluster):
    assert cluster["login"]["refused_at_attempt"] == 6, cluster["login"]
    assert cluster["login"]["right_password_refused"]


def test_results_are_built_once_with_two_workers(cluster):
    assert cluster["results_at_close"]["builds"] == ["done"], cluster["results_at_close"]
    assert cluster["results_at_close"]["tasks"] == 2


def test_throughput_is_measured_for_one_and_two_servers(cluster):
    assert cluster["one_server"]["errors"] == 0 and cluster["two_servers"]["errors"] == 0
    assert cluster["one_server"]["questionnaires"] > 0
    assert cluster["two_servers"]["questionnaires"] > 0
