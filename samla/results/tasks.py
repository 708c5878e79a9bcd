"""Background tasks of the results app (run by ``manage.py db_worker``)."""

from __future__ import annotations

from django_tasks import task

from .models import Build


@task()
def build_results(build_id: int) -> None:
    from .services import run_build

    run_build(Build.objects.select_related("round__programme").get(pk=build_id))
