"""A pedagogical analysis as a Word file and a tagged PDF, to present at a learning caravan.

Both read the analysis through ``document.analysis_document`` (plain data, every text
ready to print); ``word`` and ``pdf`` lay it out. The names callers use are re-exported
here."""

from .document import analysis_document, figure_texts
from .pdf import PDF_TEMPLATE, analysis_to_pdf, pdf_context
from .word import analysis_to_docx

__all__ = [
    "PDF_TEMPLATE",
    "analysis_document",
    "analysis_to_docx",
    "analysis_to_pdf",
    "figure_texts",
    "pdf_context",
]
