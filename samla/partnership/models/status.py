from django.db import models
from django.utils.translation import gettext_lazy as _


class SubmissionStatus(models.TextChoices):
    """A document the owner or the forum writes, then hands in; handed in, it is locked."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
