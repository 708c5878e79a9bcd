"""Every page of the role matrix, as every role that may open it, checked with axe.

The pages come from the role matrix itself (``tests/test_role_matrix.ALL_CASES``): each
URL a role gets 200 for and that answers an HTML document (downloads, calendar feeds and
the fragments htmx fetches are left out) is opened as that role and must show zero WCAG
2.0/2.1 A and AA violations. A URL added to the matrix is crawled from then on without
touching this file.

axe only notices a box that scrolls when its content overflows with the data at hand, so
every box styled to scroll (``overflow: auto`` or ``scroll``) must also be reachable from
the keyboard and named, whether it overflows today or not.

Each page is checked at a desktop width for every role, and once more at a phone's width
(390 × 844), where wide tables start to scroll, as the first role that may open it: the
layout at that width does not depend on who looks, and checking it for every role would
double the run."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from samla.org import demo
from samla.plans.feeds import Feed
from tests.browser.conftest import axe_violations
from tests.conftest import DemoOrg, client_for
from tests.role_matrix_support import ROLES, Case
from tests.test_role_matrix import ALL_CASES

# Markup and styles, the same on either database (the role matrix renders every page on
# both): crawled in the SQLite suite only.
pytestmark = [pytest.mark.browser, pytest.mark.one_database("sqlite")]

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}

# Whether a case answers an HTML document, by (URL name, label): the same for every role
# and every database, so asked once per test process.
_answers_html: dict[tuple[str, str], bool] = {}

# Boxes styled to scroll that the keyboard cannot reach, axe's rule applied whether or not
# the box overflows now: neither the box nor anything in it can take focus. A box that
# takes focus itself must say what it is: a region with a name.
UNREACHABLE_SCROLL_BOXES = """() => {
  const focusable = "a[href], button, input:not([type=hidden]), select, textarea, summary, "
    + "[tabindex]:not([tabindex='-1'])";
  const named = box => (box.getAttribute("aria-labelledby") || "").split(/\\s+/)
    .some(id => document.getElementById(id)?.textContent.trim())
    || (box.getAttribute("aria-label") || "").trim();
  return [...document.querySelectorAll("body *")].filter(box => {
    const style = getComputedStyle(box);
    if (!/auto|scroll/.test(style.overflowX + " " + style.overflowY)) return false;
    if (box.matches("input, select, textarea")) return false;
    if (box.matches("[tabindex]:not([tabindex='-1'])")) {
      return !(box.getAttribute("role") === "region" && named(box));
    }
    return !box.querySelector(focusable);
  }).map(box => box.outerHTML.slice(0, 120));
}"""


def _openers(case: Case) -> list[str | None]:
    return [role for role in ROLES if case.expected[role] == 200]


def _is_html(case: Case, url: str) -> bool:
    key = (case.url_name, case.label)
    if key not in _answers_html:
        response = client_for(_openers(case)[0]).get(url)
        _answers_html[key] = response["Content-Type"].startswith("text/html") and (
            response.content.lstrip()[:15].lower() == b"<!doctype html>"
        )
    return _answers_html[key]


def pages_for(role: str | None, org: DemoOrg) -> list[tuple[str, bool]]:
    """The HTML pages ``role`` may open, in the matrix's order, each with whether this
    role checks it at the phone's width too (the first role that may open it does)."""
    pages: list[tuple[str, bool]] = []
    for case in ALL_CASES:
        openers = _openers(case)
        if role not in openers:
            continue
        url = reverse(case.url_name, kwargs=case.kwargs(org))
        if _is_html(case, url) and url not in [known for known, _phone in pages]:
            pages.append((url, openers[0] == role))
    return pages


def _log_in(context, base_url: str, role: str | None) -> None:
    """The role's session cookie, made by Django's test client (the login form itself is
    one of the pages crawled, as the anonymous visitor)."""
    if role is None:
        return
    cookie = client_for(role).cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": base_url}]
    )


def _summary(violations: list[dict]) -> list[str]:
    return [f"{v['id']}: {' '.join(str(n['target']) for n in v['nodes'])}" for v in violations]


def test_the_crawl_takes_its_pages_from_the_matrix_and_leaves_out_non_documents(
    transactional_db,
):
    demo.build_organisation()
    org = DemoOrg()
    analysis = org.analysis()

    admin = [url for url, _on_phone in pages_for("admin", org)]
    rektor = pages_for("rektor", org)
    anonymous = pages_for(None, org)

    assert ("/analyser/", False) in rektor  # the admin, first in the matrix, checks the phone
    assert ("/analyser/", True) in pages_for("admin", org)
    assert (f"/analyser/{analysis.pk}/problem/", True) in rektor
    left_out = [
        reverse("portal:analysis_export", kwargs={"pk": analysis.pk, "fmt": "pdf"}),
        reverse("portal:results_build_status", kwargs={"slug": org.results_round().slug}),
        reverse("portal:plan_export", kwargs=org.plan_kwargs(fmt="docx")),
        reverse("plan_feed", kwargs={"token": Feed(org.school_programme.pk).token()}),
    ]
    assert [url for url in left_out if url in admin + [u for u, _ in rektor]] == []
    # The unsubscribe page of an e-mail opens without login (its token names a person).
    unsubscribe = [page for page in anonymous if page[0].startswith("/varsler/avmeld/")]
    assert len(unsubscribe) == 1 and unsubscribe[0][1] is True
    assert [page for page in anonymous if page not in unsubscribe] == [
        ("/tilgjengelighet/", True),
        ("/svar/", True),
        ("/svar/takk/", True),
        ("/konto/logg-inn/", True),
        ("/konto/inaktiv/", True),
        ("/konto/passord/nytt/", True),
        ("/konto/passord/nytt/sendt/", True),
        ("/konto/passord/nytt/zz-bad-key/", True),
        ("/konto/passord/nytt/ferdig/", True),
    ]


@pytest.mark.parametrize("role", ROLES, ids=lambda role: role or "anonymous")
def test_every_page_a_role_may_open_passes_axe(live_server, transactional_db, browser, role):
    demo.build_organisation()
    pages = pages_for(role, DemoOrg())
    context = browser.new_context(viewport=DESKTOP)
    context.set_default_timeout(10_000)
    _log_in(context, live_server.url, role)
    page = context.new_page()

    found: dict[str, list[str]] = {}
    for url, on_phone in pages:
        response = page.goto(f"{live_server.url}{url}")
        assert (response.status, page.url) == (200, f"{live_server.url}{url}")
        for width in ("desktop", "phone") if on_phone else ("desktop",):
            page.set_viewport_size(PHONE if width == "phone" else DESKTOP)
            problems = _summary(axe_violations(page))
            problems += [f"scroll box without keyboard access or name: {box}"
                         for box in page.evaluate(UNREACHABLE_SCROLL_BOXES)]  # fmt: skip
            if problems:
                found[f"{url} ({width})"] = problems
        page.set_viewport_size(DESKTOP)
    context.close()

    assert found == {}, "\n".join(f"{where}: {what}" for where, what in found.items())
