"""Imports of the organisation: upload a file (a register or Samla's workbook), follow
its check on a progress bar, look over the preview and apply it."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from samla.core.text import clean_text
from samla.org.imports import queries
from samla.org.imports.runner import MAX_BYTES, UploadRefused, request_apply, start_import

from .directory.common import steward_programme

ROWS_PER_PAGE = 100
STATUS_LABELS = {
    "error": gettext_lazy("Errors"),
    "removed": gettext_lazy("Lose a role"),
    "new": gettext_lazy("New"),
    "changed": gettext_lazy("Changed"),
    "closed": gettext_lazy("Closed"),
    "skipped": gettext_lazy("Skipped"),
    "unchanged": gettext_lazy("Unchanged"),
}

ROW_LABELS = {
    "error": gettext_lazy("Error"),
    "removed": gettext_lazy("Loses a role"),
    "new": gettext_lazy("New"),
    "changed": gettext_lazy("Changed"),
    "closed": gettext_lazy("Closed"),
    "skipped": gettext_lazy("Skipped"),
    "unchanged": gettext_lazy("Unchanged"),
}


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("What the file holds"))
    scope = forms.ChoiceField(
        label=gettext_lazy("For"),
        required=False,
        help_text=gettext_lazy("Rows for other units are shown as errors."),
    )
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("At most 10 MB."),
    )

    def __init__(self, *args, kinds, scopes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kinds
        self.fields["scope"].choices = scopes
        if len(kinds) == 1:
            self.fields["kind"].initial = kinds[0][0]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 10 MB. Split it by owner or unit and upload each part.")
            )
        return upload


@login_required
@require_http_methods(["GET", "POST"])
def import_list(request: HttpRequest, slug: str) -> HttpResponse:
    programme = steward_programme(request, slug)
    form = UploadForm(
        request.POST or None,
        request.FILES or None,
        kinds=queries.kinds_for(request.user, programme),
        scopes=queries.scope_choices(request.user, programme),
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            owner, unit = queries.scope_of(request.user, programme, form.cleaned_data["scope"])
            org_import = start_import(
                programme=programme,
                kind=form.cleaned_data["kind"],
                file_name=clean_text(upload.name),
                content=upload.read(),
                actor=request.user,
                owner=owner,
                unit=unit,
                language=translation.get_language() or "",
            )
        except UploadRefused as refused:
            form.add_error("file", str(refused))
        except ValueError:
            form.add_error("scope", _("Choose one of the units or owners in the list."))
        else:
            return redirect("portal:org_import", slug=programme.slug, pk=org_import.pk)
    context = {
        "programme": programme,
        "form": form,
        "imports": queries.visible_imports(request.user, programme)[:50],
    }
    return render(request, "portal/imports/list.html", context)


@login_required
def import_template(request: HttpRequest, slug: str) -> HttpResponse:
    programme = steward_programme(request, slug)
    try:
        content = queries.template_for(request.user, programme, request.GET.get("for", ""))
    except ValueError as unknown:
        raise Http404 from unknown
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="ansatte-og-klasser.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def import_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    programme = steward_programme(request, slug)
    org_import = queries.visible_import(request.user, programme, pk)
    if org_import is None:
        raise Http404
    if request.method == "POST":
        if not queries.may_apply(org_import, request.user) and queries.is_ready(org_import):
            messages.error(request, _uploader_only(org_import))
        elif (
            request.POST.get("action") == "apply"
            and queries.may_apply(org_import, request.user)
            and request_apply(
                org_import,
                confirm_removals=queries.asks_confirmation(org_import)
                and request.POST.get("confirm_removals") == "on",
            )
        ):
            messages.success(request, _("The import has started."))
        else:
            messages.error(request, _("This import cannot be applied now."))
        return redirect("portal:org_import", slug=programme.slug, pk=org_import.pk)
    running = queries.is_running(org_import)
    if request.htmx and request.GET.get("status"):
        if not running:
            # Done: the whole page has the preview or the outcome, so load it again.
            response = HttpResponse(status=204)
            response["HX-Refresh"] = "true"
            return response
        return render(request, "portal/imports/status.html", {"org_import": org_import})
    status = request.GET.get("status_filter", "")
    preview = org_import.preview or {}
    page = Paginator(queries.rows_of(preview, status), ROWS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "programme": programme,
        "org_import": org_import,
        "running": running,
        "preview": preview,
        "page": page,
        "rows": [dict(row, status_label=ROW_LABELS[row["status"]]) for row in page],
        "status": status,
        "statuses": [
            (name, STATUS_LABELS[name], count) for name, count in queries.status_counts(preview)
        ],
        "may_apply": queries.may_apply(org_import, request.user),
        "uploader_only": (
            _uploader_only(org_import)
            if queries.is_ready(org_import) and not queries.may_apply(org_import, request.user)
            else ""
        ),
        "asks_confirmation": queries.asks_confirmation(org_import),
    }
    return render(request, "portal/imports/detail.html", context)


def _uploader_only(org_import) -> str:
    return _("Only %(person)s, who uploaded the file, can apply it.") % {
        "person": org_import.created_by or "–"
    }
