"""Released results through the API: exactly the stored figures the pages show, hidden
ones without a number, nothing for nodes the person may not open."""

from __future__ import annotations

import json

import pytest

from samla.org.models import Programme
from samla.results.build import build_round
from samla.results.queries import read_cells


@pytest.fixture
def strict_round(demo_org):
    """The demo results round built again with a threshold of 20, so that the demo
    school's classes are hidden while the school is shown."""
    round = demo_org.results_round()
    Programme.objects.filter(pk=round.programme_id).update(anonymity_threshold=20)
    round.refresh_from_db()
    build_round(round)
    return round


def _cells(round, nodes):
    return {(c.node_kind, c.node_id, c.respondent_group, c.scale): c for c in
            read_cells(round, nodes, kind="scale")}  # fmt: skip


def test_a_units_results_are_the_stored_cells_with_hidden_ones_empty(
    api_as, demo_org, strict_round
):
    round = strict_round
    school = demo_org.school
    response = api_as("rektor").get(f"/rounds/{round.slug}/results/unit/{school.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["node"] == {"kind": "unit", "id": school.pk, "name": school.name}
    assert [n["kind"] for n in body["chain"]] == ["owner", "region", "programme"]
    below_nodes = [row["node"] for table in body["below"] for row in table["rows"]]
    assert below_nodes and {n["kind"] for n in below_nodes} == {"group"}
    stored = _cells(round, [("unit", school.pk)] + [("group", n["id"]) for n in below_nodes])
    checked = hidden = 0
    for group in body["groups"]:
        for scale in group["scales"]:
            cell = stored.get(("unit", school.pk, group["respondent_group"], scale["code"]))
            assert cell is not None
            figure = scale["figure"]
            assert figure["hidden"] == cell.suppressed
            if not cell.suppressed:
                assert (figure["n"], figure["mean"], figure["score500"]) == (
                    cell.n, cell.mean, cell.score500,
                )  # fmt: skip
                checked += 1
    for table in body["below"]:
        for row in table["rows"]:
            for code, figure in zip(table["scales"], row["figures"], strict=True):
                key = ("group", row["node"]["id"], table["respondent_group"], code)
                cell = stored.get(key)
                if cell is None:
                    assert figure == {"hidden": False, "n": None, "mean": None, "score500": None}
                elif cell.suppressed:
                    assert figure == {"hidden": True, "n": None, "mean": None, "score500": None}
                    hidden += 1
                else:
                    assert figure["n"] == cell.n and figure["mean"] == cell.mean
    assert checked and hidden, "the demo round has shown and hidden figures to compare"


def test_no_number_of_a_hidden_cell_appears_anywhere_in_the_answer(api_as, demo_org, strict_round):
    round = strict_round
    school = demo_org.school
    body = api_as("rektor").get(f"/rounds/{round.slug}/results/unit/{school.pk}").json()

    def figures(value):
        if isinstance(value, dict):
            if "hidden" in value and "n" in value:
                yield value
            for inner in value.values():
                yield from figures(inner)
        elif isinstance(value, list):
            for inner in value:
                yield from figures(inner)

    found = list(figures(body))
    assert any(f["hidden"] for f in found)
    for figure in found:
        if figure["hidden"]:
            assert figure["n"] is None and figure["mean"] is None and figure["score500"] is None


def test_staff_get_their_unit_without_its_classes(api_as, demo_org):
    round = demo_org.results_round()
    body = api_as("laerer").get(f"/rounds/{round.slug}/results/unit/{demo_org.school.pk}").json()
    assert body["groups"] and body["below"] == []
    own_class = next(iter(demo_org.school.groups.values_list("pk", flat=True)))
    assert (
        api_as("laerer").get(f"/rounds/{round.slug}/results/group/{own_class}").status_code == 404
    )


def test_the_node_list_holds_only_what_the_person_may_open(api_as, demo_org):
    round = demo_org.results_round()
    owner = api_as("eier").get(f"/rounds/{round.slug}/results").json()
    kinds = {n["kind"] for n in owner["items"]}
    assert kinds == {"owner", "unit"}
    assert {n["id"] for n in owner["items"] if n["kind"] == "owner"} == {demo_org.school.owner_id}
    admin = api_as("admin").get(f"/rounds/{round.slug}/results", page_size=500).json()
    assert {n["kind"] for n in admin["items"]} == {"programme", "region", "owner", "unit"}
    assert admin["count"] == len(admin["items"])


def test_labels_follow_the_asked_language(api_as, demo_org):
    round = demo_org.results_round()
    api = api_as("rektor")
    path = f"/api/v1/rounds/{round.slug}/results/unit/{demo_org.school.pk}"
    labels = {}
    for language in ("nb", "en"):
        response = api.client.get(path, headers={**api.headers, "Accept-Language": language})
        labels[language] = [g["label"] for g in response.json()["groups"]]
    assert labels["nb"] != labels["en"]


def test_a_grade_band_that_is_not_there_gives_all_respondents(api_as, demo_org):
    round = demo_org.results_round()
    api = api_as("rektor")
    path = f"/rounds/{round.slug}/results/unit/{demo_org.school.pk}"
    assert api.get(path, grade_band="9-10").json() == api.get(path).json()
    assert json.loads(json.dumps(api.get(path).json()))["grade_band"] == ""


def test_accept_language_picks_the_answers_language(api_as, demo_org):
    from samla.api.auth import answer_language
    from samla.org.models import Person

    person = Person(language="nn")
    assert answer_language("en-GB,en;q=0.9", person) == "en"
    assert answer_language("de, no;q=0.5", person) == "nb"
    assert answer_language("fr;q=1, nn;q=0.2, en;q=0.1", person) == "nn"
    assert answer_language("en;q=0", person) == "nn"  # q=0 means "not this"
    assert answer_language("en;q=x", person) == "nn"
    assert answer_language("", Person(language="")) == "nb"
    response = api_as("rektor").client.get(
        "/api/v1/me", headers={**api_as("rektor").headers, "Accept-Language": "en"}
    )
    assert response["Content-Language"] == "en"
