"""Results files made by the task worker: the rule that decides what is made in the
request, the job from the download link through the real worker to the file, who may
open the job and its file (only the person who asked, while they may see the node), a
failure told without its error, and expired files deleted."""

from __future__ import annotations

import io
import json
import os
import time
from datetime import timedelta

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from pptx import Presentation

from samla.org.models import Membership, Person, Role
from samla.results import export_jobs
from samla.results.access import result_nodes
from samla.results.exports import visible_below
from samla.results.models import BuildState, ExportJob, ExportLog, ResultRow, ResultSheet
from tests.conftest import client_for

MAKE = "samla.results.tasks.make_results_export"
CLEAN = "samla.results.tasks.delete_expired_exports"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def to_worker(monkeypatch):
    """Every export too large for the request (the rule's limits are its settings)."""
    for fmt in list(export_jobs.INLINE_LIMITS):
        monkeypatch.setitem(export_jobs.INLINE_LIMITS, fmt, -1)


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


def _export_url(round, kind, pk, fmt) -> str:
    return reverse(
        "portal:node_export", kwargs={"slug": round.slug, "kind": kind, "pk": pk, "fmt": fmt}
    )


def _job_url(job) -> str:
    return reverse("portal:results_export_job", kwargs={"slug": job.round.slug, "pk": job.pk})


def _download_url(job) -> str:
    return reverse("portal:results_export_download", kwargs={"slug": job.round.slug, "pk": job.pk})


def _ask(client, url, capture):
    with capture(execute=True):
        return client.get(url)


def _made_job(demo_org, capture, fmt="json", who="rektor") -> ExportJob:
    """A job the leader asked for through the download link, made by the worker."""
    round = demo_org.results_round()
    response = _ask(client_for(who), _export_url(round, "unit", demo_org.school.pk, fmt), capture)
    assert response.status_code == 302
    with capture(execute=True):
        run_due_tasks()
    job = ExportJob.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[-1]))
    assert job.state == BuildState.DONE, job.error
    return job


# --- The rule -------------------------------------------------------------------------------


def test_the_rule_counts_cells_lines_below_and_slides(demo_org):
    round = demo_org.results_round()
    visible = result_nodes(Person.objects.get(username="admin"), round)
    school, owner = demo_org.school, demo_org.school.owner_id
    sheets = dict(ResultSheet.objects.filter(round=round).values_list("pk", "measures"))
    scales = sum(1 for m in sheets.values() for _scale, item, _points in m if not item)
    unit = visible_below(round, "unit", school.pk, visible)
    hamar = visible_below(round, "owner", owner, visible)

    def cells(selection) -> int:  # every stored row of the selection times its measures
        rows = ResultRow.objects.filter(round=round).values_list("sheet_id", "node_kind", "node_id")
        return sum(len(sheets[s]) for s, level, pk in rows if pk in selection[level])

    def lines(level, ids) -> int:  # the nodes' rows of all respondents
        rows = ResultRow.objects.filter(round=round, node_kind=level, grade_band="")
        return rows.filter(node_id__in=ids).count()

    work = export_jobs.export_work
    assert work(round, "json", unit, ("unit", school.pk)) == cells(unit) > 0
    assert work(round, "xlsx", hamar, ("owner", owner)) == cells(hamar) > cells(unit)
    assert work(round, "pdf", unit, ("unit", school.pk)) == lines("group", unit["group"]) + 1 > 2
    assert work(round, "pdf", hamar, ("owner", owner)) == lines("unit", hamar["unit"]) + 1 > 2
    group = min(unit["group"])
    assert work(round, "pdf", visible_below(round, "group", group, visible), ("group", group)) == 1
    assert work(round, "pptx", hamar, ("owner", owner)) == scales + 1 > 2
    # The classes a teacher may not see are not counted in the teacher's file.
    teacher = visible_below(
        round, "unit", school.pk, result_nodes(Person.objects.get(username="laerer"), round)
    )
    assert work(round, "json", teacher, ("unit", school.pk)) == cells(teacher) < cells(unit)


