"""Issue 22: "Share with the owner" pressed on the analysis's evaluation page came back on
the measures page (where the group is); a button now comes back to the page it was on."""

from __future__ import annotations

from django.urls import reverse

from samla.analysis.models import Analysis, Phase
from tests.conftest import client_for


def _phase_url(analysis, slug: str) -> str:
    return reverse("portal:analysis_phase", kwargs={"pk": analysis.pk, "phase": slug})


def _action_url(analysis) -> str:
    return reverse("portal:analysis_action", kwargs={"pk": analysis.pk})


def _shared(analysis) -> bool:
    return Analysis.objects.get(pk=analysis.pk).shared


def test_the_share_form_names_the_page_it_is_on(demo_org):
    analysis = demo_org.analysis_with_measure()

    page = client_for("rektor").get(_phase_url(analysis, "evaluering")).content.decode()

    form = page.split('value="share"', 1)[0].rsplit("<form", 1)[1]
    assert '<input type="hidden" name="back" value="evaluering">' in form


def test_sharing_and_withdrawing_come_back_to_the_evaluation_page(demo_org):
    analysis = demo_org.analysis_with_measure()
    assert analysis.phase == Phase.MEASURES  # the group is elsewhere
    client = client_for("rektor")

    shared = client.post(_action_url(analysis), {"action": "share", "back": "evaluering"})
    assert shared.status_code == 302
    assert shared["Location"] == _phase_url(analysis, "evaluering")
    assert _shared(analysis)

    withdrawn = client.post(_action_url(analysis), {"action": "withdraw", "back": "evaluering"})
    assert withdrawn["Location"] == _phase_url(analysis, "evaluering")
    assert not _shared(analysis)


def test_without_a_posted_page_the_referring_phase_page_is_used(demo_org):
    analysis = demo_org.analysis_with_measure()
    client = client_for("rektor")
    here = _phase_url(analysis, "evaluering")

    response = client.post(
        _action_url(analysis), {"action": "share"}, HTTP_REFERER=f"http://testserver{here}"
    )

    assert response["Location"] == here
    assert _shared(analysis)


def test_a_referer_elsewhere_goes_to_where_the_group_is(demo_org):
    analysis = demo_org.analysis_with_measure()
    other = demo_org.analysis("En annen analyse")
    client = client_for("rektor")
    where_the_group_is = _phase_url(analysis, "tiltak")

    for referer in (
        f"http://testserver{_phase_url(other, 'evaluering')}",  # another analysis's page
        "http://testserver/analyser/",
        "https://example.org/elsewhere/",
        "not a url at all",
    ):
        response = client.post(_action_url(analysis), {"action": "share"}, HTTP_REFERER=referer)
        assert response["Location"] == where_the_group_is, referer
    assert _shared(analysis)


def test_a_made_up_back_page_goes_to_where_the_group_is(demo_org):
    analysis = demo_org.analysis_with_measure()

    response = client_for("rektor").post(
        _action_url(analysis), {"action": "share", "back": "//example.org/"}
    )

    assert response["Location"] == _phase_url(analysis, "tiltak")


def test_someone_who_may_not_share_changes_nothing(demo_org):
    analysis = demo_org.analysis_with_measure()

    response = client_for("ppt").post(
        _action_url(analysis), {"action": "share", "back": "evaluering"}
    )

    assert response.status_code == 403
    assert not _shared(analysis)
