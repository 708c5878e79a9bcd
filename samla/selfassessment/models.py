"""A unit's self-assessment (Ståsted style): the staff rate statements about their own
practice, then discuss the results and write goals and measures.

Who has rated and what was rated are kept apart: ``ParticipantDone`` (a person has
rated) and ``RatingCount`` — for each statement and point, how many chose it. No row holds
one person's answers, so neither the order rows are stored in nor their ids can pair a
person with what they answered; and every rating rewrites every count of the assessment,
so not even the last writer of a row tells which points were chosen (see
``services.submit_rating``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samla.analysis.models import Analysis
from samla.org.models import Programme, Unit


class Phase(models.TextChoices):
    PLAN = "plan", _("Plan")
    FACTS = "facts", _("Facts")
    RATING = "rating", _("Rating")
    GOALS = "goals", _("Discussion, goals and measures")


PHASE_ORDER = [Phase.PLAN, Phase.FACTS, Phase.RATING, Phase.GOALS]


class SelfAssessment(models.Model):
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="self_assessments", verbose_name=_("unit")
    )
    # The programme whose anonymity threshold holds for the results.
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    form_id = models.CharField(max_length=60)
    form_version = models.CharField(max_length=20)
    # Block codes (the form's pages) in the form's order; the main block always first.
    blocks = models.JSONField(default=list)
    rating_opens_on = models.DateField(_("rating opens"))
    rating_closes_on = models.DateField(_("rating closes"))
    phase = models.CharField(_("phase"), max_length=10, choices=Phase.choices, default=Phase.PLAN)
    goals = models.TextField(_("goals"), blank=True)
    measures = models.TextField(_("measures"), blank=True)
    shared_with_owner_at = models.DateTimeField(null=True, blank=True)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    analysis = models.ForeignKey(
        Analysis, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        ordering = ["-rating_opens_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class Participant(models.Model):
    """A member of the unit's staff the leader asked to rate."""

    assessment = models.ForeignKey(
        SelfAssessment, on_delete=models.CASCADE, related_name="participants"
    )
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "person"], name="selfassessment_participant_once"
            )
        ]

    def __str__(self) -> str:
        return f"participant {self.pk}"


class ParticipantDone(models.Model):
    """A participant has rated (and may not rate again). Says nothing of what."""

    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="done")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "person"], name="selfassessment_done_once"
            )
        ]

    def __str__(self) -> str:
        return f"done {self.pk}"


class RatingCount(models.Model):
    """How many participants gave a statement a point. Counts only: no person, no time."""

    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="counts")
    statement = models.CharField(max_length=60)
    point = models.PositiveSmallIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "statement", "point"], name="selfassessment_count_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.statement}={self.point}: {self.count}"


class BlockNote(models.Model):
    """What the staff concluded when they discussed a block's results together."""

    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="notes")
    block = models.CharField(max_length=60)
    text = models.TextField(_("discussed"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "block"], name="selfassessment_note_once")
        ]

    def __str__(self) -> str:
        return f"note {self.pk}"
