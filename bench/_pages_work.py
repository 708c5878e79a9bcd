"""The page bench's work inside a Django process (see pages.py), against the database of
DATABASE_URL.

python bench/_pages_work.py queries <prefix>        # every page as every role: one JSON line
python bench/_pages_work.py profile <username> <url> [requests]   # cProfile of one page

``<prefix>`` is the bench users' name before the role: ``nasjonal-`` in a national dataset
(any scale), empty in the demo (``admin``, ``rektor`` …). The queries pass opens each page
twice per role with Django's test client (all middleware, DEBUG off) and counts the second
request's queries (the first may fill caches); the answer tells whether the page is an
HTML document."""

from __future__ import annotations

import cProfile
import io
import json
import pstats
import sys
import time
from collections import defaultdict

import django

ANONYMOUS = "anonym"


def _is_document(response) -> bool:
    """The axe crawl's rule (tests/browser/test_axe_crawl.py): text/html that begins with
    <!doctype html>; downloads, feeds and the fragments htmx fetches are not documents."""
    return response.get("Content-Type", "").startswith("text/html") and (
        response.content.lstrip()[:15].lower() == b"<!doctype html>"
    )


def page_types() -> tuple[list[dict], list[dict]]:
    """(pages, left out). Each page: key, URL name, its Page (kwargs) and the matrix roles
    that open it with 200. Each left-out URL name with the reason."""
    from _pages_cases import DOWNLOADS, ONE_OFF, PAGES, Page
    from django.urls import NoReverseMatch, reverse

    from tests.api.matrix import CASES as API_CASES
    from tests.role_matrix_support import ROLES
    from tests.test_role_matrix import ALL_CASES, _all_url_names

    cases = defaultdict(list)
    for case in ALL_CASES:
        cases[case.url_name].append(case)
    pages, left_out = [], []

    def leave(name: str, reason: str) -> None:
        left_out.append({"url_name": name, "reason": reason})

    for name, its_cases in cases.items():
        openers = {r for c in its_cases for r in ROLES if c.expected[r] == 200}
        if name in DOWNLOADS:
            leave(name, f"not a document: {DOWNLOADS[name]}")
            continue
        if not openers:
            statuses = sorted({s for c in its_cases for r, s in c.expected.items() if r})
            reason = {
                (405,): "POST only (a GET answers 405)",
                (302,): "a redirect for every role (302)",
            }.get(tuple(s for s in statuses if s not in (302, 404, 403)) or tuple(statuses))
            if reason is None and 302 in statuses:
                reason = f"no role gets 200 ({'/'.join(map(str, statuses))}): a redirect"
            leave(name, reason or f"no role gets 200 ({'/'.join(map(str, statuses))})")
            continue
        if name in ONE_OFF:
            leave(name, f"needs an object made for it: {ONE_OFF[name]}")
            continue
        entries = [p for p in PAGES if p.url_name == name]
        if not entries:
            try:
                reverse(name)
            except NoReverseMatch:
                leave(name, "URL with parameters and no entry in bench/_pages_cases.py")
                continue
            entries = [Page(name)]
        for entry in entries:
            roles = set(entry.roles) or {
                r
                for c in its_cases
                if entry.matrix in c.label
                for r in ROLES
                if c.expected[r] == 200
            }
            ordered = [r or ANONYMOUS for r in ROLES if r in roles]
            pages.append({"key": entry.key, "url_name": name, "page": entry, "roles": ordered})
    api = {c.url_name for c in API_CASES}
    for name in sorted(_all_url_names() - set(cases)):
        if name in api or name.startswith("api:"):
            leave(name, "JSON API, not a document (tests/api/matrix.py)")
        elif name.startswith("admin:"):
            continue  # the admin's own forms: summed up in one line below
        else:
            leave(name, "not in the role matrix")
    others = [n for n in _all_url_names() - set(cases) if n.startswith("admin:")]
    leave(
        f"admin:* ({len(others)} more)",
        "the admin's add/change/delete/history forms: not in the role matrix (its index and "
        "every model's list are)",
    )
    return pages, left_out


