"""Staff see their own unit's released results where the programme lets them
(``Programme.staff_see_results``): the unit's page with its comparisons above, never a
class, never another unit, never before release; the programme administrator turns it
off in the programme's settings."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from samla.org.models import Programme
from samla.results.queries import read_cells
from samla.surveys.models import Round
from tests.conftest import client_for

STAFF = ("laerer", "gruppeleder")  # staff of the demo school's 6A; a group leader there


def node_url(round, kind, pk):
    return reverse("portal:node_results", kwargs={"slug": round.slug, "kind": kind, "pk": pk})


def scale_url(round, kind, pk, group="pupil_5_7", scale="trivsel"):
    kwargs = {"slug": round.slug, "kind": kind, "pk": pk, "group": group, "scale": scale}
    return reverse("portal:scale_results", kwargs=kwargs)


def export_url(round, kind, pk, fmt="json"):
    kwargs = {"slug": round.slug, "kind": kind, "pk": pk, "fmt": fmt}
    return reverse("portal:node_export", kwargs=kwargs)


@pytest.fixture
def results(demo_org):
    return demo_org.results_round()


def _set_staff_see_results(programme: Programme, value: bool) -> None:
    Programme.objects.filter(pk=programme.pk).update(staff_see_results=value)


@pytest.mark.parametrize("username", STAFF)
def test_staff_see_their_own_units_released_results(demo_org, results, username):
    school = demo_org.school
    shown = [
        c for c in read_cells(results, [("unit", school.pk)], kind="scale") if not c.suppressed
    ]
    assert shown, "the demo school has figures to show"
    client = client_for(username)

    listing = client.get(reverse("portal:results")).content.decode()
    round_page = client.get(reverse("portal:round_results", args=[results.slug]))
    page = client.get(node_url(results, "unit", school.pk))
    scale = client.get(scale_url(results, "unit", school.pk))

    assert reverse("portal:round_results", args=[results.slug]) in listing
    assert round_page.status_code == 200
    assert node_url(results, "unit", school.pk) in round_page.content.decode()
    assert page.status_code == 200 and scale.status_code == 200
    text = page.content.decode()
    for cell in shown:
        assert f"<strong>{cell.score500:.0f}</strong> " in text
    assert f">{school.owner.name}</th>" in text  # the comparisons above come with it
    assert "/group/" not in text  # no class, not even as a link


@pytest.mark.parametrize("username", STAFF)
def test_staff_never_see_a_class_another_unit_or_a_level_above(demo_org, results, username):
    school = demo_org.school
    other = results.units.exclude(pk=school.pk).order_by("pk").first()
    class_6a = school.groups.get(name="6A")
    client = client_for(username)

    answers = {
        "class": client.get(node_url(results, "group", class_6a.pk)).status_code,
        "class index": client.get(scale_url(results, "group", class_6a.pk)).status_code,
        "other unit": client.get(node_url(results, "unit", other.pk)).status_code,
        "other unit's export": client.get(export_url(results, "unit", other.pk)).status_code,
        "owner": client.get(node_url(results, "owner", school.owner_id)).status_code,
        "programme": client.get(node_url(results, "programme", results.programme_id)).status_code,
    }

    assert answers == dict.fromkeys(answers, 404)


def test_a_teachers_export_holds_the_unit_and_no_class(demo_org, results):
    school = demo_org.school

    response = client_for("laerer").get(export_url(results, "unit", school.pk))

    assert response.status_code == 200
    nodes = {cell["node"] for cell in response.json()["cells"]}
    assert nodes == {f"unit:{school.pk}"}
    # The leader's export of the same unit has its classes: the filter is the person's.
    leader = client_for("rektor").get(export_url(results, "unit", school.pk)).json()
    assert any(cell["node"].startswith("group:") for cell in leader["cells"])


@pytest.mark.parametrize("username", STAFF)
def test_staff_get_404_when_the_programme_keeps_results_from_staff(demo_org, results, username):
    _set_staff_see_results(demo_org.school_programme, False)
    client = client_for(username)

    listing = client.get(reverse("portal:results")).content.decode()
    answers = {
        "round": client.get(reverse("portal:round_results", args=[results.slug])).status_code,
        "unit": client.get(node_url(results, "unit", demo_org.school.pk)).status_code,
        "index": client.get(scale_url(results, "unit", demo_org.school.pk)).status_code,
        "export": client.get(export_url(results, "unit", demo_org.school.pk)).status_code,
    }

    assert answers == dict.fromkeys(answers, 404)
    assert reverse("portal:round_results", args=[results.slug]) not in listing
    # The leader still sees the unit and its classes: the setting is about staff only.
    assert (
        client_for("rektor").get(node_url(results, "unit", demo_org.school.pk)).status_code == 200
    )


@pytest.mark.parametrize(
    "release",
    [
        {"results_released_at": None, "results_release_on": None},
        {
            "results_released_at": None,
            "results_release_on": timezone.localdate() + timedelta(days=3),
        },
    ],
    ids=["never released", "release date ahead"],
)
def test_staff_see_nothing_before_release(demo_org, results, release):
    Round.objects.filter(pk=results.pk).update(**release)
    client = client_for("laerer")

    listing = client.get(reverse("portal:results")).content.decode()
    answer = client.get(node_url(results, "unit", demo_org.school.pk))

    assert answer.status_code == 404
    assert reverse("portal:round_results", args=[results.slug]) not in listing
    # The administrator sees the built results before release, as before.
    assert client_for("admin").get(node_url(results, "unit", demo_org.school.pk)).status_code == 200


def test_the_setting_is_in_the_programmes_settings(demo_org, results):
    programme = demo_org.school_programme
    admin = client_for("admin")
    url = reverse("admin:org_programme_change", args=[programme.pk])
    assert 'name="staff_see_results"' in admin.get(url).content.decode()
    before = client_for("laerer").get(node_url(results, "unit", demo_org.school.pk))
    assert before.status_code == 200  # default on

    response = admin.post(
        url,
        {
            "name": programme.name,
            "slug": programme.slug,
            "level": programme.level,
            "county": programme.county,
            "description": programme.description,
            "anonymity_threshold": programme.anonymity_threshold,
            # staff_see_results left out: the checkbox unticked
            "regions-TOTAL_FORMS": "0",
            "regions-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    programme.refresh_from_db()
    assert programme.staff_see_results is False
    after = client_for("laerer").get(node_url(results, "unit", demo_org.school.pk))
    assert after.status_code == 404


def test_with_the_setting_off_a_group_leader_cannot_start_an_analysis_from_the_figures(
    demo_org,
):
    """The analysis start page shows the index's figures: closed to staff like the results
    pages when the programme does not let staff see results; the unit's leader keeps it."""
    from urllib.parse import urlencode

    results = demo_org.results_round()
    demo_org.learning_group()  # gruppeleder leads a learning group at the school
    school = demo_org.school
    query = urlencode(
        {"runde": results.slug, "node": f"unit:{school.pk}", "gruppe": "pupil_5_7",
         "indeks": "trivsel"}
    )  # fmt: skip
    start = reverse("portal:analysis_start")
    assert client_for("gruppeleder").get(f"{start}?{query}").status_code == 200  # setting on
    assert "trivsel" in client_for("gruppeleder").get(start).content.decode()
    Programme.objects.filter(pk=demo_org.school_programme.pk).update(staff_see_results=False)

    assert client_for("gruppeleder").get(f"{start}?{query}").status_code == 404
    choose = client_for("gruppeleder").get(start).content.decode()
    assert "trivsel" not in choose and results.name not in choose
    assert client_for("rektor").get(f"{start}?{query}").status_code == 200
