"""Partners of the scheme and the agreements between owners and a university."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from samla.org.models import Owner, Person, Programme, Region


class PartnerKind(models.TextChoices):
    UNIVERSITY = "uh", _("University or university college")
    KS = "ks", _("KS (the municipalities' organisation)")
    UNION = "union", _("Union")
    PBL = "pbl", _("PBL (private kindergartens)")
    OTHER = "other", _("Other partner")


class Partner(models.Model):
    """An organisation in the partnership that is not an owner: a university, KS, a union."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="partners", verbose_name=_("programme")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=PartnerKind.choices)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)

    class Meta:
        ordering = ["programme", "kind", "name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="partner_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class PartnerContact(models.Model):
    """A person speaking for a partner (for a university: its contact for the owners)."""

    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("partner")
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="partner_contacts", verbose_name=_("person")
    )
    title = models.CharField(_("title"), max_length=120, blank=True)

    class Meta:
        ordering = ["partner", "person__last_name"]
        verbose_name = _("partner contact")
        verbose_name_plural = _("partner contacts")
        constraints = [
            models.UniqueConstraint(fields=["partner", "person"], name="partner_contact_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.partner})"


class Agreement(models.Model):
    """A partnership agreement between an owner (or a region's owners) and a university."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="agreements", verbose_name=_("programme")
    )
    partner = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("university or university college"),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("region"),
        help_text=_("When the region's owners make the agreement together."),
    )
    owners = models.ManyToManyField(Owner, related_name="agreements", verbose_name=_("owners"))
    title = models.CharField(_("title"), max_length=200)
    starts = models.DateField(_("from"))
    ends = models.DateField(_("to"))
    themes = models.TextField(_("themes"), blank=True)
    owner_contact = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("the owners' contact"),
    )
    partner_contact = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("the university's contact"),
    )

    class Meta:
        ordering = ["programme", "-starts", "title"]
        verbose_name = _("partnership agreement")
        verbose_name_plural = _("partnership agreements")
        constraints = [
            models.CheckConstraint(condition=Q(ends__gte=F("starts")), name="agreement_period")
        ]

    def __str__(self) -> str:
        return self.title