def test_the_limit_is_the_most_work_made_in_the_request(demo_org, monkeypatch):
    round = demo_org.results_round()
    visible = result_nodes(Person.objects.get(username="rektor"), round)
    selection = visible_below(round, "unit", demo_org.school.pk, visible)
    top = ("unit", demo_org.school.pk)
    for fmt in ("json", "xlsx", "pdf", "pptx"):
        # The demo school's files are small: made in the request, as before.
        assert export_jobs.runs_inline(round, fmt, selection, top), fmt
        work = export_jobs.export_work(round, fmt, selection, top)
        monkeypatch.setitem(export_jobs.INLINE_LIMITS, fmt, work)
        assert export_jobs.runs_inline(round, fmt, selection, top)
        monkeypatch.setitem(export_jobs.INLINE_LIMITS, fmt, work - 1)
        assert not export_jobs.runs_inline(round, fmt, selection, top)


def test_a_small_export_is_still_made_in_the_request(demo_org, media):
    round = demo_org.results_round()
    response = client_for("rektor").get(_export_url(round, "unit", demo_org.school.pk, "json"))
    assert response.status_code == 200
    assert json.loads(response.content)["cells"]
    assert ExportJob.objects.count() == 0


# --- The job, through the worker ------------------------------------------------------------


def _same_workbook(one: bytes, other: bytes) -> None:
    def values(content):
        book = openpyxl.load_workbook(io.BytesIO(content))
        return {s.title: list(s.iter_rows(values_only=True)) for s in book.worksheets}

    first, second = values(one), values(other)
    assert list(first) == list(second) and next(iter(first)) == "Les meg"
    # The README says when the file was made: the minute may differ.
    for book in (first, second):
        book["Les meg"] = [row for row in book["Les meg"] if row[0] != "Eksportert"]
    assert first == second


@pytest.mark.parametrize("fmt", ["json", "xlsx", "pptx", "pdf"])
def test_a_large_export_is_made_by_the_worker_and_downloaded_from_its_page(
    demo_org, media, monkeypatch, django_capture_on_commit_callbacks, fmt
):
    round, school = demo_org.results_round(), demo_org.school
    inline = client_for("rektor").get(_export_url(round, "unit", school.pk, fmt))
    assert inline.status_code == 200
    for each in list(export_jobs.INLINE_LIMITS):
        monkeypatch.setitem(export_jobs.INLINE_LIMITS, each, -1)
    rektor = client_for("rektor")
    capture = django_capture_on_commit_callbacks

    asked = _ask(rektor, _export_url(round, "unit", school.pk, fmt), capture)
    job = ExportJob.objects.get()
    assert asked.status_code == 302 and asked["Location"] == _job_url(job)
    assert (job.person.username, job.node_kind, job.node_id, job.format, job.language) == (
        "rektor", "unit", school.pk, fmt, "nb"
    )  # fmt: skip
    assert job.expires_at - job.created_at == timedelta(days=export_jobs.EXPORT_DAYS)
    page = rektor.get(_job_url(job))
    assert page.status_code == 200
    text = page.content.decode()
    assert 'hx-trigger="every 2s"' in text and "<noscript>" in text
    assert _download_url(job) not in text
    assert rektor.get(_download_url(job)).status_code == 404  # not made yet

    again = _ask(rektor, _export_url(round, "unit", school.pk, fmt), capture)
    assert again["Location"] == _job_url(job) and ExportJob.objects.count() == 1
    assert DBTaskResult.objects.filter(task_path=MAKE).count() == 1

    with capture(execute=True):
        run_due_tasks()
    job.refresh_from_db()
    assert (job.state, job.progress, job.error) == (BuildState.DONE, 100, "")
    assert DBTaskResult.objects.filter(task_path=MAKE).successful().count() == 1
    assert ExportLog.objects.filter(round=round, kind=f"{fmt}:unit:{school.pk}").count() == 2

    polled = rektor.get(_job_url(job), headers={"HX-Request": "true"})
    assert polled.status_code == 286  # htmx stops polling
    assert _download_url(job) in polled.content.decode()
    page = rektor.get(_job_url(job)).content.decode()
    assert _download_url(job) in page and 'hx-trigger="every 2s"' not in page

    download = rektor.get(_download_url(job))
    assert download.status_code == 200
    content = b"".join(download.streaming_content)
    assert len(content) == job.size
    assert download["Content-Disposition"] == (
        f'attachment; filename="resultater-{round.slug}-unit-{school.pk}.{fmt}"'
    )
    if fmt == "json":
        assert content == inline.content
    elif fmt == "xlsx":
        _same_workbook(content, inline.content)
    elif fmt == "pptx":
        made = Presentation(io.BytesIO(content))
        assert len(made.slides) == len(Presentation(io.BytesIO(inline.content)).slides) > 1
    else:
        assert content.startswith(b"%PDF") and len(content) > 10_000

    # Once it is done, the link asks for a new file.
    newer = _ask(rektor, _export_url(round, "unit", school.pk, fmt), capture)
    assert newer["Location"] != _job_url(job) and ExportJob.objects.count() == 2


