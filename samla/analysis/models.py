"""Pedagogical analysis: from a result to maintaining factors, measures and their
evaluation in the next round.

An analysis belongs to one unit (and, if a learning group works on it, to that group). It
opens with a frozen copy of the result that started it (``EvidenceSnapshot``) and is worked
through eight phases (``phases.py``). It stays inside the unit until the unit leader
shares it with the owner. Changes to the analysis, its factors and measures are kept as
history (django-simple-history)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from samla.core.text import label_in
from samla.learning.models import LearningGroup
from samla.org.models import Unit
from samla.plans.models import Activity

from .phases import PHASES


class Phase(models.TextChoices):
    PROBLEM = PHASES[0], _("Problem")
    GOAL = PHASES[1], _("Goal")
    INFORMATION = PHASES[2], _("Information")
    ANALYSIS = PHASES[3], _("Analysis and reflection")
    MEASURES = PHASES[4], _("Strategies and measures")
    IMPLEMENTATION = PHASES[5], _("Implementation")
    EVALUATION = PHASES[6], _("Evaluation")
    REVISE = PHASES[7], _("Revise")


class Status(models.TextChoices):
    OPEN = "open", _("In progress")
    CLOSED = "closed", pgettext_lazy("analysis status", "Closed")


class GoalKind(models.TextChoices):
    CLOSED = "closed", _("Closed goal (concrete)")
    OPEN = "open", _("Open goal (a direction)")


class Analysis(models.Model):
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="analyses", verbose_name=_("unit")
    )
    learning_group = models.ForeignKey(
        LearningGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="analyses",
        verbose_name=_("learning group"),
    )
    title = models.CharField(_("title"), max_length=200)
    phase = models.CharField(
        _("phase"), max_length=20, choices=Phase.choices, default=Phase.PROBLEM
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    problem = models.TextField(_("problem"), blank=True)
    goal_kind = models.CharField(
        _("kind of goal"), max_length=10, choices=GoalKind.choices, blank=True
    )
    goal = models.TextField(_("goal"), blank=True)
    analysis_completed_at = models.DateTimeField(null=True, blank=True)
    analysis_completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The leader may let measures be added before the analysis part is complete; the
    # written reason stays visible on the analysis.
    override_reason = models.TextField(
        _("reason for going on before the analysis is complete"), blank=True
    )
    overridden_at = models.DateTimeField(null=True, blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    shared_with_owner_at = models.DateTimeField(null=True, blank=True)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The last time a sharing was withdrawn: the owner is told (the share's own moment
    # is cleared with it).
    withdrawn_from_owner_at = models.DateTimeField(null=True, blank=True)
    closing_note = models.TextField(_("closing note"), blank=True)
    previous = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followers",
        verbose_name=_("continues"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["unit", "-created_at"]
        verbose_name = _("pedagogical analysis")
        verbose_name_plural = _("pedagogical analyses")
        indexes = [models.Index(fields=["unit", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def shared(self) -> bool:
        return self.shared_with_owner_at is not None

    @property
    def measures_open(self) -> bool:
        """Measures may be added: the analysis part is complete, or the leader overrode."""
        return self.analysis_completed_at is not None or self.overridden_at is not None


class SnapshotKind(models.TextChoices):
    BASELINE = "baseline", _("Result the analysis starts from")
    SOURCE = "source", _("Result used as information")
    FOLLOW_UP = "follow_up", _("The same index in a later round")


class FrozenError(Exception):
    """An evidence snapshot is never changed once taken."""


class EvidenceSnapshot(models.Model):
    """A frozen copy of result figures as they were shown, suppression respected: the
    node's index and its comparisons, and the index's items. Never a live reference to
    the results, which a later build could change or hide."""

    analysis = models.ForeignKey(Analysis, on_delete=models.CASCADE, related_name="snapshots")
    kind = models.CharField(max_length=10, choices=SnapshotKind.choices)
    compares_to = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="follow_ups"
    )
    # Kept so that the next round can be found; the figures never come from it again.
    round = models.ForeignKey(
        "surveys.Round", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    round_name = models.CharField(max_length=200)
    round_opened_at = models.DateTimeField()
    node_kind = models.CharField(max_length=10)
    node_id = models.PositiveIntegerField()
    node_name = models.CharField(max_length=300)
    respondent_group = models.CharField(max_length=40)
    scale = models.CharField(max_length=100)
    scale_labels = models.JSONField(default=dict)  # {"nb": …, "nn": …, "en": …}
    threshold = models.PositiveSmallIntegerField()
    # {"rows": [{"name", "kind", "id", "n", "mean", "sd", "score500", "low_share",
    #            "hidden"}], "items": [{"code", "labels", "reversed", "n", "mean",
    #            "hidden", "options": [[labels, percent or None]], ...}]}
    figures = models.JSONField()
    taken_at = models.DateTimeField(auto_now_add=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["analysis", "round_opened_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="follow_up", compares_to__isnull=False)
                | (~Q(kind="follow_up") & Q(compares_to__isnull=True)),
                name="snapshot_follow_up_compares",
            )
        ]

    def __str__(self) -> str:
        return f"{self.scale} – {self.node_name}, {self.round_name}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise FrozenError("An evidence snapshot cannot be changed.")
        super().save(*args, **kwargs)

    def label(self, language: str) -> str:
        return label_in(self.scale_labels, language) or self.scale

    @property
    def own(self) -> dict:
        return self.figures["rows"][0]


class SourceKind(models.TextChoices):
    RESULTS = "results", _("Survey results")
    OBSERVATION = "observation", _("Observation")
    CONVERSATION = "conversation", _("Conversations")
    OTHER = "other", _("Other data")


class Source(models.Model):
    analysis = models.ForeignKey(Analysis, on_delete=models.CASCADE, related_name="sources")
    kind = models.CharField(_("kind of source"), max_length=20, choices=SourceKind.choices)
    title = models.CharField(_("title"), max_length=200)
    note = models.TextField(_("note"), blank=True)
    snapshot = models.OneToOneField(
        EvidenceSnapshot, on_delete=models.PROTECT, null=True, blank=True, related_name="source"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["analysis", "created_at", "pk"]
        verbose_name = _("source of information")
        verbose_name_plural = _("sources of information")

    def __str__(self) -> str:
        return self.title


class Perspective(models.TextChoices):
    CONTEXT = "context", _("Context")
    ACTOR = "actor", _("Actors")
    INDIVIDUAL = "individual", _("Individual")


class Likelihood(models.TextChoices):
    LIKELY = "likely", _("Likely")
    POSSIBLE = "possible", _("Possible")
    UNLIKELY = "unlikely", _("Less likely")


class MaintainingFactor(models.Model):
    analysis = models.ForeignKey(Analysis, on_delete=models.CASCADE, related_name="factors")
    description = models.TextField(_("maintaining factor"))
    perspective = models.CharField(_("perspective"), max_length=20, choices=Perspective.choices)
    likelihood = models.CharField(
        _("how likely the group judges it"), max_length=10, choices=Likelihood.choices
    )
    sources = models.ManyToManyField(
        Source, related_name="factors", blank=True, verbose_name=_("evidence")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[sources])

    class Meta:
        ordering = ["analysis", "created_at", "pk"]
        verbose_name = _("maintaining factor")
        verbose_name_plural = _("maintaining factors")

    def __str__(self) -> str:
        return self.description[:80]


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    STOPPED = "stopped", _("Stopped")


class Measure(models.Model):
    analysis = models.ForeignKey(Analysis, on_delete=models.CASCADE, related_name="measures")
    title = models.CharField(_("measure"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    factors = models.ManyToManyField(
        MaintainingFactor, related_name="measures", verbose_name=_("aimed at")
    )
    responsible = models.CharField(_("who"), max_length=200)
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))
    success_criteria = models.TextField(_("success criteria"))
    status = models.CharField(
        _("status"), max_length=10, choices=MeasureStatus.choices, default=MeasureStatus.PLANNED
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[factors])

    class Meta:
        ordering = ["analysis", "starts_on", "pk"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="measure_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Authored(models.Model):
    """Who wrote a row and when: the log, evaluations and comments."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class LogEntry(Authored):
    analysis = models.ForeignKey(Analysis, on_delete=models.CASCADE, related_name="log")
    measure = models.ForeignKey(
        Measure,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="log",
        verbose_name=_("measure"),
    )
    day = models.DateField(_("date"))
    text = models.TextField(_("what was done"))

    class Meta:
        ordering = ["analysis", "-day", "-pk"]
        verbose_name = _("log entry")
        verbose_name_plural = _("log entries")

    def __str__(self) -> str:
        return f"{self.day}: {self.text[:60]}"


