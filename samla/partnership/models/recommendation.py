"""The forum's yearly recommendation (innstilling): measures and the split of the grant."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from samla.core.validators import validate_school_year
from samla.learning.models import Package
from samla.org.models import Owner, Person
from samla.plans.models import Activity

from .forum import Decision, Forum
from .needs import NeedsReport
from .partners import Partner


class Recommendation(models.Model):
    forum = models.ForeignKey(
        Forum, on_delete=models.CASCADE, related_name="recommendations", verbose_name=_("forum")
    )
    school_year = models.CharField(
        _("for school year"), max_length=9, validators=[validate_school_year]
    )
    state_grant = models.DecimalField(
        _("state grant to split (NOK)"), max_digits=12, decimal_places=0, default=0
    )
    text = models.TextField(_("the forum's assessment"), blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    decision = models.ForeignKey(
        Decision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("forum decision"),
    )
    needs_reports = models.ManyToManyField(
        NeedsReport, blank=True, related_name="recommendations", verbose_name=_("needs reports")
    )

    class Meta:
        ordering = ["forum", "-school_year"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        constraints = [
            models.UniqueConstraint(
                fields=["forum", "school_year"], name="recommendation_once_a_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.forum} {self.school_year}"

    @property
    def approved(self) -> bool:
        return self.approved_at is not None


class RecommendedMeasure(models.Model):
    recommendation = models.ForeignKey(
        Recommendation,
        on_delete=models.CASCADE,
        related_name="measures",
        verbose_name=_("recommendation"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    title = models.CharField(_("measure"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    participants = models.CharField(_("participants"), max_length=300, blank=True)
    starts = models.DateField(_("from"), null=True, blank=True)
    ends = models.DateField(_("to"), null=True, blank=True)
    owners = models.ManyToManyField(Owner, related_name="+", verbose_name=_("owners"))
    partner = models.ForeignKey(
        Partner,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measures",
        verbose_name=_("university partner"),
    )
    grant = models.DecimalField(
        _("share of the grant (NOK)"), max_digits=12, decimal_places=0, default=0
    )
    package = models.ForeignKey(
        Package,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("competence package"),
    )
    activity = models.ForeignKey(
        Activity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("activity in the action plan"),
    )

    class Meta:
        ordering = ["recommendation", "order", "pk"]
        verbose_name = _("recommended measure")
        verbose_name_plural = _("recommended measures")
        constraints = [
            models.CheckConstraint(
                condition=Q(starts__isnull=True) | Q(ends__isnull=True) | Q(ends__gte=F("starts")),
                name="recommended_measure_period",
            )
        ]

    def __str__(self) -> str:
        return self.title
