"""Results exports bench: every format of a national round's results, for the programme, an
owner and a school, as the administrator and a school's leader download them.

    .venv/bin/python bench/results_exports.py [--quick] [--db postgres|sqlite]
                                              [--respondents N] [--request-timeout S]
                                              [--worker-timeout S]

A fresh database (PostgreSQL ``samla_exports_bench``, dropped afterwards; or a SQLite file
under var/bench/) with the results bench's round (``_results_work.py setup``): by default a
county's, 100 000 responses at about 240 schools and 5 000 classes (a few minutes; the
worker's Excel file of the whole programme is most of it); ``--respondents 500000`` a
country's, about 1 200 schools and 25 000 classes (the worker then takes 7–20 minutes for
that workbook alone); ``--quick`` 30 000. Built and released; a programme administrator,
and the leader of the largest school. Files go to a media folder of the run's own, removed
afterwards.

Then, each download in a fresh Python process (Django's test client, every middleware;
time around the request, memory the process's high-water mark): the administrator's PDF,
Excel, slide deck and JSON of the programme and of the owner with the most units, and the
leader's of their school. The process first opens the node's page, where the download
links are (loading Django's URLs and views, as a gunicorn worker's first request does, and
drawing the page's charts into the shared cache, as the person's visit does), then
downloads: the first download of the process is timed apart (it loads WeasyPrint,
openpyxl … once per worker process, as results_pdf.py times its first download apart); a
download answered with the file (made in the request) is made once more and timed. One
answered with a redirect to the export's page is made by the task worker: a fresh
``manage.py db_worker --batch`` runs (its wall time and peak memory, from the kernel's
account of the process), then a fresh process opens the page and downloads the file by
its link.

Target: every export either made in the request within 2 s (the second download), or
queued within 2 s and made by the worker; every process's peak memory ≤ 300 MB; a request
past 30 s (gunicorn's timeout) counts as a timeout. Last line: a JSON object with
``target_met`` and every export's figures. The exit status is 0 whether or not the target
is met.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ROOT, VAR, BenchDatabase, busy_share, django_env, run_python

FULL, QUICK = 100_000, 30_000
INLINE_S, PEAK_MB, GUNICORN_S = 2.0, 300.0, 30.0
MIB = 1.048576  # MB in a MiB: the kernel counts memory in KiB, the target is in MB
WORK, EXPORTS = "bench/_results_work.py", "bench/_results_exports_work.py"
FORMATS = ("pdf", "xlsx", "pptx", "json")
CASES = (("bench-admin", "programme"), ("bench-admin", "owner"), ("bench-leader", "unit"))


def _last_json(output: str) -> dict:
    return json.loads(output.strip().splitlines()[-1])


def _timed_process(env: dict[str, str], args: list[str], timeout: float) -> dict:
    """Run a Python process: its output and wall seconds, or ``timed_out`` (killed)."""
    began = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        return {"timed_out": True, "wall_s": round(time.perf_counter() - began, 1)}
    return {
        "timed_out": False,
        "returncode": process.returncode,
        "stdout": stdout,
        "stderr": stderr,
        "wall_s": round(time.perf_counter() - began, 3),
    }


def _worker(env: dict[str, str], timeout: float) -> dict:
    """A fresh task worker that runs what is queued and stops: wall time and peak memory."""
    began = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            process.kill()
            os.wait4(process.pid, 0)
            return {"timed_out": True, "wall_s": round(time.perf_counter() - began, 1)}
        time.sleep(0.05)
    process.returncode = os.waitstatus_to_exitcode(status)
    errors = process.stderr.read().decode(errors="replace") if process.stderr else ""
    return {
        "timed_out": False,
        "returncode": process.returncode,
        "wall_s": round(time.perf_counter() - began, 3),
        "peak_mib": round(usage.ru_maxrss / 1024, 1),  # KiB on Linux
        "errors": errors[-2000:] if process.returncode else "",
    }


def one_export(env, info, username: str, level: str, fmt: str, args) -> dict:
    pk = info[level]
    url = f"/resultater/{info['round']}/{level}/{pk}/last-ned.{fmt}"
    row = {"who": username, "level": level, "format": fmt, **info["sizes"][level]}
    ran = _timed_process(env, [EXPORTS, "export", username, url], args.request_timeout)
    if ran["timed_out"]:
        return {**row, "made": "timeout", "seconds": None, "peak_mib": None, "ok": False}
    if ran["returncode"] != 0:
        raise RuntimeError(f"export {url} failed:\n{ran['stdout']}\n{ran['stderr']}")
    got = _last_json(ran["stdout"])
    row.update(
        made=got["made"],
        http_status=got["http_status"],
        first_s=got["first_seconds"],
        seconds=got["seconds"],
        cpu_s=got.get("cpu_seconds"),
        peak_mib=got["peak_mib"],
        rss_before_mib=got["rss_before_mib"],
        page_peak_mib=got.get("page_peak_mib"),
    )
    if got["made"] == "inline":
        row.update(bytes=got["bytes"], file_ok=got["file_ok"])
        row["timeout"] = max(got["first_seconds"], got["seconds"]) > GUNICORN_S
        row["ok"] = (
            got["file_ok"] and got["seconds"] <= INLINE_S and _mb(got["peak_mib"]) <= PEAK_MB
        )
        return row
    if got["made"] != "queued":
        row["ok"] = False
        return row
    worker = _worker(env, args.worker_timeout)
    row.update(worker_s=worker["wall_s"], worker_peak_mib=worker.get("peak_mib"))
    if worker["timed_out"] or worker["returncode"]:
        row.update(ok=False, worker_error=worker.get("errors", "timed out"))
        return row
    fetched = _last_json(run_python(env, EXPORTS, "fetch", username, got["location"]))
    row.update(
        state=fetched["state"],
        bytes=fetched.get("bytes"),
        file_ok=fetched["file_ok"],
        download_s=fetched.get("download_seconds"),
    )
    row["ok"] = (
        fetched["file_ok"]
        and got["seconds"] <= INLINE_S
        and _mb(got["peak_mib"]) <= PEAK_MB
        and _mb(worker["peak_mib"]) <= PEAK_MB
    )
    return row


def _peaks(rows: list[dict]) -> list[float]:
    """Every measured process's peak (MiB): requests and workers."""
    return [p for r in rows for p in (r.get("peak_mib"), r.get("worker_peak_mib")) if p]


