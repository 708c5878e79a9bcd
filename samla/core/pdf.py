"""Django template → HTML → tagged PDF (PDF/UA-1) with WeasyPrint.

WeasyPrint is imported only when a PDF is asked for: it loads Pango through cffi, which is
slow and fails on machines without the system libraries, and no page needs it.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string

# PDF templates link their stylesheet relative to this folder ("samla/print.css"): the
# source folder is in the package on every installation, whatever the static storage is.
STATIC_SOURCE = Path(__file__).resolve().parent.parent / "static"
PDF_VARIANT = "pdf/ua-1"


class PdfUnavailable(RuntimeError):
    """WeasyPrint (or the Pango library it needs) is not installed."""


def render_html(template_name: str, context: dict[str, Any]) -> str:
    return render_to_string(template_name, context)


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """Render ``template_name`` with ``context`` and return a tagged PDF.

    The template is a standalone HTML document with ``lang`` and ``<title>`` (PDF/UA
    takes the document language and title from them)."""
    html_class = _weasyprint_html()
    html = render_html(template_name, context)
    document = html_class(string=html, base_url=STATIC_SOURCE.as_uri() + "/")
    return document.write_pdf(pdf_variant=PDF_VARIANT)


def _weasyprint_html() -> Any:
    # Imported when a PDF is made, not at start: on a machine without Pango the import
    # fails, and every other page must still work.
    try:
        from weasyprint import HTML  # noqa: PLC0415
    except (ImportError, OSError) as error:
        # OSError: WeasyPrint is installed but cffi cannot load Pango.
        raise PdfUnavailable(
            "PDF export needs WeasyPrint and the Pango library: "
            "pip install weasyprint; on Debian apt-get install libpango-1.0-0 "
            f"libharfbuzz-subset0 ({error})"
        ) from error
    # WeasyPrint logs every rendering step at INFO: noise in the server log.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    return HTML
