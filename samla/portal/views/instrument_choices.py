"""What the administrator chooses on an upload's preview where the questionnaire is silent:
who answers it (the settings sheet names no respondent group) and the names of indices
the form left unnamed (no row on the scales sheet: the reader used the code and warned).

Each choice is kept on the upload (``services.choose_for_upload``) and the form is read
again with it, so the preview shows what "Publish" will publish. A published upload never
changes. The POSTs go to the preview's own address with ``action`` naming the choice; the
caller (``instruments.upload_preview``) has already checked who may see the upload.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from samla.portal.forms_instruments import IndexNamesForm, RespondentGroupForm
from samla.surveys.instrument import Instrument, InstrumentError, Problem
from samla.surveys.messages import describe
from samla.surveys.models import RESPONDENT_GROUP_LABELS, InstrumentUpload
from samla.surveys.services.instruments import choose_for_upload
from samla.surveys.xlsform import read_xlsform
from samla.surveys.xlsform.messages import MISSING_RESPONDENT_GROUP, SCALE_NOT_DESCRIBED

GROUP_ACTION = "respondent_group"
NAMES_ACTION = "index_names"
ACTIONS = (GROUP_ACTION, NAMES_ACTION)


def read_upload(upload: InstrumentUpload, *, with_choices: bool = True) -> Instrument:
    """The uploaded form as it would be published: with the uploader's choices."""
    return read_xlsform(
        bytes(upload.source),
        respondent_group=(upload.respondent_group or None) if with_choices else None,
        scale_labels=(upload.scale_labels or None) if with_choices else None,
        file_name=upload.file_name,
    )


def _to_preview(upload: InstrumentUpload, anchor: str = "") -> HttpResponse:
    response = redirect("portal:instrument_upload", pk=upload.pk)
    response["Location"] += anchor
    return response


def _refuse_published(request: HttpRequest, upload: InstrumentUpload) -> HttpResponse:
    messages.error(
        request,
        _(
            "This questionnaire is published and can no longer be changed. Nothing was "
            "changed. To change it, upload a new version."
        ),
    )
    return _to_preview(upload)


def save_choice(request: HttpRequest, upload: InstrumentUpload, action: str) -> HttpResponse | dict:
    """Keep the choice posted and go back to the preview; or the bound form with its
    errors, for the preview to show (a dict for its context)."""
    if upload.published_id is not None:
        return _refuse_published(request, upload)
    if action == GROUP_ACTION:
        return _save_group(request, upload)
    return _save_names(request, upload)


def _form_names_no_group(upload: InstrumentUpload) -> bool:
    if upload.respondent_group:  # chosen before, when the form was found silent
        return True
    try:
        read_upload(upload, with_choices=False)
    except InstrumentError as error:
        return any(problem.msgid == MISSING_RESPONDENT_GROUP for problem in error.problems)
    return False


def _save_group(request: HttpRequest, upload: InstrumentUpload) -> HttpResponse | dict:
    form = RespondentGroupForm(request.POST)
    if not form.is_valid():
        return {"group_form": form}
    if not _form_names_no_group(upload):
        messages.error(
            request,
            _(
                "The form names its respondent group on the settings sheet; change it "
                "there. Nothing was changed."
            ),
        )
        return _to_preview(upload)
    group = form.cleaned_data["respondent_group"]
    if not choose_for_upload(upload, respondent_group=group):
        return _refuse_published(request, upload)
    messages.success(
        request,
        _("Saved: the questionnaire is for %(group)s.") % {"group": RESPONDENT_GROUP_LABELS[group]},
    )
    return _to_preview(upload)


def _save_names(request: HttpRequest, upload: InstrumentUpload) -> HttpResponse | dict:
    code = request.POST.get("scale", "")
    try:
        instrument = read_upload(upload)
    except InstrumentError:
        instrument = None
    nameable = nameable_indices(instrument, upload) if instrument else []
    if code not in nameable:
        messages.error(request, _("That index cannot be named here. Nothing was changed."))
        return _to_preview(upload)
    form = IndexNamesForm(
        request.POST,
        code=code,
        languages=instrument.languages,  # type: ignore[union-attr]
        position=nameable.index(code),
    )
    if not form.is_valid():
        return {"index_forms": {code: form}}
    if not choose_for_upload(upload, scale_code=code, names=form.cleaned_data):
        return _refuse_published(request, upload)
    messages.success(request, _("Saved the names of the index %(code)s.") % {"code": code})
    return _to_preview(upload, "#index-names")


# --- what the preview shows ----------------------------------------------------------------


def _unnamed_code(warning: Problem) -> str | None:
    if warning.msgid == SCALE_NOT_DESCRIBED and warning.params:
        return warning.params.get("scale")
    return None


def _named_everywhere(upload: InstrumentUpload, instrument: Instrument, code: str) -> bool:
    names = (upload.scale_labels or {}).get(code) or {}
    return all(names.get(language) for language in instrument.languages)


def nameable_indices(instrument: Instrument, upload: InstrumentUpload) -> list[str]:
    """The indices the form left unnamed and those the uploader named, in the form's order."""
    codes = {_unnamed_code(warning) for warning in instrument.warnings}
    codes |= set(upload.scale_labels or {})
    return [scale.code for scale in instrument.scales if scale.code in codes]


def refusal_context(upload: InstrumentUpload, problems, bound: dict) -> dict:
    """The problems of a form that cannot be read, apart from a missing respondent group:
    that one is a choice on the page."""
    missing = any(problem.msgid == MISSING_RESPONDENT_GROUP for problem in problems)
    chooser = missing and upload.published_id is None
    return {
        "problems": [describe(p) for p in problems if p.msgid != MISSING_RESPONDENT_GROUP],
        "group_missing": missing,
        "group_form": (bound.get("group_form") or RespondentGroupForm()) if chooser else None,
    }


def choice_context(upload: InstrumentUpload, instrument: Instrument, bound: dict) -> dict:
    """The reader's warnings (an unnamed index's only while some language lacks a name) and
    the forms to change the choices, while the upload is not published."""
    warnings = [
        describe(warning)
        for warning in instrument.warnings
        if not (code := _unnamed_code(warning)) or not _named_everywhere(upload, instrument, code)
    ]
    context: dict = {"warnings": warnings, "chosen_group": None, "group_form": None}
    if upload.respondent_group:
        context["chosen_group"] = RESPONDENT_GROUP_LABELS.get(upload.respondent_group)
    if upload.published_id is not None:
        return {**context, "index_forms": []}
    if upload.respondent_group:
        context["group_form"] = bound.get("group_form") or RespondentGroupForm(
            initial={"respondent_group": upload.respondent_group}
        )
    bound_names = bound.get("index_forms", {})
    context["index_forms"] = [
        bound_names.get(code)
        or IndexNamesForm(
            code=code,
            languages=instrument.languages,
            position=position,
            initial=(upload.scale_labels or {}).get(code, {}),
        )
        for position, code in enumerate(nameable_indices(instrument, upload))
    ]
    return context
