"""People and their roles: a person's rights come only from memberships."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .tree import Group, Owner, Programme, Region, Unit


class Person(AbstractUser):
    """A staff member who logs in. Respondents never do: they use access codes."""

    # The language the person last chose in Samla ("" until they choose): their e-mails
    # are written in it.
    language = models.CharField(_("language"), max_length=8, blank=True)
    # Unread notifications, kept by the notifications app: the bell on every page reads
    # it with the person, without a query of its own.
    unread_notifications = models.PositiveIntegerField(default=0)

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
