"""The organisation's tree: programmes, regions, owners, units and their groups."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    KINDERGARTEN = "barnehage", _("Kindergarten")
    PRIMARY = "grunnskole", _("Primary and lower secondary school")
    UPPER_SECONDARY = "vgs", _("Upper secondary school")


class Programme(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=60, unique=True)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    county = models.CharField(_("county"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)
    anonymity_threshold = models.PositiveSmallIntegerField(
        _("anonymity threshold"),
        default=7,
        validators=[MinValueValidator(5)],
        help_text=_("Results are shown only for groups of at least this many respondents."),
    )
    staff_see_results = models.BooleanField(
        _("staff see their unit's results"),
        default=True,
        help_text=_(
            "Teachers and other staff see their own unit's released results (never a figure "
            "below the anonymity threshold)."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return self.name


class Region(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="regions", verbose_name=_("programme")
    )
    name = models.CharField(_("name"), max_length=120)
    short_name = models.CharField(_("short name"), max_length=12)
    aliases = models.JSONField(
        _("other names"),
        default=list,
        blank=True,
        help_text=_("Other names the region goes by in documents, e.g. Glåmdalen."),
    )
    municipality_numbers = models.JSONField(
        _("municipality numbers"),
        default=list,
        blank=True,
        help_text=_(
            "The four-digit numbers of the municipalities in the region. Owners and units "
            "imported from the registers are placed in the region by these numbers."
        ),
    )

    class Meta:
        ordering = ["programme", "name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="region_unique_name"),
            models.UniqueConstraint(
                fields=["programme", "short_name"], name="region_unique_short_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def names(self) -> list[str]:
        """Every name the region is known by: name, short name and aliases."""
        return [self.name, self.short_name, *self.aliases]


organisation_number_validator = RegexValidator(
    r"^\d{9}$", _("An organisation number has nine digits.")
)


def validate_organisation_number(value: str) -> None:
    """Brønnøysund organisation numbers end in a modulus-11 check digit."""
    organisation_number_validator(value)
    weights = (3, 2, 7, 6, 5, 4, 3, 2)
    remainder = sum(int(d) * w for d, w in zip(value[:8], weights, strict=True)) % 11
    check = 0 if remainder == 0 else 11 - remainder
    if check == 10 or check != int(value[8]):
        raise ValidationError(
            _("%(value)s is not a valid organisation number (wrong check digit)."),
            params={"value": value},
            code="organisation_number_checksum",
        )


municipality_number_validator = RegexValidator(
    r"^\d{4}$", _("A municipality number has four digits.")
)
county_number_validator = RegexValidator(r"^\d{2}$", _("A county number has two digits."))


class OwnerKind(models.TextChoices):
    MUNICIPALITY = "kommune", _("Municipality")
    COUNTY = "fylkeskommune", _("County authority")
    PRIVATE = "privat", _("Private owner")


def organisation_number_field() -> models.CharField:
    """An owner's or a unit's number in the register of legal entities (nine digits,
    checked), optional."""
    return models.CharField(
        _("organisation number"),
        max_length=9,
        blank=True,
        validators=[validate_organisation_number],
    )


class Owner(models.Model):
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=OwnerKind.choices)
    organisation_number = organisation_number_field()
    municipality_number = models.CharField(
        _("municipality number"),
        max_length=4,
        blank=True,
        validators=[municipality_number_validator],
        help_text=_("For a municipality, its own number; for a private owner, where it is."),
    )
    county_number = models.CharField(
        _("county number"), max_length=2, blank=True, validators=[county_number_validator]
    )
    regions = models.ManyToManyField(
        Region,
        through="RegionOwner",
        related_name="owners",
        verbose_name=_("regions"),
        blank=True,
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("owner")
        verbose_name_plural = _("owners")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation_number"],
                condition=~Q(organisation_number=""),
                name="owner_unique_organisation_number",
            )
        ]

    def __str__(self) -> str:
        return self.name


class RegionOwner(models.Model):
    """An owner's place in one programme's regions: one region per owner and programme."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, verbose_name=_("region"))
    owner = models.ForeignKey(Owner, on_delete=models.CASCADE, verbose_name=_("owner"))
    # Kept beside the region so the database itself holds the one-region rule.
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, editable=False)

    class Meta:
        verbose_name = _("owner in region")
        verbose_name_plural = _("owners in regions")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "owner"], name="regionowner_one_region_per_programme"
            )
        ]

    def __str__(self) -> str:
        return f"{self.owner} – {self.region}"

    def save(self, *args, **kwargs) -> None:
        self.programme_id = self.region.programme_id
        super().save(*args, **kwargs)


