"""A control character in a name drawn in a chart (typed in a learning group's name, or a
unit's name from the admin or old data) once made vl-convert abort the whole process — a
web worker — not just the request. Every text in a spec is now cleaned before drawing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from samla.org.models import Unit
from samla.results import charts
from samla.results.charts.drawing import safe_spec
from tests.conftest import client_for

CONTROLS = ["\x00", "\x01", "\x0b", "\x1b", "\x1f", "\x7f", "\x85"]


@pytest.mark.parametrize("control", CONTROLS)
def test_a_chart_with_a_control_character_in_every_text_is_drawn(control):
    name = f"Skole{control}A"
    chart = charts.Chart(
        f"Tittel{control}",
        f"Beskrivelse{control}",
        {
            "$schema": charts.SCHEMA,
            "config": charts.base_config(),
            "data": {"values": [{"node": name, "score": 512}]},
            "mark": "bar",
            "encoding": {
                "y": {"field": "node", "type": "nominal", "title": name},
                "x": {"field": "score", "type": "quantitative"},
            },
        },
    )

    drawn = charts.svgs([chart])[0]
    picture = charts.png(chart)

    assert "Skole A" in drawn and control not in drawn
    assert picture.startswith(b"\x89PNG")


def test_line_breaks_and_tabs_stay_and_other_controls_go():
    spec = {"a": ["x\ny", "t\tu", "b\x1b\x01c"], "k\x01": {"n": 5}}

    assert safe_spec(spec) == {"a": ["x\ny", "t\tu", "b c"], "k": {"n": 5}}


def test_a_learning_group_named_with_an_escape_keeps_the_dashboard_up(demo_org):
    demo_org.learning_group()
    school = demo_org.school
    rektor = client_for("rektor")
    made = rektor.post(
        reverse("portal:divide_staff", kwargs={"pk": school.pk}) + f"?aar={demo_org.school_year}",
        {"action": "add_group", "name": "Gruppe\x1bB"},
    )
    assert made.status_code == 302
    url = reverse(
        "portal:learning_dashboard",
        kwargs={"slug": demo_org.school_programme.slug, "kind": "unit", "pk": school.pk},
    )

    assert rektor.get(url).status_code == 200


@pytest.mark.parametrize("fmt", ["page", "pdf", "pptx"])
def test_a_unit_name_with_a_control_character_keeps_results_and_files_up(demo_org, fmt):
    results = demo_org.results_round()
    school = demo_org.school
    Unit.objects.filter(pk=school.pk).update(name="Skole\x01")  # e.g. through the admin
    if fmt == "page":
        url = reverse("portal:node_results", args=[results.slug, "unit", school.pk])
    else:
        url = reverse("portal:node_export", args=[results.slug, "unit", school.pk, fmt])

    response = client_for("rektor").get(url)

    assert response.status_code == 200
    if fmt == "page":  # the charts are drawn, their texts without the control character
        svgs = response.content.decode().split("<svg")[1:]
        assert svgs and all("\x01" not in each.split("</svg>")[0] for each in svgs)


def test_a_group_name_is_stored_without_the_control_character(demo_org):
    from samla.learning.models import LearningGroup

    demo_org.learning_group()
    school = demo_org.school
    client_for("rektor").post(
        reverse("portal:divide_staff", kwargs={"pk": school.pk}) + f"?aar={demo_org.school_year}",
        {"action": "add_group", "name": "Gruppe\x1b  B"},
    )

    assert LearningGroup.objects.filter(name="Gruppe B").exists()
