"""What Samla has told whom, and how each person wants to be told.

A notification is made once: (person, key) is unique, and the key names the occasion
(``deadline_week:<deadline>:<date>``), so running the sources again adds nothing. Its
e-mail moves through ``MailState`` on the same row: the sent log is the row itself, and a
worker claims a row before it sends, so two workers never send the same one."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samla.org.models import Programme

from .kinds import Channel, Kind


class MailState(models.TextChoices):
    NONE = "none", _("No e-mail")  # the person wants it only in Samla, or has no address
    PENDING = "pending", _("Waiting to be sent")
    CLAIMED = "claimed", _("Being sent")
    SENT = "sent", _("Sent")
    DIGEST = "digest", _("Waiting for the daily digest")
    IN_DIGEST = "in_digest", _("Sent in a daily digest")
    FAILED = "failed", _("Could not be sent")
    INTERRUPTED = "interrupted", _("Interrupted while sending")


class Notification(models.Model):
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    key = models.CharField(max_length=200)
    # A deleted programme leaves its notifications (and the bell's count) as they were.
    programme = models.ForeignKey(Programme, null=True, blank=True, on_delete=models.SET_NULL)
    # Where the notification leads: a path inside Samla (the mail makes it absolute).
    link = models.CharField(max_length=400)
    # What the texts need, as plain JSON: names of things and dates, never others'
    # personal data or result figures.
    params = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    mail_state = models.CharField(max_length=20, choices=MailState.choices)
    mail_attempts = models.PositiveSmallIntegerField(default=0)
    mail_next_at = models.DateTimeField(null=True, blank=True)
    mail_claimed_at = models.DateTimeField(null=True, blank=True)
    mail_claim = models.CharField(max_length=40, blank=True)
    mail_sent_at = models.DateTimeField(null=True, blank=True)
    # The class of the last error only (an SMTP error's text can hold the address).
    mail_error = models.CharField(max_length=80, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["person", "key"], name="notification_once"),
        ]
        indexes = [
            models.Index(fields=["mail_state", "mail_next_at"], name="notification_mail"),
            models.Index(fields=["person", "read_at"], name="notification_unread"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.person_id}"


class MailChoice(models.Model):
    """A person's choice for one kind; no row means ``Channel.IMMEDIATELY``."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mail_choices"
    )
    kind = models.CharField(max_length=40, choices=Kind.choices)
    channel = models.CharField(max_length=20, choices=Channel.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "kind"], name="mail_choice_once"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.channel}"


class DigestSent(models.Model):
    """A person's daily digest of one day, claimed before it is sent: never two a day."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    day = models.DateField()
    claimed_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "day"], name="digest_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.day}"


class AddressProblem(models.Model):
    """An address the mail server refused or that cannot be an address, shown to the
    person's programme administrators until the address changes."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="address_problems"
    )
    address = models.CharField(max_length=254)
    reason = models.CharField(max_length=80)
    noticed_at = models.DateTimeField()

    class Meta:
        ordering = ["-noticed_at"]
        constraints = [
            models.UniqueConstraint(fields=["person", "address"], name="address_problem_once"),
        ]

    def __str__(self) -> str:
        return self.reason


class NotificationSettings(models.Model):
    """A programme's settings for reminders (made with defaults when first read)."""

    programme = models.OneToOneField(
        Programme, on_delete=models.CASCADE, related_name="notification_settings"
    )
    low_rate_percent = models.PositiveSmallIntegerField(
        _("remind unit leaders when fewer than this share have answered halfway (%)"),
        default=50,
    )

    def __str__(self) -> str:
        return str(self.programme)
