"""An analysis as a tagged PDF and a Word file, for a learning caravan."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from samla.analysis import access as analysis_access
from samla.analysis import exports
from samla.core.pdf import PdfUnavailable

from .plan_exports import FORMATS

_ASCII = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"})


def _filename(analysis, fmt: str) -> str:
    unit = slugify(analysis.unit.name.translate(_ASCII))[:40].strip("-")
    title = slugify(analysis.title.translate(_ASCII))[:60].strip("-")
    name = "-".join(part for part in ("analyse", unit, title) if part)
    return f"{name}.{fmt}"


@login_required
def export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The analysis in the person's language. Only through ``get_analysis_or_404``: the
    owner gets nothing of an analysis the unit has not shared."""
    analysis = analysis_access.get_analysis_or_404(request.user, pk)
    language = get_language() or "nb"
    if fmt == "docx":
        content = exports.analysis_to_docx(analysis, language)
    elif fmt == "pdf":
        try:
            content = exports.analysis_to_pdf(analysis, language)
        except PdfUnavailable:
            context = {
                "message": _(
                    "This installation cannot make PDF files right now. Download the "
                    "analysis as Word instead, and tell your administrator."
                ),
                "word_url": reverse("portal:analysis_export", args=[analysis.pk, "docx"]),
            }
            return render(request, "learning/pdf_unavailable.html", context, status=503)
    else:
        raise Http404
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{_filename(analysis, fmt)}"'
    return response
