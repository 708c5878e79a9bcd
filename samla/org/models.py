"""The organisation: programmes, regions, owners, units, groups, people and their roles.

A unit (school, kindergarten, PPT office) belongs to one owner. An owner's units can be
enrolled in several programmes; within a programme, regions group owners. A person's
rights come only from memberships: a role held at one node of that tree.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
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


class Unit(models.Model):
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    owner = models.ForeignKey(
        Owner, on_delete=models.PROTECT, related_name="units", verbose_name=_("owner")
    )
    organisation_number = organisation_number_field()
    programmes = models.ManyToManyField(
        Programme,
        through="Enrolment",
        related_name="units",
        verbose_name=_("programmes"),
        blank=True,
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="unit_unique_name_per_owner")
        ]

    def __str__(self) -> str:
        return self.name


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

    class Meta:
        ordering = ["unit", "grade", "name"]
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="group_unique_name_per_unit"),
            models.CheckConstraint(
                condition=Q(kind="avdeling", grade__isnull=True)
                | Q(kind="klasse", grade__isnull=False),
                name="group_grade_only_for_classes",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Person(AbstractUser):
    """A staff member who logs in. Respondents never do: they use access codes."""

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Role(models.TextChoices):
    PROGRAMME_ADMIN = "programme_admin", _("Programme administrator")
    RESEARCHER = "researcher", _("Researcher")
    OBSERVER = "observer", _("County governor (observer)")
    REGION_COORDINATOR = "region_coordinator", _("Region coordinator")
    OWNER = "owner", _("School owner")
    UNIT_LEADER = "unit_leader", _("Unit leader")
    GROUP_LEADER = "group_leader", _("Group leader")
    STAFF = "staff", _("Staff")
    PPT_ADVISOR = "ppt_advisor", _("PPT advisor")
    UNION_REPRESENTATIVE = "union_representative", _("Union representative")


# Where each role may be held. The first scope listed is the usual one.
ROLE_SCOPES: dict[str, tuple[str, ...]] = {
    Role.PROGRAMME_ADMIN: ("programme",),
    Role.RESEARCHER: ("programme",),
    Role.OBSERVER: ("programme",),
    Role.REGION_COORDINATOR: ("region",),
    Role.OWNER: ("owner",),
    Role.UNIT_LEADER: ("unit",),
    Role.GROUP_LEADER: ("unit",),
    Role.STAFF: ("unit", "group"),
    Role.PPT_ADVISOR: ("unit",),
    Role.UNION_REPRESENTATIVE: ("programme", "owner"),
}
SCOPE_FIELDS = ("programme", "region", "owner", "unit", "group")


def _exactly_one_scope() -> Q:
    options = Q()
    for chosen in SCOPE_FIELDS:
        option = Q()
        for field in SCOPE_FIELDS:
            option &= Q(**{f"{field}__isnull": field != chosen})
        options |= option
    return options


class Membership(models.Model):
    """A person holds a role at exactly one node: a programme, region, owner, unit or group."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("programme")
    )
    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("region")
    )
    owner = models.ForeignKey(
        Owner, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("owner")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("unit")
    )
    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("group")
    )
    title = models.CharField(
        _("title"), max_length=120, blank=True, help_text=_("E.g. rektor, kontaktlærer.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(condition=_exactly_one_scope(), name="membership_one_scope"),
            *[
                models.UniqueConstraint(
                    fields=["person", "role", field],
                    condition=Q(**{f"{field}__isnull": False}),
                    name=f"membership_unique_{field}",
                )
                for field in SCOPE_FIELDS
            ],
        ]
        indexes = [models.Index(fields=["person", "role"])]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()} – {self.scope}"

    @property
    def scope_kind(self) -> str:
        for field in SCOPE_FIELDS:
            if getattr(self, f"{field}_id") is not None:
                return field
        return ""

    @property
    def scope(self) -> models.Model | None:
        kind = self.scope_kind
        return getattr(self, kind) if kind else None

    def clean(self) -> None:
        kind = self.scope_kind
        if not kind:
            raise ValidationError(_("Choose where the role is held."))
        chosen = [f for f in SCOPE_FIELDS if getattr(self, f"{f}_id") is not None]
        if len(chosen) > 1:
            raise ValidationError(_("A membership is held at one place only."))
        allowed = ROLE_SCOPES.get(self.role, ())
        if kind not in allowed:
            raise ValidationError(
                _("The role %(role)s cannot be held at this level."),
                params={"role": self.get_role_display()},
            )
