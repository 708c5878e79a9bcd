"""Attack (issue 17): hostile unit, owner and class names reach the charts' SVG, the
results page, the PDF report's HTML, the slide deck and the workbook — escaped, never
markup. Names that held."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from pptx import Presentation

from samla.org.models import Group, Owner, Unit
from samla.results.exports import report
from tests.conftest import client_for

HOSTILE = "<script>alert(1)</script>\"'&amp;]]><!-- x"


@pytest.fixture
def hostile(demo_org):
    results = demo_org.results_round()
    school = demo_org.school
    Unit.objects.filter(pk=school.pk).update(name="Skole " + HOSTILE)
    Owner.objects.filter(pk=school.owner_id).update(name="Eier " + HOSTILE)
    Group.objects.filter(unit=school, name="6A").update(name="6A" + HOSTILE)
    return results, school


def _url(name, results, school, **extra):
    return reverse(name, kwargs={"slug": results.slug, "kind": "unit", "pk": school.pk, **extra})


def test_the_page_and_its_charts_escape_hostile_names(hostile):
    results, school = hostile
    text = client_for("rektor").get(_url("portal:node_results", results, school)).content.decode()
    assert "<script>alert" not in text
    assert "<!-- x" not in text
    svgs = re.findall(r"<svg\b.*?</svg>", text, re.S)
    assert svgs, "the page has charts"
    for svg in svgs:
        assert "<script" not in svg and "]]>" not in svg.replace("]]&gt;", "")
    # The name is there, as text.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_the_index_page_escapes_hostile_names(hostile):
    results, school = hostile
    url = _url("portal:scale_results", results, school, group="pupil_5_7", scale="trivsel")
    text = client_for("rektor").get(url).content.decode()
    assert "<script>alert" not in text and "<!-- x" not in text


def test_the_report_html_escapes_hostile_names(hostile):
    results, school = hostile
    from django.template.loader import render_to_string

    nodes = {"unit": {school.pk}, "group": set(school.groups.values_list("pk", flat=True))}
    html = render_to_string(report.PDF_TEMPLATE, report.pdf_context(results, nodes, "nb"))
    assert "<script>alert" not in html and "<!-- x" not in html
    assert "&lt;script&gt;alert(1)" in html


def test_the_slide_deck_and_workbook_carry_hostile_names_as_text(hostile):
    results, school = hostile
    client = client_for("rektor")
    deck = client.get(_url("portal:node_export", results, school, fmt="pptx"))
    assert deck.status_code == 200
    shown = Presentation(io.BytesIO(deck.content))
    texts = [
        shape.text_frame.text
        for slide in shown.slides
        for shape in slide.shapes
        if shape.has_text_frame
    ]
    assert any(HOSTILE in text for text in texts)
    book = client.get(_url("portal:node_export", results, school, fmt="xlsx"))
    assert book.status_code == 200
