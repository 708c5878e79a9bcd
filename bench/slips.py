"""Slips bench: code slips for a whole school of 500 pupils in one PDF, through the page.

    .venv/bin/python bench/slips.py [--quick] [--db sqlite|postgres|both] [--repeats N]

For each database: a fresh, migrated database (SQLite file under var/bench/, or a
throwaway PostgreSQL database samla_bench_<pid>, dropped afterwards) with one school of 25
classes of grades 5–7 sharing 500 pupils (``--quick``: 10 classes, 200 pupils), its leader
and an open round (setup, timed but not the measurement). Then, in one process
(``_slips_work.py``), the leader posts the slips form through Django's test client:

- the **baseline**: one class of 20 slips, what the per-class form made before;
- the **school**: every class ticked, its size as the number — one request that issues the
  codes and returns the PDF; the median of ``--repeats`` runs (3).

Printed: both in wall and CPU seconds (the request's process; other work on the machine
inflates the first, hardly the second) and their ratio, the school's steps by themselves
(issuing, the slips' HTML, WeasyPrint's layout, writing the PDF), the PDF's pages and the
codes read back from it (pdftotext). Last line per database: one JSON object with
``target_met`` (the school's request ≤ 10 s, every code printed) and ``in_page`` (≤ 3 s:
fast enough to answer in the page rather than in the task worker). The exit status is 0
whether or not the target is met.
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

TARGET_S, IN_PAGE_S = 10.0, 3.0
WORK = "bench/_slips_work.py"
SCHOOL, QUICK = (25, 500), (10, 200)


def run_one(kind: str, args: argparse.Namespace) -> dict:
    classes, pupils = QUICK if args.quick else SCHOOL
    database = BenchDatabase(kind)
    if kind == "sqlite":
        database.path = VAR / f"slips-{os.getpid()}.sqlite3"
        database.url = f"sqlite:///{database.path}"
    print(f"== {kind}: one school, {classes} classes, {pupils} pupils", flush=True)
    database.create()
    info_file = VAR / f"slips-{os.getpid()}-{kind}.json"
    try:
        env = django_env(database)
        began = time.perf_counter()
        run_python(env, "manage.py", "migrate", "--verbosity", "0")
        migrated = time.perf_counter() - began
        run_python(env, WORK, "setup", str(classes), str(pupils), str(info_file))
        info = json.loads(info_file.read_text())
        print(
            f"   setup {time.perf_counter() - began:.1f} s (migrate {migrated:.1f} s, "
            f"school and round {info['organisation_s']:.1f} s)",
            flush=True,
        )
        background = busy_share()
        out = run_python(env, WORK, "measure", str(info_file), str(args.repeats))
        figures = json.loads(out.strip().splitlines()[-1])
    finally:
        info_file.unlink(missing_ok=True)
        database.drop()
    base, school = figures["baseline_s"], figures["school_s"]
    ratio = school / base if base else None
    steps = figures["steps_s"]
    print(f"   machine busy before timing: {background:.0%}")
    print(
        f"   baseline, 1 class of 20 slips:   {base:6.2f} s ({figures['baseline_cpu_s']:.2f} s CPU)"
    )
    print(
        f"   school, {figures['classes']} classes, {figures['slips']} slips: {school:6.2f} s "
        f"({figures['school_cpu_s']:.2f} s CPU; runs "
        f"{', '.join(f'{s:.2f}' for s in figures['school_runs_s'])}; {ratio:.1f}× the baseline)"
    )
    print(
        f"   school's steps alone, CPU: issue {steps['issue']:.2f} s, HTML {steps['html']:.2f} s, "
        f"layout {steps['layout']:.2f} s, PDF {steps['write_pdf']:.2f} s"
    )
    print(
        f"   PDF: {figures['pdf_bytes'] / 1024:.0f} KiB, {figures['pages']} pages, "
        f"{figures['codes_printed']} codes read back"
    )
    return {
        "bench": "slips",
        "db": kind,
        "classes": figures["classes"],
        "slips": figures["slips"],
        "school_s": round(school, 3),
        "school_cpu_s": round(figures["school_cpu_s"], 3),
        "baseline_s": round(base, 3),
        "baseline_cpu_s": round(figures["baseline_cpu_s"], 3),
        "ratio": round(ratio, 2) if ratio else None,
        "steps_s": {name: round(value, 3) for name, value in steps.items()},
        "pages": figures["pages"],
        "codes_printed": figures["codes_printed"],
        "busy_before": round(background, 2),
        "in_page": school <= IN_PAGE_S,
        "target_met": school <= TARGET_S and figures["codes_printed"] in (None, figures["slips"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="A smaller school: a short run.")
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--repeats", type=int, default=3, help="Runs of each request (3).")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    kinds = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    lines = [run_one(kind, args) for kind in kinds]
    for line in lines:
        print(json.dumps(line, ensure_ascii=False))


if __name__ == "__main__":
    main()
