"""Pedagogical analysis in a real browser, in Bokmål and Nynorsk: a unit leader goes from
an index on the results page through every phase to an evaluated measure beside the next
round's figures; PPT comments and the leader answers; axe on every page."""

from __future__ import annotations

import os

import pytest
from django.urls import reverse

from samla.analysis.models import Analysis, Comment, Evaluation, Phase, SnapshotKind
from samla.org import demo
from tests.browser.conftest import assert_accessible, log_in
from tests.conftest import DemoOrg

pytestmark = pytest.mark.browser

WORDS = {
    "nb": {"start": "Start en pedagogisk analyse", "complete": "Marker analysedelen som ferdig"},
    "nn": {"start": "Start ein pedagogisk analyse", "complete": "Merk analysedelen som ferdig"},
}
SHOTS = os.environ.get("SAMLA_SCREENSHOTS")  # a folder: save a picture of each page


def _check(page, name: str) -> None:
    assert_accessible(page)
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def _submit(page, form_name: str) -> None:
    """Send a phase form (htmx boosts it) and wait until its answer is on the page."""
    button = page.locator(f"form:has(input[name=form][value={form_name}]) button[type=submit]")
    with page.expect_response(lambda r: r.request.method == "POST"):
        button.click()
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_from_a_result_to_an_evaluated_measure(live_server, transactional_db, page, language):
    demo.build_organisation()
    org = DemoOrg()
    round = org.results_round()
    org.later_results_round()
    base = live_server.url
    log_in(page, base, "rektor")
    if language == "nn":
        page.get_by_role("button", name="Nynorsk").click()
    page.goto(f"{base}/analyser/")
    _check(page, f"{language}-list")
    assert page.evaluate("() => document.documentElement.lang") == language
    # From the index on the results page.
    page.goto(
        base
        + reverse(
            "portal:scale_results",
            kwargs={
                "slug": round.slug,
                "kind": "unit",
                "pk": org.school.pk,
                "group": "pupil_5_7",
                "scale": "trivsel",
            },
        )
    )
    seen = {"start": page.locator("a[href*='/analyser/ny/']").inner_text()}
    page.locator("a[href*='/analyser/ny/']").click()
    _check(page, f"{language}-start")
    page.locator("#id_title").fill("Trivsel på mellomtrinnet")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    analysis = Analysis.objects.get(title="Trivsel på mellomtrinnet")
    _check(page, f"{language}-problem")
    page.locator("#id_problem").fill("Elevene på 6. trinn trives dårligere enn før.")
    _submit(page, "problem")

    page.goto(f"{base}/analyser/{analysis.pk}/mal/")
    _check(page, f"{language}-goal")
    page.locator("input[name=goal_kind][value=closed]").check()
    page.locator("#id_goal").fill("Over 500 på trivsel ved neste runde.")
    _submit(page, "goal")

    page.goto(f"{base}/analyser/{analysis.pk}/informasjon/")
    _check(page, f"{language}-information")
    page.locator("#id_source-kind").select_option("observation")
    page.locator("#id_source-title").fill("Friminuttet")
    page.locator("#id_source-note").fill("Få voksne ute.")
    _submit(page, "source")
    observation = analysis.sources.get(kind="observation")

    page.goto(f"{base}/analyser/{analysis.pk}/analyse/")
    _check(page, f"{language}-analysis")
    page.locator("#id_description").fill("For få voksne ute i friminuttene")
    page.locator("input[name=perspective][value=context]").check()
    page.locator("input[name=likelihood][value=likely]").check()
    page.locator(f"input[name=sources][value='{observation.pk}']").check()
    _submit(page, "factor")
    complete = page.locator("form:has(input[name=action][value=complete]) button")
    seen["complete"] = complete.inner_text()
    complete.click()
    page.wait_for_url(f"**/analyser/{analysis.pk}/tiltak/")
    analysis.refresh_from_db()
    assert analysis.phase == Phase.MEASURES
    _check(page, f"{language}-measures")
    page.locator("#id_title").fill("Flere voksne ute")
    page.locator("input[name=factors]").first.check()
    page.locator("#id_responsible").fill("Rektor")
    page.locator("#id_starts_on").fill("2026-01-05")
    page.locator("#id_ends_on").fill("2026-06-01")
    page.locator("#id_success_criteria").fill("Færre konflikter meldt.")
    _submit(page, "measure")
    measure = analysis.measures.get()

    page.goto(f"{base}/analyser/{analysis.pk}/gjennomforing/")
    _check(page, f"{language}-implementation")
    page.locator("#id_text").fill("Vaktplanen endret.")
    _submit(page, "log")
    assert analysis.log.count() == 1

    page.goto(f"{base}/analyser/{analysis.pk}/evaluering/")
    with page.expect_response(lambda r: r.request.method == "POST"):
        page.locator("form:has(input[name=action][value=follow_ups]) button").click()
    page.wait_for_load_state("networkidle")
    assert analysis.snapshots.filter(kind=SnapshotKind.FOLLOW_UP).count() == 1
    _check(page, f"{language}-evaluation")
    assert "T3" in page.locator("main").inner_text()
    page.locator(f"input[name='m{measure.pk}-verdict'][value=partly]").check()
    page.locator(f"#id_m{measure.pk}-text").fill("Noe færre konflikter.")
    _submit(page, "evaluation")
    assert Evaluation.objects.get(measure=measure).verdict == "partly"

    page.goto(f"{base}/analyser/{analysis.pk}/revidering/")
    _check(page, f"{language}-revise")

    # PPT supervises the school: reads the analysis and comments; the leader answers.
    page.context.clear_cookies()
    log_in(page, base, "ppt")
    if language == "nn":
        page.get_by_role("button", name="Nynorsk").click()
    page.goto(f"{base}/analyser/{analysis.pk}/analyse/")
    page.locator("#comments textarea[name='comment-text']").last.fill("Hva sier elevene selv?")
    page.locator("#comments form button[type=submit]").last.click()
    page.get_by_text("Hva sier elevene selv?").wait_for()
    _check(page, f"{language}-comments")
    assert Comment.objects.get(analysis=analysis).author.username == "ppt"
    assert seen == WORDS[language]


def test_comments_work_without_javascript(live_server, transactional_db, browser):
    demo.build_organisation()
    org = DemoOrg()
    analysis = org.analysis()
    context = browser.new_context(java_script_enabled=False)
    context.set_default_timeout(10_000)
    page = context.new_page()
    log_in(page, live_server.url, "ppt", javascript=False)
    page.goto(f"{live_server.url}/analyser/{analysis.pk}/problem/")
    page.locator("#comments textarea[name='comment-text']").last.fill("Godt beskrevet problem.")
    with page.expect_response(lambda r: r.request.method == "POST"):
        page.locator("#comments form button[type=submit]").last.click()
    page.wait_for_load_state()
    assert "Godt beskrevet problem." in page.content()
    assert Comment.objects.filter(analysis=analysis).count() == 1
