"""A national-size dataset for page benchmarks (``manage.py seed_national``, demo mode only).

At ``scale`` 1.0: the eleven counties of 2020–2023, each with a school programme and a
kindergarten programme and up to four regions; the 356 municipalities as owners (invented
names); ≈ 3 000 schools and 5 500 kindergartens; ≈ 60 000 classes and departments (one
school of ≈ 150 classes); ≈ 120 000 staff with their roles; three survey rounds (T1, T2,
T3, each ≈ 500 000 responses, with their codes) closed, built by the real results build and
released; ≈ 20 000 learning groups with the school year's meetings; ≈ 5 000 pedagogical
analyses from T3; every programme's action plan, duties and deadlines. Every count is
multiplied by ``scale`` (at least one of each; fewer counties when there are fewer than two
owners per county).

Written fast: the large tables (units, classes, people, memberships, children, codes,
responses, learning groups, meetings, attendance) with PostgreSQL's COPY (on SQLite one
``executemany``), the rest through the services or ``bulk_create``. The storage rules of
collection are kept (see ``national_survey``). Everything up to the bench users is one
transaction: a run that fails leaves nothing. The people to log in as are listed in
``national_bench`` (password ``samla.org.demo.DEMO_PASSWORD``).

Split by part: ``national_org`` (the tree), ``national_people``, ``national_plans``,
``national_learning``, ``national_survey`` with ``national_answers``, ``national_analysis``,
``national_bench``; ``national_copy`` writes the rows, ``national_names`` invents names."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime

import numpy as np
from django.db import connection, transaction
from django.utils import timezone

from samla.core.time import OSLO, oslo_today
from samla.learning.models import Attendance, GroupMember, LearningGroup, Meeting
from samla.org.models import Group, Membership, Person, Programme, Unit
from samla.results.models import Build
from samla.results.services import run_build
from samla.surveys.models import AccessCode, Child, Response, Round

from . import (
    national_analysis,
    national_bench,
    national_copy,
    national_learning,
    national_people,
    national_plans,
    national_survey,
)
from .national_copy import analyse, check_foreign_keys, is_postgresql, reset_sequences
from .national_org import SLUG_PREFIX, Nation, build_organisation

BASE = {
    "owners": 356,
    "schools": 3_000,
    "kindergartens": 5_500,
    "classes": 60_000,
    "staff": 120_000,
    "responses": 500_000,
    "learning_groups": 20_000,
    "analyses": 5_000,
}
# Tables written with ids of our own (their sequences are moved past them).
OWN_IDS = [Unit, Group, Person, Membership, Child, AccessCode, LearningGroup, Meeting]
BIG_TABLES = [Response, AccessCode, Child, Membership, Person, Group, Meeting, Attendance,
              GroupMember]  # fmt: skip


class AlreadySeeded(Exception):
    """The national dataset is in the database already."""


def national_counts(scale: float) -> dict[str, int]:
    """Every count of the dataset at ``scale`` (at least one of each)."""
    if not scale > 0:
        raise ValueError("the scale must be above 0")
    return {name: max(1, round(value * scale)) for name, value in BASE.items()}


def existing() -> int:
    """The national programmes in the database (0: not seeded)."""
    return Programme.objects.filter(slug__startswith=SLUG_PREFIX).count()


def seed_national(
    scale: float = 1.0, seed: int = 2026, say: Callable[[str], None] = print
) -> dict[str, float]:
    """Build the dataset; ``say`` gets a line per step (counts and seconds). Returns the
    seconds per step. Raises AlreadySeeded (and changes nothing) when it is there."""
    counts = national_counts(scale)
    if existing():
        raise AlreadySeeded
    rng = np.random.default_rng(seed)
    national_copy.start()
    now = timezone.now()
    today = oslo_today(now)
    nation = Nation(today=today, school_year=today.year if today.month >= 8 else today.year - 1)
    seconds: dict[str, float] = {}

    def step(name: str, work: Callable[[], dict]) -> dict:
        began = time.perf_counter()
        found = work()
        reset_sequences(OWN_IDS)
        seconds[name] = time.perf_counter() - began
        summary = ", ".join(f"{value:,} {key}".replace(",", " ") for key, value in found.items())
        say(f"{name}: {summary or 'done'} ({seconds[name]:.1f} s)")
        return found

    began = time.perf_counter()
    say(f"Scale {scale:g}, seed {seed}: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    with transaction.atomic():
        step("organisation", lambda: build_organisation(nation, counts, rng))
        step("people", lambda: national_people.build_people(nation, counts, rng))
        step("plans", lambda: national_plans.build_plans(nation))
        step("learning", lambda: national_learning.build_learning(nation, counts, rng))
        rounds = _survey(nation, counts, rng, step)
        last = rounds[-1]
        for made in rounds:
            step(
                f"results {made[0].name}",
                lambda made=made: _build_and_release(made, nation, made is last),
            )
        step("analyses", lambda: national_analysis.build_analyses(nation, counts, rounds[-1], rng))
        table: list[tuple[str, str, str]] = []

        def bench_users() -> dict:
            table.extend(national_bench.make_bench_users(nation))
            return {"users": len(table)}

        step("bench users", bench_users)
        # Every foreign key checked before the commit, so that the time shows.
        step("foreign keys", lambda: {"keys checked set-wise": check_foreign_keys()})
    if is_postgresql() and not connection.in_atomic_block:  # VACUUM needs to be outside
        step("vacuum", _vacuum)
    seconds["total"] = time.perf_counter() - began
    say(f"Done in {seconds['total']:.1f} s.")
    say("\nBench users (password samla.org.demo.DEMO_PASSWORD):")
    for username, role, place in table:
        say(f"  {username:<24} {role:<28} {place}")
    return seconds


def _survey(nation: Nation, counts, rng, step) -> list[list[Round]]:
    found: dict = {}

    def prepare() -> dict:
        found["versions"] = national_survey.publish_questionnaires()
        found["rounds"] = national_survey.create_rounds(nation, found["versions"])
        found["children"] = national_survey.write_children(nation)
        return {"questionnaires": len(found["versions"]),
                "rounds": sum(len(r) for r in found["rounds"]),
                "children": int(nation.group_size[nation.group_grade == 0].sum())}  # fmt: skip

    step("rounds", prepare)
    slots = national_survey.Slots(nation)
    writer = national_survey.RoundWriter(
        nation, slots, found["versions"], found["children"], counts["responses"], rng
    )
    year = national_survey.last_round_year(nation.today)
    for made, (name, back, shift) in zip(found["rounds"], national_survey.ROUNDS, strict=True):
        step(f"answers {name}", lambda made=made, back=back, shift=shift:
             writer.write(made, year - back, shift))  # fmt: skip
    step("statistics", lambda: analyse(BIG_TABLES) or {"tables": len(BIG_TABLES)})
    return found["rounds"]


def _build_and_release(rounds: list[Round], nation: Nation, last: bool) -> dict:
    """Each programme's round built by the real build (as the task worker does, with a
    Build record), then released: T1 and T2 in the January after, T3 now."""
    cells = 0
    for round in rounds:
        build = run_build(Build.objects.create(round=round, requested_by=None))
        cells += build.cells
        released = (
            timezone.now() if last else datetime(round.closes_at.year + 1, 1, 15, 9, 0, tzinfo=OSLO)
        )
        Round.objects.filter(pk=round.pk).update(results_released_at=released)
    return {"rounds built": len(rounds), "cells": cells}


def _vacuum() -> dict:
    """VACUUM ANALYZE of the large tables after the commit: pages read them with fresh
    statistics and visibility maps, as a server some time after its writes."""
    with connection.cursor() as cursor:
        for model in BIG_TABLES:
            cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
        # Every other table too (units, owners, enrolments …): without statistics the
        # planner guesses their sizes, and the admin's lists read PostgreSQL's estimate.
        cursor.execute("ANALYZE")
    return {"tables": len(BIG_TABLES)}
