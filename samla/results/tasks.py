"""Background tasks of the results app (run by ``manage.py db_worker``)."""

from __future__ import annotations

from datetime import datetime

from django_tasks import task

from .export_jobs import delete_expired, run_export
from .models import Build
from .services import build_at_close, run_build


@task()
def build_results(build_id: int) -> None:
    run_build(Build.objects.select_related("round__programme").get(pk=build_id))


@task()
def build_results_at_close(round_id: int, closes_at: str) -> None:
    """Scheduled at publishing (and whenever the closing time changes) to run at
    ``closes_at`` (ISO 8601): a task for a closing time that has since moved does nothing."""
    build_at_close(round_id, datetime.fromisoformat(closes_at))


@task()
def make_results_export(job_id: int) -> None:
    """Make a results file the person asked for (``export_jobs.request_export``)."""
    run_export(job_id)


@task()
def delete_expired_exports() -> None:
    """Delete the results files past their expiry (scheduled at each file's expiry)."""
    delete_expired()
