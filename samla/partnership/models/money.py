"""Money per owner and year: the state grant allocated, the owner's own share, the
coordinator's part, and what was spent."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from samla.org.models import Owner, Person, Programme

NOK = {"max_digits": 12, "decimal_places": 0, "validators": [MinValueValidator(0)]}


class Allocation(models.Model):
    """One owner's money in one year of the scheme (the ledger's head)."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="allocations", verbose_name=_("programme")
    )
    owner = models.ForeignKey(
        Owner, on_delete=models.CASCADE, related_name="allocations", verbose_name=_("owner")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    state_grant = models.DecimalField(_("state grant (NOK)"), default=0, **NOK)
    own_share = models.DecimalField(_("own share (NOK)"), default=0, **NOK)
    coordinator = models.DecimalField(_("of the grant, for a coordinator (NOK)"), default=0, **NOK)

    class Meta:
        ordering = ["programme", "-year", "owner__name"]
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "owner", "year"], name="allocation_once_a_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.owner} {self.year}"


class SpendingCategory(models.TextChoices):
    UNIVERSITY = "uh", _("University services")
    SUBSTITUTES = "substitutes", _("Substitutes and time off")
    COURSES = "courses", _("Courses and gatherings")
    TRAVEL = "travel", _("Travel")
    COORDINATOR = "coordinator", _("Coordinator")
    MATERIALS = "materials", _("Materials")
    OTHER = "other", _("Other")


class SpendingSource(models.TextChoices):
    GRANT = "grant", _("State grant")
    OWN = "own", _("Own share")


class Spending(models.Model):
    allocation = models.ForeignKey(
        Allocation, on_delete=models.CASCADE, related_name="spending", verbose_name=_("allocation")
    )
    date = models.DateField(_("date"))
    category = models.CharField(_("category"), max_length=15, choices=SpendingCategory.choices)
    source = models.CharField(_("paid from"), max_length=5, choices=SpendingSource.choices)
    amount = models.DecimalField(_("amount (NOK)"), **NOK)
    text = models.CharField(_("what"), max_length=300, blank=True)
    entered_by = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    entered_at = models.DateTimeField(_("entered"), auto_now_add=True)

    class Meta:
        ordering = ["allocation", "date", "pk"]
        verbose_name = _("spending")
        verbose_name_plural = _("spending")

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} {self.amount}"
