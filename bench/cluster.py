"""Several servers: two gunicorn servers and two task workers against one PostgreSQL and
one Redis, as docs/deploy.md describes.

    .venv/bin/python bench/cluster.py [--quick]

A fresh PostgreSQL database (``_prepare.py``: the demo organisation, a round with codes),
a Redis database of its own (flushed), two gunicorn servers (2 sync workers each) and two
``db_worker`` processes. Then:

1. **Ready**: ``/health/ready`` answers 200 on both servers (database, shared cache,
   migrations, a worker that has started a task).
2. **A respondent moves**: one pupil's requests go to the servers in turn (as a load
   balancer without sticky sessions sends them); the questionnaire is sent and received.
3. **Code entry**: wrong codes from one address, to the servers in turn, one at a time:
   refused after exactly the budget — the servers count together.
4. **Login**: wrong passwords for one user name, to the servers in turn: refused at the
   first attempt past the per-name budget, and the right password then too.
5. **Results at close**: a round closing in a few seconds with answers, its build queued
   twice; both workers running: exactly one build, done.
6. **Throughput**: respondents answering against one server, then against both (half the
   clients each): requests/s side by side. On this machine's two cores a second server
   adds processes, not CPU, so the ratio shows the cost of sharing, not a gain.

Prints each result and, last, one JSON line with ``target_met`` (1–5 hold)."""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import _client
from _common import ROOT, VAR, BenchDatabase, Gunicorn, django_env, run_python
from code_entry import Counter, _enter, _wrong

from samla.answer.guessing import PER_TEN_MINUTES

REDIS = "redis://127.0.0.1:6379/13"
LOGIN_PER_NAME = 5  # SAMLA_LOGIN_RATE's default: 5 failures per user name in 5 minutes
CLOSING_SECONDS = 12


class Alternating:
    """One device whose requests reach the servers in turn: one cookie jar, one tally."""

    def __init__(self, ports: list[int], source: str, tally: _client.Tally) -> None:
        self.browsers = [_client.Browser(port, source, tally) for port in ports]
        for browser in self.browsers[1:]:
            browser.cookies = self.browsers[0].cookies
        self.tally = tally
        self.turn = 0
        self.ports_used: list[int] = []

    def request(self, *args, **kwargs):
        browser = self.browsers[self.turn % len(self.browsers)]
        self.turn += 1
        self.ports_used.append(browser.port)
        return browser.request(*args, **kwargs)

    def close(self) -> None:
        for browser in self.browsers:
            browser.close()


def _ready(port: int) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/ready", timeout=10) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def moving_respondent(ports: list[int], code: str) -> dict:
    tally = _client.Tally()
    device = Alternating(ports, "127.0.9.1", tally)
    try:
        _client.answer_questionnaire(device, code, random.Random(3))
        error = ""
    except (_client.Unexpected, OSError) as problem:
        error = f"{type(problem).__name__}: {problem}"
    finally:
        device.close()
    return {
        "requests": device.turn,
        "servers": sorted(set(device.ports_used)) == sorted(ports),
        "submitted": tally.submitted,
        "error": error,
    }


def shared_code_budget(ports: list[int]) -> dict:
    counter, rng = Counter(), random.Random(21)
    for attempt in range(PER_TEN_MINUTES + 20):
        browser = _client.Browser(ports[attempt % 2], "127.0.9.2", _client.Tally())
        try:
            counter.add(_enter(browser, _wrong(rng)))
        finally:
            browser.close()
        if "refused" in counter.outcomes:
            break
    return {"looked_up_before_refusal": counter.looked_up_before_refusal, **counter.outcomes}


LOGIN_REFUSED = "For mange mislykkede innloggingsforsøk"


def _login(port: int, password: str) -> tuple[int, bool]:
    """(status, refused) of one login as rektor on one server, from one address."""
    browser = _client.Browser(port, "127.0.9.3", _client.Tally())
    try:
        _status, _loc, content = browser.request("login", "GET", "/konto/logg-inn/")
        form = [
            ("csrfmiddlewaretoken", _client._csrf(content)),
            ("login", "rektor"),
            ("password", password),
        ]
        status, _loc, content = browser.request("login", "POST", "/konto/logg-inn/", form)
    finally:
        browser.close()
    return status, LOGIN_REFUSED in content


def shared_login_budget(ports: list[int]) -> dict:
    """Wrong passwords to the servers in turn until one is refused; then the right
    password, on the other server, must be refused too."""
    refused_at = None
    for attempt in range(2 * LOGIN_PER_NAME + 2):
        _status, refused = _login(ports[attempt % 2], f"wrong-{attempt}")
        if refused:
            refused_at = attempt + 1
            break
    status, refused = _login(ports[(refused_at or 0) % 2], "samla-demo")
    return {"refused_at_attempt": refused_at, "right_password_then": status,
            "right_password_refused": refused}  # fmt: skip