class Verdict(models.TextChoices):
    MET = "met", _("Criteria met")
    PARTLY = "partly", _("Partly met")
    NOT_MET = "not_met", _("Not met")


class Evaluation(Authored):
    """The group's judgement of one measure against its success criteria."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="evaluations")
    verdict = models.CharField(_("judgement"), max_length=10, choices=Verdict.choices)
    text = models.TextField(_("what the group found"))

    class Meta:
        ordering = ["measure", "-created_at", "-pk"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")

    def __str__(self) -> str:
        return f"{self.measure}: {self.get_verdict_display()}"


class Comment(Authored):
    """A comment on one phase (PPT's supervision and the group's answers), threaded."""

    analysis = models.ForeignKey(Analysis, on_delete=models.CASCADE, related_name="comments")
    phase = models.CharField(max_length=20, choices=Phase.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    text = models.TextField(_("comment"))

    class Meta:
        ordering = ["analysis", "created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return self.text[:80]


class CaravanPresentation(models.Model):
    """An analysis presented at a learning caravan, an activity of the programme's plan."""

    analysis = models.ForeignKey(Analysis, on_delete=models.CASCADE, related_name="presentations")
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="analysis_presentations"
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["activity", "linked_at"]
        constraints = [
            models.UniqueConstraint(fields=["analysis", "activity"], name="presentation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.analysis} – {self.activity}"
