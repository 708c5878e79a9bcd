"""Intake bench: many pupils answering at once, over HTTP, against a real gunicorn.

    .venv/bin/python bench/intake.py [--quick] [--db sqlite|postgres|both]
                                     [--respondents 50] [--seconds S] [--workers W --threads T]

For each database: a fresh database (SQLite file under var/bench/, or a throwaway
PostgreSQL database samla_bench_<pid>, dropped afterwards), migrated, with the demo
organisation, the demo round T3 and enough codes. gunicorn serves the application on
127.0.0.1 with DEBUG off. Then, with the same concurrency:

1. respondents: each takes a code, enters it, GETs and POSTs every page, sends and reads
   the receipt, as a browser would; each is a new device with its own source address;
2. the answer pages alone: as many devices, each with its code entered before the clock
   starts, go through the pages (GET, then POST with answers) again and again;
3. the ceiling: a bare Django view that inserts one row (same settings, same middleware,
   same gunicorn), hammered by the same client;
4. the code-entry form alone (GET /svar/, no database): the least any respondent request
   with a form costs.

Printed: requests/s, answer-page requests/s (GET+POST of /svar/side/N/) within the
respondents' traffic, complete questionnaires/s, p50/p95/p99 latency, errors; the answer
pages' own requests/s; the bare ceiling; the ratio of the respondents' requests/s to the
bare requests/s, as ``page_ratio`` of the answer-page requests/s within them (issue 21's
target), and as ``pages_alone_ratio`` of the answer pages' own requests/s. Afterwards
every acknowledged submit (a redirect to the receipt) must be a Response in the database,
and every bare 200 a row. The last lines are
one JSON object per measurement. The exit status is 0 whether or not the targets are met
(the JSON says); non-zero only when the bench itself fails.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _client
from _common import (
    VAR,
    BenchDatabase,
    Gunicorn,
    busy_share,
    django_env,
    run_python,
    tree_cpu_seconds,
)

TARGET_PAGE_RPS, TARGET_P99_MS, TARGET_RATIO = 250, 250, 0.5
# gunicorn per database, chosen by trying on 2 cores (see bench/README.md).
SERVER = {"sqlite": (2, 1), "postgres": (2, 1)}


def _summary(tally: _client.Tally) -> dict:
    elapsed = max(tally.finished - tally.started, 1e-9)
    all_ms = [s.seconds * 1000 for s in tally.samples]
    page = [s for s in tally.samples if s.kind == "page"]
    failed = sum(not s.ok for s in tally.samples)
    return {
        "requests": len(tally.samples),
        "seconds": round(elapsed, 2),
        "rps": round(len(tally.samples) / elapsed, 1),
        "page_requests": len(page),
        "page_rps": round(len(page) / elapsed, 1),
        "questionnaires_per_s": round(tally.submitted / elapsed, 2),
        "p50_ms": round(_client.percentile(all_ms, 0.50), 1),
        "p95_ms": round(_client.percentile(all_ms, 0.95), 1),
        "p99_ms": round(_client.percentile(all_ms, 0.99), 1),
        "page_p99_ms": round(_client.percentile([s.seconds * 1000 for s in page], 0.99), 1),
        "errors": len(tally.errors) + failed,
        "server_cpu_ms_per_request": round(1000 * tally.server_cpu / max(len(tally.samples), 1), 2),
        "client_cpu_ms_per_request": round(1000 * tally.client_cpu / max(len(tally.samples), 1), 2),
    }


def measured(server: Gunicorn, phase) -> _client.Tally:
    """Run a load phase and note the CPU seconds the server and this client used in it."""
    assert server.process is not None
    server_before, client_before = tree_cpu_seconds(server.process.pid), time.process_time()
    tally = phase()
    tally.server_cpu = tree_cpu_seconds(server.process.pid) - server_before
    tally.client_cpu = time.process_time() - client_before
    return tally


def run_one(kind: str, args: argparse.Namespace) -> list[dict]:
    database = BenchDatabase(kind)
    workers, threads = args.workers or SERVER[kind][0], args.threads or SERVER[kind][1]
    seconds = args.seconds or (3 if args.quick else 20)
    # Enough codes that the respondents never run out within the time (≈ 60/s at most).
    codes_needed = int(seconds * 90) + 200 + args.respondents
    print(f"== {kind}: preparing a fresh database with {codes_needed} codes", flush=True)
    began = time.perf_counter()
    database.create()
    try:
        env = django_env(database)
        codes_file = VAR / f"codes-{os.getpid()}-{kind}.json"
        run_python(env, "bench/_prepare.py", "setup", str(codes_needed), str(codes_file))
        codes = iter(json.loads(codes_file.read_text()))
        codes_file.unlink()
        print(f"   ready in {time.perf_counter() - began:.1f} s", flush=True)
        log = VAR / f"gunicorn-{kind}.log"
        with Gunicorn(env, workers, threads, log) as server:
            print(f"   {server.describe} on port {server.port}", flush=True)
            warm = _client.respondents(server.port, codes, min(10, args.respondents), 1.0, seed=99)
            warm_bare = _client.bare(server.port, min(10, args.respondents), 0.5)
            background = busy_share()
            tally = measured(
                server,
                lambda: _client.respondents(server.port, codes, args.respondents, seconds, seed=1),
            )
            alone = measured(
                server,
                lambda: _client.pages_only(server.port, codes, args.respondents, seconds / 2),
            )
            ceiling = measured(
                server, lambda: _client.bare(server.port, args.respondents, seconds / 2)
            )
            # The cheapest page with a form: the code entry, kept HTML and a CSRF token,
            # no database. What any request of the respondents costs at the least.
            entry_form = measured(
                server,
                lambda: _client.hammer(server.port, args.respondents, seconds / 4, "GET", "/svar/"),
            )
        stored = json.loads(run_python(env, "bench/_prepare.py", "count"))
    finally:
        database.drop()

    answer = _summary(tally)
    pages = _summary(alone)
    bare = _summary(ceiling)
    form = _summary(entry_form)
    # The warm-up's submits and bare rows are in the database too.
    acknowledged = warm.submitted + tally.submitted
    bare_ok = sum(s.ok for s in warm_bare.samples + ceiling.samples)
    consistent = stored["responses"] == acknowledged and stored["bare_rows"] == bare_ok
    # The ceiling is measured in requests/s, so the ratios compare requests/s: everything a
    # respondent's browser asks for (code entry, pages, send, receipt) against the bare
    # one-row insert (ratio); the answer-page requests among them (page_ratio); the answer
    # pages by themselves (pages_alone_ratio). With three pages, five of a respondent's
    # eleven requests are code entry, send and receipt: page_ratio is at most 6/11 of what
    # the respondents' requests/s are to the bare rate.
    ratio = answer["rps"] / bare["rps"] if bare["rps"] else 0.0
    page_ratio = answer["page_rps"] / bare["rps"] if bare["rps"] else 0.0
    alone_ratio = pages["rps"] / bare["rps"] if bare["rps"] else 0.0
    form_ratio = form["rps"] / bare["rps"] if bare["rps"] else 0.0
    share = answer["page_requests"] / answer["requests"] if answer["requests"] else 0.0
    print(
        f"   respondents: {args.respondents} at a time for {answer['seconds']} s: "
        f"{answer['rps']} req/s, {answer['page_rps']} of them answer pages, "
        f"{answer['questionnaires_per_s']} questionnaires/s; latency p50 {answer['p50_ms']} "
        f"p95 {answer['p95_ms']} p99 {answer['p99_ms']} ms; errors {answer['errors']}"
    )
    print(
        f"   CPU per request: server {answer['server_cpu_ms_per_request']} ms (bare "
        f"{bare['server_cpu_ms_per_request']}), client {answer['client_cpu_ms_per_request']} ms "
        f"(bare {bare['client_cpu_ms_per_request']}); machine busy before the run "
        f"{100 * background:.0f}% (other work skews the figures)"
    )
    print(
        f"   answer pages alone: {pages['rps']} req/s, p99 {pages['p99_ms']} ms, errors "
        f"{pages['errors']}; server CPU {pages['server_cpu_ms_per_request']} ms a request"
    )
    print(
        f"   bare ceiling: {bare['rps']} req/s, p99 {bare['p99_ms']} ms, errors {bare['errors']}; "
        f"ratio respondent requests/bare {ratio:.2f}, their answer pages/bare (page_ratio) "
        f"{page_ratio:.2f}, answer pages alone/bare {alone_ratio:.2f}"
    )
    print(
        f"   code-entry form alone (GET /svar/: kept HTML, a CSRF token, no database): "
        f"{form['rps']} req/s, {form_ratio:.2f} of bare, errors {form['errors']}; with "
        f"{100 * share:.0f}% of the respondents' requests answer pages, page_ratio would be "
        f"{share * form_ratio:.2f} if every request of theirs cost as little"
    )
    print(
        f"   stored: {stored['responses']} responses for {acknowledged} acknowledged submits, "
        f"{stored['drafts']} drafts left; {stored['bare_rows']} bare rows for {bare_ok} "
        f"answered — {'consistent' if consistent else 'INCONSISTENT'}"
    )
    problems = tally.errors + alone.errors + ceiling.errors + entry_form.errors
    for message in sorted(set(problems))[:5]:
        print(f"   error: {message}")
    target_met = (
        answer["page_rps"] >= TARGET_PAGE_RPS
        and answer["p99_ms"] <= TARGET_P99_MS
        and answer["errors"] == 0
        and pages["errors"] == 0
        and ratio >= TARGET_RATIO
        and page_ratio >= TARGET_RATIO
        and consistent
    )
    common = {
        "bench": "intake",
        "db": kind,
        "respondents": args.respondents,
        "server": f"{workers}w×{threads}t",
        "quick": args.quick,
    }
    return [
        {
            **common,
            "measure": "bare",
            "rps": bare["rps"],
            "p99_ms": bare["p99_ms"],
            "errors": bare["errors"],
        },
        {
            **common,
            "measure": "answer",
            **{
                k: answer[k]
                for k in (
                    "rps",
                    "page_rps",
                    "questionnaires_per_s",
                    "p50_ms",
                    "p95_ms",
                    "p99_ms",
                    "page_p99_ms",
                    "errors",
                )
            },
            "pages_alone_rps": pages["rps"],
            "pages_alone_p99_ms": pages["p99_ms"],
            "pages_alone_errors": pages["errors"],
            "submitted": acknowledged,
            "stored": stored["responses"],
            "consistent": consistent,
            "bare_rps": bare["rps"],
            "server_cpu_ms": answer["server_cpu_ms_per_request"],
            "bare_server_cpu_ms": bare["server_cpu_ms_per_request"],
            "background_busy": round(background, 2),
            "ratio": round(ratio, 3),
            "page_ratio": round(page_ratio, 3),
            "pages_alone_ratio": round(alone_ratio, 3),
            "entry_form_ratio": round(form_ratio, 3),
            "target_met": target_met,
        },
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="A small run, under a minute.")
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--respondents", type=int, default=50, help="At a time (default 50).")
    parser.add_argument("--seconds", type=float, help="Length of the respondents' phase.")
    parser.add_argument("--workers", type=int, help="gunicorn workers (default per database).")
    parser.add_argument("--threads", type=int, help="gunicorn threads per worker.")
    args = parser.parse_args()
    if not 1 <= args.respondents <= 500:
        parser.error("--respondents must be between 1 and 500.")
    if args.seconds is not None and not 0.5 <= args.seconds <= 300:
        parser.error("--seconds must be between 0.5 and 300.")
    kinds = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    lines = []
    for kind in kinds:
        lines += run_one(kind, args)
    for line in lines:
        print(json.dumps(line, ensure_ascii=False))


if __name__ == "__main__":
    main()
