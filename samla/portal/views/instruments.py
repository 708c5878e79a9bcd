"""Questionnaires for programme administrators: upload an XLSForm, look it over, publish.

An upload is kept as an ``InstrumentUpload`` (the uploader's own, nobody else's) while the
administrator reads every problem Samla found, or previews every page in each language
and the changes since the form's last published version. "Publish" makes it an immutable
``InstrumentVersion`` through ``surveys.services.publish_instrument``. Published versions
can be read by programme administrators and researchers.
"""

from __future__ import annotations

import io
import zipfile

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samla.core.text import clean_text
from samla.core.uploads import XLSFORM, UploadTooLarge, check_office_file
from samla.org import access
from samla.surveys import access as survey_access
from samla.surveys import services
from samla.surveys.conditions import AllOf, AnyOf, Compare, Condition, Selected
from samla.surveys.instrument import Instrument, InstrumentError, Item, compare, content_hash
from samla.surveys.messages import describe
from samla.surveys.models import (
    RESPONDENT_GROUP_LABELS,
    InstrumentUpload,
    InstrumentVersion,
    RoundInstrument,
)
from samla.surveys.xlsform import read_xlsform

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Shown in their own language, like the language switcher.
LANGUAGE_NAMES = {"nb": "Bokmål", "nn": "Nynorsk", "en": "English"}
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
    upload = (
        InstrumentUpload.objects.select_related("published")
        .defer("published__definition", "published__source")
        .filter(pk=pk, uploaded_by=user)
        .first()
    )
    if upload is None:
        raise Http404
    return upload


def _get_version_or_404(user, pk: int, *, fields: tuple[str, ...] = ()) -> InstrumentVersion:
    if not survey_access.may_read_instruments(user):
        raise Http404
    versions = InstrumentVersion.objects.all()
    if fields:
        versions = versions.only(*fields)
    if not fields or "published_by" in fields:
        versions = versions.select_related("published_by")
    version = versions.filter(pk=pk).first()
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
    import openpyxl

    if not zipfile.is_zipfile(io.BytesIO(content)):
        return False
    try:
        openpyxl.load_workbook(io.BytesIO(content), read_only=True).close()
    except Exception:  # a damaged file fails in many ways; each one means "no"
        return False
    return True


def _in_language(labels: dict[str, str], language: str, fallback: str | None = None) -> str:
    if language in labels:
        return labels[language]
    if fallback and fallback in labels:
        return labels[fallback]
    return next(iter(labels.values()), "")


