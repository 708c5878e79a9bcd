"""Browser tests: Playwright driving Debian's Chromium against Django's live server, with
axe checking every page for WCAG 2.0/2.1 A and AA violations.

Chromium is never downloaded: ``make test`` installs Debian's package when run as root.
Where it cannot be had, the browser tests are skipped with one loud line; in CI
(CI=true) they fail instead."""

from __future__ import annotations

import os
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from the
# test itself (fixtures) are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("SAMLA_CHROMIUM", "/usr/bin/chromium")
MISSING = (
    None
    if shutil.which(CHROMIUM)
    else f"BROWSER TESTS SKIPPED: no Chromium at {CHROMIUM} "
    "(install Debian's package: apt-get install chromium)"
)
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
_axe = Axe()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--headless",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture
def context(context):
    # A missing element fails in seconds, not after Playwright's default half minute.
    context.set_default_timeout(10_000)
    return context


@pytest.fixture(autouse=True)
def _require_chromium():
    if MISSING:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(MISSING + " – in CI every browser test must run")
        pytest.skip(MISSING)


def pytest_terminal_summary(terminalreporter):
    if MISSING:
        terminalreporter.write_line("!" * 20 + " " + MISSING + " " + "!" * 20, red=True, bold=True)


# What Chromium says when axe started on a page that a click had already begun to
# replace: the document went away under the script.
_NAVIGATION_RACE = ("documentElement", "Execution context was destroyed", "navigation")


def _run_axe(page, options):
    """axe on the page once it has loaded. A click that navigates returns before the old
    document is gone, so axe can start on a page that is being replaced; then it waits for
    the new one and runs again (a few times at most; any other error is raised)."""
    for attempt in range(4):
        page.wait_for_load_state("load")
        try:
            return _axe.run(page, options=options)
        except PlaywrightError as error:
            if attempt == 3 or not any(text in str(error) for text in _NAVIGATION_RACE):
                raise
            page.wait_for_timeout(200)


def page_width(page) -> int:
    """The document's scroll width once the page has loaded, with the same care for a
    click that is still replacing the page as axe gets (the new document can exist
    before its root element does)."""
    for attempt in range(4):
        page.wait_for_load_state("load")
        try:
            width = page.evaluate(
                "() => document.documentElement ? document.documentElement.scrollWidth : null"
            )
        except PlaywrightError as error:
            if attempt == 3 or not any(text in str(error) for text in _NAVIGATION_RACE):
                raise
            width = None
        if width is not None:
            return width
        page.wait_for_timeout(200)
    raise AssertionError(f"{page.url}: the page never got a root element")


def assert_accessible(page) -> None:
    """Zero axe violations for WCAG 2.0/2.1 A and AA on the page as it is now."""
    results = _run_axe(page, {"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def axe_violations(page) -> list[dict]:
    """axe's WCAG 2.0/2.1 A and AA violations on the page as it is now (violations only:
    faster than a full report, for checking many pages)."""
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    return _run_axe(page, options).response["violations"]


def log_in(
    page, base_url: str, username: str, password: str = "samla-demo", *, javascript: bool = True
) -> None:
    page.goto(f"{base_url}/konto/logg-inn/")
    if javascript:  # axe runs as a script in the page: impossible with JavaScript off
        assert_accessible(page)
    page.locator("#id_login").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()
