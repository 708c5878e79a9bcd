"""Role matrix cases of the results files made by the task worker: a job and its file
are the asking person's alone; everyone else, however much they may see, gets 404."""

from __future__ import annotations

from samla.org.models import Person
from samla.results import export_jobs
from tests.role_matrix_support import Case, everyone, only


def _leaders_job(org) -> dict:
    round = org.results_round()
    rektor = Person.objects.get(username="rektor")
    job = export_jobs.request_export(rektor, round, "xlsx", "unit", org.school.pk, "nb")
    return {"slug": round.slug, "pk": job.pk}


CASES: list[Case] = [
    Case(
        "portal:results_export_job",
        "a results file being made for the unit's leader (only the leader)",
        _leaders_job,
        only({"rektor"}),
    ),
    # Not made yet: nobody downloads it, the leader included (the file's own access is
    # tested with the worker in tests/results/test_export_jobs.py).
    Case(
        "portal:results_export_download",
        "a results file not made yet",
        _leaders_job,
        everyone(404, anonymous=302),
    ),
]