class UnitKind(models.TextChoices):
    KINDERGARTEN = "barnehage", _("Kindergarten")
    PRIMARY = "grunnskole", _("School")
    UPPER_SECONDARY = "vgs", _("Upper secondary school")
    PPT = "ppt", _("Educational-psychological service (PPT)")


class LanguageForm(models.TextChoices):
    BOKMAL = "nb", _("Bokmål")
    NYNORSK = "nn", _("Nynorsk")
    SAMI = "se", _("Sami")


class UnitSource(models.TextChoices):
    MANUAL = "", _("Entered in Samla")
    NSR = "nsr", _("National school register (NSR)")
    NBR = "nbr", _("National kindergarten register (NBR)")
    LIST = "csv", _("Imported list")


class UnitQuerySet(models.QuerySet):
    def open(self) -> UnitQuerySet:
        """Units not closed: the only ones new work (rounds, codes, groups) is made for."""
        return self.filter(closed_on__isnull=True)


class Unit(models.Model):
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    owner = models.ForeignKey(
        Owner, on_delete=models.PROTECT, related_name="units", verbose_name=_("owner")
    )
    organisation_number = organisation_number_field()
    municipality_number = models.CharField(
        _("municipality number"),
        max_length=4,
        blank=True,
        validators=[municipality_number_validator],
    )
    lowest_grade = models.PositiveSmallIntegerField(
        _("lowest grade"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(13)],
    )
    highest_grade = models.PositiveSmallIntegerField(
        _("highest grade"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(13)],
    )
    language_form = models.CharField(
        _("language form"), max_length=2, blank=True, choices=LanguageForm.choices
    )
    source = models.CharField(
        _("source"), max_length=3, blank=True, default="", choices=UnitSource.choices
    )
    closed_on = models.DateField(
        _("closed"),
        null=True,
        blank=True,
        help_text=_("A closed unit keeps its history but gets no new rounds or codes."),
    )
    programmes = models.ManyToManyField(
        Programme,
        through="Enrolment",
        related_name="units",
        verbose_name=_("programmes"),
        blank=True,
    )

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="unit_unique_name_per_owner"),
            models.UniqueConstraint(
                fields=["organisation_number"],
                condition=~Q(organisation_number=""),
                name="unit_unique_organisation_number",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_closed(self) -> bool:
        return self.closed_on is not None


class Enrolment(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, verbose_name=_("unit"))
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, verbose_name=_("programme"))
    since = models.DateField(_("enrolled since"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["unit", "programme"], name="enrolment_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.programme}"


class GroupKind(models.TextChoices):
    CLASS = "klasse", _("Class")
    DEPARTMENT = "avdeling", _("Kindergarten department")


class GroupQuerySet(models.QuerySet):
    def open(self) -> GroupQuerySet:
        """Classes and departments of this school year (a class that has left is closed)."""
        return self.filter(closed_on__isnull=True)


class Group(models.Model):
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="groups", verbose_name=_("unit")
    )
    name = models.CharField(_("name"), max_length=80)
    kind = models.CharField(_("kind"), max_length=20, choices=GroupKind.choices)
    grade = models.PositiveSmallIntegerField(
        _("grade"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(13)],
    )
    size = models.PositiveIntegerField(
        _("number of children or pupils"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(1000)],
    )
    school_year = models.PositiveSmallIntegerField(
        _("school year"),
        null=True,
        blank=True,
        help_text=_("The year the school year starts (2026 for 2026/27); empty for departments."),
    )
    closed_on = models.DateField(
        _("closed"),
        null=True,
        blank=True,
        help_text=_("A class that has moved on or left; its results stay readable."),
    )

    objects = GroupQuerySet.as_manager()

    class Meta:
        ordering = ["unit", "grade", "name"]
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "name"],
                condition=Q(closed_on__isnull=True),
                name="group_unique_open_name_per_unit",
            ),
            models.CheckConstraint(
                condition=Q(kind="avdeling", grade__isnull=True)
                | Q(kind="klasse", grade__isnull=False),
                name="group_grade_only_for_classes",
            ),
        ]

    def __str__(self) -> str:
        return self.name
