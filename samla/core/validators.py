"""Form and model validators shared by the apps."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .time import is_school_year


def validate_school_year(value: str) -> None:
    """A school year as stored: two following years, "2021/2022"."""
    if not is_school_year(value):
        raise ValidationError(
            _("Write the school year as two following years, e.g. 2021/2022."),
            code="school_year",
        )
