"""Where the time of an answer-page request goes: queries per request and a CPU profile.

    .venv/bin/python bench/_profile_answer.py [--db sqlite|postgres] [--respondents 100]

A fresh bench database is prepared as for ``intake.py``; then, in this one process,
Django's WSGI stack (the test client: full middleware, no network) answers the
questionnaire for the given number of respondents. Printed: the SQL of each request of one
respondent, the mean time per kind of request, and the functions where page requests
spend their time (cProfile, cumulative and own time). Not a bench: ``make bench`` skips it.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import random
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _client import CSRF, _fill_in
from _common import ROOT, VAR, BenchDatabase, django_env, run_python


def profile(respondents: int) -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    codes = json.loads(Path(os.environ["BENCH_CODES"]).read_text())
    rng = random.Random(1)
    timings: dict[str, list[float]] = defaultdict(list)
    queries: dict[str, list[int]] = defaultdict(list)
    shown = False
    client = Client(enforce_csrf_checks=True, HTTP_HOST="127.0.0.1")
    profiler = cProfile.Profile()

    def call(client: Client, kind: str, method: str, path: str, data=None, show=False):
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            if kind == "page" and profiling:
                profiler.enable()
            response = client.get(path) if method == "GET" else client.post(path, data or {})
            if kind == "page" and profiling:
                profiler.disable()
            elapsed = time.perf_counter() - began
        if not profiling:
            timings[f"{method} {kind}"].append(elapsed)
            queries[f"{method} {kind}"].append(len(captured.captured_queries))
        if show:
            print(
                f"\n-- {method} {path}: {response.status_code}, "
                f"{len(captured.captured_queries)} queries"
            )
            for query in captured.captured_queries:
                print("   ", query["sql"][:150])
        return response

    def csrf(response) -> str:
        return CSRF.search(response.content.decode()).group(1)

    breakdown(codes[-1])
    # Five to warm up, then the timed respondents, then half as many under cProfile (which
    # slows everything down, so they are not timed).
    profiling = False
    for index in range(5 + respondents + respondents // 2):
        if index == 5:
            timings.clear()
            queries.clear()
        profiling = index >= 5 + respondents
        show = index == 5 and not shown
        # One client (one handler, middleware loaded once, as in a gunicorn worker); a new
        # device per respondent: no cookies, another address.
        client.cookies.clear()
        client.defaults["REMOTE_ADDR"] = f"127.0.3.{index % 250 + 1}"
        response = call(client, "enter", "GET", "/svar/", show=show)
        response = call(
            client,
            "enter",
            "POST",
            "/svar/",
            {"csrfmiddlewaretoken": csrf(response), "code": codes[index], "language": "nb"},
            show=show,
        )
        location = response["Location"]
        while location.startswith("/svar/side/"):
            page = call(client, "page", "GET", location, show=show)
            form: dict[str, list[str]] = defaultdict(list)
            for name, value in _fill_in(page.content.decode(), rng):
                form[name].append(value)
            response = call(
                client,
                "page",
                "POST",
                location,
                {**form, "csrfmiddlewaretoken": csrf(page), "go": "next"},
                show=show,
            )
            location = response["Location"]
        page = call(client, "send", "GET", "/svar/send/", show=show)
        response = call(
            client, "send", "POST", "/svar/send/", {"csrfmiddlewaretoken": csrf(page)}, show=show
        )
        assert response["Location"] == "/svar/takk/", response.status_code
        call(client, "done", "GET", "/svar/takk/", show=show)
        shown = shown or show

    print(f"\n== {respondents} respondents, {connection.vendor}: mean time (no profiler), queries")
    for kind, values in timings.items():
        print(
            f"   {kind:<12} {1000 * sum(values) / len(values):6.2f} ms "
            f"{sum(queries[kind]) / len(queries[kind]):5.1f} queries  (n={len(values)})"
        )
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
    stats.print_callees(r"answer/views.py:\d+\(page\)")
    stats.print_callees(r"respondent.py:\d+\(start\)")
    print("\n== what the page view calls (cumulative seconds, under cProfile)")
    print("\n".join(line[:160] for line in out.getvalue().splitlines() if line.strip())[:6000])
    for order in ("cumulative", "tottime"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(30)
        print(f"\n== page requests (GET+POST), by {order}")
        print("\n".join(out.getvalue().splitlines()[:45]))


def breakdown(code: str) -> None:
    """The parts of one answer-page GET, each timed alone (no profiler)."""
    from django.db import connection
    from django.test import Client, RequestFactory

    from samla.answer import shells, views
    from samla.answer.questions import page_questions
    from samla.surveys import services

    client = Client(HTTP_HOST="127.0.0.1")
    page = client.get("/svar/")
    client.post(
        "/svar/",
        {
            "code": code,
            "language": "nb",
            "csrfmiddlewaretoken": CSRF.search(page.content.decode()).group(1),
        },
    )
    session = services.start(code)
    key = session.key
    context = {
        "title": "T",
        "page_title": "P",
        "number": 0,
        "position": 1,
        "count": 3,
        "has_back": False,
        "welcome_back": False,
        "language": "nb",
        "languages": views.LANGUAGES,
        "speech_language": "nb-NO",
    }
    request = RequestFactory().get("/svar/side/0/")
    parts = [
        ("whole GET /svar/side/0/ (all middleware)", lambda: client.get("/svar/side/0/")),
        ("GET /svar/takk/ (middleware, tiny page, no DB)", lambda: client.get("/svar/takk/")),
        ("services.resume (1 query, no transaction)", lambda: services.resume(key)),
        ("instrument from the process cache", lambda: session.instrument),
        ("the page's questions with the answers", lambda: page_questions(session, 0, "nb")),
        (
            "answer/page.html kept, token and questions put in",
            lambda: shells.page(request, "answer/page.html", context, questions=""),
        ),
    ]
    print(f"\n== one answer-page GET in parts, {connection.vendor} (mean of 300, no profiler)")
    for label, part in parts:
        for _warm in range(10):
            part()
        began = time.perf_counter()
        for _time in range(300):
            part()
        print(f"   {label:<50} {(time.perf_counter() - began) / 300 * 1000:6.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--respondents", type=int, default=100)
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner:
        profile(args.respondents)
        return
    database = BenchDatabase(args.db)
    database.create()
    try:
        codes = VAR / f"profile-codes-{os.getpid()}.json"
        env = django_env(database, BENCH_CODES=str(codes))
        run_python(env, "bench/_prepare.py", "setup", str(args.respondents * 2 + 10), str(codes))
        subprocess.run(
            [
                sys.executable,
                "bench/_profile_answer.py",
                "--inner",
                "--respondents",
                str(args.respondents),
            ],
            cwd=ROOT,
            env=env,
            check=True,
        )
        codes.unlink()
    finally:
        database.drop()


if __name__ == "__main__":
    main()
