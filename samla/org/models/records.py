"""What is kept about changes to the organisation: invitations, the history of who
changed what, and uploaded files on their way in."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .people import Person, Role
from .tree import Owner, Programme, Unit


class Invitation(models.Model):
    """A one-time activation link sent to a new person. Only a hash of the link's key is
    kept; the key itself is in the e-mail alone. Activating sets the person's own password
    (or links their Feide login) and uses the invitation up."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("person")
    )
    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("programme"),
    )
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    times_sent = models.PositiveSmallIntegerField(_("times sent"), default=0)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("activated"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        indexes = [models.Index(fields=["programme", "accepted_at"])]

    def __str__(self) -> str:
        return f"{self.person} ({self.created_at:%Y-%m-%d})"


class ChangeAction(models.TextChoices):
    GRANTED = "granted", _("Role granted")
    REVOKED = "revoked", _("Role revoked")
    DEACTIVATED = "deactivated", _("Person deactivated")
    REACTIVATED = "reactivated", _("Person reactivated")
    INVITED = "invited", _("Invitation sent")
    ACTIVATED = "activated", _("Account activated")
    IMPORTED = "imported", _("Imported")
    SCHOOL_YEAR = "school_year", _("New school year")


class OrgChange(models.Model):
    """Who changed what in the organisation: one line per role granted or revoked, person
    deactivated, invitation, import or new school year. Kept when the role is gone: the
    role and the place are copied here as text."""

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="org_changes",
        verbose_name=_("person"),
    )
    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("programme"),
    )
    action = models.CharField(_("what"), max_length=20, choices=ChangeAction.choices)
    role = models.CharField(_("role"), max_length=30, blank=True, choices=Role.choices)
    place = models.CharField(_("where"), max_length=300, blank=True)
    detail = models.CharField(_("detail"), max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("change in the organisation")
        verbose_name_plural = _("changes in the organisation")
        indexes = [models.Index(fields=["programme", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()}"


class ImportKind(models.TextChoices):
    NSR = "nsr", _("School register (NSR), JSON")
    NBR = "nbr", _("Kindergarten register (NBR), JSON")
    UNIT_LIST = "csv", _("List of units, CSV or Excel")
    WORKBOOK = "workbook", _("Classes and staff, Samla's workbook")


class ImportState(models.TextChoices):
    CHECKING = "checking", _("Checking the file")
    CHECKED = "checked", _("Ready to apply")
    INVALID = "invalid", _("The file has errors")
    APPLYING = "applying", _("Applying")
    APPLIED = "applied", _("Applied")
    FAILED = "failed", _("Failed")


class OrgImport(models.Model):
    """One uploaded file on its way into the organisation: checked (a preview of what
    would change, or the errors per row), then applied in one transaction. The task worker
    does both and counts its progress here for the page's progress bar."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="imports", verbose_name=_("programme")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ImportKind.choices)
    owner = models.ForeignKey(
        Owner,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
        help_text=_("The owner a workbook was uploaded for, if not the whole programme."),
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit"),
        help_text=_("The unit a workbook was uploaded for, if only one."),
    )
    file_name = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("content"))
    created_by = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    state = models.CharField(
        _("state"), max_length=10, choices=ImportState.choices, default=ImportState.CHECKING
    )
    done = models.PositiveIntegerField(_("rows done"), default=0)
    total = models.PositiveIntegerField(_("rows in all"), default=0)
    preview = models.JSONField(_("preview"), default=dict, blank=True)
    outcome = models.JSONField(_("outcome"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    # The uploader's language: the preview's messages are written in it.
    language = models.CharField(_("language"), max_length=10, blank=True)
    confirm_removals = models.BooleanField(
        _("roles of people not in the file removed"), default=False
    )
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.file_name}"

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0