def results_once(env: dict[str, str]) -> dict:
    slug = "cluster-close"
    run_python(env, "bench/_cluster_work.py", "closing", slug, str(CLOSING_SECONDS), "60")
    deadline = time.monotonic() + CLOSING_SECONDS + 120
    found: dict = {}
    while time.monotonic() < deadline:
        found = json.loads(run_python(env, "bench/_cluster_work.py", "builds", slug))
        tasks_done = all(status in ("SUCCESSFUL", "FAILED") for status, _w in found["tasks"])
        if found["builds"] and tasks_done and "running" not in found["builds"]:
            break
        time.sleep(2)
    workers = {w for _status, ids in found.get("tasks", []) for w in ids}
    return {"builds": found.get("builds"), "tasks": len(found.get("tasks", [])),
            "workers_seen": len(workers)}  # fmt: skip


def throughput(ports: list[int], codes: list[str], clients: int, seconds: float) -> dict:
    """Respondents against the given servers, ``clients`` in all, split evenly."""
    tallies: list[_client.Tally] = []
    share = max(1, clients // len(ports))
    chunks = [iter(codes[i :: len(ports)]) for i in range(len(ports))]

    def load(index: int) -> None:
        tallies.append(_client.respondents(ports[index], chunks[index], share, seconds, index))

    threads = [threading.Thread(target=load, args=(i,)) for i in range(len(ports))]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    requests = sum(len(t.samples) for t in tallies)
    return {
        "servers": len(ports),
        "requests_per_s": round(requests / elapsed, 1),
        "questionnaires": sum(t.submitted for t in tallies),
        "errors": sum(len(t.errors) for t in tallies),
    }


def _workers(env: dict[str, str], log: Path) -> list[subprocess.Popen]:
    with log.open("ab") as out:
        return [
            subprocess.Popen(
                [sys.executable, "manage.py", "db_worker", "--interval", "0.5"],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
            for _ in range(2)
        ]


def _flush_redis() -> None:
    import redis

    redis.Redis.from_url(REDIS).flushdb()


def run(quick: bool) -> dict:
    seconds, clients = (4.0, 6) if quick else (20.0, 20)
    database = BenchDatabase("postgres")
    database.create()
    _flush_redis()
    workers: list[subprocess.Popen] = []
    try:
        env = django_env(database, SAMLA_CACHE_URL=REDIS, SAMLA_LOG_LEVEL="ERROR")
        codes_file = VAR / f"codes-cluster-{os.getpid()}.json"
        run_python(env, "bench/_prepare.py", "setup", "1200" if not quick else "300",
                   str(codes_file))  # fmt: skip
        codes = json.loads(codes_file.read_text())
        codes_file.unlink()
        workers = _workers(env, VAR / "cluster-workers.log")
        with (
            Gunicorn(env, 2, 1, VAR / "gunicorn-cluster-a.log") as a,
            Gunicorn(env, 2, 1, VAR / "gunicorn-cluster-b.log") as b,
        ):
            ports = [a.port, b.port]
            time.sleep(2)  # the workers take the notifications job that migrate queued
            ready = {port: _ready(port) for port in ports}
            moved = moving_respondent(ports, codes.pop())
            code_budget = shared_code_budget(ports)
            login = shared_login_budget(ports)
            built = results_once(env)
            one = throughput([a.port], codes[: len(codes) // 2], clients, seconds)
            two = throughput(ports, codes[len(codes) // 2 :], clients, seconds)
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                worker.kill()
        database.drop()
        _flush_redis()
    checks = {
        "ready_on_both": all(s == 200 and b["status"] == "ok" for s, b in ready.values()),
        "respondent_moved": moved["servers"] and moved["submitted"] == 1 and not moved["error"],
        "code_budget_shared": code_budget["looked_up_before_refusal"] == PER_TEN_MINUTES,
        "login_budget_shared": login["refused_at_attempt"] == LOGIN_PER_NAME + 1
        and login["right_password_refused"],
        "built_once": built["builds"] == ["done"] and built["tasks"] == 2,
    }
    return {
        "bench": "cluster",
        "quick": quick,
        "ready": {str(p): body for p, (_s, body) in ready.items()},
        "moved": moved,
        "code_entry": code_budget,
        "login": login,
        "results_at_close": built,
        "one_server": one,
        "two_servers": two,
        "two_against_one": round(two["requests_per_s"] / one["requests_per_s"], 2)
        if one["requests_per_s"]
        else None,
        "checks": checks,
        "target_met": all(checks.values()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="short loads, fewer codes")
    args = parser.parse_args()
    found = run(args.quick)
    print(f"ready on both servers: {found['checks']['ready_on_both']}")
    print(f"a respondent moving between servers: {found['moved']}")
    print(f"wrong codes from one address, servers in turn: {found['code_entry']} "
          f"(budget {PER_TEN_MINUTES})")  # fmt: skip
    print(f"wrong passwords, servers in turn: {found['login']} (budget {LOGIN_PER_NAME})")
    print(f"results at close with two workers: {found['results_at_close']}")
    print(f"throughput: one server {found['one_server']}, two {found['two_servers']}, "
          f"ratio {found['two_against_one']}")  # fmt: skip
    print(json.dumps(found, ensure_ascii=False))


if __name__ == "__main__":
    main()
