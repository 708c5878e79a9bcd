"""Partnership pages: needs reports (behovsmelding). The owner drafts its report for the
coming deadline from its own evidence and submits it; the forum, the county governor and
the administrators read the submitted reports and see who has submitted; a university's
contacts read the reports that wish them. Everyone else: 404."""

from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samla.partnership import access
from samla.partnership.forms.needs import EvidenceForm, PriorityForm, ReportForm
from samla.partnership.queries import needs as queries
from samla.partnership.queries import needs_evidence
from samla.partnership.services import needs as services


def _report_url(report) -> str:
    return reverse(
        "portal:partnership_needs_report", kwargs={"slug": report.programme.slug, "pk": report.pk}
    )


def _refused(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _editable_or_404(request: HttpRequest, slug: str, pk: int):
    """The report, for its owner's people while it is a draft (others: 404; a submitted
    report: back to its page with the reason)."""
    programme = access.get_partnership_or_404(request.user, slug)
    report = queries.get_report_or_404(request.user, programme, pk)
    if report.owner_id not in access.owner_ids(request.user, programme):
        raise Http404
    return report


@login_required
def needs(request: HttpRequest, slug: str) -> HttpResponse:
    """The owner's own reports and the overview of who has submitted, by year."""
    programme = access.get_partnership_or_404(request.user, slug)
    user = request.user
    settings = queries.scheme(programme)
    today = timezone.localdate()
    coming = queries.year_due(settings, today)
    owners = queries.owners_of(user, programme)
    readable = queries.readable_reports(user, programme)
    own = {o.pk for o in owners}
    reads = queries.reads_overview(user, programme)
    if not (owners or reads or access.partner_ids(user, programme)):
        raise Http404
    years = queries.report_years(programme, settings, today)
    try:
        year = int(request.GET.get("aar", coming))
    except ValueError:
        year = coming
    if year not in years:
        year = coming
    context = {
        "programme": programme,
        "deadline": queries.deadline(settings, coming),
        "coming": coming,
        "owners": owners,
        "own_reports": [r for r in readable if r.owner_id in own],
        "overview": queries.overview(programme, year) if reads else None,
        "wishing": [] if reads else [r for r in readable if r.owner_id not in own],
        "years": years,
        "year": year,
    }
    return render(request, "partnership/needs/list.html", context)


@login_required
@require_POST
def start(request: HttpRequest, slug: str) -> HttpResponse:
    programme = access.get_partnership_or_404(request.user, slug)
    owners = {o.pk: o for o in queries.owners_of(request.user, programme)}
    try:
        owner = owners[int(request.POST.get("owner", ""))]
    except (KeyError, ValueError) as missing:
        raise Http404 from missing
    report = services.start_report(request.user, programme, owner, timezone.localdate())
    return redirect(_report_url(report))


@login_required
def report_page(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    programme = access.get_partnership_or_404(request.user, slug)
    report = queries.get_report_or_404(request.user, programme, pk)
    urls: dict[tuple, str] = {}  # the same source once, however many claims rest on it

    def url(item) -> str:
        key = (item.kind, item.source_id)
        if key not in urls:
            urls[key] = needs_evidence.source_url(request.user, programme, item)
        return urls[key]

    priorities = [
        (priority, [(item, url(item)) for item in priority.evidence.all()])
        for priority in queries.priorities_with_evidence(report)
    ]
    context = {
        "programme": programme,
        "report": report,
        "priorities": priorities,
        "editable": queries.may_edit(request.user, report),
        "deadline": queries.deadline(queries.scheme(programme), report.year),
        "late": queries.is_late(report, timezone.localdate()),
    }
    return render(request, "partnership/needs/report.html", context)


@login_required
def edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    report = _editable_or_404(request, slug, pk)
    if not queries.may_edit(request.user, report):
        return redirect(_report_url(report))
    initial = {
        "first_school_year": report.first_school_year,
        "school_years": report.school_years,
        "wished_partner": report.wished_partner,
        "summary": report.summary,
    }
    form = ReportForm(request.POST or None, report=report, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_report(request.user, report, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            return redirect(_report_url(report))
    return render(
        request,
        "partnership/needs/edit.html",
        {"programme": report.programme, "report": report, "form": form},
    )


@login_required
def priority(request: HttpRequest, slug: str, pk: int, priority: int | None = None) -> HttpResponse:
    """A new priority (``priority`` None), or one to change or remove."""
    report = _editable_or_404(request, slug, pk)
    if not queries.may_edit(request.user, report):
        return redirect(_report_url(report))
    found = None
    if priority is not None:
        found = queries.get_priority_or_404(report, priority)
    form = PriorityForm(request.POST or None, instance=found)
    if request.method == "POST" and "delete" in request.POST and found is not None:
        services.delete_priority(request.user, found)
        messages.success(request, _("The priority was removed."))
        return redirect(_report_url(report))
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("theme", "target_groups", "description")}
        try:
            if found is None:
                found = services.add_priority(request.user, report, **data)
            else:
                services.update_priority(request.user, found, **data)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            return redirect(
                reverse(
                    "portal:partnership_needs_evidence",
                    kwargs={"slug": slug, "pk": report.pk, "priority": found.pk},
                )
                if "evidence" in request.POST
                else _report_url(report)
            )
    context = {"programme": report.programme, "report": report, "priority": found, "form": form}
    return render(request, "partnership/needs/priority.html", context)


@login_required
def evidence(request: HttpRequest, slug: str, pk: int, priority: int) -> HttpResponse:
    """The evidence picker: what the owner may see, grouped; the chosen are linked."""
    report = _editable_or_404(request, slug, pk)
    if not queries.may_edit(request.user, report):
        return redirect(_report_url(report))
    found = queries.get_priority_or_404(report, priority)
    language = translation.get_language()
    now = timezone.now()
    if request.method == "POST" and "remove" in request.POST:
        linked = queries.get_evidence_or_404(found, request.POST.get("remove"))
        try:
            services.unlink_evidence(request.user, linked)
        except ValidationError as error:
            _refused(request, error)
        return redirect(_report_url(report))
    choices = needs_evidence.evidence_choices(
        request.user, report.owner, report.programme, language, now
    )
    form = EvidenceForm(request.POST or None, choices=choices)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.link_evidence(
                request.user, found, form.cleaned_data["chosen"], language, now
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Evidence linked: %(count)s.") % {"count": len(made)})
            return redirect(_report_url(report))
    groups = [
        (heading, list(items)) for heading, items in groupby(choices, key=lambda c: c.heading)
    ]
    chosen = set(form["chosen"].value() or [])
    context = {
        "programme": report.programme,
        "report": report,
        "priority": found,
        "form": form,
        "groups": groups,
        "chosen": chosen,
    }
    return render(request, "partnership/needs/evidence.html", context)


@login_required
@require_POST
def submit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    report = _editable_or_404(request, slug, pk)
    try:
        services.submit_report(request.user, report, timezone.now())
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("The needs report was submitted to the cooperation forum."))
    return redirect(_report_url(report))


BASE = "partnerskap/<slug:slug>/behov/"
urlpatterns: list[URLPattern] = [
    path(BASE, needs, name="partnership_needs"),
    path(f"{BASE}ny/", start, name="partnership_needs_start"),
    path(f"{BASE}<int:pk>/", report_page, name="partnership_needs_report"),
    path(f"{BASE}<int:pk>/endre/", edit, name="partnership_needs_edit"),
    path(f"{BASE}<int:pk>/send/", submit, name="partnership_needs_submit"),
    path(f"{BASE}<int:pk>/prioritet/ny/", priority, name="partnership_needs_priority_add"),
    path(f"{BASE}<int:pk>/prioritet/<int:priority>/", priority, name="partnership_needs_priority"),
    path(
        f"{BASE}<int:pk>/prioritet/<int:priority>/grunnlag/",
        evidence,
        name="partnership_needs_evidence",
    ),
]
