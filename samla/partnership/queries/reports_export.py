"""A yearly report as a Word file and a tagged PDF: the heading, the owner, the year and
the status, then each section's text as the owner has it (the county governor's comments
are not part of the owner's report)."""

from __future__ import annotations

from typing import Any

import docx
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from samla.core.pdf import render_pdf
from samla.core.word import LANGUAGES, add_property, document_bytes

from ..models import YearlyReport
from ..models.status import SubmissionStatus
from .reports import SECTION_KEYS, due_date, submitted_late
from .reports_content import section_titles

PDF_TEMPLATE = "partnership/reports/report_pdf.html"


def _day(value) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def status_text(report: YearlyReport) -> str:
    if report.status != SubmissionStatus.SUBMITTED:
        return str(SubmissionStatus.DRAFT.label)
    text = _("Submitted %(date)s") % {"date": _day(timezone.localtime(report.submitted_at))}
    if submitted_late(report):
        text += " (" + _("after the due date") + ")"
    return text


def report_document(report: YearlyReport, language: str) -> dict[str, Any]:
    """Everything the exports show, in ``language``."""
    with translation.override(language):
        titles = section_titles()
        return {
            "language": language,
            "title": _("Yearly report to the county governor %(year)s") % {"year": report.year},
            "facts": [
                (_("Owner"), report.owner.name),
                (_("Programme"), report.programme.name),
                (_("Year reported on"), str(report.year)),
                (_("Due"), _day(due_date(report.programme, report.year))),
                (_("Status"), status_text(report)),
            ],
            "sections": [
                {"title": titles[key], "paragraphs": _paragraphs(report, key)}
                for key in SECTION_KEYS
            ],
        }


def _paragraphs(report: YearlyReport, key: str) -> list[str]:
    text = (report.sections.get(key) or {}).get("text", "")
    return [line for line in text.split("\n") if line.strip()] or [_("Not written.")]


def report_to_docx(report: YearlyReport, language: str) -> bytes:
    data = report_document(report, language)
    document = docx.Document()
    add_property(
        document.styles["Normal"].element.get_or_add_rPr(),
        "w:lang",
        LANGUAGES.get(language, "nb-NO"),
    )
    document.core_properties.title = data["title"]
    document.add_heading(data["title"], level=1)
    for label, value in data["facts"]:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
    for section in data["sections"]:
        document.add_heading(section["title"], level=2)
        for text in section["paragraphs"]:
            document.add_paragraph(text)
    return document_bytes(document)


def report_to_pdf(report: YearlyReport, language: str) -> bytes:
    """A tagged PDF (PDF/UA-1); raises ``samla.core.pdf.PdfUnavailable`` without
    WeasyPrint."""
    data = report_document(report, language)
    with translation.override(language):
        return render_pdf(PDF_TEMPLATE, data)
