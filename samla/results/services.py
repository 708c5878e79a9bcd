"""Starting and running results builds (the build itself is ``build.py``)."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

from samla.org.models import Person
from samla.surveys.models import Round, RoundState

from .build import build_round
from .models import Build, BuildState

log = logging.getLogger(__name__)


class BuildRefused(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def start_build(round: Round, requested_by: Person | None = None) -> Build:
    """Queue a results build of a closed (or released) round for the task worker.

    Side effects: creates a Build and enqueues the task once the transaction commits.
    Refuses an open or draft round, and a round with a build already waiting or working."""
    if round.state() not in (RoundState.CLOSED, RoundState.RELEASED):
        raise BuildRefused("not_closed")
    if Build.objects.filter(
        round=round, state__in=[BuildState.QUEUED, BuildState.RUNNING]
    ).exists():
        raise BuildRefused("already_running")
    build = Build.objects.create(round=round, requested_by=requested_by)
    from .tasks import build_results

    transaction.on_commit(lambda: build_results.enqueue(build.pk))
    return build


def run_build(build: Build, progress=None) -> Build:
    """Run a queued build now, keeping its progress in the Build row.

    Side effects: replaces the round's results (see build_round); the Build ends done (with
    the number of cells) or failed (with the error's kind; the old results stay)."""
    Build.objects.filter(pk=build.pk).update(state=BuildState.RUNNING, progress=0)
    last = [-1]

    def report(percent: int, step: str) -> None:
        if percent != last[0]:
            last[0] = percent
            Build.objects.filter(pk=build.pk).update(progress=percent, step=step[:200])
        if progress is not None:
            progress(percent, step)

    try:
        cells = build_round(build.round, report)
    except Exception as error:
        log.exception("results build %s failed", build.pk)
        Build.objects.filter(pk=build.pk).update(
            state=BuildState.FAILED, error=type(error).__name__, finished_at=timezone.now()
        )
        raise
    Build.objects.filter(pk=build.pk).update(
        state=BuildState.DONE,
        progress=100,
        cells=cells,
        responses=build.round.responses.count(),
        finished_at=timezone.now(),
    )
    build.refresh_from_db()
    return build
