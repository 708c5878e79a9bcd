"""Run inside the bench's environment (see ``_common.django_env``) for ``results_build.py``.

python bench/_results_work.py setup N SEED OUT.json   migrate; a county-sized hierarchy of
                                                      its own; one closed round with one
                                                      60-item questionnaire; N responses
                                                      inserted straight into the database
python bench/_results_work.py build SLUG [--profile]  the results build, timed, with its peak
                                                      memory (and cProfile's top 15)
python bench/_results_work.py floor SLUG              the plainest fast read of the same
                                                      answers plus a per-unit mean of every
                                                      item, timed
python bench/_results_work.py page SLUG OUT.json      a unit's results page, if there is one

Each command prints one JSON object as its last line. Times are taken inside the process,
around the work only (not Python's and Django's start); memory is the process's high-water
mark (VmHWM), so a fresh process measures its own work.
"""

from __future__ import annotations

import io
import json
import sys
import time
from pathlib import Path

import django
import numpy as np

ROUND_SLUG = "bench-results"
RESPONDENT_GROUP = "guardian"
INDICES = 10
ITEMS_PER_INDEX = 6
POINTS = 5
DK_INDICES = {3, 7}  # these indices' items offer "vet ikke"
REVERSED = {2, 5}  # item positions (0-based) reversed in every other index
LEADER = ("bench-leader", "bench-leader-password-1")


def _peak_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


# --- the questionnaire -------------------------------------------------------------------


def item_code(index: int, position: int) -> str:
    return f"idx{index}_{position + 1}"


def xlsform_bytes() -> bytes:
    """10 indices × 6 five-point Likert items, one page per index; two indices offer "vet
    ikke"; in every other index items 3 and 6 are reversed."""
    import openpyxl

    languages = ("nb", "nn", "en")

    def labels(text: str) -> list[str]:
        return [f"{text} ({language})" for language in languages]

    workbook = openpyxl.Workbook()
    survey = workbook.active
    survey.title = "survey"
    survey.append(
        [
            "type",
            "name",
            *(f"label::{lang}" for lang in languages),
            "required",
            "instance::scale",
            "instance::reversed",
        ]
    )
    for index in range(INDICES):
        survey.append(["begin_group", f"page{index}", *labels(f"Del {index + 1}")])
        choices = "agree5dk" if index in DK_INDICES else "agree5"
        for position in range(ITEMS_PER_INDEX):
            turned = "yes" if index % 2 == 0 and position in REVERSED else None
            survey.append(
                [
                    f"select_one {choices}",
                    item_code(index, position),
                    *labels(f"Påstand {index + 1}.{position + 1}"),
                    None,
                    f"idx{index}",
                    turned,
                ]
            )
        survey.append(["end_group"])
    options = workbook.create_sheet("choices")
    options.append(["list_name", "name", *(f"label::{lang}" for lang in languages)])
    for list_name in ("agree5", "agree5dk"):
        for value in range(1, POINTS + 1):
            options.append([list_name, str(value), *labels(f"Svar {value}")])
    options.append(["agree5dk", "dk", *labels("Vet ikke")])
    settings = workbook.create_sheet("settings")
    settings.append(
        [
            "form_id",
            "version",
            *(f"form_title::{lang}" for lang in languages),
            "default_language",
            "respondent_group",
        ]
    )
    settings.append(["bench_results", "1", *labels("Benk"), "nb", RESPONDENT_GROUP])
    scales = workbook.create_sheet("scales")
    scales.append(["scale", *(f"label::{lang}" for lang in languages)])
    for index in range(INDICES):
        scales.append([f"idx{index}", *labels(f"Indeks {index + 1}")])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- the hierarchy and the respondents ---------------------------------------------------