def queries(prefix: str) -> None:
    from _pages_cases import Places
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from samla.org.models import Person

    pages, left_out = page_types()
    roles = []
    for page in pages:
        roles += [r for r in page["roles"] if r not in roles]
    found, skipped = [], []
    for role in roles:
        person = None
        client = Client(HTTP_HOST="127.0.0.1")
        if role != ANONYMOUS:
            person = Person.objects.filter(username=f"{prefix}{role}").first()
            if person is None:
                skipped.append({"role": role, "key": "*", "reason": "no such bench user"})
                continue
            client.force_login(person)
        places = Places(person, prefix)
        for page in pages:
            if role not in page["roles"]:
                continue
            entry = page["page"]
            kwargs = entry.kwargs(places) if entry.kwargs else {}
            if not kwargs and entry.kwargs:
                skipped.append(
                    {"role": role, "key": page["key"], "reason": "no such object for the role"}
                )
                continue
            url = reverse(entry.url_name, kwargs=kwargs)
            # CaptureQueriesContext holds off request_started's reset: the log (9 000 at
            # most, then counts come out short) is emptied here instead.
            reset_queries()
            with CaptureQueriesContext(connection) as at_first:
                client.get(url)
            reset_queries()
            with CaptureQueriesContext(connection) as captured:
                began = time.perf_counter()
                response = client.get(url)
                ms = (time.perf_counter() - began) * 1000
            found.append(
                {
                    "key": page["key"],
                    "role": role,
                    "url": url,
                    "status": response.status_code,
                    "document": _is_document(response),
                    "content_type": response.get("Content-Type", ""),
                    "location": response.get("Location", ""),
                    "bytes": len(response.content),
                    "queries": len(captured),
                    "first_queries": len(at_first),
                    "in_process_ms": round(ms, 1),
                }
            )
        if person is not None:
            client.logout()  # its session row goes
    print(
        json.dumps(
            {
                "pages": found,
                "skipped": skipped,
                "left_out": left_out,
                "page_types": [{"key": p["key"], "roles": p["roles"]} for p in pages],
            },
            ensure_ascii=False,
        )
    )


def profile(username: str, url: str, requests: int) -> None:
    """cProfile of ``requests`` GETs of one page (after one), top 20 by cumulative time and
    15 by own time; with the queries of one request by time."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from samla.org.models import Person

    client = Client(HTTP_HOST="127.0.0.1")
    if username != ANONYMOUS:
        client.force_login(Person.objects.get(username=username))
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        began = time.perf_counter()
        client.get(url)
        one = (time.perf_counter() - began) * 1000
    # Read now: the next request empties the log (request_started → reset_queries).
    executed = list(captured.captured_queries)
    slow = sorted(executed, key=lambda q: -float(q["time"]))[:5]
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        client.get(url)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("cumulative").print_stats(20)
    stats.sort_stats("tottime").print_stats(15)
    client.logout()
    print(f"{url} as {username}: {one:.0f} ms in-process, {len(executed)} queries")
    sql_ms = sum(float(q["time"]) for q in executed) * 1000
    print(f"SQL {sql_ms:.0f} ms in all; slowest:")
    for query in slow:
        print(f"  {float(query['time']) * 1000:7.1f} ms  {query['sql'][:160]}")
    print("\n".join(line for line in out.getvalue().splitlines() if line.strip()))


if __name__ == "__main__":
    django.setup()
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "queries":
        queries(sys.argv[2] if len(sys.argv) > 2 else "")
    elif command == "profile":
        profile(sys.argv[2], sys.argv[3], int(sys.argv[4]) if len(sys.argv) > 4 else 5)
    else:
        raise SystemExit(__doc__)
