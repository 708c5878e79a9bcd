"""Rules every change to an analysis shares: a closed analysis takes no changes, a text
the person must write is not empty, and opening the measures moves the phase on."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..models import Analysis, Phase, Status
from ..phases import PHASES


def refuse_if_closed(analysis: Analysis) -> None:
    if analysis.status == Status.CLOSED:
        raise ValidationError(_("The analysis is closed. Start a new analysis to go on."))


def required_text(value: str, field: str, message: str) -> str:
    """``value`` stripped; refused on ``field`` with ``message`` when nothing is left."""
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


def move_on_to_measures(analysis: Analysis) -> None:
    """The phase becomes measures unless the group is there or further already (not
    saved: the caller saves)."""
    if PHASES.index(analysis.phase) < PHASES.index(Phase.MEASURES):
        analysis.phase = Phase.MEASURES
