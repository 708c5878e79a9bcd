"""An owner's needs report (behovsmelding) to the forum, each priority with its evidence."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samla.core.validators import validate_school_year
from samla.org.models import Owner, Person, Programme

from .partners import Partner
from .status import SubmissionStatus


class NeedsReport(models.Model):
    """One owner's needs for up to the scheme's number of school years, due once a year."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="needs_reports",
        verbose_name=_("programme"),
    )
    owner = models.ForeignKey(
        Owner, on_delete=models.CASCADE, related_name="needs_reports", verbose_name=_("owner")
    )
    year = models.PositiveSmallIntegerField(
        _("year due"), help_text=_("The year of the deadline, e.g. 2027 for 1 February 2027.")
    )
    first_school_year = models.CharField(
        _("from school year"), max_length=9, validators=[validate_school_year]
    )
    school_years = models.PositiveSmallIntegerField(
        _("number of school years"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    wished_partner = models.ForeignKey(
        Partner,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("wished university partner"),
    )
    summary = models.TextField(_("summary"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=SubmissionStatus.choices, default=SubmissionStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["programme", "-year", "owner__name"]
        verbose_name = _("needs report")
        verbose_name_plural = _("needs reports")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "owner", "year"], name="needs_report_once_a_year"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
                name="needs_report_submitted_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.owner} {self.year}"


class NeedsPriority(models.Model):
    report = models.ForeignKey(
        NeedsReport, on_delete=models.CASCADE, related_name="priorities", verbose_name=_("report")
    )
    order = models.PositiveSmallIntegerField(_("priority"), default=1)
    theme = models.CharField(_("theme"), max_length=200)
    target_groups = models.CharField(_("target groups"), max_length=300, blank=True)
    description = models.TextField(_("what the need is, and why"), blank=True)

    class Meta:
        ordering = ["report", "order", "pk"]
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")

    def __str__(self) -> str:
        return self.theme


class EvidenceKind(models.TextChoices):
    RESULT = "result", _("Survey result")
    LEARNING = "learning", _("Learning groups")
    SELF_ASSESSMENT = "self_assessment", _("Self-assessment shared with the owner")
    ANALYSIS = "analysis", _("Pedagogical analysis")


class Evidence(models.Model):
    """What a priority rests on, as the owner saw it when linking it (frozen text) and where
    it came from. Only what the owner may see can be linked; hidden figures never are."""

    priority = models.ForeignKey(
        NeedsPriority, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("priority")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EvidenceKind.choices)
    source_id = models.PositiveIntegerField(_("source"), null=True, blank=True)
    text = models.TextField(_("what it shows"))
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["priority", "pk"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.text[:80]
