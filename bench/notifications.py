"""Notifications bench: the day's notifications of a programme with 8 000 staff, made and
sent by the worker's job (``services.run_due``) to a real SMTP server, against the same
day of a programme with 100 staff measured in the same run.

    .venv/bin/python bench/notifications.py [--quick] [--db sqlite|postgres|both]
                                            [--staff N] [--profile]

For each database: two fresh databases (SQLite files under var/bench/, or throwaway
PostgreSQL databases samla_bench_<pid>_<staff>, dropped afterwards), migrated, each with
one programme made with bulk_create (``_notifications_work.py``): schools of 25–40 staff
(one unit leader each, 30 % also at a class), two people per owner, region coordinators,
three programme administrators; every person with an address, 4 % writing Nynorsk and
2 % English, 20 % with every kind in the daily digest and 3 % with the week-before deadline
only in Samla. The day's occasions: deadlines for staff today and in a week (10 % already
marked done), for unit leaders, owners and administrators within the week, two not due;
learning groups of 5–7 of every school's staff, 85 % meeting tomorrow (5 % of those
cancelled); a survey round opening today over every school, another halfway through its
window with pupils' codes per class at a rate of 15–80 % per school, a closed round whose
results build failed this afternoon; an analysis per school with two or three comments of
the last day, 10 % shared with the owner this morning, 2 % withdrawn, a third with two
measures that ended yesterday unevaluated. ``now`` is 20:00 Oslo time today (or the
present if later), past the digest hour.

An aiosmtpd server runs in a thread of this process and counts each recipient's mails;
the work process sends to it with Django's SMTP backend (SAMLA_EMAIL_BACKEND=smtp) and
times ``run_due(now)`` — each source, storing, and the parts of sending (claims, writing
the mails, SMTP, writing the outcomes, digests) — with its queries, then runs it again at
the same moment (it must make and send nothing). Every recipient's mails counted by the
server are compared with what the database says was sent to them (notifications sent one
by one, and digests).

Printed per database: notifications made by kind, mails received, seconds for collecting
(per source) and for sending, queries, and the ratio of seconds per staff member to the
baseline's. Last lines: one JSON object per database and one for the run, with
``target_met`` (≤ 60 s for the big programme on every database, and every mail received
exactly once, nothing left waiting, the second run sending nothing). ``--profile``
runs the big programme's ``run_due`` under cProfile (its times are then inflated) and
prints the top functions. The exit status is 0 whether or not the target is met.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
import time
from collections import Counter
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from aiosmtpd.controller import Controller

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import PG_SERVER, VAR, BenchDatabase, busy_share, django_env, free_port, run_python

TARGET_SECONDS = 60.0
FULL, QUICK, BASELINE = 8_000, 2_000, 100
WORK = "bench/_notifications_work.py"
# Mails still to go after a run: none may be left.
WAITING = ("pending", "claimed", "digest", "failed", "interrupted")


class Sink:
    """The aiosmtpd handler: counts each recipient's messages and keeps nothing else.

    Not ``tests/smtp_server.py``'s Inbox: aiosmtpd reads every attribute of its handler
    (``inspect.getmembers``) for each new connection, and the Inbox's ``messages``
    property parses every message kept so far — after 19 000 messages a new connection
    waits 20 s for its greeting."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.received: Counter = Counter()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.received.update(envelope.rcpt_tos)
        return "250 OK"

    def take(self) -> Counter:
        with self.lock:
            received, self.received = self.received, Counter()
        return received


class SmtpServer:
    """A real SMTP server on a free local port, in a thread of this process (the work
    process that sends is another)."""

    def __init__(self) -> None:
        self.sink = Sink()
        self.port = free_port()
        self.controller = Controller(
            self.sink, hostname="127.0.0.1", port=self.port, server_hostname="bench.invalid"
        )

    def start(self) -> SmtpServer:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()


def _now() -> datetime:
    """20:00 in Oslo today, or the present when later: past any digest hour."""
    present = datetime.now(ZoneInfo("Europe/Oslo")).replace(microsecond=0)
    evening = present.replace(hour=20, minute=0, second=0)
    return max(present, evening)


def _database(kind: str, staff: int) -> BenchDatabase:
    database = BenchDatabase(kind)
    if kind == "sqlite":
        database.path = VAR / f"notifications-{os.getpid()}-{staff}.sqlite3"
        database.url = f"sqlite:///{database.path}"
    else:
        database.name = f"samla_bench_{os.getpid()}_{staff}"
        database.url = f"{PG_SERVER}/{database.name}"
    return database


