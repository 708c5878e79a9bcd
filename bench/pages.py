"""Page bench: every page type of the role matrix as every role that may open it, on the
national dataset: p50/p95 per page and role through gunicorn, and the queries of each page
against the same page on the same dataset at a tenth of its size.

    .venv/bin/python bench/pages.py [--quick] [--requests N] [--scale S | --database NAME]
                                    [--only REGEX] [--profile N] [--keep]

The national dataset: the PostgreSQL database ``samla_national`` when it holds a finished
``seed_national`` (its bench users exist and nothing writes to it); otherwise a database of
our own, ``samla_pages_<pid>``, migrated and seeded with ``seed_national --scale S`` (0.1),
dropped afterwards. ``--scale`` always seeds our own; ``--database`` names another seeded
one. The baseline: ``samla_pages_<pid>_small``, the same generator at a tenth of the scale
(``seed_national --scale``, the same counties' shapes: kindergartens with rounds, analyses,
partnerships), dropped afterwards. A page whose queries differ between the two grows with
the data; a baseline of another shape (the demo) would differ where one of them has no
rows at all, since a query over an empty list of ids is never sent.

1. **Pages** (``_pages_cases.py``, ``_pages_work.py``): every URL name of the role matrix
   (``tests/test_role_matrix.ALL_CASES``) that some role opens with 200, as each of those
   roles (the bench users ``nasjonal-<role>``), with the objects
   that person would open (their largest unit, their owner, the latest released round …).
   Left out and listed: downloads (not an HTML document, the axe crawl's rule), POST-only
   URLs, URLs that only redirect, pages that need an object made for them, the JSON API.
2. **Queries**: in a Django process per dataset (test client, DEBUG off), each page twice;
   the second request's queries are counted. A page is timed only if it answers 200 with
   an HTML document in the national dataset; the rest is listed with its status.
3. **Timing**: gunicorn (2 sync workers, DEBUG off, as ``intake.py``) on the national
   database; each bench user logs in once through the login form; each page is requested
   once to warm up and then N times (20; ``--quick`` 3) in turn from one client, the
   latency measured by the client.

Printed: a table per page type and role (p50, p95, queries national / small), the worst
five by p95, the page types over 200 ms at p95 and those whose queries grow with the data
(more queries in the national dataset than at a tenth of it), and the slowest page under
cProfile (``--profile N``: the N slowest). Last line: one JSON object with ``target_met``
(every page p95 ≤ 200 ms, no page with more queries than at a tenth). The exit status is 0
whether or not the target is met.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _client import Browser, Tally, percentile
from _common import PG_SERVER, VAR, BenchDatabase, Gunicorn, busy_share, django_env, run_python

TARGET_P95_MS = 200.0
NATIONAL = "samla_national"
WORK = "bench/_pages_work.py"
PASSWORD = "samla-demo"  # noqa: S105 - samla.org.demo.DEMO_PASSWORD, published
PREFIX = "nasjonal-"


def _admin(statement: str, database: str = "postgres") -> list[tuple]:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/{database}", autocommit=True) as connection:
        cursor = connection.execute(statement)
        return cursor.fetchall() if cursor.description else []


def national_ready(name: str) -> str:
    """'' when ``name`` holds a finished national dataset, else why not."""
    if not _admin(f"SELECT 1 FROM pg_database WHERE datname = '{name}'"):  # noqa: S608
        return "missing"
    try:
        users = _admin("SELECT count(*) FROM org_person WHERE username LIKE 'nasjonal-%'", name)[0][
            0
        ]
    except Exception as problem:
        return f"not readable ({type(problem).__name__})"
    if users < 11:
        return "still being written (no bench users yet)"
    writing = _admin(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
        "AND pid <> pg_backend_pid() AND (query ILIKE 'VACUUM%' OR query ILIKE 'COPY%') "
        "AND state = 'active'",
        name,
    )[0][0]
    return "being vacuumed or written" if writing else ""


def dataset_size(name: str) -> dict:
    counts = {}
    for table, label in (("org_unit", "units"), ("org_group", "classes"),
                         ("org_person", "people"), ("surveys_response", "responses")):  # fmt: skip
        counts[label] = _admin(f"SELECT count(*) FROM {table}", name)[0][0]  # noqa: S608
    return counts


class Own(BenchDatabase):
    """A PostgreSQL database of this run, named samla_pages_<pid>[_suffix]."""

    def __init__(self, suffix: str = "") -> None:
        super().__init__("postgres")
        self.name = f"samla_pages_{os.getpid()}{suffix}"
        self.url = f"{PG_SERVER}/{self.name}"


class Named(BenchDatabase):
    """A seeded database that is not ours: read, never dropped."""

    def __init__(self, name: str) -> None:
        super().__init__("postgres")
        self.name = name
        self.url = f"{PG_SERVER}/{name}"

    def drop(self) -> None:
        raise RuntimeError("not ours")


def seed(database: BenchDatabase, *command: str) -> float:
    began = time.perf_counter()
    database.create()
    env = django_env(database)
    run_python(env, "manage.py", "migrate", "--verbosity", "0")
    run_python(env, "manage.py", *command)
    return time.perf_counter() - began


def query_pass(database: BenchDatabase, prefix: str) -> dict:
    return json.loads(run_python(django_env(database), WORK, "queries", prefix).splitlines()[-1])


def _csrf(content: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', content)
    if found is None:
        raise RuntimeError("no CSRF token on the page")
    return found.group(1)


def log_in(port: int, username: str) -> Browser:
    browser = Browser(port, None, Tally())
    if username == "anonym":
        return browser
    _status, _loc, content = browser.request("login", "GET", "/konto/logg-inn/")
    form = [("csrfmiddlewaretoken", _csrf(content)), ("login", username), ("password", PASSWORD)]
    status, _location, _content = browser.request("login", "POST", "/konto/logg-inn/", form)
    if status != 302:
        raise RuntimeError(f"{username} could not log in ({status})")
    return browser


def log_out(browser: Browser) -> None:
    """POST the logout form: the session row goes (the national dataset keeps no trace
    but the users' last login)."""
    status, _loc, content = browser.request("logout", "GET", "/konto/logg-ut/")
    if status == 200:
        browser.request(
            "logout", "POST", "/konto/logg-ut/", [("csrfmiddlewaretoken", _csrf(content))]
        )
    browser.close()


def time_pages(database: BenchDatabase, pairs: list[dict], requests: int) -> list[dict]:
    """Each (page, role) once to warm up, then ``requests`` times; client-side ms."""
    env = django_env(database)
    VAR.mkdir(parents=True, exist_ok=True)
    with Gunicorn(env, workers=2, threads=1, log=VAR / f"pages-{database.name}.log") as server:
        browsers: dict[str, Browser] = {}
        try:
            for pair in pairs:
                role = pair["role"]
                if role not in browsers:
                    browsers[role] = log_in(server.port, _username(role))
                browser = browsers[role]
                times, statuses = [], set()
                for attempt in range(requests + 1):
                    began = time.perf_counter()
                    status, _loc, _content = browser.request("page", "GET", pair["url"])
                    if attempt:
                        times.append((time.perf_counter() - began) * 1000)
                    statuses.add(status)
                pair["times"] = times
                pair["p50_ms"] = round(percentile(times, 0.5), 1)
                pair["p95_ms"] = round(percentile(times, 0.95), 1)
                pair["http_statuses"] = sorted(statuses)
        finally:
            for browser in browsers.values():
                log_out(browser)
    return pairs


def _username(role: str) -> str:
    return role if role == "anonym" else f"{PREFIX}{role}"


ROLES = ["admin", "forsker", "statsforvalter", "region", "eier", "rektor", "styrer",
         "gruppeleder", "laerer", "ppt", "tillitsvalgt", "anonym"]  # fmt: skip


def report(national: dict, small: dict, timed: list[dict]) -> dict:
    small_queries = {(p["key"], p["role"]): p for p in small["pages"]}
    order = {t["key"]: n for n, t in enumerate(national["page_types"])}
    timed.sort(key=lambda p: (order[p["key"]], ROLES.index(p["role"])))
    print(f"\n{'page type':46} {'role':15} {'p50':>6} {'p95':>6} {'q nat':>6} {'q 1/10':>6}")
    over, grows = set(), set()
    for pair in timed:
        base = small_queries.get((pair["key"], pair["role"]))
        base_q = base["queries"] if base and base["status"] == 200 else None
        flag = ""
        if pair["p95_ms"] > TARGET_P95_MS:
            over.add(pair["key"])
            flag += " >200ms"
        if base_q is not None and pair["queries"] > base_q:
            grows.add(pair["key"])
            flag += " queries+"
        if pair["http_statuses"] != [200]:
            flag += f" http {pair['http_statuses']}"
        pair["small_queries"] = base_q
        print(
            f"{pair['key'][:46]:46} {pair['role']:15} {pair['p50_ms']:6.0f} {pair['p95_ms']:6.0f} "
            f"{pair['queries']:6} {base_q if base_q is not None else '—':>6}{flag}"
        )
    worst = sorted(timed, key=lambda p: -p["p95_ms"])[:5]
    print("\nWorst five by p95:")
    for pair in worst:
        print(f"  {pair['p95_ms']:7.0f} ms  {pair['key']} as {pair['role']}  {pair['url']}")
    listed = ", ".join(sorted(over)) or "—"
    print(f"\nPage types over {TARGET_P95_MS:.0f} ms at p95 ({len(over)}): {listed}")
    print(f"Page types with more queries than at a tenth of the data ({len(grows)}):")
    for key in sorted(grows):
        rows = [p for p in timed if p["key"] == key and (p["small_queries"] or 0) < p["queries"]]
        print("  " + key + ": " + ", ".join(
            f"{p['role']} {p['queries']}/{p['small_queries']}" for p in rows))  # fmt: skip
    unmatched = sum(p["small_queries"] is None for p in timed)
    print(f"Pages × roles without a figure at a tenth (no such object there): {unmatched}")
    return {"over": sorted(over), "grows": sorted(grows), "worst": worst, "unmatched": unmatched}


def print_left_out(national: dict) -> None:
    print("\nLeft out (not timed):")
    for item in national["left_out"]:
        print(f"  {item['url_name']}: {item['reason']}")
    refused = [p for p in national["pages"] if p["status"] != 200 or not p["document"]]
    skipped = {}
    for item in national["skipped"]:
        skipped.setdefault((item["key"], item["reason"]), []).append(item["role"])
    for p in refused:
        what = "not a document" if p["status"] == 200 else f"answers {p['status']}"
        skipped.setdefault((p["key"], f"{what} in this dataset"), []).append(p["role"])
    print("Skipped for some roles:")
    for (key, reason), roles in skipped.items():
        print(f"  {key}: {reason} ({', '.join(roles)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="3 requests per page.")
    parser.add_argument("--requests", type=int, help="Timed requests per page and role (20).")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--scale", type=float, help="Seed a national dataset of our own.")
    source.add_argument("--database", help=f"A seeded national database ({NATIONAL}).")
    parser.add_argument("--small", help="A national dataset seeded at a tenth of the scale.")
    parser.add_argument("--only", help="Only page types whose key matches this expression.")
    parser.add_argument("--profile", type=int, default=1, help="Profile the N slowest (1).")
    parser.add_argument("--keep", action="store_true", help="Keep the databases of this run.")
    args = parser.parse_args()
    requests = args.requests or (3 if args.quick else 20)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    began = time.perf_counter()
    ours: list[BenchDatabase] = []
    try:
        if args.scale is None and not (why := national_ready(args.database or NATIONAL)):
            national_db: BenchDatabase = Named(args.database or NATIONAL)
            print(f"== national dataset: {national_db.name} (seeded already)", flush=True)
        else:
            if args.scale is None:
                print(f"== {args.database or NATIONAL}: {why}; seeding our own at 0.1", flush=True)
            national_db = Own()
            ours.append(national_db)
            scale = args.scale or 0.1
            took = seed(national_db, "seed_national", "--scale", f"{scale:g}")
            print(
                f"== national dataset: {national_db.name}, scale {scale:g}, {took:.0f} s",
                flush=True,
            )
        size = dataset_size(national_db.name)
        print(
            "   " + ", ".join(f"{v:,} {k}".replace(",", " ") for k, v in size.items()), flush=True
        )

        small_db = Named(args.small) if args.small else Own("_small")
        small_scale = (args.scale or 1.0) / 10
        if not args.small:
            ours.append(small_db)
        small_result: dict = {}

        def small_side() -> None:  # beside the national query pass (counts, not times)
            try:
                if not args.small:
                    seed(small_db, "seed_national", "--scale", f"{small_scale:g}")
                small_result["queries"] = query_pass(small_db, PREFIX)
            except Exception as problem:
                small_result["error"] = problem

        side = threading.Thread(target=small_side)
        side.start()
        step = time.perf_counter()
        national = query_pass(national_db, PREFIX)
        print(f"== queries, national: {len(national['pages'])} pages × roles in "
              f"{time.perf_counter() - step:.0f} s", flush=True)  # fmt: skip
        side.join()
        if "error" in small_result:
            raise small_result["error"]
        small = small_result["queries"]
        print(
            f"== the dataset at scale {small_scale:g} seeded and counted in "
            f"{time.perf_counter() - step:.0f} s",
            flush=True,
        )
        pattern = re.compile(args.only) if args.only else None
        pairs = [
            p
            for p in national["pages"]
            if p["status"] == 200 and p["document"] and (not pattern or pattern.search(p["key"]))
        ]
        background = busy_share()
        print(f"== timing {len(pairs)} pages × roles, {requests} requests each "
              f"(machine busy before: {background:.0%})", flush=True)  # fmt: skip
        step = time.perf_counter()
        timed = time_pages(national_db, pairs, requests)
        timing_s = time.perf_counter() - step
        print_left_out(national)
        found = report(national, small, timed)
        raw = VAR / f"pages-{os.getpid()}.json"
        raw.write_text(json.dumps({"national": national, "small": small, "timed": timed}))
        print(f"\n== every figure: {raw.relative_to(VAR.parent.parent)}")
        for pair in found["worst"][: args.profile]:
            print(f"\n== cProfile: {pair['key']} as {pair['role']}")
            output = run_python(
                django_env(national_db), WORK, "profile", _username(pair["role"]), pair["url"], "5"
            )
            print("\n".join(output.splitlines()[:60]))
    finally:
        if not args.keep:
            for database in ours:
                database.drop()
    line = {
        "bench": "pages",
        "database": national_db.name,
        **size,
        "requests_per_page": requests,
        "page_types": len({p["key"] for p in timed}),
        "pages_timed": len(timed),
        "p95_max_ms": max((p["p95_ms"] for p in timed), default=None),
        "over_200ms": found["over"],
        "queries_grow": found["grows"],
        "no_small_figure": found["unmatched"],
        "worst": [
            {"page": p["key"], "role": p["role"], "p95_ms": p["p95_ms"], "queries": p["queries"]}
            for p in found["worst"]
        ],
        "busy_before": round(background, 2),
        "timing_s": round(timing_s),
        "total_s": round(time.perf_counter() - began),
        "target_met": not found["over"] and not found["grows"],
    }
    print(json.dumps(line, ensure_ascii=False))


if __name__ == "__main__":
    main()
