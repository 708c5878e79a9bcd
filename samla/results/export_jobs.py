"""Results files made by the task worker: a node's export that is too large to make within
a request (see :func:`runs_inline`) is asked for here and made by ``make_results_export``
(``tasks.py``) with its progress kept in an :class:`ExportJob`; the person who asked
downloads it from the job's page until it expires, and ``delete_expired_exports`` (a task
scheduled at each file's expiry, or the command of the same name) deletes it.

Who may see what is decided again at every step from ``access.result_nodes``: when the
file is made (it holds only what the person may see then) and when it is downloaded."""

from __future__ import annotations

import logging
import tempfile
from datetime import datetime, timedelta

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone

from samla.org.models import Person
from samla.surveys.models import Round

from .access import result_nodes
from .exports.registry import RESULT_FORMATS
from .exports.tree import LEVELS, NodeSet, UnknownNode, visible_below
from .models import BuildState, ExportJob, ExportLog, ResultSheet
from .queries import rows_at, stored_rows

log = logging.getLogger(__name__)

EXPORT_DAYS = 7
EXPORT_FOLDER = "results-exports/"

# The most work (see export_work) a format is made with inside the request: about half a
# second of CPU at most, measured (bench/results_exports.py; docs/architecture.md, "Result
# files"), so that it stays within 2 s on two cores busy with other work. JSON ≈ 0.02 ms
# a cell, Excel ≈ 0.16 ms, the PDF ≈ 0.35 s and 0.015 s a line below, a deck ≈ 0.1–0.3 s
# whatever the node (its charts drawn, as the node's page draws them).
INLINE_LIMITS = {"json": 20_000, "xlsx": 2_500, "pdf": 20, "pptx": 25}

WAITING = (BuildState.QUEUED, BuildState.RUNNING)
STALE = timedelta(hours=3)


def export_work(round: Round, fmt: str, selection: NodeSet, top: tuple[str, int]) -> int:
    """What making the file costs, in the unit of its format, counted without reading a
    figure (two small queries at most): JSON and Excel write every cell of the selection
    (its stored rows, every grade band, times each row's measures); the PDF report a line
    per node right under the top node and respondent group; the slide deck a slide per
    index."""
    if fmt in ("json", "xlsx"):
        pairs = [(level, pk) for level, ids in selection.items() for pk in ids]
        stored = stored_rows(round, pairs)
        return sum(
            stored.sizes[pk] * len(shape.measures) for pk, (_g, shape) in stored.sheets.items()
        )
    if fmt == "pdf":
        if top[0] == "group":
            return 1
        below = LEVELS[LEVELS.index(top[0]) + 1]
        return rows_at(round, below, selection[below]) + 1
    sheets = ResultSheet.objects.filter(round=round).values_list("measures", flat=True)
    return sum(1 for measures in sheets for _scale, item, _points in measures if not item) + 1


def runs_inline(round: Round, fmt: str, selection: NodeSet, top: tuple[str, int]) -> bool:
    """Whether the export is made in the request (else by the task worker)."""
    return export_work(round, fmt, selection, top) <= INLINE_LIMITS.get(fmt, 0)


def request_export(
    person: Person, round: Round, fmt: str, kind: str, pk: int, language: str
) -> ExportJob:
    """The person's waiting or working job for this export, or a new one queued for the
    task worker (once the transaction commits). The caller has checked that the person may
    see the node and that ``fmt`` is a results format."""
    same = {
        "person": person,
        "round": round,
        "node_kind": kind,
        "node_id": pk,
        "format": fmt,
        "language": language,
    }
    # A job working for hours was cut off (its worker stopped): it waits no more.
    ExportJob.objects.filter(
        **same, state=BuildState.RUNNING, created_at__lt=timezone.now() - STALE
    ).update(state=BuildState.FAILED, error="Interrupted", finished_at=timezone.now())
    waiting = ExportJob.objects.filter(**same, state__in=WAITING).first()
    if waiting is not None:
        return waiting
    try:
        with transaction.atomic():
            now = timezone.now()
            job = ExportJob.objects.create(
                **same, created_at=now, expires_at=now + timedelta(days=EXPORT_DAYS)
            )
    except IntegrityError:  # asked twice at once: the other request's job
        return ExportJob.objects.get(**same, state__in=WAITING)
    # tasks.py calls back into this module: imported here to break the cycle.
    from .tasks import make_results_export  # noqa: PLC0415

    transaction.on_commit(lambda: make_results_export.enqueue(job.pk))
    return job


