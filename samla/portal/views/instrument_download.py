"""A published questionnaire version written out as an XLSForm by Samla (not the uploaded
original, which ``instruments.version_source`` returns): the same content, in the sheets
and columns Samla reads, so it can be edited and uploaded as the next version."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods

from samla.surveys.xlsform_writer import write_xlsform

from .instruments import XLSX_CONTENT_TYPE, _get_version_or_404


@login_required
@require_http_methods(["GET"])
def version_xlsform(request: HttpRequest, pk: int) -> HttpResponse:
    """Who may read the version (``version_detail``) may download it."""
    version = _get_version_or_404(
        request.user, pk, fields=("form_id", "version", "content_hash", "definition")
    )
    response = HttpResponse(write_xlsform(version.instrument()), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        True, f"{version.form_id}-{version.version}-samla.xlsx"
    )
    return response
