"""Results of a survey round as the pages, exports and analyses read them.

A build (``build.py``) turns a round's responses into ``Cell`` rows — one per node ×
respondent group × grade band × index or item — after the anonymity rules
(``anonymity.py``) have run. A hidden cell is stored with ``suppressed`` set and no
figures at all, so nothing that reads these tables can show a hidden value. A build
replaces the round's cells in one transaction: a failed build leaves the previous ones."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samla.org.models import Person, Programme
from samla.surveys.models import RESPONDENT_GROUP_CHOICES, Round


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


class Cell(models.Model):
    """One aggregate: a node's figures for one index (``scale``) or one item."""

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="cells", verbose_name=_("round")
    )
    node_kind = models.CharField(_("level"), max_length=10, choices=NodeKind.choices)
    node_id = models.PositiveBigIntegerField(_("node"))
    respondent_group = models.CharField(
        _("respondent group"), max_length=30, choices=RESPONDENT_GROUP_CHOICES
    )
    grade_band = models.CharField(_("grade band"), max_length=10, blank=True)
    scale = models.CharField(_("index"), max_length=100, blank=True)
    item = models.CharField(_("item"), max_length=100, blank=True)
    suppressed = models.BooleanField(_("hidden for anonymity"), default=False)
    n = models.PositiveIntegerField(_("respondents"), null=True, blank=True)
    mean = models.FloatField(_("mean"), null=True, blank=True)
    sd = models.FloatField(_("standard deviation"), null=True, blank=True)
    score500 = models.FloatField(_("score (500 scale)"), null=True, blank=True)
    low_share = models.FloatField(_("share in the lowest band"), null=True, blank=True)
    # Item cells: the answer options' shares (protected: see anonymity.py), JSON by value.
    distribution = models.JSONField(_("distribution"), null=True, blank=True)

    class Meta:
        verbose_name = _("result cell")
        verbose_name_plural = _("result cells")
        indexes = [
            models.Index(fields=["round", "node_kind", "node_id"]),
            models.Index(fields=["round", "respondent_group", "scale", "item"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(suppressed=False)
                | models.Q(n__isnull=True, mean__isnull=True, sd__isnull=True)
                & models.Q(score500__isnull=True, low_share__isnull=True)
                & models.Q(distribution__isnull=True),
                name="cell_hidden_has_no_figures",
            )
        ]

    def __str__(self) -> str:
        return f"{self.node_kind}:{self.node_id} {self.respondent_group} {self.scale or self.item}"


class Reliability(models.Model):
    """Cronbach's alpha of an index for a respondent group in a round (whole programme)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="reliabilities")
    respondent_group = models.CharField(max_length=30, choices=RESPONDENT_GROUP_CHOICES)
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
    respondent_group = models.CharField(max_length=30, choices=RESPONDENT_GROUP_CHOICES)
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
