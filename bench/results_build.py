"""Results build bench: a national round's results built, against the floor of reading it.

    .venv/bin/python bench/results_build.py [--quick] [--db sqlite|postgres|both]
                                            [--respondents N] [--profile auto|always|never]

For each database: a fresh database (SQLite file under var/bench/, or a throwaway
PostgreSQL database samla_bench_<pid>, dropped afterwards), migrated, with a county-sized
hierarchy of its own (4 regions × 12 owners × about 1 200 schools, classes of grades 1–10
of about 15–25) and one closed round with one questionnaire of 60 five-point Likert items
(10 indices × 6, some reversed, two indices with "vet ikke"). 500 000 responses (``--quick``:
20 000) are generated with numpy — school and class effects, skipped items, "vet ikke",
some stopping part-way — and inserted straight into the database as packed bytes (setup,
timed but not the measurement). Then, each in a fresh Python process:

1. the floor: the same round's unit and answers read with a plain cursor, joined into one
   numpy matrix, and every unit's mean of every item (bincount) — run before and after the
   build, the faster counts;
2. the build: ``samla.results.build.build_round`` — wall time, peak memory (VmHWM of the
   process) and cells written; when it misses its target, once more under cProfile (top
   15 by cumulative time, and by own time);
3. a unit leader's results page with its charts (the school beside its owner, region and
   programme, and its classes), through Django's test client in-process: the first request
   timed apart (it starts vl-convert and draws the page's charts into the shared cache,
   once per build), then 50 requests: p50/p95 and the queries of one of them; "not built
   yet" if the portal has no results page.

Targets (2 cores): build ≤ 10 s and ≤ 5× the floor, peak memory ≤ 4 GiB; the page ≤ 100 ms
at p95 (after the first request). The last lines are one JSON object per measurement
(``"measure": "build"`` and ``"measure": "page"``) with ``target_met``. The exit status is 0
whether or not the targets are met; non-zero only when the bench itself fails.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ROOT, VAR, BenchDatabase, busy_share, django_env, run_python

TARGET_SECONDS, TARGET_RATIO, TARGET_PEAK_MIB, TARGET_PAGE_P95_MS = 10.0, 5.0, 4096.0, 100.0
FULL, QUICK = 500_000, 10_000
WORK = "bench/_results_work.py"


def _last_json(output: str) -> dict:
    return json.loads(output.strip().splitlines()[-1])


def run_timed(env: dict[str, str], timeout: float, *args: str) -> tuple[str | None, float]:
    """Run a helper command; its output (None when it ran out of time) and wall seconds."""
    began = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return None, time.perf_counter() - began
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout, time.perf_counter() - began


def _profile_text(output: str) -> str:
    """cProfile's tables from a profiled build's output, trimmed to the rows."""
    lines = output.strip().splitlines()[:-1]
    kept = [line for line in lines if line.strip() and "function calls" not in line]
    return "\n".join(f"   {line.rstrip()[:150]}" for line in kept)


def run_one(kind: str, args: argparse.Namespace) -> list[dict]:
    respondents = args.respondents or (QUICK if args.quick else FULL)
    database = BenchDatabase(kind)
    if kind == "sqlite":  # a file of its own, not the intake bench's name
        database.path = VAR / f"results-{os.getpid()}.sqlite3"
        database.url = f"sqlite:///{database.path}"
    print(f"== {kind}: a fresh database with {respondents} responses × 60 items", flush=True)
    began = time.perf_counter()
    database.create()
    try:
        env = django_env(database)
        info_file = VAR / f"results-{os.getpid()}-{kind}.json"
        run_python(env, WORK, "setup", str(respondents), str(args.seed), str(info_file))
        info = json.loads(info_file.read_text())
        took = info["seconds"]
        print(
            f"   setup {time.perf_counter() - began:.1f} s (migrate {took['migrate']:.1f}, "
            f"organisation {took['organisation']:.1f}, generate {took['generate']:.1f}, "
            f"insert {took['insert']:.1f} s = "
            f"{info['responses'] / max(took['insert'], 1e-9):,.0f} responses/s): "
            f"{info['regions']} regions, {info['owners']} owners, {info['units']} units, "
            f"{info['classes']} classes, {info['responses']} responses",
            flush=True,
        )
        background = busy_share()
        floors = [_last_json(run_python(env, WORK, "floor", info["round"]))]
        output, wall = run_timed(env, args.build_timeout, WORK, "build", info["round"])
        built = _last_json(output) if output is not None else None
        floors.append(_last_json(run_python(env, WORK, "floor", info["round"])))
        account = (
            _last_json(run_python(env, "bench/results_build.py", "--account", info["round"]))
            if built is not None
            else {}
        )
        floor = min(floors, key=lambda f: f["seconds"])
        if built is None:
            print(f"   build: stopped after {wall:.0f} s (--build-timeout)")
            build_s, ratio, peak, met = None, None, None, False
        else:
            build_s, peak = built["seconds"], built["peak_mib"]
            ratio = build_s / floor["seconds"] if floor["seconds"] else None
            met = (
                build_s <= TARGET_SECONDS
                and ratio is not None
                and ratio <= TARGET_RATIO
                and peak <= TARGET_PEAK_MIB
            )
            print(
                f"   build: {build_s:.2f} s ({built['cpu_seconds']:.1f} s CPU in the build's "
                f"process), peak memory {peak:.0f} MiB (process before the "
                f"build {built['rss_before_mib']:.0f} MiB), {built['cells']:,} cells written "
                f"({built['suppressed']:,} hidden)"
            )
            print(
                f"   figures: {account['figures_shown']:,} published, "
                f"{account['figures_withheld']:,} withheld (n, means, SDs, scores, shares, "
                "answer counts of the cells with anyone in them)"
            )
            steps = ", ".join(f"{s:.1f} s {p}% {name}" for s, p, name in built["steps"])
            print(f"   build progress: {steps}")
        runs = ", ".join(f"{f['seconds']:.2f}" for f in floors)
        print(
            f"   floor: {floor['seconds']:.2f} s (read {floor['read_seconds']:.2f} s; runs "
            f"{runs} s), peak memory "
            f"{floor['peak_mib']:.0f} MiB, {floor['rows']} rows × {floor['items']} items, "
            f"{floor['units']} units"
        )
        print(
            f"   ratio build/floor: {f'{ratio:.1f}×' if ratio is not None else '—'}; targets "
            f"≤ {TARGET_SECONDS:.0f} s, ≤ {TARGET_RATIO:.0f}× floor, ≤ "
            f"{TARGET_PEAK_MIB / 1024:.0f} GiB: {'met' if met else 'NOT met'}; machine busy "
            f"before the run {100 * background:.0f}% (other work skews the figures)",
            flush=True,
        )
        # auto: a full run that misses its target profiles one build (the first database
        # that misses); a profiled 500 000 build takes about twice as long as a plain one.
        profile = args.profile == "always" or (
            args.profile == "auto" and not met and not args.quick and not args.profiled
        )
        if profile:
            args.profiled = True
            output, wall = run_timed(
                env, args.build_timeout * 3, WORK, "build", info["round"], "--profile"
            )
            if output is None:
                print(f"   profile: stopped after {wall:.0f} s")
            else:
                print(
                    f"   profile of a second build ({_last_json(output)['seconds']:.1f} s "
                    f"under cProfile):\n{_profile_text(output)}"
                )
        page_busy = busy_share()
        page = _last_json(run_python(env, WORK, "page", info["round"], str(info_file), "50"))
        info_file.unlink()
    finally:
        database.drop()

    page_p95 = page.get("p95_ms")
    if page["status"] == "timed":
        print(
            f"   results page {page['url']} ({page['route']}, {page['queries']} queries, "
            f"{page['charts']} charts, {page['bytes'] // 1024} KiB): p50 {page['p50_ms']} ms, "
            f"p95 {page_p95} ms, slowest {page['max_ms']} ms over {page['requests']} requests "
            f"after the first (target p95 ≤ {TARGET_PAGE_P95_MS:.0f} ms: "
            f"{'met' if page_p95 <= TARGET_PAGE_P95_MS else 'NOT met'}); the first request "
            f"{page['cold_ms']:.0f} ms ({page['cold_queries']} queries: vl-convert's start and "
            f"every chart drawn); machine busy before the page {100 * page_busy:.0f}%"
        )
    elif page["status"] == "not built yet":
        print("   results page: not built yet")
    else:
        print(f"   results page: {page['status']} (routes {', '.join(page['routes'])})")
    common = {
        "bench": "results_build",
        "db": kind,
        "respondents": info["responses"],
        "items": info["items"],
        "units": info["units"],
        "quick": args.quick,
    }
    return [
        {
            **common,
            "measure": "build",
            "build_s": build_s,
            "floor_s": floor["seconds"],
            "ratio": round(ratio, 2) if ratio is not None else None,
            "peak_mib": peak,
            "floor_peak_mib": floor["peak_mib"],
            "cells": built["cells"] if built else None,
            "suppressed": built["suppressed"] if built else None,
            "figures_shown": account.get("figures_shown"),
            "figures_withheld": account.get("figures_withheld"),
            "build_cpu_s": built["cpu_seconds"] if built else None,
            "insert_s": took["insert"],
            "busy_share": round(background, 2),
            "target_met": met,
        },
        {
            **common,
            "measure": "page",
            "page_status": page["status"],
            "page_route": page.get("route"),
            "page_queries": page.get("queries"),
            "page_charts": page.get("charts"),
            "page_cold_ms": page.get("cold_ms"),
            "page_p50_ms": page.get("p50_ms"),
            "page_p95_ms": page_p95,
            "page_busy_share": round(page_busy, 2),
            "target_met": page_p95 is not None and page_p95 <= TARGET_PAGE_P95_MS,
        },
    ]


def account(slug: str) -> None:
    """Inside the bench's environment: the built round's published and withheld figures
    (``queries.figure_account``) as one JSON line."""
    import django

    django.setup()
    from samla.results.queries import figure_account
    from samla.surveys.models import Round

    print(json.dumps(figure_account(Round.objects.get(slug=slug))))


def main() -> None:
    if sys.argv[1:2] == ["--account"]:
        account(sys.argv[2])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="A small run, under a minute.")
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument(
        "--respondents", type=int, help=f"Responses in the round ({FULL}; --quick {QUICK})."
    )
    parser.add_argument(
        "--profile",
        choices=["auto", "always", "never"],
        default="auto",
        help="Profile a second build: auto = once, when a full run misses its target.",
    )
    parser.add_argument(
        "--build-timeout", type=float, default=1800, help="Stop a build after this many s."
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    args.profiled = False
    if args.respondents is not None and not 100 <= args.respondents <= 2_000_000:
        parser.error("--respondents must be between 100 and 2 000 000.")
    # Stopped from outside: still drop the database (and stop the helper) on the way out.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    kinds = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    lines = []
    for kind in kinds:
        lines += run_one(kind, args)
    for line in lines:
        print(json.dumps(line, ensure_ascii=False))


if __name__ == "__main__":
    main()
