"""Background tasks of the organisation (run by ``manage.py db_worker``): checking and
applying uploaded imports."""

from __future__ import annotations

from django_tasks import task

from .imports.runner import run_apply, run_check


@task()
def check_import(import_id: int) -> None:
    run_check(import_id)


@task()
def apply_import(import_id: int) -> None:
    run_apply(import_id)
