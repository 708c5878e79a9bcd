"""Questionnaires for programme administrators: upload an XLSForm, look it over, publish.

An upload is kept as an ``InstrumentUpload`` (the uploader's own, nobody else's) while the
administrator reads every problem Samla found, or previews every page in each language
and the changes since the form's last published version, and chooses what the form
leaves open (``instrument_choices``: the respondent group, index names). "Publish" makes
it an immutable ``InstrumentVersion`` through ``surveys.services.publish_upload``.
Published versions can be read by programme administrators and researchers.
"""

from __future__ import annotations

import io
import zipfile

import openpyxl
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samla.core.text import clean_text, label_in
from samla.core.uploads import XLSFORM, UploadTooLarge, check_office_file
from samla.org import access
from samla.surveys import access as survey_access
from samla.surveys import queries, services
from samla.surveys.instrument import InstrumentError
from samla.surveys.instrument_data import content_hash
from samla.surveys.models import InstrumentUpload, InstrumentVersion

from . import instrument_choices as choices
from .instrument_display import changes_since, preview_language, shown

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RECENT_UPLOADS = 10


# --- who may do what -----------------------------------------------------------------------
# Published versions are not tied to a programme: administrators of any programme manage
# them; researchers read them (they need the exact wording to interpret results).


def _require_admin(user) -> None:
    if not access.is_programme_admin(user):
        raise PermissionDenied


def _get_upload_or_404(user, pk: int) -> InstrumentUpload:
    """An upload is its uploader's alone; anyone else gets 404."""
    if not access.is_programme_admin(user):
        raise Http404
    upload = queries.own_upload(user, pk)
    if upload is None:
        raise Http404
    return upload


def _get_version_or_404(user, pk: int, *, fields: tuple[str, ...] = ()) -> InstrumentVersion:
    if not survey_access.may_read_instruments(user):
        raise Http404
    version = queries.published_version(pk, fields)
    if version is None:
        raise Http404
    return version


# --- the list and the upload form ----------------------------------------------------------


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Questionnaire (XLSForm, .xlsx)"),
        help_text=gettext_lazy("An Excel file of at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(
                _("Choose an Excel workbook (.xlsx). Other file types cannot be read.")
            )
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        content = upload.read()
        try:  # before openpyxl opens it: a small file may unpack to gigabytes
            check_office_file(content, XLSFORM)
        except UploadTooLarge as error:
            raise forms.ValidationError(_(error.msgid) % error.params) from error
        if not _opens_as_workbook(content):
            raise forms.ValidationError(
                _(
                    "The file could not be opened as an Excel workbook. Save it from Excel "
                    "as “Excel Workbook (.xlsx)” and upload it again."
                )
            )
        return clean_text(upload.name), content


def _opens_as_workbook(content: bytes) -> bool:
    if not zipfile.is_zipfile(io.BytesIO(content)):
        return False
    try:
        openpyxl.load_workbook(io.BytesIO(content), read_only=True).close()
    except Exception:  # a damaged file fails in many ways; each one means "no"
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def instrument_list(request: HttpRequest) -> HttpResponse:
    _require_admin(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        file_name, content = form.cleaned_data["file"]
        upload = services.upload_instrument(content, file_name, request.user)
        return redirect("portal:instrument_upload", pk=upload.pk)
    return render(
        request,
        "surveys/instrument_list.html",
        {
            "forms": queries.instrument_forms(get_language()),
            "uploads": queries.waiting_uploads(request.user, RECENT_UPLOADS),
            "form": form,
        },
    )


# --- the preview of an upload --------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def upload_preview(request: HttpRequest, pk: int) -> HttpResponse:
    upload = _get_upload_or_404(request.user, pk)
    action = request.POST.get("action", "publish") if request.method == "POST" else None
    bound: dict = {}
    if action in choices.ACTIONS:
        outcome = choices.save_choice(request, upload, action)
        if isinstance(outcome, HttpResponse):
            return outcome
        bound = outcome
    publishing = action is not None and action not in choices.ACTIONS
    context: dict = {"upload": upload, "refused": publishing}
    try:
        instrument = choices.read_upload(upload)
    except InstrumentError as error:
        context.update(choices.refusal_context(upload, error.problems, bound))
        return render(request, "surveys/instrument_preview.html", context, status=200)

    same, taken = queries.same_or_taken(instrument, content_hash(instrument))
    if publishing and not same and not taken:
        version = services.publish_upload(upload, published_by=request.user)
        if version is None:  # someone published this form id and version a moment ago
            taken = queries.taken_version(instrument)
        else:
            messages.success(
                request,
                _("%(title)s, version %(version)s, is published.")
                % {
                    "title": label_in(
                        instrument.title, get_language(), instrument.default_language
                    ),
                    "version": version.version,
                },
            )
            return redirect("portal:instrument", pk=version.pk)
    previous = None if same else queries.latest_published(instrument.form_id)
    changes = changes_since(previous, instrument) if previous else None
    context.update(shown(instrument, preview_language(request, instrument), changes))
    context.update(
        choices.choice_context(upload, instrument, bound),
        same=same,
        taken=taken,
        can_publish=not same and not taken,
    )
    return render(request, "surveys/instrument_preview.html", context)


# --- a published version -------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    version = _get_version_or_404(
        request.user,
        pk,
        fields=(
            "form_id",
            "version",
            "content_hash",
            "respondent_group",
            "title",
            "definition",
            "published_at",
            "published_by",
        ),
    )
    instrument = version.instrument()
    previous = queries.latest_published(version.form_id, before=version)
    context = shown(
        instrument,
        preview_language(request, instrument),
        changes_since(previous, instrument) if previous else None,
    )
    context.update(
        version=version,
        rounds=queries.version_rounds(version, access.programmes_for(request.user)),
        can_upload=access.is_programme_admin(request.user),
    )
    return render(request, "surveys/instrument_version.html", context)


@login_required
@require_http_methods(["GET"])
def version_source(request: HttpRequest, pk: int) -> HttpResponse:
    version = _get_version_or_404(request.user, pk, fields=("form_id", "version", "source"))
    response = HttpResponse(bytes(version.source), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        True, f"{version.form_id}-{version.version}.xlsx"
    )
    return response
