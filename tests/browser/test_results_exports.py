"""A results file made by the task worker, in a real browser on a phone (375 px), with and
without JavaScript: the download link on the unit's page leads to the file's page, which
shows that it waits; the worker makes the file; with JavaScript the page shows the link
by itself (htmx), without it the page says so and its reload link shows the link; the
file downloads. axe on every state (with JavaScript), no sideways scrolling."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.test import Client
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from samla.org import demo
from samla.results import export_jobs
from samla.results.models import BuildState, ExportJob
from tests.browser.conftest import assert_accessible, log_in, page_width
from tests.conftest import DemoOrg

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}


def _phone(browser, javascript: bool, base: str):
    context = browser.new_context(
        viewport=PHONE, java_script_enabled=javascript, accept_downloads=True
    )
    context.set_default_timeout(10_000)
    context.add_cookies([{"name": "samla_language", "value": "en", "url": base}])
    return context.new_page()


def _check(page, javascript: bool) -> None:
    if javascript:  # axe runs as a script in the page
        assert_accessible(page)
    assert page_width(page) <= PHONE["width"]


def _run_worker() -> None:
    """What ``db_worker`` does with the tasks that are due, without its loop."""
    worker = Worker(
        queue_names=["default"], interval=0, batch=True, backend_name="default",
        startup_delay=False, max_tasks=None, worker_id="test", excluded_queue_names=[],
    )  # fmt: skip
    for result in DBTaskResult.objects.ready().order_by("enqueued_at"):
        result.claim("test")
        worker.run_task(result)


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_a_leader_gets_a_large_file_from_the_worker_on_a_phone(
    live_server, transactional_db, browser, settings, tmp_path, monkeypatch, javascript
):
    settings.MEDIA_ROOT = tmp_path
    # The demo school's file is small: the rule's limit set below it, as for a large school.
    monkeypatch.setitem(export_jobs.INLINE_LIMITS, "json", -1)
    demo.build_organisation()
    org = DemoOrg()
    round, school = org.results_round(), org.school
    base = live_server.url
    page = _phone(browser, javascript, base)
    log_in(page, base, "rektor", javascript=javascript)

    page.goto(f"{base}/resultater/{round.slug}/unit/{school.pk}/")
    page.get_by_role("link", name="data (JSON)").click()
    page.wait_for_load_state()
    job = ExportJob.objects.get()
    assert page.url == f"{base}/resultater/{round.slug}/fil/{job.pk}/"
    assert page.locator("h1").inner_text().startswith("Results file")
    status = page.locator("#export-status")
    assert "Waiting for the task worker" in status.inner_text()
    assert page.get_by_role("progressbar").count() == 1
    noscript = "Without JavaScript this page does not update by itself."
    assert (noscript in page.locator("main").inner_text()) is not javascript
    assert page.get_by_role("link", name="Download the data (JSON)").count() == 0
    _check(page, javascript)

    _run_worker()
    job.refresh_from_db()
    assert job.state == BuildState.DONE

    link = page.get_by_role("link", name="Download the data (JSON)", exact=False)
    if javascript:  # htmx asks every 2 s and shows the link without a reload
        link.wait_for(timeout=8_000)
        assert page.url == f"{base}/resultater/{round.slug}/fil/{job.pk}/"
    else:
        assert link.count() == 0  # nothing changes by itself
        page.get_by_role("link", name="Reload the page to see how far it has come").click()
        page.wait_for_load_state()
        assert noscript not in page.locator("main").inner_text()
    assert "The file is ready." in status.inner_text()
    assert page.get_by_role("progressbar").count() == 0
    _check(page, javascript)

    with page.expect_download() as waiting:
        link.click()
    download = waiting.value
    assert download.suggested_filename == f"resultater-{round.slug}-unit-{school.pk}.json"
    made = json.loads(Path(download.path()).read_bytes())
    inline = Client()
    inline.force_login(job.person)
    monkeypatch.setitem(export_jobs.INLINE_LIMITS, "json", 10**9)
    expected = inline.get(f"/resultater/{round.slug}/unit/{school.pk}/last-ned.json")
    assert made == json.loads(expected.content) and made["cells"]
    page.context.close()
