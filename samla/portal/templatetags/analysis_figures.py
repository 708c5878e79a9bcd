"""Figures of an analysis's frozen evidence, shown as the results pages show theirs."""

from __future__ import annotations

from types import SimpleNamespace

from django import template
from django.utils.safestring import SafeString

from samla.core import text

from .result_figures import figure

register = template.Library()


@register.simple_tag
def frozen_figure(row: dict) -> SafeString:
    """A snapshot row (plain JSON: n, mean, score500, hidden) as the ``figure`` tag draws it."""
    return figure(
        SimpleNamespace(
            hidden=bool(row.get("hidden")),
            n=row.get("n"),
            mean=row.get("mean"),
            score500=row.get("score500"),
        )
    )


@register.filter
def label_in(labels: dict, language: str) -> str:
    """A label of the questionnaire in the page's language (Bokmål when missing)."""
    return text.label_in(labels, language)