def test_the_file_is_in_the_language_it_was_asked_in(
    demo_org, media, to_worker, django_capture_on_commit_callbacks
):
    round = demo_org.results_round()
    rektor = client_for("rektor")
    rektor.cookies["samla_language"] = "en"
    _ask(
        rektor,
        _export_url(round, "unit", demo_org.school.pk, "xlsx"),
        django_capture_on_commit_callbacks,
    )
    with django_capture_on_commit_callbacks(execute=True):
        run_due_tasks()
    job = ExportJob.objects.get()
    assert job.language == "en"
    book = openpyxl.load_workbook(default_storage.open(job.file.name))
    assert book.sheetnames[0] == "README" and "Questions" in book.sheetnames


# --- Who may open it ------------------------------------------------------------------------


def test_only_the_person_who_asked_opens_the_job_and_its_file(
    demo_org, media, to_worker, django_capture_on_commit_callbacks
):
    job = _made_job(demo_org, django_capture_on_commit_callbacks)
    assert client_for("rektor").get(_download_url(job)).status_code == 200
    # The owner and the administrator may see the unit's results, but not the leader's file.
    for other in ("eier", "admin", "laerer", "styrer"):
        assert client_for(other).get(_job_url(job)).status_code == 404, other
        assert client_for(other).get(_download_url(job)).status_code == 404, other
    anonymous = client_for(None).get(_download_url(job))
    assert anonymous.status_code == 302 and "/konto/logg-inn/" in anonymous["Location"]
    # Another round's address for the same job: not found either.
    later = demo_org.later_results_round()
    wrong = reverse("portal:results_export_download", kwargs={"slug": later.slug, "pk": job.pk})
    assert client_for("rektor").get(wrong).status_code == 404

    # The leader leaves the school: the file is theirs no more.
    Membership.objects.filter(person__username="rektor", role=Role.UNIT_LEADER).delete()
    assert client_for("rektor").get(_job_url(job)).status_code == 404
    assert client_for("rektor").get(_download_url(job)).status_code == 404


def test_a_person_who_lost_access_before_the_worker_gets_no_file(
    demo_org, media, to_worker, django_capture_on_commit_callbacks
):
    round = demo_org.results_round()
    url = _export_url(round, "unit", demo_org.school.pk, "json")
    _ask(client_for("rektor"), url, django_capture_on_commit_callbacks)
    Membership.objects.filter(person__username="rektor", role=Role.UNIT_LEADER).delete()
    with django_capture_on_commit_callbacks(execute=True):
        run_due_tasks()
    job = ExportJob.objects.get()
    assert (job.state, job.error, job.file.name) == (BuildState.FAILED, "NoLongerVisible", "")
    assert not os.listdir(media) or not os.listdir(media / "results-exports")
    assert not ExportLog.objects.filter(kind__startswith="json:unit").exists()


# --- Failures -------------------------------------------------------------------------------