def run_day(kind: str, staff: int, args, server: SmtpServer, now: datetime, profile: bool):
    """Builds the day for ``staff`` in a fresh database and runs the job; the figures."""
    database = _database(kind, staff)
    database.create()
    try:
        env = django_env(
            database,
            SAMLA_EMAIL_BACKEND="smtp",
            SAMLA_EMAIL_HOST="127.0.0.1",
            SAMLA_EMAIL_PORT=str(server.port),
            SAMLA_BASE_URL="https://samla.example.no",
        )
        began = time.perf_counter()
        built = json.loads(
            run_python(env, WORK, "setup", str(staff), str(args.seed), now.isoformat())
        )
        setup_seconds = time.perf_counter() - began
        server.sink.take()
        busy = busy_share()
        command = [WORK, "time", now.isoformat(), *(["profile"] if profile else [])]
        *profile_lines, last = run_python(env, *command).splitlines()
        timed = json.loads(last)
    finally:
        database.drop()
    received = server.sink.take()
    if profile_lines:
        print("\n".join(profile_lines))
    expected = Counter(timed.pop("expected"))
    timed.update(
        {
            "built": built,
            "setup_seconds": round(setup_seconds, 1),
            "busy_before": round(busy, 2),
            "received": sum(received.values()),
            "expected_mails": sum(expected.values()),
            "duplicates": sum((received - expected).values()),
            "missing": sum((expected - received).values()),
            "waiting": sum(timed["by_state"].get(state, 0) for state in WAITING),
        }
    )
    summary, again = timed["summary"], timed["again"]
    timed["exactly_once"] = (
        timed["received"] > 0
        and timed["duplicates"] == 0
        and timed["missing"] == 0
        and timed["waiting"] == 0
        and again.get("made", 0) == 0
        and again.get("sent", 0) == 0
        and again.get("digests", 0) == 0
        and summary.get("sent", 0) + summary.get("digests", 0) == timed["received"]
    )
    return timed


def _print_day(label: str, staff: int, day: dict) -> None:
    built = day["built"]
    print(
        f"   {label}: {staff} staff ({built['people']} people, {built['units']} schools, "
        f"{built['groups']} learning groups, {built['comments']} comments, {built['codes']} "
        f"codes); setup {day['setup_seconds']} s; machine busy before: {day['busy_before']:.0%}"
    )
    made = ", ".join(f"{kind} {n}" for kind, n in sorted(day["by_kind"].items()))
    print(f"     made {day['made']}: {made}")
    print(f"     mail states: {json.dumps(day['by_state'], sort_keys=True)}")
    print(
        f"     run_due {day['seconds']} s (CPU {day['cpu_seconds']} s): collect "
        f"{day['collect_seconds']} s, send {day['send_seconds']} s; {day['queries']} queries; "
        f"summary {json.dumps(day['summary'])}"
    )
    for part, seconds in day["parts"].items():
        found = f" ({day['found'][part]} due)" if part in day["found"] else ""
        print(f"       {part:26} {seconds:7.2f} s{found}")
    print(
        f"     mails received {day['received']} (expected {day['expected_mails']}, duplicates "
        f"{day['duplicates']}, missing {day['missing']}, left waiting {day['waiting']}); "
        f"again: {json.dumps(day['again'])} in {day['again_seconds']} s, "
        f"{day['again_queries']} queries → exactly once: {day['exactly_once']}"
    )


def run_one(kind: str, args: argparse.Namespace, server: SmtpServer, now: datetime) -> dict:
    staff = args.staff or (QUICK if args.quick else FULL)
    print(f"== {kind}: {staff} staff against {BASELINE}, now {now.isoformat()}", flush=True)
    base = run_day(kind, BASELINE, args, server, now, profile=False)
    _print_day("baseline", BASELINE, base)
    big = run_day(kind, staff, args, server, now, profile=args.profile)
    _print_day("big", staff, big)
    per_person = big["seconds"] / staff
    base_per_person = base["seconds"] / BASELINE
    ratio = per_person / base_per_person if base_per_person else None
    print(
        f"   per staff member: {1000 * per_person:.2f} ms against {1000 * base_per_person:.2f} "
        f"ms in the baseline → ratio {ratio:.2f}×"
        if ratio
        else "   ratio: baseline took no time"
    )
    return {
        "bench": "notifications",
        "db": kind,
        "staff": staff,
        "people": big["built"]["people"],
        "made": big["made"],
        "mails_received": big["received"],
        "mails_expected": big["expected_mails"],
        "seconds": big["seconds"],
        "cpu_seconds": big["cpu_seconds"],
        "collect_seconds": big["collect_seconds"],
        "send_seconds": big["send_seconds"],
        "queries": big["queries"],
        "baseline_staff": BASELINE,
        "baseline_seconds": base["seconds"],
        "baseline_queries": base["queries"],
        "baseline_made": base["made"],
        "ratio_per_person": round(ratio, 2) if ratio else None,
        "exactly_once": big["exactly_once"] and base["exactly_once"],
        "profiled": args.profile,
        "busy_before": big["busy_before"],
        "target_met": big["seconds"] <= TARGET_SECONDS
        and big["exactly_once"]
        and base["exactly_once"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help=f"{QUICK} staff: a short run.")
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--staff", type=int, help=f"Staff in the big programme ({FULL}).")
    parser.add_argument("--profile", action="store_true", help="cProfile the big run_due.")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--now", help="The moment of the run (ISO, with its offset).")
    args = parser.parse_args()
    if args.staff is not None and not 200 <= args.staff <= 100_000:
        parser.error("--staff must be between 200 and 100 000.")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    kinds = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    now = _now() if args.now is None else datetime.fromisoformat(args.now)
    server = SmtpServer().start()
    try:
        lines = [run_one(kind, args, server, now) for kind in kinds]
    finally:
        server.stop()
    for line in lines:
        print(json.dumps(line, ensure_ascii=False))
    print(
        json.dumps(
            {
                "bench": "notifications",
                "measure": "all",
                "seconds": {line["db"]: line["seconds"] for line in lines},
                "target_seconds": TARGET_SECONDS,
                "target_met": all(line["target_met"] for line in lines),
            }
        )
    )


if __name__ == "__main__":
    main()
