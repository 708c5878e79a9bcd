"""An analysis as a tagged PDF and a Word file, for a learning caravan."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from samla.org import access


@login_required
def export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    access.get_analysis_or_404(request.user, pk)
    raise Http404  # the Word and PDF files come with samla/analysis/exports.py
