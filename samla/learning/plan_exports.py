"""The multi-year plan (audience × school year → packages) as plain data, Word and tagged
PDF. Two queries whatever the size of the plan."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from samla.core.pdf import render_pdf
from samla.core.word import document_bytes, landscape_document, repeat_header
from samla.org.models import Programme

from .models import Audience, MultiYearPlanEntry

PDF_TEMPLATE = "learning/export/multi_year_plan_pdf.html"


def multi_year_plan(programme: Programme) -> dict[str, Any]:
    """The matrix: ``years`` (sorted), and per audience a row of cells, each the list of
    entries (package id, title, entry id) for that school year."""
    entries = list(
        MultiYearPlanEntry.objects.filter(programme=programme)
        .select_related("package")
        .order_by("school_year", "package__title", "pk")
    )
    years = sorted({e.school_year for e in entries})
    rows = []
    for value, label in Audience.choices:
        cells = []
        for year in years:
            cells.append(
                [
                    {"entry": e.pk, "package": e.package_id, "title": e.package.title}
                    for e in entries
                    if e.audience == value and e.school_year == year
                ]
            )
        rows.append({"audience": value, "label": str(label), "cells": cells})
    return {
        "title": _("Multi-year plan: %(programme)s") % {"programme": programme.name},
        "programme": programme.name,
        "years": years,
        "rows": rows,
    }


def multi_year_plan_to_docx(programme: Programme) -> bytes:
    plan = multi_year_plan(programme)
    document = landscape_document(plan["title"])
    document.add_heading(plan["title"], level=1)
    if not plan["years"]:
        document.add_paragraph(_("No packages are placed in the multi-year plan yet."))
    else:
        table = document.add_table(rows=1, cols=1 + len(plan["years"]))
        table.style = "Table Grid"
        header = table.rows[0].cells
        header[0].paragraphs[0].add_run(_("For")).bold = True
        for cell, year in zip(header[1:], plan["years"], strict=True):
            cell.paragraphs[0].add_run(year).bold = True
        repeat_header(table)
        for row in plan["rows"]:
            cells = table.add_row().cells
            cells[0].paragraphs[0].add_run(row["label"]).bold = True
            for cell, items in zip(cells[1:], row["cells"], strict=True):
                for i, item in enumerate(items):
                    paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
                    paragraph.add_run(item["title"])
    return document_bytes(document)


def multi_year_plan_to_pdf(programme: Programme) -> bytes:
    return render_pdf(PDF_TEMPLATE, multi_year_plan(programme))
