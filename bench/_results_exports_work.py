"""Run inside the bench's environment (see ``_common.django_env``) for ``results_exports.py``.

python bench/_results_exports_work.py prepare SLUG OUT.json
    after ``_results_work.py setup`` and ``build``: release the round, add a programme
    administrator, and name the nodes to export (the programme, its owner with the most
    units, the leader's school) with their sizes
python bench/_results_exports_work.py export USERNAME URL
    one download of a results export through the portal (Django's test client, every
    middleware), as the person: 200 with the file (made in the request) or a redirect to
    the export's page (made by the task worker); time and the process's peak memory
python bench/_results_exports_work.py fetch USERNAME URL
    the export's page once the worker is done: its state, and the file by its link

Each command prints one JSON object as its last line. Times are taken around the request
only; memory is the process's high-water mark (VmHWM) and, for comparison, its resident
size before the request (Python, Django, the login).
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

import django

ADMIN = "bench-admin"
LEADER = "bench-leader"  # _results_work.LEADER
GUNICORN_S = 30
MAGIC = {"pdf": b"%PDF", "xlsx": b"PK", "pptx": b"PK", "json": b"{"}


def _status_mib(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def prepare(slug: str, out: str) -> None:
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult

    from samla.org.models import Group, Membership, Owner, Person, Role, Unit
    from samla.surveys.models import Round
    from samla.surveys.services import release_results

    survey_round = Round.objects.select_related("programme").get(slug=slug)
    if survey_round.results_released_at is None:
        release_results(survey_round)
    admin, _created = Person.objects.get_or_create(username=ADMIN)
    Membership.objects.get_or_create(
        person=admin, role=Role.PROGRAMME_ADMIN, programme=survey_round.programme
    )
    owner = (
        Owner.objects.filter(units__rounds=survey_round)
        .annotate(in_round=Count("units", distinct=True))
        .order_by("-in_round", "pk")
        .first()
    )
    school = Membership.objects.get(person__username=LEADER, role=Role.UNIT_LEADER).unit
    units_in_round = Unit.objects.filter(rounds=survey_round)
    info = {
        "round": slug,
        "programme": survey_round.programme_id,
        "owner": owner.pk,
        "unit": school.pk,
        "sizes": {
            "programme": {
                "units": units_in_round.count(),
                "classes": Group.objects.filter(unit__in=units_in_round).count(),
            },
            "owner": {
                "units": owner.in_round,
                "classes": Group.objects.filter(unit__owner=owner).count(),
            },
            "unit": {"units": 1, "classes": Group.objects.filter(unit=school).count()},
        },
    }
    # migrate queues the notifications job; the bench's workers run the exports only.
    DBTaskResult.objects.exclude(task_path__startswith="samla.results.tasks.").delete()
    Path(out).write_text(json.dumps(info))
    print(json.dumps(info))


def _client(username: str):
    from django.test import Client

    from samla.org.models import Person

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(Person.objects.get(username=username))
    return client


def _timed_get(client, url: str):
    began, cpu = time.perf_counter(), time.process_time()
    response = client.get(url)
    if response.status_code == 200 and response.streaming:
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    return response, body, time.perf_counter() - began, time.process_time() - cpu


def export(username: str, url: str) -> None:
    """The download as a person makes it and a gunicorn worker answers it: after the
    node's page, the first download of the process (which also loads what the format
    needs: WeasyPrint, openpyxl, …), then the same download again, when it is made in the
    request."""
    client = _client(username)
    fmt = url.rsplit(".", 1)[-1]
    # The node's page, where the download links are: Django's URLs and views loaded (as by
    # any worker's first request) and the page's charts drawn into the shared cache.
    client.get(url.rsplit("/", 1)[0] + "/")
    before, page_peak = _status_mib("VmRSS"), _status_mib("VmHWM")
    response, body, seconds, cpu = _timed_get(client, url)
    result = {
        "http_status": response.status_code,
        "first_seconds": round(seconds, 3),
        "first_cpu_seconds": round(cpu, 3),
        "rss_before_mib": round(before, 1),
        "page_peak_mib": round(page_peak, 1),
    }
    if response.status_code == 200:
        again = response
        if seconds <= GUNICORN_S:  # past gunicorn's timeout once is enough
            again, body, seconds, cpu = _timed_get(client, url)
        result.update(
            made="inline",
            seconds=round(seconds, 3),
            cpu_seconds=round(cpu, 3),
            bytes=len(body),
            file_ok=again.status_code == 200 and body.startswith(MAGIC.get(fmt, b"")),
        )
    elif response.status_code == 302:
        result.update(
            made="queued",
            seconds=round(seconds, 3),
            cpu_seconds=round(cpu, 3),
            location=response["Location"],
        )
    else:
        result.update(made="error", seconds=round(seconds, 3))
    result["peak_mib"] = round(_status_mib("VmHWM"), 1)
    print(json.dumps(result))


def fetch(username: str, url: str) -> None:
    """The export's page (what the person sees once the worker is done), then the file by
    the page's download link."""
    client = _client(username)
    fmt_hint = None
    page = client.get(url)
    text = page.content.decode()
    result: dict = {"page_status": page.status_code}
    links = re.findall(r'href="([^"]+)"[^>]*\bdownload\b', text) or re.findall(
        r'href="([^"]*/fil/\d+/last-ned[^"]*)"', text
    )
    if page.status_code != 200 or not links:
        result.update(state="not ready", file_ok=False)
        print(json.dumps(result))
        return
    link = links[0].replace("&amp;", "&")
    began = time.perf_counter()
    response = client.get(link)
    seconds = time.perf_counter() - began
    body = b"".join(response.streaming_content) if response.streaming else response.content
    disposition = response.get("Content-Disposition", "")
    fmt_hint = disposition.rsplit(".", 1)[-1].strip('"') if "." in disposition else ""
    result.update(
        state="done",
        download_status=response.status_code,
        download_seconds=round(seconds, 3),
        bytes=len(body),
        file_ok=response.status_code == 200 and body.startswith(MAGIC.get(fmt_hint, b"")),
    )
    print(json.dumps(result))


if __name__ == "__main__":
    django.setup()
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "prepare":
        prepare(sys.argv[2], sys.argv[3])
    elif command == "export":
        export(sys.argv[2], sys.argv[3])
    elif command == "fetch":
        fetch(sys.argv[2], sys.argv[3])
    else:
        raise SystemExit(__doc__)
