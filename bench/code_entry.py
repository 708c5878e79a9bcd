"""Code-entry bench: a school behind one address is never refused; a guesser is.

    .venv/bin/python bench/code_entry.py [--quick] [--db sqlite|postgres|both]

For each database: a fresh database with the demo organisation, a round of its own and 500
codes (``_prepare.py``), served by gunicorn with 2 sync workers on 127.0.0.1 — two
processes, so the failure counters are only right if they share them. Then:

1. **School**: 500 valid codes entered from one address by 50 concurrent clients; one
   pupil in five first mistypes a well-formed code (it matches nothing). Counted: pupils
   let in, pupils refused.
2. **One guesser**: wrong codes from one address, 20 at a time, until 10 000 are sent
   (``--quick``: 2 000). Counted: how many were looked up ("not found") before the first
   refusal, and in all.
3. **Many guessers**: the same number of wrong codes spread over 100 other addresses.
   Counted: looked up, refused, and whether a new pupil at a new address is still let in.

Printed per database, then one JSON line each with ``target_met``: phase 1 refuses no one,
phase 2 stops the guesser within its ten-minute budget (a few over it only for requests in
flight together), and phase 3 blocks no one else.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import _client
from _common import VAR, BenchDatabase, Gunicorn, django_env, run_python

from samla.answer.guessing import PER_TEN_MINUTES
from samla.surveys import codes as code_rules

PUPILS, SCHOOL_CLIENTS = 500, 50
GUESSES, GUESSES_QUICK, GUESSERS_AT_ONCE, MANY = 10_000, 2_000, 20, 100
SCHOOL_ADDRESS, GUESSER_ADDRESS = "127.0.5.1", "127.0.6.1"
FOUND_NOTHING = "Vi fant ikke den koden"
REFUSED = ("For mange forsøk", "fra dette nettverket i dag")


def _slip(code: str, rng: random.Random) -> str:
    raw = code_rules.normalise(code)
    position = rng.randrange(len(raw))
    other = rng.choice([ch for ch in code_rules.ALPHABET if ch != raw[position]])
    return code_rules.format_code(raw[:position] + other + raw[position + 1 :])


def _wrong(rng: random.Random) -> str:
    return code_rules.format_code(
        "".join(rng.choice(code_rules.ALPHABET) for _ in range(code_rules.LENGTH))
    )


def _enter(browser: _client.Browser, code: str) -> str:
    """'in', 'not found', 'refused' or what else the server answered."""
    status, _location, content = browser.request("enter", "GET", "/svar/")
    if status != 200:
        return f"GET {status}"
    token = _client.CSRF.search(content)
    if token is None:
        return "no CSRF token"
    form = [("csrfmiddlewaretoken", token.group(1)), ("code", code), ("language", "nb")]
    status, location, content = browser.request("enter", "POST", "/svar/", form)
    if status == 302 and location.startswith("/svar/side/"):
        return "in"
    if status == 200 and any(text in content for text in REFUSED):
        return "refused"
    if status == 200 and FOUND_NOTHING in content:
        return "not found"
    return f"POST {status}"


class Counter:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.outcomes: dict[str, int] = {}
        self.looked_up_before_refusal: int | None = None

    def add(self, outcome: str) -> None:
        with self.lock:
            self.outcomes[outcome] = self.outcomes.get(outcome, 0) + 1
            if outcome == "refused" and self.looked_up_before_refusal is None:
                self.looked_up_before_refusal = self.outcomes.get("not found", 0)


def _run(jobs: list[tuple[str, str]], port: int, at_once: int, counter: Counter) -> float:
    """Each job (source address, code) as a new device; ``at_once`` threads."""
    tally = _client.Tally()
    lock = threading.Lock()
    queue = iter(jobs)

    def work() -> None:
        while True:
            with lock:
                job = next(queue, None)
            if job is None:
                return
            source, code = job
            browser = _client.Browser(port, source, tally)
            try:
                counter.add(_enter(browser, code))
            except (OSError, http.client.HTTPException) as problem:
                counter.add(f"error {type(problem).__name__}")
            finally:
                browser.close()

    threads = [threading.Thread(target=work, daemon=True) for _ in range(at_once)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - began


def _school(port: int, codes: list[str], rng: random.Random) -> tuple[Counter, Counter, float]:
    slips, pupils = Counter(), Counter()
    jobs = [(SCHOOL_ADDRESS, _slip(code, rng)) for code in codes if rng.random() < 0.2]
    seconds = _run(jobs, port, SCHOOL_CLIENTS, slips)
    seconds += _run([(SCHOOL_ADDRESS, code) for code in codes], port, SCHOOL_CLIENTS, pupils)
    return slips, pupils, seconds


def run_one(kind: str, quick: bool) -> dict:
    guesses = GUESSES_QUICK if quick else GUESSES
    database = BenchDatabase(kind)
    print(f"== {kind}: preparing a fresh database with {PUPILS + 1} codes", flush=True)
    database.create()
    try:
        env = django_env(database, SAMLA_LOG_LEVEL="ERROR")
        codes_file = VAR / f"codes-{os.getpid()}-{kind}.json"
        run_python(env, "bench/_prepare.py", "setup", str(PUPILS + 1), str(codes_file))
        codes = json.loads(codes_file.read_text())
        codes_file.unlink()
        latecomer, codes = codes[-1], codes[:-1]
        rng = random.Random(14)
        with Gunicorn(env, 2, 1, VAR / f"gunicorn-code-entry-{kind}.log") as server:
            print(f"   {server.describe} on port {server.port}", flush=True)
            slips, pupils, school_seconds = _school(server.port, codes, rng)
            one = Counter()
            one_seconds = _run(
                [(GUESSER_ADDRESS, _wrong(rng)) for _ in range(guesses)],
                server.port,
                GUESSERS_AT_ONCE,
                one,
            )
            many = Counter()
            addresses = [f"127.0.7.{number + 1}" for number in range(MANY)]
            many_seconds = _run(
                [(addresses[n % MANY], _wrong(rng)) for n in range(guesses)],
                server.port,
                GUESSERS_AT_ONCE,
                many,
            )
            late = Counter()
            _run([("127.0.8.1", latecomer)], server.port, 1, late)
    finally:
        database.drop()

    let_in = pupils.outcomes.get("in", 0)
    refused = sum(v for k, v in {**pupils.outcomes}.items() if k != "in")
    slip_refused = slips.outcomes.get("refused", 0)
    one_looked_up = one.outcomes.get("not found", 0)
    many_looked_up = many.outcomes.get("not found", 0)
    many_refused = many.outcomes.get("refused", 0)
    print(
        f"   school at one address: {let_in} of {len(codes)} pupils let in, {refused} refused "
        f"({sum(slips.outcomes.values())} slips first, {slip_refused} of them refused) in "
        f"{school_seconds:.1f} s"
    )
    print(
        f"   one guesser: {guesses} wrong codes in {one_seconds:.1f} s — "
        f"{one.looked_up_before_refusal} looked up before the first refusal, {one_looked_up} "
        f"in all (budget {PER_TEN_MINUTES} per 10 min), {one.outcomes.get('refused', 0)} refused"
    )
    print(
        f"   {MANY} guessers: {guesses} wrong codes in {many_seconds:.1f} s — {many_looked_up} "
        f"looked up, {many_refused} refused; a new pupil afterwards: "
        f"{'let in' if late.outcomes.get('in') == 1 else 'REFUSED'}"
    )
    others = {k: v for c in (pupils, one, many) for k, v in c.outcomes.items()}
    unexpected = {k: v for k, v in others.items() if k not in ("in", "not found", "refused")}
    if unexpected:
        print(f"   unexpected answers: {unexpected}")
    # Two workers share the counters: the guesser gets its budget, plus at most the
    # requests that were in flight together when it ran out.
    target_met = (
        let_in == len(codes)
        and slip_refused == 0
        and one_looked_up <= PER_TEN_MINUTES + GUESSERS_AT_ONCE
        and many_refused == 0
        and late.outcomes.get("in") == 1
        and not unexpected
    )
    return {
        "bench": "code_entry",
        "db": kind,
        "quick": quick,
        "server": "2w×1t",
        "pupils": len(codes),
        "pupils_refused": refused,
        "slips": sum(slips.outcomes.values()),
        "guesses": guesses,
        "one_address_looked_up_before_refusal": one.looked_up_before_refusal,
        "one_address_looked_up": one_looked_up,
        "many_addresses": MANY,
        "many_addresses_looked_up": many_looked_up,
        "many_addresses_refused": many_refused,
        "budget_per_10_min": PER_TEN_MINUTES,
        "school_seconds": round(school_seconds, 1),
        "target_met": target_met,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="2 000 wrong codes, not 10 000.")
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    args = parser.parse_args()
    kinds = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    lines = [run_one(kind, args.quick) for kind in kinds]
    for line in lines:
        print(json.dumps(line, ensure_ascii=False))


if __name__ == "__main__":
    main()
