"""Role matrix cases for the analysis pages. The demo analysis is the school's, unshared:
only the school's people and its PPT advisor can open it; the owner cannot until it is
shared (tested in test_access and test_pages)."""

from __future__ import annotations

from tests.role_matrix_support import Case, everyone, only

READERS = {"rektor", "gruppeleder", "laerer", "ppt"}


def analysis(org) -> dict:
    return {"pk": org.analysis().pk}


def phase(slug: str):
    def kwargs(org) -> dict:
        return {"pk": org.analysis().pk, "phase": slug}

    return kwargs


def export(fmt: str):
    def kwargs(org) -> dict:
        return {"pk": org.analysis().pk, "fmt": fmt}

    return kwargs


CASES: list[Case] = [
    Case("portal:analyses", "analyses and overviews", lambda org: {}, everyone(200, anonymous=302)),
    Case(
        "portal:analysis_start",
        "choose where to start",
        lambda org: {},
        everyone(200, anonymous=302),
    ),
    Case("portal:analysis", "an analysis (to its phase)", analysis, only(READERS, ok=302)),
    Case("portal:analysis_phase", "problem phase", phase("problem"), only(READERS)),
    Case("portal:analysis_phase", "measures phase (closed)", phase("tiltak"), only(READERS)),
    Case("portal:analysis_phase", "unknown phase", phase("ukjent"), only(set())),
    Case("portal:analysis_action", "actions (POST only)", analysis, everyone(405, anonymous=302)),
    Case("portal:analysis_comment", "comments (POST only)", analysis, everyone(405, anonymous=302)),
    Case("portal:analysis_export", "as Word", export("docx"), only(READERS)),
    Case("portal:analysis_export", "as PDF", export("pdf"), only(READERS)),
    Case("portal:analysis_export", "unknown format", export("odt"), only(set())),
]
