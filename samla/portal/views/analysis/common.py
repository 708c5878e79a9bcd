"""What the analysis pages share: the phases' addresses (Norwegian slugs) and reading a
posted number."""

from __future__ import annotations

from django.urls import reverse

from samla.analysis.models import Analysis
from samla.analysis.phases import PHASE_SLUGS

SLUG_PHASES = {slug: phase for phase, slug in PHASE_SLUGS.items()}


def phase_url(analysis: Analysis, phase: str | None = None, anchor: str = "") -> str:
    slug = PHASE_SLUGS[phase or analysis.phase]
    url = reverse("portal:analysis_phase", kwargs={"pk": analysis.pk, "phase": slug})
    return f"{url}#{anchor}" if anchor else url


def to_int(value) -> int:
    """A posted id as a number; 0 (no row has it) when it is missing or not a number."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
