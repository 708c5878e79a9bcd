"""Starting and running results builds (the build itself is ``build.py``)."""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from samla.org.models import Person
from samla.surveys.models import Round, RoundState

from .build import build_round
from .exports.log import log_export
from .exports.registry import ExportFormat
from .exports.responses import responses_frame
from .models import Build, BuildState, ExportLog

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
    # tasks.py calls back into this module: imported here to break the cycle.
    from .tasks import build_results  # noqa: PLC0415

    transaction.on_commit(lambda: build_results.enqueue(build.pk))
    return build


def schedule_build_at_close(round: Round) -> None:
    """Have the task worker build the round's results by itself when its window closes.

    Side effects: once the transaction commits, enqueues ``build_results_at_close`` to run
    at ``closes_at``, with that closing time as its argument. A task scheduled earlier for
    another closing time stays queued and does nothing when it runs (see build_at_close)."""
    # tasks.py calls back into this module: imported here to break the cycle.
    from .tasks import build_results_at_close  # noqa: PLC0415

    round_id, closes_at = round.pk, round.closes_at
    transaction.on_commit(
        lambda: build_results_at_close.using(run_after=closes_at).enqueue(
            round_id, closes_at.isoformat()
        )
    )


def rounds_needing_build(now: datetime | None = None) -> QuerySet[Round]:
    """Published rounds that have closed, with results not yet released, and no build
    waiting or working nor any build started since they closed."""
    blocking = Build.objects.filter(round=OuterRef("pk")).filter(
        Q(state__in=[BuildState.QUEUED, BuildState.RUNNING])
        | Q(created_at__gte=OuterRef("closes_at"))
    )
    return Round.objects.filter(
        published=True, results_released_at__isnull=True, closes_at__lte=now or timezone.now()
    ).exclude(Exists(blocking))


def build_at_close(round_id: int, closes_at: datetime, progress=None) -> Build | None:
    """Build the results of a round that has closed at ``closes_at``, if it still needs it.

    Does nothing (returns None) when the round is gone, back to draft, not yet closed, has
    released results, closes at another time than ``closes_at`` (its closing time moved:
    the task scheduled for the new time builds), or has a build waiting, working, or started
    since it closed. Otherwise, side effects: creates a Build started by nobody ("started
    automatically") and runs it now (see run_build). The round's row is locked while this
    is decided, so two workers, or a worker and the command, never both build."""
    with transaction.atomic():
        round = (
            rounds_needing_build()
            .select_for_update()
            .filter(pk=round_id, closes_at=closes_at)
            .order_by("pk")
            .first()
        )
        if round is None:
            return None
        build = Build.objects.create(round=round, requested_by=None)
    return run_build(build, progress)


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


def export_results(
    person: Person, round: Round, fmt: ExportFormat, nodes, language: str, *, kind: str
) -> bytes:
    """The results of ``nodes`` in the format ``fmt`` and ``language``, for a download.

    Side effects: an ExportLog row of ``kind`` for the person (after the file is written;
    a format that fails, e.g. a PDF without its renderer, leaves none)."""
    content = fmt.render(round, nodes, language)
    ExportLog.objects.create(round=round, person=person, kind=kind)
    return content


def export_responses(person: Person, round: Round, fmt: ExportFormat) -> bytes:
    """Every response of the round, pseudonymised, in the format ``fmt``, for a researcher.

    Side effects: an ExportLog row ``responses.<format>`` for the person and a line in the
    ``samla.access`` log."""
    content = fmt.render(responses_frame(round))
    kind = f"responses.{fmt.identifier}"
    ExportLog.objects.create(round=round, person=person, kind=kind)
    log_export(person, round, kind)
    return content