def _mb(mib: float) -> float:
    return mib * MIB


def _describe(row: dict) -> str:
    size = f"{row['units']} units, {row['classes']} classes"
    head = f"   {row['who']:<12} {row['level']:<9} {row['format']:<4} ({size}): "
    if row["made"] == "timeout":
        return head + "no answer within the request timeout (killed)"
    text = f"{row['made']} {row['seconds']:.2f} s"
    if row["made"] == "inline":
        text += f" ({row['cpu_s']:.2f} s CPU; first in the process {row['first_s']:.2f} s)"
    text += f", peak {_mb(row['peak_mib']):.0f} MB"
    if row.get("page_peak_mib"):
        text += f" (the node's page before it {_mb(row['page_peak_mib']):.0f} MB)"
    if row.get("timeout"):
        text += " — past gunicorn's 30 s"
    if row["made"] == "queued":
        worker_mb = _mb(row.get("worker_peak_mib") or 0)
        text += (
            f"; worker {row.get('worker_s', 0):.1f} s, peak {worker_mb:.0f} MB; file "
            f"{row.get('bytes') or 0:,} bytes, download {row.get('download_s') or 0:.2f} s"
        )
    elif row.get("bytes") is not None:
        text += f", {row['bytes']:,} bytes"
    return head + text + ("" if row["ok"] else "  ✗")


def run(args: argparse.Namespace) -> dict:
    respondents = args.respondents or (QUICK if args.quick else FULL)
    database = BenchDatabase(args.db)
    if args.db == "postgres":
        database.name = "samla_exports_bench"
        database.url = database.url.rsplit("/", 1)[0] + "/" + database.name
    else:
        database.path = VAR / f"results-exports-{os.getpid()}.sqlite3"
        database.url = f"sqlite:///{database.path}"
    media = VAR / f"exports-media-{os.getpid()}"
    print(f"== {args.db}: a fresh database with {respondents} responses × 60 items", flush=True)
    began = time.perf_counter()
    database.create()
    rows = []
    try:
        env = django_env(database, SAMLA_MEDIA_ROOT=str(media))
        info_file = VAR / f"results-exports-{os.getpid()}.json"
        run_python(env, WORK, "setup", str(respondents), str(args.seed), str(info_file))
        built = _last_json(run_python(env, WORK, "build", "bench-results"))
        info = _last_json(run_python(env, EXPORTS, "prepare", "bench-results", str(info_file)))
        info_file.unlink(missing_ok=True)
        sizes = info["sizes"]
        print(
            f"   setup and build {time.perf_counter() - began:.0f} s (build {built['seconds']:.1f}"
            f" s): programme {sizes['programme']['units']} units / "
            f"{sizes['programme']['classes']} classes; owner {sizes['owner']['units']} / "
            f"{sizes['owner']['classes']}; school {sizes['unit']['classes']} classes",
            flush=True,
        )
        background = busy_share()
        for username, level in CASES:
            for fmt in FORMATS:
                row = one_export(env, info, username, level, fmt, args)
                rows.append(row)
                print(_describe(row), flush=True)
    finally:
        database.drop()
        shutil.rmtree(media, ignore_errors=True)
    met = bool(rows) and all(row["ok"] for row in rows)
    print(
        f"   target (each ≤ {INLINE_S:.0f} s in the request or made by the worker, peak ≤ "
        f"{PEAK_MB:.0f} MB): {'met' if met else 'NOT met'}; machine busy before the "
        f"downloads {100 * background:.0f}%"
    )
    return {
        "bench": "results_exports",
        "db": args.db,
        "respondents": respondents,
        "quick": args.quick,
        "busy_share": round(background, 2),
        "exports": [{k: v for k, v in row.items() if k != "worker_error"} for row in rows],
        "timeouts": sum(1 for r in rows if r["made"] == "timeout" or r.get("timeout")),
        "slowest_request_s": max((r["seconds"] for r in rows if r["seconds"]), default=None),
        "peak_mb": round(_mb(max(peaks)), 1) if (peaks := _peaks(rows)) else None,
        "target_met": met,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help=f"{QUICK} responses, not {FULL}.")
    parser.add_argument("--db", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--respondents", type=int)
    parser.add_argument(
        "--request-timeout",
        type=float,
        default=60,
        help="Stop a download's process after this many seconds (a timeout).",
    )
    parser.add_argument(
        "--worker-timeout",
        type=float,
        default=3600,
        help="Stop a task worker after this many seconds (the file counts as not made).",
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    print(json.dumps(run(args), ensure_ascii=False))


if __name__ == "__main__":
    main()
