"""The multi-year plan as plain data, Word and tagged PDF, and the download page."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys

import docx
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from samla.learning import plan_exports, services
from samla.learning.models import MultiYearPlanEntry
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

YEARS = ("2018/2019", "2019/2020", "2020/2021")


def export_url(org, fmt: str) -> str:
    return reverse(
        "portal:multi_year_plan_export", kwargs={"slug": org.school_programme.slug, "fmt": fmt}
    )


def place(org, years=YEARS):
    """The demo package for all staff in ``years``; a second package for group leaders in
    the middle year of three."""
    programme = org.school_programme
    package = org.learning_package()
    for year in years:
        services.add_plan_entry(programme, "all_staff", year, package)
    other = services.save_package(
        programme,
        services.PackageInput(
            title="Å lede læringsgrupper", level="grunnskole", audience="group_leaders"
        ),
    )
    services.add_plan_entry(programme, "group_leaders", years[len(years) // 2], other)
    return package, other


def test_the_rows_put_each_package_in_its_cell(demo_org):
    package, other = place(demo_org)
    entries = {
        (e.audience, e.school_year): e.pk
        for e in MultiYearPlanEntry.objects.filter(programme=demo_org.school_programme)
    }

    with translation.override("en"):
        plan = plan_exports.multi_year_plan(demo_org.school_programme)

    def item(p, audience, year):
        return {"entry": entries[(audience, year)], "package": p.pk, "title": p.title}

    assert plan["years"] == list(YEARS)
    assert plan["rows"] == [
        {
            "audience": "all_staff",
            "label": "All staff",
            "cells": [[item(package, "all_staff", year)] for year in YEARS],
        },
        {
            "audience": "group_leaders",
            "label": "Group leaders and supervisors",
            "cells": [[], [item(other, "group_leaders", "2019/2020")], []],
        },
        {"audience": "leaders", "label": "Leaders", "cells": [[], [], []]},
    ]


def test_the_word_table_has_a_header_row_and_one_row_per_audience(demo_org):
    package, other = place(demo_org)

    with translation.override("en"):
        content = plan_exports.multi_year_plan_to_docx(demo_org.school_programme)

    document = docx.Document(io.BytesIO(content))
    section = document.sections[0]
    assert section.page_width > section.page_height  # landscape
    [table] = document.tables
    assert [[cell.text for cell in row.cells] for row in table.rows] == [
        ["For", *YEARS],
        ["All staff", package.title, package.title, package.title],
        ["Group leaders and supervisors", "", other.title, ""],
        ["Leaders", "", "", ""],
    ]
    assert document.core_properties.title == f"Multi-year plan: {demo_org.school_programme.name}"


def test_an_empty_plan_says_so_in_word(demo_org):
    with translation.override("en"):
        content = plan_exports.multi_year_plan_to_docx(demo_org.school_programme)

    document = docx.Document(io.BytesIO(content))
    assert document.tables == []
    assert "No packages are placed in the multi-year plan yet." in [
        p.text for p in document.paragraphs
    ]


@pytest.mark.parametrize("export", ["docx", "rows"])
def test_the_export_makes_the_same_queries_for_one_year_and_for_three(demo_org, export):
    build = {
        "docx": plan_exports.multi_year_plan_to_docx,
        "rows": plan_exports.multi_year_plan,
    }[export]
    programme = demo_org.school_programme
    package = demo_org.learning_package()
    services.add_plan_entry(programme, "all_staff", YEARS[0], package)
    with CaptureQueriesContext(connection) as small:
        build(programme)
    _package, other = place(demo_org, years=YEARS)
    services.add_plan_entry(programme, "leaders", "2021/2022", other)
    with CaptureQueriesContext(connection) as large:
        build(programme)
    assert len(small) == len(large) == 1


def test_the_pdf_holds_the_packages_and_years(demo_org):
    package, other = place(demo_org)

    with translation.override("en"):
        content = plan_exports.multi_year_plan_to_pdf(demo_org.school_programme)

    assert content.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=content, capture_output=True, check=True
        ).stdout.decode()
        for expected in (*YEARS, package.title, other.title, "Group leaders and supervisors"):
            assert expected in text


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("pdf", "application/pdf"),
    ],
)
def test_a_reader_downloads_the_plan(demo_org, fmt, content_type):
    place(demo_org)

    response = client_for("laerer").get(export_url(demo_org, fmt))

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == (
        f'attachment; filename="flerarsplan-{demo_org.school_programme.slug}.{fmt}"'
    )


def test_without_weasyprint_the_pdf_page_offers_the_word_file(demo_org, monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as if it were not installed

    response = client_for("laerer").get(export_url(demo_org, "pdf"))

    assert response.status_code == 503
    assert export_url(demo_org, "docx") in response.content.decode()
