"""Personal API tokens: a person's key to the read API (``samla.api``).

Only a hash of the token is stored. The token itself is shown once, when it is made; it
acts as the person, with their grants, never more (``samla.org.tokens``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=80)
    # The start of the token, shown in lists so the person can tell their tokens apart.
    prefix = models.CharField(max_length=16)
    # SHA-256 of the whole token, hex: tokens are long and random, so a fast hash is enough.
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    # Kept to the day (``samla.org.tokens``), so a busy token does not write on every call.
    last_used_on = models.DateField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
