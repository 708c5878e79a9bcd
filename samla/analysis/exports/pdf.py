"""A pedagogical analysis as a tagged PDF, from the same plain data as the Word file."""

from __future__ import annotations

from typing import Any

from django.utils import translation

from samla.core.pdf import render_pdf

from ..models import Analysis
from .document import analysis_document, measure_headings, section_titles

PDF_TEMPLATE = "analysis/export/analysis_pdf.html"


def pdf_context(analysis: Analysis, language: str) -> dict[str, Any]:
    data = analysis_document(analysis, language)
    with translation.override(language):
        return {**data, "titles": section_titles(), "measure_headings": measure_headings()}


def analysis_to_pdf(analysis: Analysis, language: str) -> bytes:
    """A tagged PDF (PDF/UA-1). Raises :class:`samla.core.pdf.PdfUnavailable` without
    WeasyPrint."""
    context = pdf_context(analysis, language)
    with translation.override(language):
        return render_pdf(PDF_TEMPLATE, context)
