"""Import a Word plan: upload, look over every activity found, correct, then save."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from samla.core.text import clean_text
from samla.core.validators import validate_school_year
from samla.org import access
from samla.plans import queries, services
from samla.plans.docx_import import PlanImportError, read_plan
from samla.plans.messages import translate
from samla.plans.models import Plan

from .plans import plan_url

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class UploadForm(forms.Form):
    school_year = forms.CharField(
        label=gettext_lazy("School year"),
        max_length=9,
        validators=[validate_school_year],
        help_text=gettext_lazy("E.g. 2026/2027."),
    )
    file = forms.FileField(
        label=gettext_lazy("Word file (.docx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".docx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


def _admin_programme(request: HttpRequest, slug: str):
    programme = access.get_programme_or_404(request.user, slug)
    if not access.is_programme_admin(request.user, programme):
        raise PermissionDenied
    return programme


@login_required
def upload(request: HttpRequest, slug: str) -> HttpResponse:
    programme = _admin_programme(request, slug)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        content = form.cleaned_data["file"].read()
        school_year = form.cleaned_data["school_year"]
        try:
            read_plan(content, school_year, services.region_names(programme))
        except PlanImportError as error:
            form.add_error("file", translate(error.message))
        else:
            pending = services.hold_import(
                programme,
                request.user,
                school_year,
                clean_text(form.cleaned_data["file"].name),
                content,
            )
            return redirect("portal:plan_import_preview", slug=programme.slug, pk=pending.pk)
    return render(request, "plans/import_upload.html", {"programme": programme, "form": form})


def _choices_from(post, count: int) -> dict[int, services.RowChoice]:
    # Read by hand, not by a form: cleaned here (no NUL) and cut to the activity's fields.
    choices = {}
    for index in range(count):
        when = post.get(f"when-{index}")
        choices[index] = services.RowChoice(
            keep=post.get(f"keep-{index}") == "on",
            title=clean_text(post.get(f"title-{index}"))[:300],
            when_text=None if when is None else clean_text(when)[:300],
        )
    return choices


@login_required
def preview(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    programme = _admin_programme(request, slug)
    pending = queries.waiting_import(programme, request.user, pk)
    if pending is None:
        raise Http404
    try:
        imported = read_plan(
            bytes(pending.content), pending.school_year, services.region_names(programme)
        )
    except PlanImportError as error:
        # Kept before today's limits were in place: say why, and ask for the file again.
        messages.error(request, translate(error.message))
        return redirect("portal:plan_import", slug=programme.slug)
    existing = queries.shared_plan(programme, pending.school_year)
    choices = (
        _choices_from(request.POST, len(imported.activities)) if request.method == "POST" else {}
    )
    replace = request.POST.get("replace") == "on"
    error = ""
    if request.method == "POST" and request.POST.get("action") == "save":
        try:
            plan, created = services.save_import(pending, imported, choices, replace=replace)
        except services.ImportRefused:
            error = _(
                "The plan for %(year)s already has activities. Tick “Replace the plan's "
                "activities” to replace them, or choose another school year."
            ) % {"year": pending.school_year}
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s activity is imported from %(file)s.",
                    "%(count)s activities are imported from %(file)s.",
                    len(created),
                )
                % {"count": len(created), "file": pending.filename},
            )
            return redirect(plan_url(plan))
    draft = existing or Plan(programme=programme, school_year=pending.school_year)
    regions = {str(r.pk): r for r in programme.regions.all()}
    rows = []
    for index, row in enumerate(imported.activities):
        choice = choices.get(index, services.RowChoice())
        title, when = services.prepared_activity(draft, row, choice)
        rows.append(
            {
                "index": index,
                "row": row,
                "keep": choice.keep,
                "title": title,
                "when": when,
                "sessions": [(regions.get(s.region), s.when) for s in row.sessions],
            }
        )
    return render(
        request,
        "plans/import_preview.html",
        {
            "programme": programme,
            "pending": pending,
            "imported": imported,
            # What the importer noticed, in the active language.
            "skipped": [
                {"table": s.table, "row": s.row, "reason": translate(s.reason), "text": s.text}
                for s in imported.skipped
            ],
            "warnings": [translate(warning) for warning in imported.warnings],
            "rows": rows,
            "existing": existing,
            "existing_count": existing.activities.count() if existing else 0,
            "replace": replace,
            "error": error,
        },
    )
