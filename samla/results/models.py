"""Results of a survey round as the pages, exports and analyses read them.

A build (``build.py``) turns a round's responses into one ``ResultSheet`` per respondent
group (its measures) and one ``ResultRow`` per node × grade band holding every measure's
figures (``packing.py``), after the anonymity rules have run. A hidden cell is stored
without any figure, so nothing that reads these tables can show a hidden value. A build
replaces the round's rows in one transaction: a failed build leaves the previous ones."""

from __future__ import annotations

import secrets

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samla.org.models import Person, Programme
from samla.surveys.models import Round, respondent_group_choices

from .packing import Measure


class NodeKind(models.TextChoices):
    PROGRAMME = "programme", _("Programme")
    REGION = "region", _("Region")
    OWNER = "owner", _("Owner")
    UNIT = "unit", _("Unit")
    GROUP = "group", _("Class or department")


class BuildState(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Working")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class Build(models.Model):
    """One run of the results build for a round, with its progress for the portal."""

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="builds", verbose_name=_("round")
    )
    state = models.CharField(
        _("state"), max_length=10, choices=BuildState.choices, default=BuildState.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    step = models.CharField(_("step"), max_length=200, blank=True)
    responses = models.PositiveIntegerField(_("responses"), default=0)
    cells = models.PositiveIntegerField(_("cells"), default=0)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("started by")
    )
    created_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("results build")
        verbose_name_plural = _("results builds")

    def __str__(self) -> str:
        return f"{self.round} {self.state} {self.progress}%"


class ResultSheet(models.Model):
    """The measures of one respondent group in a round's build — its indices, then its
    single-choice items — in the order every :class:`ResultRow` packs their figures."""

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="sheets", verbose_name=_("round")
    )
    respondent_group = models.CharField(
        _("respondent group"), max_length=30, choices=respondent_group_choices
    )
    # [[scale, item, points], …]: an index has item "", an item has scale "".
    measures = models.JSONField(_("measures"))

    class Meta:
        verbose_name = _("results sheet")
        verbose_name_plural = _("results sheets")
        constraints = [
            models.UniqueConstraint(fields=["round", "respondent_group"], name="sheet_once")
        ]

    def __str__(self) -> str:
        return f"{self.round} {self.respondent_group}"

    def measure_list(self) -> list[Measure]:
        return [Measure(scale, item, points) for scale, item, points in self.measures]


class ResultRow(models.Model):
    """A node's figures (one grade band, or all respondents) for every measure of a sheet,
    packed as ``packing.py`` describes; a hidden cell holds no figure."""

    sheet = models.ForeignKey(
        ResultSheet, on_delete=models.CASCADE, related_name="rows", verbose_name=_("sheet")
    )
    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="result_rows", verbose_name=_("round")
    )
    node_kind = models.CharField(_("level"), max_length=10, choices=NodeKind.choices)
    node_id = models.PositiveBigIntegerField(_("node"))
    grade_band = models.CharField(_("grade band"), max_length=10, blank=True)
    n = models.BinaryField(_("respondents"))
    figures = models.BinaryField(_("figures"))
    counts = models.BinaryField(_("answer counts"))

    class Meta:
        verbose_name = _("results row")
        verbose_name_plural = _("results rows")
        indexes = [models.Index(fields=["round", "node_kind", "node_id"])]

    def __str__(self) -> str:
        return f"{self.node_kind}:{self.node_id} {self.grade_band or '*'}"


class Reliability(models.Model):
    """Cronbach's alpha of an index for a respondent group in a round (whole programme)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="reliabilities")
    respondent_group = models.CharField(max_length=30, choices=respondent_group_choices)
    scale = models.CharField(max_length=100)
    alpha = models.FloatField(null=True)
    n = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("reliability")
        verbose_name_plural = _("reliabilities")

    def __str__(self) -> str:
        return f"{self.round} {self.respondent_group} {self.scale}: {self.alpha}"


class Reference(models.Model):
    """The respondent-level mean and SD of an index that the 500 scale is drawn against:
    the programme's reference round (its first by default)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    respondent_group = models.CharField(max_length=30, choices=respondent_group_choices)
    scale = models.CharField(max_length=100)
    mean = models.FloatField()
    sd = models.FloatField()
    n = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("reference")
        verbose_name_plural = _("references")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "respondent_group", "scale"], name="reference_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.respondent_group} {self.scale}"


class ExportLog(models.Model):
    """Who downloaded what from a round's results: always for the respondent-level file."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, related_name="+")
    kind = models.CharField(_("what"), max_length=40)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("results download")
        verbose_name_plural = _("results downloads")

    def __str__(self) -> str:
        return f"{self.kind} {self.round} {self.at:%Y-%m-%d %H:%M}"


def _export_path(job: ExportJob, filename: str) -> str:
    """Where a job's file is kept: a name nobody can guess (the file is served only by the
    download view, to the person who asked)."""
    extension = filename.rsplit(".", 1)[-1]
    return f"results-exports/{secrets.token_urlsafe(24)}.{extension}"


class ExportJob(models.Model):
    """A node's results in one format and language, made by the task worker for the person
    who asked, with its progress; the file is kept in the default storage until
    ``expires_at``. One waiting or working job per person and export at a time."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="+", verbose_name=_("asked by")
    )
    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="+", verbose_name=_("round")
    )
    node_kind = models.CharField(_("level"), max_length=10, choices=NodeKind.choices)
    node_id = models.PositiveBigIntegerField(_("node"))
    format = models.CharField(_("format"), max_length=10)
    language = models.CharField(_("language"), max_length=10)
    state = models.CharField(
        _("state"), max_length=10, choices=BuildState.choices, default=BuildState.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    step = models.CharField(_("step"), max_length=200, blank=True)
    file = models.FileField(_("file"), upload_to=_export_path, max_length=200, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    error = models.CharField(_("error"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("asked"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("results file")
        verbose_name_plural = _("results files")
        indexes = [models.Index(fields=["expires_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "round", "node_kind", "node_id", "format", "language"],
                # OR, not IN: PostgreSQL prints an IN's array differently after a
                # pg_restore, and the backup test compares the schema as printed.
                condition=Q(state="queued") | Q(state="running"),
                name="export_job_waiting_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.format} {self.node_kind}:{self.node_id} {self.state} {self.progress}%"
