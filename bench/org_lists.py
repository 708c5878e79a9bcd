"""Org-lists bench: the people list of a programme with 10 000 people, against the same
page of a programme with 100, measured in the same run.

    .venv/bin/python bench/org_lists.py [--quick] [--db sqlite|postgres|both]
                                        [--people N] [--requests N]

For each database: a fresh database (SQLite file under var/bench/, or a throwaway
PostgreSQL database samla_bench_<pid>, dropped afterwards), migrated, with two programmes
made with bulk_create (``_org_lists_work.py``): the big one with N people (10 000;
``--quick`` 2 000) over 4 regions, 48 owners and a school per ~21 people, each person
staff or leader at a school, 40 % also at a class, 5 % invited and not activated, 2 %
deactivated; the baseline with 100 people. A programme administrator of both then opens
the people list through Django's test client in-process (all middleware, DEBUG off) —
first page, searches, filters, a sort, a deep page, the last page — each 30 times
(``--requests``) after 3 to warm up, in both programmes.

Printed per scenario: people found, queries for the page (big and baseline: they must be
the same), p50/p95 in ms, and the ratio of the big p95 to the baseline's p95. Last lines:
one JSON object per database with the p95 over all scenarios and ``target_met`` (p95 ≤
200 ms, the same number of queries in both programmes). The exit status is 0 whether or
not the target is met.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import VAR, BenchDatabase, busy_share, django_env, run_python

TARGET_P95_MS = 200.0
FULL, QUICK = 10_000, 2_000
WORK = "bench/_org_lists_work.py"


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def run_one(kind: str, args: argparse.Namespace) -> dict:
    people = args.people or (QUICK if args.quick else FULL)
    database = BenchDatabase(kind)
    if kind == "sqlite":
        database.path = VAR / f"org-lists-{os.getpid()}.sqlite3"
        database.url = f"sqlite:///{database.path}"
    print(f"== {kind}: {people} people in one programme, {100} in the baseline", flush=True)
    database.create()
    try:
        env = django_env(database)
        began = time.perf_counter()
        built = json.loads(run_python(env, WORK, "setup", str(people), str(args.seed)))
        print(
            f"   setup {time.perf_counter() - began:.1f} s: {built['big']['units']} schools, "
            f"{built['big']['memberships']} roles",
            flush=True,
        )
        background = busy_share()
        results = json.loads(run_python(env, WORK, "time", str(args.requests)).splitlines()[-1])
    finally:
        database.drop()
    print(f"   machine busy before timing: {background:.0%}")
    print(
        f"   {'scenario':24} {'found':>6} {'queries':>9} {'p50':>7} {'p95':>7} "
        f"{'base p95':>9} {'ratio':>6}"
    )
    all_big, all_small, same_queries = [], [], True
    for r in results:
        ratio = r["p95_ms"] / r["baseline_p95_ms"] if r["baseline_p95_ms"] else 0.0
        same_queries &= r["queries"] == r["baseline_queries"]
        all_big += r["all_ms"]
        all_small += r["baseline_all_ms"]
        print(
            f"   {r['scenario']:24} {r['found']:>6} {r['queries']:>4}/{r['baseline_queries']:<4} "
            f"{r['p50_ms']:>7.1f} {r['p95_ms']:>7.1f} {r['baseline_p95_ms']:>9.1f} {ratio:>5.2f}×"
        )
    p95, base_p95 = _percentile(all_big, 0.95), _percentile(all_small, 0.95)
    return {
        "bench": "org_lists",
        "db": kind,
        "people": people,
        "requests_per_scenario": args.requests,
        "p50_ms": round(_percentile(all_big, 0.5), 1),
        "p95_ms": round(p95, 1),
        "baseline_p95_ms": round(base_p95, 1),
        "ratio": round(p95 / base_p95, 2) if base_p95 else None,
        "queries_per_page": sorted({r["queries"] for r in results}),
        "same_queries_as_baseline": same_queries,
        "busy_before": round(background, 2),
        "target_met": p95 <= TARGET_P95_MS and same_queries,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help=f"{QUICK} people: a short run.")
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--people", type=int, help=f"People in the big programme ({FULL}).")
    parser.add_argument("--requests", type=int, default=30, help="Timed requests per scenario.")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.people is not None and not 200 <= args.people <= 200_000:
        parser.error("--people must be between 200 and 200 000.")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    kinds = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    lines = [run_one(kind, args) for kind in kinds]
    for line in lines:
        print(json.dumps(line, ensure_ascii=False))


if __name__ == "__main__":
    main()
