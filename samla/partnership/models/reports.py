"""The owner's yearly report to the county governor on the year's money and work."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samla.org.models import Owner, Person, Programme

from .status import SubmissionStatus


class YearlyReport(models.Model):
    """Generated from Samla's records, edited by the owner, locked once submitted."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="yearly_reports",
        verbose_name=_("programme"),
    )
    owner = models.ForeignKey(
        Owner, on_delete=models.CASCADE, related_name="yearly_reports", verbose_name=_("owner")
    )
    year = models.PositiveSmallIntegerField(_("year reported on"))
    sections = models.JSONField(
        _("sections"), default=dict, help_text="section key → text, as generated then edited"
    )
    generated_at = models.DateTimeField(_("generated"), null=True, blank=True)
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
        verbose_name = _("yearly report")
        verbose_name_plural = _("yearly reports")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "owner", "year"], name="yearly_report_once_a_year"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
                name="yearly_report_submitted_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.owner} {self.year}"


class ReportComment(models.Model):
    """The county governor's word on a submitted report (the only thing they write)."""

    report = models.ForeignKey(
        YearlyReport, on_delete=models.CASCADE, related_name="comments", verbose_name=_("report")
    )
    author = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        ordering = ["report", "created_at"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return self.text[:60]
