"""Partnership pages: the owners' yearly reports to the county governor.

The owner generates a report on a year from Samla's records, edits its text, downloads it
as Word or PDF and submits it (then it is locked); the county governor reads every report
of the programme and comments on submitted ones; administrators read them all. Everyone
else gets 404 (``queries.reports.get_report_or_404``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samla.core.pdf import PdfUnavailable
from samla.partnership import access
from samla.partnership.forms.reports import CommentForm, GenerateForm, SectionsForm
from samla.partnership.models.status import SubmissionStatus
from samla.partnership.queries import reports as queries
from samla.partnership.queries.reports_content import section_titles
from samla.partnership.queries.reports_export import report_to_docx, report_to_pdf, status_text
from samla.partnership.services import reports as services
from samla.portal import confirm

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
_ASCII = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"})


def _programme(request: HttpRequest, slug: str):
    programme = access.get_partnership_or_404(request.user, slug)
    if not queries.reads_reports(request.user, programme):
        raise Http404
    return programme


def _report_url(report) -> str:
    return reverse("portal:partnership_report", args=[report.programme.slug, report.pk])


def _refused(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
def report_list(request: HttpRequest, slug: str) -> HttpResponse:
    programme = _programme(request, slug)
    owners = queries.report_owners(request.user, programme)
    year = queries.default_year(timezone.localdate())
    form = None
    if owners:
        form = GenerateForm(owners=owners, initial={"owner": owners[0].pk, "year": year})
    reports = list(queries.readable_reports(request.user, programme))
    for report in reports:
        report.status_text = status_text(report)
    context = {
        "programme": programme,
        "reports": reports,
        "form": form,
        "year": year,
        "due": queries.due_date(programme, year),
        "reads_everything": access.reads_everything(request.user, programme),
    }
    return render(request, "partnership/reports/list.html", context)


@login_required
@require_POST
def report_generate(request: HttpRequest, slug: str) -> HttpResponse:
    programme = _programme(request, slug)
    owners = queries.report_owners(request.user, programme)
    if not owners:
        raise Http404
    back = reverse("portal:partnership_reports", args=[slug])
    form = GenerateForm(request.POST, owners=owners)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(back)
    owner, year = form.cleaned_data["owner"], form.cleaned_data["year"]
    try:
        report = services.generate_report(
            request.user, programme, owner, year, overwrite=confirm.confirmed(request)
        )
    except ValidationError as error:
        existing = queries.readable_reports(request.user, programme).filter(owner=owner, year=year)
        report = existing.first()
        if report and report.status == SubmissionStatus.DRAFT and services.edited_sections(report):
            return confirm.ask(
                request,
                question=_("Replace your edited text with newly generated text?"),
                details=_("The text you have written in the report is lost."),
                yes=_("Yes, generate again"),
                back=_report_url(report),
            )
        _refused(request, error)
        return redirect(_report_url(report) if report else back)
    messages.success(request, _("The report is generated from Samla's records. Edit the text."))
    return redirect(_report_url(report))


def _own_share(report) -> dict | None:
    """What the owner must know before submitting: the own share spent and required."""
    m = queries.money(report.programme, report.owner, report.year)
    if m.allocation is None:
        return None
    return {
        "spent": queries.nok(m.spent_own),
        "required": queries.nok(m.required_own_share),
        "percent": m.own_share_percent,
        "missing": m.own_share_missing > 0,
    }


@login_required
def report_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    programme = _programme(request, slug)
    report = queries.get_report_or_404(request.user, programme, pk)
    titles = section_titles()
    writes = queries.writes_report(request.user, report)
    draft = report.status == SubmissionStatus.DRAFT
    context = {
        "programme": programme,
        "report": report,
        "status": status_text(report),
        "due": queries.due_date(programme, report.year),
        "sections": [
            (key, titles[key], (report.sections.get(key) or {}).get("text", ""))
            for key in queries.SECTION_KEYS
        ],
        "edited": services.edited_sections(report),
        "writes": writes and draft,
        "own_share": _own_share(report) if writes and draft else None,
        "comments": list(report.comments.select_related("author")),
        "comment_form": CommentForm() if queries.comments_on(request.user, report) else None,
    }
    return render(request, "partnership/reports/detail.html", context)


@login_required
def report_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    programme = _programme(request, slug)
    report = queries.get_report_or_404(request.user, programme, pk)
    if not queries.writes_report(request.user, report):
        raise Http404
    if report.status != SubmissionStatus.DRAFT:
        messages.error(request, _("The report is submitted and locked: it cannot be changed."))
        return redirect(_report_url(report))
    titles = section_titles()
    texts = {key: (report.sections.get(key) or {}).get("text", "") for key in titles}
    form = SectionsForm(request.POST or None, titles=titles, texts=texts)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_sections(request.user, report, form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The text is saved."))
            return redirect(_report_url(report))
    context = {"programme": programme, "report": report, "form": form}
    return render(request, "partnership/reports/edit.html", context)


@login_required
@require_POST
def report_submit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    programme = _programme(request, slug)
    report = queries.get_report_or_404(request.user, programme, pk)
    if not queries.writes_report(request.user, report):
        raise Http404
    if not confirm.confirmed(request):
        return confirm.ask(
            request,
            question=_("Submit the yearly report to the county governor?"),
            details=_("A submitted report is locked: it can no longer be edited."),
            yes=_("Yes, submit"),
            back=_report_url(report),
        )
    try:
        services.submit_report(request.user, report)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("The report is submitted to the county governor."))
    return redirect(_report_url(report))


@login_required
@require_POST
def report_comment(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    programme = _programme(request, slug)
    report = queries.get_report_or_404(request.user, programme, pk)
    if not access.is_county_governor(request.user, programme):
        raise Http404
    try:
        services.comment_report(request.user, report, request.POST.get("text", ""))
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("Your comment is saved."))
    return redirect(_report_url(report) + "#comments")


@login_required
def report_export(request: HttpRequest, slug: str, pk: int, fmt: str) -> HttpResponse:
    programme = _programme(request, slug)
    report = queries.get_report_or_404(request.user, programme, pk)
    if fmt not in FORMATS:
        raise Http404
    language = get_language() or "nb"
    if fmt == "docx":
        content = report_to_docx(report, language)
    else:
        try:
            content = report_to_pdf(report, language)
        except PdfUnavailable:
            context = {
                "message": _(
                    "This installation cannot make PDF files right now. Download the "
                    "report as Word instead, and tell your administrator."
                ),
                "word_url": reverse(
                    "portal:partnership_report_export", args=[slug, report.pk, "docx"]
                ),
            }
            return render(request, "learning/pdf_unavailable.html", context, status=503)
    owner = slugify(report.owner.name.translate(_ASCII))[:60].strip("-")
    response = HttpResponse(content, content_type=FORMATS[fmt])
    name = f"arsrapport-{owner}-{report.year}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


_BASE = "partnerskap/<slug:slug>/arsrapporter/"
urlpatterns: list[URLPattern] = [
    path(_BASE, report_list, name="partnership_reports"),
    path(_BASE + "lag/", report_generate, name="partnership_report_generate"),
    path(_BASE + "<int:pk>/", report_detail, name="partnership_report"),
    path(_BASE + "<int:pk>/rediger/", report_edit, name="partnership_report_edit"),
    path(_BASE + "<int:pk>/send-inn/", report_submit, name="partnership_report_submit"),
    path(_BASE + "<int:pk>/kommentar/", report_comment, name="partnership_report_comment"),
    path(_BASE + "<int:pk>/last-ned/<str:fmt>/", report_export, name="partnership_report_export"),
]
