"""Results pages: a leader's unit beside its owner, region and programme; an index opened
to its items; nothing before release but for administrators; no other school's results by
changing an id; a fixed number of queries."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samla.org.models import Unit
from samla.results.models import Build, BuildState
from samla.results.queries import read_cells
from samla.surveys.models import Round
from tests.conftest import client_for


def node_url(round, kind, pk):
    return reverse("portal:node_results", kwargs={"slug": round.slug, "kind": kind, "pk": pk})


def test_a_leader_sees_the_unit_beside_owner_region_and_programme(demo_org):
    round = demo_org.results_round()
    page = client_for("rektor").get(node_url(round, "unit", demo_org.school.pk)).content.decode()
    assert demo_org.school.name in page
    assert "Hamar kommune" in page and "Hamarregionen" in page
    assert "ikke for rangering" in page.lower() or "ikkje for rangering" in page.lower()
    (shown,) = read_cells(
        round, [("unit", demo_org.school.pk)], respondent_group="pupil_5_7", codes={"trivsel"}
    )
    assert not shown.suppressed
    assert f"n = {shown.n}" in page
    assert f"{shown.score500:.0f}" in page


def test_hidden_cells_are_dashes_and_classes_are_the_leaders(demo_org):
    round = demo_org.results_round()
    mine = demo_org.school.groups.values_list("pk", flat=True)
    instrument = round.instruments.get().version.instrument()
    in_scales = {i.code for i in instrument.items if i.scale}
    hidden = next(
        (
            cell
            for cell in read_cells(round, [("group", pk) for pk in mine], kind="item")
            if cell.suppressed and cell.item in in_scales
        ),
        None,
    )
    assert hidden is not None, "the simulated classes include small cells"
    url = reverse(
        "portal:scale_results",
        kwargs={"slug": round.slug, "kind": "group", "pk": hidden.node_id,
                "group": "pupil_5_7", "scale": instrument.item(hidden.item).scale},
    )  # fmt: skip
    text = client_for("rektor").get(url).content.decode()
    assert "skjult av personvernhensyn" in text
    # Another school's classes and units are not the leader's: 404, nothing leaked.
    other = Unit.objects.filter(rounds=round).exclude(pk=demo_org.school.pk).first()
    assert client_for("rektor").get(node_url(round, "unit", other.pk)).status_code == 404
    other_class = other.groups.first()
    assert client_for("rektor").get(node_url(round, "group", other_class.pk)).status_code == 404


def test_an_index_opens_to_its_items_with_distributions_and_trend(demo_org):
    round = demo_org.results_round()
    url = reverse(
        "portal:scale_results",
        kwargs={"slug": round.slug, "kind": "unit", "pk": demo_org.school.pk,
                "group": "pupil_5_7", "scale": "trivsel"},
    )  # fmt: skip
    page = client_for("rektor").get(url).content.decode()
    assert "Jeg trives på skolen." in page
    assert "Helt enig" in page and " %" in page
    assert '<th scope="row">T2</th>' in page  # the trend table lists the round


def test_nothing_before_release_except_for_administrators(demo_org):
    round = demo_org.results_round()
    Round.objects.filter(pk=round.pk).update(results_released_at=None, results_release_on=None)
    url = node_url(round, "unit", demo_org.school.pk)
    assert client_for("rektor").get(url).status_code == 404
    assert client_for("eier").get(url).status_code == 404
    assert client_for("admin").get(url).status_code == 200
    assert client_for("forsker").get(url).status_code == 200


def test_the_administrator_starts_a_build_and_sees_it_wait(demo_org):
    round = demo_org.results_round()
    admin = client_for("admin")
    admin.post(reverse("portal:results_build", kwargs={"slug": round.slug}), {"action": "build"})
    assert Build.objects.get(round=round).state == BuildState.QUEUED
    url = reverse("portal:results_build_status", kwargs={"slug": round.slug})
    status = admin.get(url, HTTP_HX_REQUEST="true")
    assert "Venter" in status.content.decode()
    # Opened as a page of its own, it is no bare fragment but the round's results page.
    assert admin.get(url)["Location"] == reverse(
        "portal:round_results", kwargs={"slug": round.slug}
    )


def test_result_pages_keep_their_number_of_queries(demo_org):
    round = demo_org.results_round()
    client = client_for("admin")

    def count(url):
        # A page's charts are drawn once and then kept in the process's memory: count a
        # request after the first, whichever test drew them.
        assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    unit_page = count(node_url(round, "unit", demo_org.school.pk))
    programme_page = count(node_url(round, "programme", round.programme_id))
    owner_page = count(node_url(round, "owner", demo_org.school.owner_id))
    # A unit has the most comparisons above it; wider nodes never cost more.
    assert programme_page <= unit_page and owner_page <= unit_page
    # Session, person, grants, the round, the menu (8); who may see which node (5); the node
    # and its lineage (3), its grade bands, the classes below (2); the page's index cells
    # read once (sheets and rows), response counts, the instruments (4); no chart cache.
    assert unit_page == 22


def test_downloads_follow_the_same_rules_and_the_researchers_file_is_logged(demo_org):
    import json

    from samla.results.models import ExportLog

    round = demo_org.results_round()
    url = reverse(
        "portal:node_export",
        kwargs={"slug": round.slug, "kind": "owner", "pk": demo_org.school.owner_id, "fmt": "json"},
    )
    data = json.loads(client_for("eier").get(url).content)
    units = {c["node"] for c in data["cells"] if c["node"].startswith("unit:")}
    assert f"unit:{demo_org.school.pk}" in units
    assert all("mean" not in c for c in data["cells"] if c["suppressed"])
    # A leader downloading the owner's file is refused: the owner is not the leader's node.
    assert client_for("rektor").get(url).status_code == 404
    leader = client_for("rektor").get(
        reverse("portal:node_export", kwargs={
            "slug": round.slug, "kind": "unit", "pk": demo_org.school.pk, "fmt": "json"})
    )  # fmt: skip
    nodes = {c["node"] for c in json.loads(leader.content)["cells"]}
    assert nodes and all(n.startswith(("unit:", "group:")) for n in nodes)
    researcher = client_for("forsker").get(
        reverse("portal:responses_export", kwargs={"slug": round.slug, "fmt": "csv"})
    )
    assert researcher.status_code == 200
    assert ExportLog.objects.filter(round=round, kind="responses.csv").count() == 1
    assert (
        client_for("admin")
        .get(reverse("portal:responses_export", kwargs={"slug": round.slug, "fmt": "csv"}))
        .status_code
        == 403
    )


def test_response_rates_count_codes_at_each_level(demo_org):
    from samla.results.queries import Node, response_counts
    from samla.surveys.models import AccessCode, Response

    round = demo_org.results_round()
    unit = response_counts(round, Node("unit", demo_org.school.pk, ""))
    owner = response_counts(round, Node("owner", demo_org.school.owner_id, ""))
    everyone = response_counts(round, Node("programme", round.programme_id, ""))
    mine = AccessCode.objects.filter(round=round, unit=demo_org.school)
    assert unit["pupil_5_7"] == (mine.count(), mine.filter(state="submitted").count())
    assert owner["pupil_5_7"] == everyone["pupil_5_7"]  # all three schools are Hamar's
    assert everyone["pupil_5_7"][1] == Response.objects.filter(round=round).count()
