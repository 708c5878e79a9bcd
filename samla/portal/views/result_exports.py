"""Results files made by the task worker: the job's page (its progress, polled by htmx
where JavaScript runs; a reload link where it does not) and the download. Only the person
who asked sees either, and only while they may still see the node; anyone else gets 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from samla.results import export_jobs, queries
from samla.results.exports.registry import RESULT_FORMATS
from samla.results.models import BuildState, ExportJob
from samla.surveys import access as survey_access

# htmx stops polling when an answer has this status (its "stop polling" code).
STOP_POLLING = 286


def _job_or_404(request: HttpRequest, slug: str, pk: int) -> ExportJob:
    round = survey_access.get_round_or_404(request.user, slug)
    job = export_jobs.job_for(request.user, round, pk)
    if job is None:
        raise Http404
    return job


@login_required
def export_job(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The job's page; asked by htmx, only its state (and no more polling once it ends)."""
    job = _job_or_404(request, slug, pk)
    node = queries.node(job.round, job.node_kind, job.node_id)
    context = {
        "round": job.round,
        "job": job,
        "node": node,
        "format": RESULT_FORMATS.get(job.format),
        "waiting": job.state in export_jobs.WAITING,
        "done": job.state == BuildState.DONE,
    }
    if request.htmx:
        status = 200 if context["waiting"] else STOP_POLLING
        return render(request, "results/includes/export_status.html", context, status=status)
    return render(request, "results/export_job.html", context)


@login_required
def export_download(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    """The job's file, for the person who asked, while they may see the node."""
    job = _job_or_404(request, slug, pk)
    export_format = RESULT_FORMATS.get(job.format)
    if job.state != BuildState.DONE or not job.file or export_format is None:
        raise Http404
    try:
        content = default_storage.open(job.file.name, "rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    name = f"resultater-{job.round.slug}-{job.node_kind}-{job.node_id}.{export_format.extension}"
    return FileResponse(
        content, as_attachment=True, filename=name, content_type=export_format.content_type
    )