@login_required
@require_http_methods(["GET", "POST"])
def instrument_list(request: HttpRequest) -> HttpResponse:
    _require_admin(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        file_name, content = form.cleaned_data["file"]
        upload = InstrumentUpload.objects.create(
            source=content, file_name=file_name[:200], uploaded_by=request.user
        )
        return redirect("portal:instrument_upload", pk=upload.pk)
    language = get_language()
    forms_by_id: dict[str, dict] = {}
    for version in InstrumentVersion.objects.select_related("published_by").defer(
        "definition", "source"
    ):
        entry = forms_by_id.setdefault(
            version.form_id,
            # Versions come newest first: the first one names the form.
            {
                "form_id": version.form_id,
                "title": _in_language(version.title, language),
                "versions": [],
            },
        )
        entry["versions"].append(
            {
                "version": version,
                "respondent_group": RESPONDENT_GROUP_LABELS.get(
                    version.respondent_group, version.respondent_group
                ),
            }
        )
    uploads = InstrumentUpload.objects.filter(
        uploaded_by=request.user, published__isnull=True
    ).defer("source")[:RECENT_UPLOADS]
    return render(
        request,
        "surveys/instrument_list.html",
        {"forms": list(forms_by_id.values()), "uploads": uploads, "form": form},
    )


# --- presenting an instrument --------------------------------------------------------------


def _question(instrument: Instrument, code: str, language: str) -> str:
    if code not in instrument.items_by_code:
        return code
    return _in_language(instrument.item(code).label, language, instrument.default_language)


def _answer(instrument: Instrument, code: str, value, language: str) -> str:
    item = instrument.items_by_code.get(code)
    for choice in item.choices if item else ():
        if choice.value == str(value):
            return _in_language(choice.label, language, instrument.default_language)
    return str(value)


def readable_condition(condition: Condition, instrument: Instrument, language: str) -> str:
    """A relevance condition in words, with the questions' and answers' own labels."""
    if isinstance(condition, AllOf):
        return f" {_('and')} ".join(
            f"({readable_condition(part, instrument, language)})"
            if isinstance(part, AnyOf)
            else readable_condition(part, instrument, language)
            for part in condition.parts
        )
    if isinstance(condition, AnyOf):
        return f" {_('or')} ".join(
            readable_condition(part, instrument, language) for part in condition.parts
        )
    question = _question(instrument, condition.code, language)
    if isinstance(condition, Selected):
        answer = _answer(instrument, condition.code, condition.value, language)
        return _("“%(answer)s” is ticked for “%(question)s”") % {
            "answer": answer,
            "question": question,
        }
    assert isinstance(condition, Compare)
    if condition.op in ("=", "!="):
        answer = _answer(instrument, condition.code, condition.value, language)
        if condition.op == "=":
            return _("the answer to “%(question)s” is “%(answer)s”") % {
                "question": question,
                "answer": answer,
            }
        return _("the answer to “%(question)s” is not “%(answer)s”") % {
            "question": question,
            "answer": answer,
        }
    phrase = {
        "<": _("the answer to “%(question)s” is less than %(number)s"),
        "<=": _("the answer to “%(question)s” is at most %(number)s"),
        ">": _("the answer to “%(question)s” is more than %(number)s"),
        ">=": _("the answer to “%(question)s” is at least %(number)s"),
    }[condition.op]
    number = str(condition.value)
    label = _answer(instrument, condition.code, condition.value, language)
    if label != number:  # a Likert point: its label says what the number means
        number = f"{number} (“{label}”)"
    return phrase % {"question": question, "number": number}


def _shown_when(condition: Condition | None, instrument: Instrument, language: str) -> dict | None:
    if condition is None:
        return None
    return {
        "text": readable_condition(condition, instrument, language),
        "expression": str(condition),
    }


def _bounds(item: Item) -> str:
    if item.minimum is not None and item.maximum is not None:
        return _("A whole number from %(minimum)s to %(maximum)s.") % {
            "minimum": item.minimum,
            "maximum": item.maximum,
        }
    if item.minimum is not None:
        return _("A whole number, at least %(minimum)s.") % {"minimum": item.minimum}
    if item.maximum is not None:
        return _("A whole number, at most %(maximum)s.") % {"maximum": item.maximum}
    return _("A whole number.")


def _pages(instrument: Instrument, language: str, changed: dict[str, str]) -> list[dict]:
    scale_labels = {
        scale.code: _in_language(scale.label, get_language(), instrument.default_language)
        for scale in instrument.scales
    }
    pages = []
    for number, page in enumerate(instrument.pages, start=1):
        items = []
        for code in page.item_codes:
            item = instrument.item(code)
            items.append(
                {
                    "code": code,
                    "kind": item.kind,
                    "label": _in_language(item.label, language, instrument.default_language),
                    "hint": _in_language(item.hint, language) if item.hint else "",
                    "choices": [
                        {
                            "label": _in_language(c.label, language, instrument.default_language),
                            "is_dont_know": c.is_dont_know,
                        }
                        for c in item.choices
                    ],
                    "bounds": _bounds(item) if item.kind == "integer" else "",
                    "shown_when": _shown_when(item.relevant, instrument, language),
                    "scale": scale_labels.get(item.scale or ""),
                    "reversed": item.reversed,
                    "required": item.required,
                    "change": changed.get(code, ""),
                }
            )
        pages.append(
            {
                "number": number,
                "name": page.name,
                "title": _in_language(page.title, language, instrument.default_language),
                "shown_when": _shown_when(page.relevant, instrument, language),
                "items": items,
            }
        )
    return pages


def _summary(instrument: Instrument) -> dict:
    language = get_language()
    return {
        "title": _in_language(instrument.title, language, instrument.default_language),
        "form_id": instrument.form_id,
        "version": instrument.version,
        "respondent_group": RESPONDENT_GROUP_LABELS.get(
            instrument.respondent_group, instrument.respondent_group
        ),
        "languages": [
            {"code": code, "name": LANGUAGE_NAMES.get(code, code)} for code in instrument.languages
        ],
        "page_count": len(instrument.pages),
        "question_count": sum(1 for item in instrument.items if item.kind != "note"),
        "index_count": len(instrument.scales),
        "indices": [
            {
                "code": scale.code,
                "label": _in_language(scale.label, language, instrument.default_language),
                "items": [
                    {
                        "code": code,
                        "label": _question(instrument, code, language),
                        "reversed": instrument.item(code).reversed,
                    }
                    for code in scale.item_codes
                ],
            }
            for scale in instrument.scales
        ],
    }


def _changes(old: InstrumentVersion, new: Instrument) -> dict:
    """What differs from ``old``, item by item, for the table of changes."""
    language = get_language()
    before = old.instrument()
    rows = []
    counts = {"added": 0, "removed": 0, "changed": 0, "same": 0}
    for change in compare(before, new):
        if change.comparable:
            counts["same"] += 1
            continue
        what = []
        if change.status == "added":
            what.append(_("added"))
        elif change.status == "removed":
            what.append(_("removed"))
        else:
            if change.wording:
                what.append(_("wording (%(languages)s)") % {"languages": ", ".join(change.wording)})
            if change.choices:
                what.append(_("answer options"))
            if change.scale:
                what.append(_("index or reversal"))
            if change.relevance:
                what.append(_("who is asked"))
            if change.order:
                what.append(_("moved"))
        counts[change.status if change.status != "kept" else "changed"] += 1
        source = before if change.status == "removed" else new
        rows.append(
            {
                "code": change.code,
                "label": _question(source, change.code, language),
                "status": change.status,
                "what": what,
            }
        )
    return {"old": old, "rows": rows, **counts}


def _preview_language(request: HttpRequest, instrument: Instrument) -> str:
    wanted = request.GET.get("sprak") or get_language()
    return wanted if wanted in instrument.languages else instrument.default_language


def _shown(instrument: Instrument, language: str, changes: dict | None) -> dict:
    """What the preview and the version page both show."""
    changed = {row["code"]: row["status"] for row in changes["rows"]} if changes else {}
    return {
        "summary": _summary(instrument),
        "changes": changes,
        "preview_language": language,
        "language_links": [
            {"code": code, "name": LANGUAGE_NAMES.get(code, code), "current": code == language}
            for code in instrument.languages
        ],
        "pages": _pages(instrument, language, changed),
    }


def _latest_published(form_id: str, *, before: InstrumentVersion | None = None):
    versions = InstrumentVersion.objects.filter(form_id=form_id)
    if before is not None:
        versions = versions.filter(published_at__lt=before.published_at).exclude(pk=before.pk)
    return versions.defer("source").order_by("-published_at").first()


# --- the preview of an upload --------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def upload_preview(request: HttpRequest, pk: int) -> HttpResponse:
    upload = _get_upload_or_404(request.user, pk)
    source = bytes(upload.source)
    context: dict = {"upload": upload}
    try:
        instrument = read_xlsform(source)
    except InstrumentError as error:
        if request.method == "POST":
            context["refused"] = True
        context["problems"] = [describe(problem) for problem in error.problems]
        return render(request, "surveys/instrument_preview.html", context, status=200)

    digest = content_hash(instrument)
    same = (
        InstrumentVersion.objects.filter(content_hash=digest)
        .only("pk", "form_id", "version", "published_at")
        .first()
    )
    taken = (
        None
        if same
        else InstrumentVersion.objects.filter(
            form_id=instrument.form_id, version=instrument.version
        )
        .only("pk", "form_id", "version")
        .first()
    )
    if request.method == "POST" and not same and not taken:
        try:
            with transaction.atomic():
                version = services.publish_instrument(source, published_by=request.user)
                upload.published = version
                upload.save(update_fields=["published"])
        except IntegrityError:
            # Someone published this form id and version a moment ago.
            taken = InstrumentVersion.objects.filter(
                form_id=instrument.form_id, version=instrument.version
            ).first()
        else:
            messages.success(
                request,
                _("%(title)s, version %(version)s, is published.")
                % {
                    "title": _in_language(
                        instrument.title, get_language(), instrument.default_language
                    ),
                    "version": version.version,
                },
            )
            return redirect("portal:instrument", pk=version.pk)
    if request.method == "POST":
        context["refused"] = True
    previous = None if same else _latest_published(instrument.form_id)
    changes = _changes(previous, instrument) if previous else None
    context.update(
        _shown(instrument, _preview_language(request, instrument), changes),
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
    previous = _latest_published(version.form_id, before=version)
    rounds = (
        RoundInstrument.objects.filter(
            version=version, round__programme__in=access.programmes_for(request.user)
        )
        .select_related("round__programme")
        .order_by("-round__opens_at")
    )
    context = _shown(
        instrument,
        _preview_language(request, instrument),
        _changes(previous, instrument) if previous else None,
    )
    context.update(
        version=version,
        rounds=[
            {
                "round": usage.round,
                "respondent_group": RESPONDENT_GROUP_LABELS.get(
                    usage.respondent_group, usage.respondent_group
                ),
            }
            for usage in rounds
        ],
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