def run_export(job_id: int, progress=None) -> ExportJob | None:
    """Make a waiting job's file now (the task worker's work), keeping its progress in the
    job. Does nothing for a job that is gone or not waiting (run already). The file holds
    what the person may see now; a person who may no longer see the node gets none.

    Side effects: the file in the default storage, an ExportLog row, the job done (or
    failed, with the error's kind only), and the job's deletion scheduled at its expiry."""
    if not ExportJob.objects.filter(pk=job_id, state=BuildState.QUEUED).update(
        state=BuildState.RUNNING, progress=0
    ):
        return None
    job = ExportJob.objects.select_related("person", "round__programme").get(pk=job_id)
    last = [-1]

    def report(percent: int, step: str) -> None:
        percent = max(0, min(99, percent))
        if percent != last[0]:
            last[0] = percent
            ExportJob.objects.filter(pk=job.pk).update(progress=percent, step=step[:200])
        if progress is not None:
            progress(percent, step)

    try:
        name, size = _make_file(job, report)
    except NoLongerVisible:  # the job's page and file are not found for them either
        ExportJob.objects.filter(pk=job.pk).update(
            state=BuildState.FAILED, error="NoLongerVisible", finished_at=timezone.now()
        )
        return job
    except Exception as error:
        log.exception("results export %s failed", job.pk)
        ExportJob.objects.filter(pk=job.pk).update(
            state=BuildState.FAILED, error=type(error).__name__[:100], finished_at=timezone.now()
        )
        raise
    ExportJob.objects.filter(pk=job.pk).update(
        state=BuildState.DONE, progress=100, file=name, size=size, finished_at=timezone.now()
    )
    _schedule_cleanup(job.expires_at)
    job.refresh_from_db()
    return job


class NoLongerVisible(Exception):
    """The person may no longer see the node."""


def _make_file(job: ExportJob, report) -> tuple[str, int]:
    visible = result_nodes(job.person, job.round)
    if job.node_id not in visible.get(job.node_kind, set()):
        raise NoLongerVisible
    try:
        selection = visible_below(job.round, job.node_kind, job.node_id, visible)
    except UnknownNode as unknown:
        raise NoLongerVisible from unknown
    export_format = RESULT_FORMATS[job.format]
    report(0, "reading")
    with tempfile.TemporaryFile() as out:
        export_format.write_to(job.round, selection, job.language, out, report)
        size = out.tell()
        out.seek(0)
        name = default_storage.save(
            job._meta.get_field("file").generate_filename(job, f"export.{job.format}"), File(out)
        )
    ExportLog.objects.create(
        round=job.round, person=job.person, kind=f"{job.format}:{job.node_kind}:{job.node_id}"
    )
    return name, size


def _schedule_cleanup(when: datetime) -> None:
    # tasks.py calls back into this module: imported here to break the cycle.
    from .tasks import delete_expired_exports  # noqa: PLC0415

    transaction.on_commit(lambda: delete_expired_exports.using(run_after=when).enqueue())


def job_for(person: Person, round: Round, job_id: int) -> ExportJob | None:
    """The person's own job in the round, while they may still see its node (else None:
    another person's job, or a node out of their sight now, is not found)."""
    job = ExportJob.objects.filter(pk=job_id, person=person, round=round).first()
    if job is None or job.node_id not in result_nodes(person, round).get(job.node_kind, set()):
        return None
    return job


def delete_expired(now: datetime | None = None) -> int:
    """Delete the jobs past their expiry with their files, and files of the export folder
    that no job names and that are older than a day (left by a job deleted with its
    person or round); returns how many jobs were deleted."""
    now = now or timezone.now()
    expired = list(ExportJob.objects.filter(expires_at__lte=now).values_list("pk", "file"))
    for _pk, name in expired:
        if name:
            default_storage.delete(name)
    ExportJob.objects.filter(pk__in=[pk for pk, _name in expired]).delete()
    _delete_strays(now)
    return len(expired)


def _delete_strays(now: datetime) -> None:
    try:
        _folders, names = default_storage.listdir(EXPORT_FOLDER)
    except FileNotFoundError:
        return
    kept = set(ExportJob.objects.exclude(file="").values_list("file", flat=True))
    for name in names:
        path = EXPORT_FOLDER + name
        if path not in kept and default_storage.get_modified_time(path) < now - timedelta(days=1):
            default_storage.delete(path)