def test_a_failed_export_says_so_without_the_error_and_offers_to_try_again(
    demo_org, media, to_worker, django_capture_on_commit_callbacks
):
    round, school = demo_org.results_round(), demo_org.school
    # A damaged stored row of the school: reading it fails in the worker.
    ResultRow.objects.filter(round=round, node_kind="unit", node_id=school.pk).update(n=b"\x01")
    _ask(
        client_for("rektor"),
        _export_url(round, "unit", school.pk, "json"),
        django_capture_on_commit_callbacks,
    )
    with django_capture_on_commit_callbacks(execute=True):
        run_due_tasks()
    job = ExportJob.objects.get()
    assert (job.state, job.error) == (BuildState.FAILED, "ValueError")
    assert DBTaskResult.objects.filter(task_path=MAKE).failed().count() == 1
    english = client_for("rektor")
    english.cookies["samla_language"] = "en"
    page = english.get(_job_url(job)).content.decode()
    assert "The file could not be made." in page
    assert "ValueError" not in page and "stored row" not in page
    assert _export_url(round, "unit", school.pk, "json") in page  # try again
    assert client_for("rektor").get(_download_url(job)).status_code == 404
    polled = client_for("rektor").get(_job_url(job), headers={"HX-Request": "true"})
    assert polled.status_code == 286


def test_a_job_cut_off_hours_ago_no_longer_blocks_the_same_file(demo_org, media):
    round = demo_org.results_round()
    rektor = Person.objects.get(username="rektor")
    ask = (rektor, round, "json", "unit", demo_org.school.pk, "nb")
    first = export_jobs.request_export(*ask)
    assert export_jobs.request_export(*ask) == first  # waiting: the same job
    with pytest.raises(IntegrityError), transaction.atomic():
        ExportJob.objects.create(
            person=rektor, round=round, node_kind="unit", node_id=demo_org.school.pk,
            format="json", language="nb", expires_at=timezone.now(),
        )  # fmt: skip
    ExportJob.objects.filter(pk=first.pk).update(
        state=BuildState.RUNNING, created_at=timezone.now() - timedelta(hours=4)
    )
    second = export_jobs.request_export(*ask)
    first.refresh_from_db()
    assert second != first and second.state == BuildState.QUEUED
    assert (first.state, first.error) == (BuildState.FAILED, "Interrupted")


# --- Expiry ---------------------------------------------------------------------------------


def test_the_worker_deletes_a_file_when_it_expires(
    demo_org, media, to_worker, django_capture_on_commit_callbacks
):
    job = _made_job(demo_org, django_capture_on_commit_callbacks)
    kept = _made_job(demo_org, django_capture_on_commit_callbacks, fmt="xlsx")
    assert default_storage.exists(job.file.name) and default_storage.exists(kept.file.name)
    cleanups = DBTaskResult.objects.filter(task_path=CLEAN)
    assert sorted(cleanups.values_list("run_after", flat=True)) == [job.expires_at, kept.expires_at]
    # Files no job names: one left a week ago (its job deleted with its person), one just now.
    old_stray = default_storage.save("results-exports/old.json", ContentFile(b"{}"))
    new_stray = default_storage.save("results-exports/new.json", ContentFile(b"{}"))
    week_ago = time.time() - 7 * 24 * 3600
    os.utime(media / old_stray, (week_ago, week_ago))

    run_due_tasks()  # nothing is due yet
    assert ExportJob.objects.count() == 2 and default_storage.exists(job.file.name)

    # The first file's week has passed: its cleanup is due.
    past = timezone.now() - timedelta(minutes=1)
    ExportJob.objects.filter(pk=job.pk).update(expires_at=past)
    cleanups.filter(run_after=job.expires_at).update(run_after=past)
    run_due_tasks()

    assert list(ExportJob.objects.values_list("pk", flat=True)) == [kept.pk]
    assert not default_storage.exists(job.file.name)
    assert default_storage.exists(kept.file.name)
    assert not default_storage.exists(old_stray) and default_storage.exists(new_stray)
    assert client_for("rektor").get(_download_url(job)).status_code == 404


def test_the_command_deletes_expired_files(
    demo_org, media, to_worker, django_capture_on_commit_callbacks
):
    job = _made_job(demo_org, django_capture_on_commit_callbacks)
    out = io.StringIO()
    call_command("delete_expired_exports", stdout=out)
    assert out.getvalue().strip() == "Deleted 0 expired results files."
    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now())
    call_command("delete_expired_exports", stdout=out)
    assert "Deleted 1 expired results files." in out.getvalue()
    assert not ExportJob.objects.exists() and not default_storage.exists(job.file.name)
