"""The results build that runs by itself when a round closes: scheduled on publishing and
on a moved closing time, idempotent when it runs, and the command for deployments without
a task worker."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from samla.results import rounds
from samla.results.models import Build, BuildState
from samla.results.services import schedule_build_at_close, start_build
from samla.results.tasks import build_results_at_close
from samla.surveys import services
from samla.surveys.models import Round
from samla.surveys.simulate import simulate_responses

LIBRARY = Path(settings.BASE_DIR) / "samla" / "surveys" / "library"
TASK_PATH = "samla.results.tasks.build_results_at_close"


@pytest.fixture
def pupil_version(db):
    return services.publish_instrument((LIBRARY / "elev_5_7.xlsx").read_bytes())


def answered_round(demo_org, version, slug: str, *, closed_days_ago: int | None = 1) -> Round:
    """A published round at the demo school with a few simulated answers; closed
    ``closed_days_ago`` days ago (None: still open)."""
    now = timezone.now()
    round = Round.objects.create(
        programme=demo_org.school_programme, name=slug, slug=slug,
        opens_at=now - timedelta(days=10), closes_at=now + timedelta(days=1), published=True,
    )  # fmt: skip
    round.units.add(demo_org.school)
    rounds.save_round(round, {"pupil_5_7": version})
    simulate_responses(round, 12, seed=len(slug), unit=demo_org.school)
    if closed_days_ago is not None:
        Round.objects.filter(pk=round.pk).update(closes_at=now - timedelta(days=closed_days_ago))
        round.refresh_from_db()
    return round


def scheduled_tasks() -> list[tuple[list, object]]:
    return [
        (task.args_kwargs["args"], task.run_after)
        for task in DBTaskResult.objects.filter(task_path=TASK_PATH).order_by("enqueued_at")
    ]


def run_due_tasks() -> None:
    """What ``db_worker`` does with each task that is due, without its loop (which closes
    the database connection, and with it the test's transaction)."""
    worker = Worker(
        queue_names=["default"], interval=0, batch=True, backend_name="default",
        startup_delay=False, max_tasks=None, worker_id="test", excluded_queue_names=[],
    )  # fmt: skip
    for result in DBTaskResult.objects.ready().order_by("enqueued_at"):
        result.claim("test")
        worker.run_task(result)


def test_publishing_and_moving_the_close_schedule_a_build_at_the_close(
    demo_org, pupil_version, django_capture_on_commit_callbacks
):
    now = timezone.now().replace(microsecond=0)
    round = Round.objects.create(
        programme=demo_org.school_programme, name="T4", slug="t4-auto",
        opens_at=now + timedelta(days=2), closes_at=now + timedelta(days=40),
    )  # fmt: skip
    services.set_round_units(round, [demo_org.school])
    with django_capture_on_commit_callbacks(execute=True):
        rounds.save_round(round, {"pupil_5_7": pupil_version})
    assert scheduled_tasks() == []  # a draft gets nothing

    first_close = round.closes_at
    with django_capture_on_commit_callbacks(execute=True):
        rounds.publish_round(round)
    assert scheduled_tasks() == [([round.pk, first_close.isoformat()], first_close)]

    with django_capture_on_commit_callbacks(execute=True):
        round.name = "T4 (renamed)"
        rounds.save_round(round, {"pupil_5_7": pupil_version})
    assert len(scheduled_tasks()) == 1  # the close did not move: nothing new

    moved_close = first_close + timedelta(days=7)
    round.closes_at = moved_close
    with django_capture_on_commit_callbacks(execute=True):
        rounds.save_round(round, {"pupil_5_7": pupil_version})
    assert scheduled_tasks() == [
        ([round.pk, first_close.isoformat()], first_close),
        ([round.pk, moved_close.isoformat()], moved_close),
    ]
    run_due_tasks()
    assert Build.objects.count() == 0  # nothing is due before the round closes


def test_the_worker_builds_a_closed_round_once_and_a_stale_task_does_nothing(
    demo_org, pupil_version, django_capture_on_commit_callbacks
):
    round = answered_round(demo_org, pupil_version, "t3-auto", closed_days_ago=1)
    stale_close = round.closes_at - timedelta(days=1)
    build_results_at_close.call(round.pk, stale_close.isoformat())
    assert Build.objects.count() == 0  # every build, and only a build, writes results

    with django_capture_on_commit_callbacks(execute=True):
        schedule_build_at_close(round)
        schedule_build_at_close(round)  # e.g. withdrawn and published again
    run_due_tasks()

    build = Build.objects.get()
    assert (build.round, build.state, build.requested_by) == (round, BuildState.DONE, None)
    assert build.responses == 12 and build.cells > 0
    assert DBTaskResult.objects.filter(task_path=TASK_PATH).successful().count() == 2


@pytest.mark.parametrize("earlier", ["queued", "done after the close"])
def test_the_task_does_nothing_when_a_build_is_waiting_or_made_since_the_close(
    demo_org, pupil_version, earlier
):
    round = answered_round(demo_org, pupil_version, "t3-built", closed_days_ago=1)
    if earlier == "queued":
        start_build(round, demo_org.user("admin"))
    else:
        call_command("build_results", round=round.slug, stdout=StringIO())
    fields = ("pk", "state", "progress", "cells", "finished_at")
    before = list(Build.objects.values_list(*fields))

    build_results_at_close.call(round.pk, round.closes_at.isoformat())

    assert list(Build.objects.values_list(*fields)) == before


def test_the_command_builds_exactly_the_closed_rounds_without_a_build_since(
    demo_org, pupil_version
):
    waiting = answered_round(demo_org, pupil_version, "r-waiting", closed_days_ago=2)
    built_before_close = answered_round(demo_org, pupil_version, "r-old-build", closed_days_ago=1)
    Build.objects.create(
        round=built_before_close,
        state=BuildState.DONE,
        created_at=built_before_close.closes_at - timedelta(hours=1),
    )
    built_since = answered_round(demo_org, pupil_version, "r-built", closed_days_ago=1)
    Build.objects.create(round=built_since, state=BuildState.DONE)
    answered_round(demo_org, pupil_version, "r-open", closed_days_ago=None)
    released = answered_round(demo_org, pupil_version, "r-released", closed_days_ago=1)
    services.release_results(released)
    withdrawn = answered_round(demo_org, pupil_version, "r-draft", closed_days_ago=1)
    Round.objects.filter(pk=withdrawn.pk).update(published=False)
    builds_before = set(Build.objects.values_list("pk", flat=True))

    out = StringIO()
    call_command("build_closed_rounds", stdout=out)

    new = Build.objects.exclude(pk__in=builds_before)
    assert sorted(new.values_list("round__slug", flat=True)) == ["r-old-build", "r-waiting"]
    assert set(new.values_list("state", "requested_by")) == {(BuildState.DONE, None)}
    assert [line.split(":")[0] for line in out.getvalue().splitlines()] == [
        "Results of r-waiting",
        "Results of r-old-build",
    ]

    again = StringIO()
    call_command("build_closed_rounds", stdout=again)
    assert again.getvalue() == "No closed round is waiting for its results.\n"
    assert Build.objects.count() == len(builds_before) + 2
    assert waiting.builds.count() == 1
