"""Issue 22: the administrator's results page of a round says one true thing about its
build and its release — a round released before its results are built no longer reads
"No build yet" beside "The results are released: everyone with access sees them"."""

# ruff: noqa: F811 (pytest fixtures imported from the surveys tests)

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from samla.results.models import Build, BuildState
from samla.surveys import services
from samla.surveys.models import Round
from tests.conftest import client_for
from tests.surveys.test_collection import pupil_version, survey_round  # noqa: F401

RELEASED = "The results are released: everyone with access sees them."
RELEASED_NOT_BUILT = (
    "The results are released, but not built yet: everyone with access sees them once they "
    "are built."
)
NOT_RELEASED = (
    "Until the results are released, only programme administrators and researchers see them."
)
NO_BUILD = "No build yet."
NOT_BUILT = "The results have not been built yet."


@pytest.fixture
def closed_round(survey_round):
    Round.objects.filter(pk=survey_round.pk).update(
        opens_at=timezone.now() - timedelta(days=20), closes_at=timezone.now() - timedelta(hours=1)
    )
    survey_round.refresh_from_db()
    return survey_round


def _page(round, language: str = "en", **headers) -> str:
    admin = client_for("admin")
    admin.cookies["samla_language"] = language
    response = admin.get(reverse("portal:round_results", kwargs={"slug": round.slug}), **headers)
    assert response.status_code == 200
    return response.content.decode()


def _status(round) -> str:
    admin = client_for("admin")
    admin.cookies["samla_language"] = "en"
    url = reverse("portal:results_build_status", kwargs={"slug": round.slug})
    return admin.get(url, HTTP_HX_REQUEST="true").content.decode()


def test_released_before_any_build_says_so_once(closed_round):
    services.release_results(closed_round)

    page = _page(closed_round)

    assert RELEASED_NOT_BUILT in page
    assert RELEASED not in page
    assert page.count(NO_BUILD) == 1 and NOT_BUILT not in page


def test_in_bokmal_the_page_no_longer_says_released_beside_no_results(closed_round):
    services.release_results(closed_round)

    page = _page(closed_round, "nb")

    assert "Ingen resultater er laget ennå." in page
    assert "Resultatene er frigitt: alle med tilgang ser dem." not in page


def test_closed_and_not_released_says_who_sees_them(closed_round):
    page = _page(closed_round)

    assert NOT_RELEASED in page and NO_BUILD in page
    assert RELEASED not in page and RELEASED_NOT_BUILT not in page


def test_built_and_released_says_released_and_never_no_build(demo_org):
    round = demo_org.results_round()  # built without a Build record, released

    page = _page(round)

    assert RELEASED in page
    assert NO_BUILD not in page and RELEASED_NOT_BUILT not in page
    assert NO_BUILD not in _status(round)  # nor once the progress is polled


def test_a_failed_first_build_mentions_no_earlier_results(closed_round):
    Build.objects.create(round=closed_round, state=BuildState.FAILED)

    status = _status(closed_round)

    assert "The last build failed. Try again, or ask for help if it fails again." in status
    assert "earlier results" not in status


def test_a_failed_rebuild_keeps_the_earlier_results(demo_org):
    round = demo_org.results_round()
    Build.objects.create(round=round, state=BuildState.FAILED)

    assert "The last build failed. The earlier results are unchanged." in _status(round)
