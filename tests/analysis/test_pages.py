"""The analysis pages as people use them: from a results index to an evaluated measure,
comments from PPT, sharing with the owner; refusals change nothing."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samla.analysis import services
from samla.analysis.models import Analysis, Comment, Measure, Phase, SnapshotKind
from samla.results.queries import Node
from tests.conftest import client_for


def phase_url(analysis, slug: str) -> str:
    return reverse("portal:analysis_phase", kwargs={"pk": analysis.pk, "phase": slug})


def action_url(analysis) -> str:
    return reverse("portal:analysis_action", kwargs={"pk": analysis.pk})


def start_url(round, kind, pk, group="pupil_5_7", scale="trivsel") -> str:
    query = urlencode(
        {"runde": round.slug, "node": f"{kind}:{pk}", "gruppe": group, "indeks": scale}
    )
    return reverse("portal:analysis_start") + "?" + query


def test_the_index_page_offers_the_start_to_the_leader_only(demo_org):
    round = demo_org.results_round()
    url = reverse(
        "portal:scale_results",
        kwargs={"slug": round.slug, "kind": "unit", "pk": demo_org.school.pk,
                "group": "pupil_5_7", "scale": "trivsel"},
    )  # fmt: skip
    leader = client_for("rektor").get(url).content.decode()
    assert start_url(round, "unit", demo_org.school.pk).replace("&", "&amp;") in leader
    owner = client_for("eier").get(url).content.decode()
    assert "analyser/ny/" not in owner


def test_a_leader_starts_an_analysis_with_the_figures_as_shown(demo_org):
    round = demo_org.results_round()
    client = client_for("rektor")
    url = start_url(round, "unit", demo_org.school.pk)
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(url, {"title": "Trivsel i 5.–7.", "learning_group": ""})
    analysis = Analysis.objects.get(title="Trivsel i 5.–7.")
    assert response.status_code == 302
    assert response["Location"] == phase_url(analysis, "problem")
    snapshot = analysis.snapshots.get()
    assert snapshot.kind == SnapshotKind.BASELINE
    assert [r["kind"] for r in snapshot.figures["rows"]] == ["unit", "owner", "region", "programme"]
    problem = client.get(response["Location"]).content.decode()
    assert f"{snapshot.own['score500']:.0f}" in problem


def test_someone_who_may_not_see_the_results_cannot_start(demo_org):
    round = demo_org.results_round()
    url = start_url(round, "unit", demo_org.school.pk)
    for username in ("eier", "laerer", "ppt", "region", "admin"):
        assert client_for(username).get(url).status_code == 404, username
    assert client_for("eier").post(url, {"title": "x"}).status_code == 404
    assert not Analysis.objects.filter(title="x").exists()


def test_the_whole_path_to_an_evaluated_measure(demo_org):
    analysis = demo_org.analysis("Fra resultat til tiltak")
    client = client_for("rektor")
    assert (
        client.post(
            phase_url(analysis, "problem"), {"form": "problem", "problem": "Mange trives dårlig."}
        ).status_code
        == 302
    )
    assert (
        client.post(
            phase_url(analysis, "mal"),
            {"form": "goal", "goal_kind": "open", "goal": "Bedre trivsel."},
        ).status_code
        == 302
    )
    assert client.post(
        phase_url(analysis, "informasjon"),
        {"form": "source", "source-kind": "observation", "source-title": "Observasjon i friminutt",
         "source-note": "Få voksne ute."},
    ).status_code == 302  # fmt: skip
    observation = analysis.sources.get(kind="observation")
    response = client.post(
        phase_url(analysis, "analyse"),
        {"form": "factor", "description": "For få voksne ute", "perspective": "context",
         "likelihood": "likely", "sources": [observation.pk]},
    )  # fmt: skip
    assert response.status_code == 302
    factor = analysis.factors.get()
    # Measures are closed until the analysis part is complete.
    refused = client.post(
        phase_url(analysis, "tiltak"),
        {"form": "measure", "title": "Flere voksne ute", "responsible": "Rektor",
         "starts_on": "2026-01-05", "ends_on": "2026-06-01", "success_criteria": "Færre konflikter",
         "factors": [factor.pk]},
    )  # fmt: skip
    assert refused.status_code == 200
    assert "Gjør ferdig analysen før dere velger tiltak." in refused.content.decode()
    assert not Measure.objects.filter(analysis=analysis).exists()
    client.post(action_url(analysis), {"action": "complete", "back": "analyse"})
    analysis.refresh_from_db()
    assert analysis.analysis_completed_at is not None and analysis.phase == Phase.MEASURES
    response = client.post(
        phase_url(analysis, "tiltak"),
        {"form": "measure", "title": "Flere voksne ute", "responsible": "Rektor",
         "starts_on": "2026-01-05", "ends_on": "2026-06-01", "success_criteria": "Færre konflikter",
         "factors": [factor.pk]},
    )  # fmt: skip
    assert response.status_code == 302
    measure = analysis.measures.get()
    response = client.post(
        phase_url(analysis, "evaluering"),
        {"form": "evaluation", "measure": measure.pk, f"m{measure.pk}-verdict": "partly",
         f"m{measure.pk}-text": "Noe bedre."},
    )  # fmt: skip
    assert response.status_code == 302
    assert measure.evaluations.get().verdict == "partly"
    demo_org.later_results_round()
    client.post(action_url(analysis), {"action": "follow_ups", "back": "evaluering"})
    assert analysis.snapshots.filter(kind=SnapshotKind.FOLLOW_UP).count() == 1
    page = client.get(phase_url(analysis, "evaluering")).content.decode()
    assert "T2" in page and "T3" in page
    for slug in (
        "problem",
        "mal",
        "informasjon",
        "analyse",
        "tiltak",
        "gjennomforing",
        "evaluering",
        "revidering",
    ):
        assert client.get(phase_url(analysis, slug)).status_code == 200, slug


def test_ppt_comments_and_the_group_answers_in_a_thread(demo_org):
    analysis = demo_org.analysis()
    ppt = client_for("ppt")
    url = reverse("portal:analysis_comment", kwargs={"pk": analysis.pk})
    ppt.post(url, {"phase": "analyse", "comment-text": "Har dere sett på reglene?"})
    first = Comment.objects.get(analysis=analysis)
    response = client_for("rektor").post(
        url, {"phase": "analyse", "comment-text": "Ja, de er uklare.", "comment-parent": first.pk},
        headers={"HX-Request": "true"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "Ja, de er uklare." in response.content.decode()
    assert Comment.objects.get(parent=first).text == "Ja, de er uklare."
    # Staff who only read the unit-wide analysis cannot comment.
    assert (
        client_for("laerer").post(url, {"phase": "analyse", "comment-text": "x"}).status_code == 403
    )
    assert Comment.objects.filter(analysis=analysis).count() == 2


def test_the_owner_reads_only_while_shared(demo_org):
    analysis = demo_org.analysis()
    url = phase_url(analysis, "problem")
    owner = client_for("eier")
    assert owner.get(url).status_code == 404
    assert analysis.title not in owner.get(reverse("portal:analyses")).content.decode()
    client_for("rektor").post(action_url(analysis), {"action": "share"})
    assert owner.get(url).status_code == 200
    assert analysis.title in owner.get(reverse("portal:analyses")).content.decode()
    assert owner.post(action_url(analysis), {"action": "withdraw"}).status_code == 403
    client_for("rektor").post(action_url(analysis), {"action": "withdraw"})
    assert owner.get(url).status_code == 404


def test_the_override_needs_a_reason_and_shows_it(demo_org):
    analysis = demo_org.analysis("Overstyrt")
    client = client_for("rektor")
    refused = client.post(phase_url(analysis, "analyse"), {"form": "override", "reason": "kort"})
    assert refused.status_code == 200
    analysis.refresh_from_db()
    assert analysis.overridden_at is None
    reason = "Vi må starte tiltak før sommeren."
    client.post(phase_url(analysis, "analyse"), {"form": "override", "reason": reason})
    page = client_for("laerer").get(phase_url(analysis, "tiltak")).content.decode()
    assert reason in page


def _shared_analyses_at(demo_org, count: int) -> list[Analysis]:
    """``count`` analyses at different schools of the results round, shared with Hamar."""

    round = demo_org.results_round()
    made = []
    for unit in round.units.order_by("pk")[:count]:
        analysis = services.start_analysis(
            demo_org.user("rektor"),
            title=f"Analyse ved {unit.name}",
            round=round,
            at=Node("unit", unit.pk, unit.name),
            respondent_group="pupil_5_7",
            scale="trivsel",
        )
        services.share_with_owner(analysis, demo_org.user("rektor"))
        made.append(analysis)
    return made


def _queries_for(client, url) -> int:
    client.get(url)  # warm: session, menu caches
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_overview_reads_the_same_number_of_queries_for_more_units(demo_org):
    url = reverse("portal:analyses")
    _shared_analyses_at(demo_org, 1)
    one = {who: _queries_for(client_for(who), url) for who in ("eier", "region", "rektor")}
    _shared_analyses_at(demo_org, 3)  # a second analysis at the first school, more schools
    three = {who: _queries_for(client_for(who), url) for who in ("eier", "region", "rektor")}
    assert three == one


def test_the_owner_sees_shared_units_and_the_region_counts_only(demo_org):
    made = _shared_analyses_at(demo_org, 3)
    unshared = demo_org.analysis("Ikke delt")
    owner_page = client_for("eier").get(reverse("portal:analyses")).content.decode()
    for analysis in made:
        assert analysis.title in owner_page
        assert analysis.unit.name in owner_page
    assert unshared.title not in owner_page
    region_page = client_for("region").get(reverse("portal:analyses")).content.decode()
    assert "Hamar kommune" in region_page
    for analysis in [*made, unshared]:
        assert analysis.title not in region_page
        assert analysis.unit.name not in region_page
    # Region: one owner line, its shared analyses all in the problem phase.
    assert f'<th scope="row">Hamar kommune</th><td class="num">{len(made)}</td>' in region_page


def test_a_group_leader_starts_an_analysis_for_their_group(demo_org):
    group = demo_org.learning_group()
    round = demo_org.results_round()
    client = client_for("gruppeleder")
    chooser = client.get(reverse("portal:analysis_start")).content.decode()
    url = start_url(round, "unit", demo_org.school.pk)
    assert url.replace("&", "&amp;") in chooser
    # A class of the unit is the leader's to start from, not the group leader's.
    some_class = demo_org.school.groups.first()
    assert client.get(start_url(round, "group", some_class.pk)).status_code == 404
    refused = client.post(url, {"title": "Vår gruppe", "learning_group": ""})
    assert refused.status_code == 200  # the group must be chosen
    assert not Analysis.objects.filter(title="Vår gruppe").exists()
    client.post(url, {"title": "Vår gruppe", "learning_group": group.pk})
    analysis = Analysis.objects.get(title="Vår gruppe")
    assert analysis.learning_group == group
    member = client_for("laerer")
    response = member.post(
        phase_url(analysis, "problem"), {"form": "problem", "problem": "Uro i timene."}
    )
    assert response.status_code == 302
    analysis.refresh_from_db()
    assert analysis.problem == "Uro i timene."


def test_a_factor_and_a_measure_are_changed_in_place(demo_org):
    analysis = demo_org.analysis_with_measure("Endres")
    factor, measure = analysis.factors.get(), analysis.measures.get()
    baseline = analysis.sources.get()
    client = client_for("rektor")
    page = client.get(phase_url(analysis, "analyse") + f"?endre={factor.pk}").content.decode()
    assert "Uklare regler i friminuttene" in page and f'value="{factor.pk}"' in page
    client.post(
        phase_url(analysis, "analyse"),
        {"form": "factor", "item": factor.pk, "description": "Reglene er ukjente for elevene",
         "perspective": "actor", "likelihood": "possible", "sources": [baseline.pk]},
    )  # fmt: skip
    factor.refresh_from_db()
    assert (factor.description, factor.perspective, factor.likelihood) == (
        "Reglene er ukjente for elevene", "actor", "possible",
    )  # fmt: skip
    assert analysis.factors.count() == 1
    client.post(
        phase_url(analysis, "tiltak"),
        {"form": "measure", "item": measure.pk, "title": "Regler på plakat", "responsible": "Alle",
         "starts_on": measure.starts_on.isoformat(), "ends_on": measure.ends_on.isoformat(),
         "success_criteria": "Alle elever kan reglene.", "factors": [factor.pk]},
    )  # fmt: skip
    measure.refresh_from_db()
    assert (measure.title, measure.responsible) == ("Regler på plakat", "Alle")
    assert analysis.measures.count() == 1
    # Another analysis's factor cannot be changed through this one.
    other = demo_org.analysis_with_measure("Annen").factors.get()
    assert client.get(phase_url(analysis, "analyse") + f"?endre={other.pk}").status_code == 404


def test_home_lists_open_analyses_with_measures_to_evaluate(demo_org):
    analysis = demo_org.analysis_with_measure("På hjemmesiden")
    page = client_for("rektor").get(reverse("portal:home")).content.decode()
    assert analysis.title in page
    assert "1 tiltak å evaluere" in page
    assert analysis.title not in client_for("eier").get(reverse("portal:home")).content.decode()


def test_more_results_are_added_as_a_frozen_source(demo_org):
    analysis = demo_org.analysis("Flere resultater")
    round = demo_org.results_round()
    key = f"{round.slug}|unit:{demo_org.school.pk}|pupil_5_7|arbeidsro"
    response = client_for("rektor").post(
        phase_url(analysis, "informasjon"),
        {"form": "result_source", "result-index": key, "result-note": "Henger sammen."},
    )
    assert response.status_code == 302
    source = analysis.sources.get(snapshot__kind=SnapshotKind.SOURCE)
    assert (source.snapshot.scale, source.note) == ("arbeidsro", "Henger sammen.")


def test_the_analyses_are_paged(demo_org, monkeypatch):
    from samla.analysis import queries

    monkeypatch.setattr(queries, "LINES_PER_PAGE", 1)
    made = _shared_analyses_at(demo_org, 3)
    assert len(made) == 2
    owner = client_for("eier")
    pages = [owner.get(reverse("portal:analyses"), {"side": n}).content.decode() for n in (1, 2)]
    assert 'rel="next"' in pages[0] and 'rel="prev"' in pages[1]
    for analysis in made:  # each on exactly one page
        assert sum(analysis.title in page for page in pages) == 1
    assert owner.get(reverse("portal:analyses"), {"side": "x"}).status_code == 200
