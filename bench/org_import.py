"""Org-import bench: a county brought in from the register and the staff workbook.

    .venv/bin/python bench/org_import.py [--quick] [--db sqlite|postgres|both]

For each database: a fresh, migrated database (SQLite file under var/bench/, or a
throwaway PostgreSQL database samla_bench_<pid>, dropped afterwards). Then two counties,
each a programme of its own with four regions over Innlandet's municipality numbers
(``_org_import_work.py``):

- the **baseline**, a tenth of a county: 25 schools, 300 classes, 800 staff;
- the **county**: 250 schools from the register, 3 000 classes, 8 000 staff
  (``--quick``: 100, 1 200, 3 200).

Each file goes through the import runner as the task worker takes it: the upload is kept,
checked (the preview), then applied in one transaction. Printed per county and step: the
check and the apply in seconds, and the ratio of the county to the baseline. Last line per
database: one JSON object with ``target_met`` (the county's four steps ≤ 30 s in all). The
exit status is 0 whether or not the target is met.
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

TARGET_S = 30.0
WORK = "bench/_org_import_work.py"
BASELINE = (25, 300, 800)
COUNTY, QUICK = (250, 3_000, 8_000), (100, 1_200, 3_200)
STEPS = [("register", "check_s"), ("register", "apply_s"), ("workbook", "check_s"),
         ("workbook", "apply_s")]  # fmt: skip


def run_one(kind: str, args: argparse.Namespace) -> dict:
    size = QUICK if args.quick else COUNTY
    database = BenchDatabase(kind)
    if kind == "sqlite":
        database.path = VAR / f"org-import-{os.getpid()}.sqlite3"
        database.url = f"sqlite:///{database.path}"
    print(f"== {kind}: {size[0]} schools, {size[1]} classes, {size[2]} staff", flush=True)
    database.create()
    try:
        env = django_env(database)
        began = time.perf_counter()
        run_python(env, "manage.py", "migrate", "--verbosity", "0")
        print(f"   migrated in {time.perf_counter() - began:.1f} s", flush=True)
        background = busy_share()
        figures = {}
        for seed, (name, (units, classes, staff)) in enumerate(
            (("baseline", BASELINE), ("county", size)), start=1
        ):
            out = run_python(
                env,
                WORK,
                "county",
                f"bench-{name}",
                str(units),
                str(classes),
                str(staff),
                str(seed),
            )
            figures[name] = json.loads(out.splitlines()[-1])
    finally:
        database.drop()
    base, big = figures["baseline"], figures["county"]
    print(f"   machine busy before timing: {background:.0%}")
    print(f"   {'step':20} {'baseline s':>11} {'county s':>9} {'ratio':>6}")
    for step, part in STEPS:
        ratio = big[step][part] / base[step][part] if base[step][part] else 0.0
        label = f"{step} {part[:-2]}"
        print(f"   {label:20} {base[step][part]:>11.2f} {big[step][part]:>9.2f} {ratio:>5.1f}×")
    print(f"   {'all four':20} {base['total_s']:>11.2f} {big['total_s']:>9.2f} "
          f"{big['total_s'] / base['total_s']:>5.1f}×")  # fmt: skip
    print(f"   county counts: register {big['register']['counts']}")
    print(f"                  workbook {big['workbook']['counts']}")
    return {
        "bench": "org_import",
        "db": kind,
        "units": big["units"],
        "classes": big["classes"],
        "staff": big["staff"],
        "total_s": big["total_s"],
        "baseline_total_s": base["total_s"],
        "ratio": round(big["total_s"] / base["total_s"], 2) if base["total_s"] else None,
        "steps_s": {f"{step}_{part[:-2]}": big[step][part] for step, part in STEPS},
        "busy_before": round(background, 2),
        "target_met": big["total_s"] <= TARGET_S,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="A smaller county: a short run.")
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    kinds = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    lines = [run_one(kind, args) for kind in kinds]
    for line in lines:
        print(json.dumps(line, ensure_ascii=False))


if __name__ == "__main__":
    main()
