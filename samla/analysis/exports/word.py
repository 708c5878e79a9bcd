"""A pedagogical analysis as a Word file (landscape, tables with repeated headers), from
:func:`~samla.analysis.exports.document.analysis_document`."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from docx.shared import Cm

from samla.core.word import (
    document_bytes,
    landscape_document,
    repeat_header,
    set_column_widths,
)

from ..models import Analysis
from .document import analysis_document, measure_headings, measure_values, section_titles


def _table(document, headings, rows, widths=None):
    table = document.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, headings, strict=True):
        cell.paragraphs[0].add_run(heading).bold = True
    repeat_header(table)
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.paragraphs[0].add_run(value)
    if widths:
        set_column_widths(table, widths)
    return table


def _labelled(document, label: str, value: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.add_run(f"{label}: ").bold = True
    paragraph.add_run(value)


def _text_or(document, text: str, missing: str) -> None:
    document.add_paragraph(text if text else missing)


def analysis_to_docx(analysis: Analysis, language: str) -> bytes:
    data = analysis_document(analysis, language)
    with translation.override(language):
        return _docx(data)


def _docx(data: dict[str, Any]) -> bytes:
    titles = section_titles()
    document = landscape_document(data["title"])
    document.add_heading(data["title"], level=1)
    for label, value in data["facts"]:
        _labelled(document, label, value)

    document.add_heading(titles["problem"], level=2)
    _text_or(document, data["problem"], titles["not_written"])
    document.add_heading(titles["goal"], level=2)
    if data["goal_kind"]:
        _labelled(document, _("Kind of goal"), data["goal_kind"])
    _text_or(document, data["goal"], titles["not_written"])

    document.add_heading(titles["evidence"], level=2)
    for evidence in data["evidence"]:
        document.add_heading(evidence["caption"], level=3)
        _labelled(document, evidence["kind"], evidence["when"])
        if evidence["after_when"]:
            _labelled(document, _("Followed up in"), evidence["after_when"])
        rows = [
            (
                row["name"],
                row["level"],
                *row["before"],
                *((*row["after"], row["change"]) if row["after"] is not None else ()),
            )
            for row in evidence["rows"]
        ]
        _table(document, evidence["headings"], rows)
        if evidence["items"]:
            document.add_paragraph().add_run(
                f"{titles['questions']} ({evidence['node']}, {evidence['round']})"
            ).bold = True
            _table(
                document,
                (_("Question"), _("Mean"), "n", _("Answers")),
                [(i["label"], i["mean"], i["n"], i["answers"]) for i in evidence["items"]],
                (Cm(9.0), Cm(2.0), Cm(1.5), Cm(14.0)),
            )
        document.add_paragraph(evidence["hidden_note"])
    if not data["evidence"]:
        document.add_paragraph(titles["none_yet"])

    document.add_heading(titles["sources"], level=2)
    for source in data["sources"]:
        paragraph = document.add_paragraph(style="List Bullet")
        paragraph.add_run(source["title"]).bold = True
        paragraph.add_run(f" ({source['kind']})")
        if source["note"]:
            paragraph.add_run(f": {source['note']}")
    if not data["sources"]:
        document.add_paragraph(titles["none_yet"])

    document.add_heading(titles["factors"], level=2)
    for perspective in data["perspectives"]:
        document.add_heading(perspective["label"], level=3)
        for factor in perspective["factors"]:
            paragraph = document.add_paragraph(style="List Bullet")
            paragraph.add_run(factor["description"]).bold = True
            paragraph.add_run(f" ({factor['likelihood']})")
            if factor["sources"]:
                paragraph.add_run(
                    "\n" + _("Rests on: %(sources)s") % {"sources": "; ".join(factor["sources"])}
                )
    if not data["perspectives"]:
        document.add_paragraph(titles["none_yet"])

    if data["override_reason"]:
        document.add_heading(titles["override"], level=2)
        _labelled(document, _("Reason"), data["override_reason"])

    document.add_heading(titles["measures"], level=2)
    if data["measures"]:
        _table(
            document,
            measure_headings(),
            [measure_values(m) for m in data["measures"]],
            (Cm(5.0), Cm(4.6), Cm(3.4), Cm(2.8), Cm(2.8), Cm(5.4), Cm(2.5)),
        )
    else:
        document.add_paragraph(titles["none_yet"])

    document.add_heading(titles["log"], level=2)
    if data["log"]:
        _table(
            document,
            (_("Date"), _("Measure"), _("What was done")),
            [(e["date"], e["measure"], e["text"]) for e in data["log"]],
            (Cm(2.8), Cm(6.0), Cm(17.7)),
        )
    else:
        document.add_paragraph(titles["none_yet"])

    document.add_heading(titles["evaluations"], level=2)
    if data["evaluations"]:
        _table(
            document,
            (_("Measure"), _("Date"), _("Judgement"), _("What the group found")),
            [(e["measure"], e["date"], e["verdict"], e["text"]) for e in data["evaluations"]],
            (Cm(6.0), Cm(2.8), Cm(3.4), Cm(14.3)),
        )
    else:
        document.add_paragraph(titles["none_yet"])

    if data["closing_note"]:
        document.add_heading(titles["closing"], level=2)
        document.add_paragraph(data["closing_note"])

    return document_bytes(document)