def plan(respondents: int, seed: int) -> dict:
    """Where the respondents are: regions → owners → schools → classes (grades 1–10, class
    sizes about 15–25, small rural schools with one small class per grade) → respondents.
    Pure numpy; the database rows are made from it."""
    rng = np.random.default_rng(seed)
    quick = respondents < 100_000
    regions, owners_per_region = (2, 4) if quick else (4, 12)
    owners = regions * owners_per_region
    units = max(owners, round(respondents / 417))  # ≈ 1 200 schools for 500 000
    # Schools per owner: a few large municipalities, many small ones; at least one each.
    weight = rng.lognormal(0, 0.8, owners)
    per_owner = 1 + rng.multinomial(units - owners, weight / weight.sum())
    owner_of_unit = np.repeat(np.arange(owners), per_owner)
    # Respondents per school (lognormal sizes), per grade.
    size = rng.lognormal(0, 0.6, units)
    in_unit = rng.multinomial(respondents, size / size.sum())
    no_class = rng.binomial(in_unit, 0.01)  # codes given out without a class
    class_unit, class_grade, class_size = [], [], []
    for unit in range(units):
        per_grade = rng.multinomial(in_unit[unit] - no_class[unit], np.full(10, 0.1))
        for grade, count in enumerate(per_grade, start=1):
            if not count:
                continue
            k = max(1, round(count / 20))
            parts = np.full(k, count // k)
            parts[: count % k] += 1
            for part in parts:
                class_unit.append(unit)
                class_grade.append(grade)
                class_size.append(int(part))
    class_unit_a = np.asarray(class_unit)
    # Respondent rows: the classes' pupils, then those without a class.
    row_class = np.concatenate(
        [np.repeat(np.arange(len(class_size)), class_size), np.full(no_class.sum(), -1)]
    )
    row_unit = np.concatenate(
        [np.repeat(class_unit_a, class_size), np.repeat(np.arange(units), no_class)]
    )
    order = rng.permutation(respondents)  # submitted in no particular order
    return {
        "regions": regions,
        "owners": owners,
        "region_of_owner": np.arange(owners) // owners_per_region,
        "owner_of_unit": owner_of_unit,
        "units": units,
        "class_unit": class_unit_a,
        "class_grade": np.asarray(class_grade),
        "row_class": row_class[order],
        "row_unit": row_unit[order],
    }


def answers_matrix(layout: dict, seed: int) -> np.ndarray:
    """respondents × 60 packed bytes: 1..5, 0 missing, 255 "vet ikke". Each index is a latent
    trait with programme, school, class and person parts (and a general factor), items add
    noise; a few respondents stop early, some skip items, "vet ikke" where offered."""
    rng = np.random.default_rng(seed + 1)
    rows = layout["row_unit"].shape[0]
    units, classes = layout["units"], layout["class_unit"].shape[0]
    unit_effect = rng.normal(0, 0.30, (units, INDICES)).astype(np.float32)
    class_effect = rng.normal(0, 0.20, (classes + 1, INDICES)).astype(np.float32)
    class_effect[-1] = 0  # row_class -1: no class
    general = rng.normal(0, 0.5, (rows, 1)).astype(np.float32)
    trait = (
        rng.normal(0.4, 0.25, INDICES).astype(np.float32)
        + unit_effect[layout["row_unit"]]
        + class_effect[layout["row_class"]]
        + general
        + rng.normal(0, 0.6, (rows, INDICES)).astype(np.float32)
    )
    out = np.empty((rows, INDICES * ITEMS_PER_INDEX), dtype=np.uint8)
    for index in range(INDICES):
        noise = rng.normal(0, 0.8, (rows, ITEMS_PER_INDEX)).astype(np.float32)
        value = np.clip(np.rint(3 + trait[:, [index]] + noise), 1, POINTS).astype(np.uint8)
        if index % 2 == 0:
            for position in REVERSED:
                value[:, position] = POINTS + 1 - value[:, position]
        if index in DK_INDICES:
            value[rng.random(value.shape) < 0.06] = 255
        out[:, index * ITEMS_PER_INDEX : (index + 1) * ITEMS_PER_INDEX] = value
    out[rng.random(out.shape) < 0.02] = 0  # skipped items
    quit_ = rng.random(rows) < 0.03  # stopped part-way
    stop = rng.integers(1, out.shape[1], rows)
    columns = np.arange(out.shape[1])
    out[quit_[:, None] & (columns[None, :] >= stop[:, None])] = 0
    return out


def response_ids(count: int, seed: int) -> np.ndarray:
    """``count`` distinct random ids in 1..2⁶², as ``surveys.models._random_response_id``
    gives each response (there one at a time from ``secrets``; here seeded, so that runs
    insert the same rows). The order of the ids tells nothing about the order of rows."""
    rng = np.random.default_rng(seed + 2)
    ids = rng.integers(1, 2**62, count, dtype=np.int64, endpoint=True)
    while True:  # a repeat is unlikely (≈ n² / 2⁶³) but would fail the primary key
        _, first = np.unique(ids, return_index=True)
        if len(first) == count:
            return ids
        repeated = np.ones(count, dtype=bool)
        repeated[first] = False
        ids[repeated] = rng.integers(1, 2**62, int(repeated.sum()), np.int64, endpoint=True)


def setup(respondents: int, seed: int, out: str) -> None:
    from datetime import date, timedelta

    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from samla.org.models import (
        Enrolment,
        Group,
        GroupKind,
        Level,
        Membership,
        Owner,
        OwnerKind,
        Person,
        Programme,
        Region,
        RegionOwner,
        Role,
        Unit,
        UnitKind,
    )
    from samla.surveys import services
    from samla.surveys.answers import packed_size
    from samla.surveys.models import Response, Round, RoundInstrument

    seconds: dict[str, float] = {}
    began = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    seconds["migrate"] = time.perf_counter() - began

    began = time.perf_counter()
    layout = plan(respondents, seed)
    with transaction.atomic():
        programme = Programme.objects.create(
            name="Benk fylke", slug="benk", level=Level.PRIMARY, county="Benk"
        )
        regions = Region.objects.bulk_create(
            Region(programme=programme, name=f"Region {r + 1}", short_name=f"R{r + 1}")
            for r in range(layout["regions"])
        )
        owners = Owner.objects.bulk_create(
            Owner(name=f"Kommune {o + 1}", kind=OwnerKind.MUNICIPALITY)
            for o in range(layout["owners"])
        )
        RegionOwner.objects.bulk_create(
            RegionOwner(region=regions[r], owner=owners[o], programme=programme)
            for o, r in enumerate(layout["region_of_owner"])
        )
        units = Unit.objects.bulk_create(
            (
                Unit(name=f"Skole {u + 1}", kind=UnitKind.PRIMARY, owner=owners[o])
                for u, o in enumerate(layout["owner_of_unit"])
            ),
            batch_size=2000,
        )
        Enrolment.objects.bulk_create(
            (Enrolment(unit=unit, programme=programme) for unit in units), batch_size=2000
        )
        letters: dict[tuple[int, int], int] = {}
        groups = []
        for unit, grade in zip(layout["class_unit"], layout["class_grade"], strict=True):
            key = (int(unit), int(grade))
            letters[key] = letters.get(key, 0) + 1
            groups.append(
                Group(
                    unit=units[key[0]],
                    name=f"{grade}{chr(64 + letters[key])}",
                    kind=GroupKind.CLASS,
                    grade=key[1],
                )
            )
        groups = Group.objects.bulk_create(groups, batch_size=2000)
        version = services.publish_instrument(xlsform_bytes())
        now = timezone.now()
        round = Round.objects.create(
            programme=programme,
            name="T1",
            slug=ROUND_SLUG,
            opens_at=now - timedelta(days=40),
            closes_at=now - timedelta(days=1),
            published=True,
        )
        Round.units.through.objects.bulk_create(
            (Round.units.through(round_id=round.pk, unit_id=unit.pk) for unit in units),
            batch_size=2000,
        )
        RoundInstrument.objects.create(
            round=round, respondent_group=RESPONDENT_GROUP, version=version
        )
        # A leader of the largest school, for the results page.
        leader = Person.objects.create_user(LEADER[0], password=LEADER[1])
        largest = int(np.bincount(layout["row_unit"], minlength=layout["units"]).argmax())
        Membership.objects.create(person=leader, role=Role.UNIT_LEADER, unit=units[largest])
    seconds["organisation"] = time.perf_counter() - began

    began = time.perf_counter()
    matrix = answers_matrix(layout, seed)
    assert matrix.shape[1] == packed_size(version.instrument())
    seconds["generate"] = time.perf_counter() - began

    began = time.perf_counter()
    unit_ids = np.asarray([u.pk for u in units], dtype=np.int64)[layout["row_unit"]]
    group_pks = np.asarray([g.pk for g in groups] + [0], dtype=np.int64)
    row_group = group_pks[layout["row_class"]]
    band_of = {g: ("1-4" if g <= 4 else "5-7" if g <= 7 else "8-10") for g in range(1, 11)}
    grade_pks = np.asarray([g.grade for g in groups] + [0])[layout["row_class"]]
    bands = [band_of.get(int(g), "") for g in grade_pks]
    blobs = [row.tobytes() for row in matrix]
    ids = response_ids(len(blobs), seed).tolist()
    submitted = date.today() - timedelta(days=5)
    table = Response._meta.db_table
    # The id too: responses get random ids from the model, not from the database.
    columns = (
        "id, round_id, version_id, unit_id, group_id, respondent_group, grade_band, answers, "
        "text_answers, submitted_on"
    )
    rows = (
        (
            ids[i],
            round.pk,
            version.pk,
            int(unit_ids[i]),
            None if layout["row_class"][i] < 0 else int(row_group[i]),
            RESPONDENT_GROUP,
            bands[i],
            blobs[i],
            "{}",
            submitted,
        )
        for i in range(len(blobs))
    )
    if connection.vendor == "postgresql":
        with (
            transaction.atomic(),
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {table}")
            cursor.execute("CHECKPOINT")  # the build is not timed against the insert's WAL
    else:
        connection.ensure_connection()
        raw = connection.connection
        with transaction.atomic():
            raw.executemany(
                f"INSERT INTO {table} ({columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",  # noqa: S608
                ((*r[:9], r[9].isoformat()) for r in rows),
            )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    seconds["insert"] = time.perf_counter() - began
    stored = Response.objects.filter(round=round).count()
    with open(out, "w") as file:
        json.dump(
            {
                "round": ROUND_SLUG,
                "regions": layout["regions"],
                "owners": layout["owners"],
                "units": layout["units"],
                "classes": len(groups),
                "responses": stored,
                "items": int(matrix.shape[1]),
                "leader_unit": units[largest].pk,
                "seconds": {k: round_(v) for k, v in seconds.items()},
            },
            file,
        )


def round_(value: float) -> float:
    return round(value, 3)


# --- the build ---------------------------------------------------------------------------


def build(slug: str, profile: bool) -> None:
    from samla.results.build import build_round
    from samla.results.models import ResultRow
    from samla.results.packing import read_numbers
    from samla.surveys.models import Round

    survey_round = Round.objects.select_related("programme").get(slug=slug)
    before = _rss_mib()
    steps: list[tuple[float, int, str]] = []
    began = time.perf_counter()

    def progress(percent: int, step: str) -> None:
        steps.append((time.perf_counter() - began, percent, step))

    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    began, cpu = time.perf_counter(), time.process_time()
    cells = build_round(survey_round, progress)
    elapsed, cpu = time.perf_counter() - began, time.process_time() - cpu
    if profiler is not None:
        import pstats

        profiler.disable()
        text = io.StringIO()
        stats = pstats.Stats(profiler, stream=text).sort_stats("cumulative")
        stats.print_stats(15)
        stats.sort_stats("tottime").print_stats(10)
        print(text.getvalue())
    stored = hidden = 0
    rows = ResultRow.objects.filter(round=survey_round).values_list("n", "sheet__measures")
    for blob, measures in rows.iterator(chunk_size=2000):
        n, mark = read_numbers(bytes(blob), len(measures))
        stored += sum(1 for value in n if value)
        hidden += sum(1 for value in n if value == mark)
    print(
        json.dumps(
            {
                "seconds": round_(elapsed),
                "cpu_seconds": round_(cpu),
                "peak_mib": round(_peak_mib(), 1),
                "rss_before_mib": round(before, 1),
                "cells": cells,
                "stored": stored,
                "suppressed": hidden,
                "steps": [(round_(s), p, name) for s, p, name in steps],
                "profiled": profile,
            }
        )
    )


# --- the floor ---------------------------------------------------------------------------


def floor(slug: str) -> None:
    """Read unit and answers with a plain cursor, make one matrix, and take every unit's
    mean of every item (0 and 255 missing) with bincount: the least any build must do."""
    from django.db import connection

    from samla.surveys.models import Response, Round

    round_id = Round.objects.get(slug=slug).pk
    connection.ensure_connection()
    before = _rss_mib()
    began, cpu = time.perf_counter(), time.process_time()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT unit_id, answers FROM {Response._meta.db_table} WHERE round_id = %s",  # noqa: S608
            [round_id],
        )
        rows = cursor.fetchall()
    read = time.perf_counter() - began
    units = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
    data = b"".join(bytes(row[1]) for row in rows)
    del rows
    matrix = np.frombuffer(data, dtype=np.uint8).reshape(len(units), -1)
    keys, dense = np.unique(units, return_inverse=True)
    groups = len(keys)
    means = np.empty((groups, matrix.shape[1]))
    for column in range(matrix.shape[1]):
        values = matrix[:, column]
        present = (values != 0) & (values != 255)
        n = np.bincount(dense[present], minlength=groups)
        sums = np.bincount(dense[present], weights=values[present], minlength=groups)
        with np.errstate(invalid="ignore", divide="ignore"):
            means[:, column] = sums / n
    elapsed, cpu = time.perf_counter() - began, time.process_time() - cpu
    print(
        json.dumps(
            {
                "seconds": round_(elapsed),
                "cpu_seconds": round_(cpu),
                "read_seconds": round_(read),
                "rows": int(matrix.shape[0]),
                "items": int(matrix.shape[1]),
                "units": groups,
                "peak_mib": round(_peak_mib(), 1),
                "rss_before_mib": round(before, 1),
                "check": round(float(np.nanmean(means)), 4),
            }
        )
    )


# --- the unit's results page -------------------------------------------------------------


def results_routes() -> list[str]:
    """The portal's URL names that mention results."""
    from django.urls import get_resolver
    from django.urls.resolvers import URLPattern, URLResolver

    found = []
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and entry.namespace == "portal":
            found += [
                f"portal:{p.name}"
                for p in entry.url_patterns
                if isinstance(p, URLPattern) and p.name and "result" in p.name
            ]
    return found


def page(slug: str, out: str, requests: int) -> None:
    """Time a unit leader's page of their unit's results in the round (released first, as
    the administrator would), if the portal has one; the first route of the portal whose
    name mentions results and that takes the round and a unit."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import NoReverseMatch, reverse

    from samla.org.models import Person
    from samla.surveys.models import Round
    from samla.surveys.services import release_results

    info = json.loads(Path(out).read_text())
    survey_round = Round.objects.get(slug=slug)
    routes = results_routes()
    result: dict = {"routes": routes}
    if not routes:
        result["status"] = "not built yet"
        print(json.dumps(result))
        return
    if survey_round.results_released_at is None:
        release_results(survey_round)
    unit = info["leader_unit"]
    candidates = [
        {"slug": slug, "kind": "unit", "pk": unit},
        {"slug": slug, "pk": unit},
        {"slug": slug, "unit_pk": unit},
        {"slug": slug, "unit": unit},
        {"round": slug, "unit": unit},
    ]
    routes.sort(key=lambda name: ("node" not in name and "unit" not in name, name))
    url = None
    for name in routes:
        for kwargs in candidates:
            try:
                url = reverse(name, kwargs=kwargs)
            except NoReverseMatch:
                continue
            result["route"] = name
            break
        if url:
            break
    if url is None:
        result["status"] = "no results route takes a round and a unit"
        print(json.dumps(result))
        return
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(Person.objects.get(username=LEADER[0]))
    # The first request of the process pays vl-convert's start and draws every chart of
    # the page (the database, and so the shared cache, is new): timed apart, as a server
    # pays it once per build, not per request.
    began = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        first = client.get(url)
    cold_ms = (time.perf_counter() - began) * 1000
    result.update(
        url=url,
        http_status=first.status_code,
        cold_ms=round(cold_ms, 1),
        cold_queries=len(captured),
    )
    if first.status_code != 200:
        result["status"] = f"answered {first.status_code}"
        print(json.dumps(result))
        return
    content = first.content.decode()
    times = []
    for number in range(requests):
        began = time.perf_counter()
        if number == 0:  # the queries of a request after the first
            with CaptureQueriesContext(connection) as captured:
                client.get(url)
            result["queries"] = len(captured)
        else:
            client.get(url)
        times.append((time.perf_counter() - began) * 1000)
    times.sort()
    result.update(
        status="timed",
        requests=requests,
        bytes=len(first.content),
        charts=content.count("<svg"),
        p50_ms=round(times[len(times) // 2], 1),
        p95_ms=round(times[min(len(times) - 1, int(0.95 * len(times)))], 1),
        max_ms=round(times[-1], 1),
    )
    print(json.dumps(result))


if __name__ == "__main__":
    django.setup()
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "setup":
        setup(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
    elif command == "build":
        build(sys.argv[2], "--profile" in sys.argv[3:])
    elif command == "floor":
        floor(sys.argv[2])
    elif command == "page":
        page(sys.argv[2], sys.argv[3], int(sys.argv[4]) if len(sys.argv) > 4 else 50)
    else:
        raise SystemExit(__doc__)
