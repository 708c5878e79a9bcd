"""A result figure as the results pages show it, rendered in one call.

The pages show thousands of figures (a large school's classes side by side); an
``{% include %}``, ``floatformat`` and ``format_html`` per figure were most of their server
time. Numbers are formatted with Python's rounding and the language's decimal separator;
the only words, "hidden" and "no answers", are escaped once per language."""

from __future__ import annotations

from django import template
from django.utils.formats import get_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()

_words: dict[str | None, tuple[str, str]] = {}


def _texts() -> tuple[str, str]:
    """(a hidden figure, no answers) as HTML in the active language."""
    language = get_language()
    if language not in _words:
        title = escape(_("Hidden for anonymity"))
        reason = escape(_("hidden for anonymity"))
        nobody = escape(_("no answers"))
        hidden = f'<span title="{title}">–<span class="visually-hidden"> {reason}</span></span>'
        _words[language] = (hidden, f'<span class="muted">{nobody}</span>')
    return _words[language]


@register.simple_tag
def figure(value) -> SafeString:
    """Hidden: a dash with the reason for screen readers; nobody: "no answers"; otherwise the
    500-scale score (when there is one) and, muted, the mean and n; a cell that shows its
    n only: a dash for the mean."""
    hidden, nobody = _texts()
    if value is not None and value.hidden:
        return mark_safe(hidden)  # escaped above
    if value is None or value.n is None:
        return mark_safe(nobody)  # escaped above
    if value.mean is None:  # n only: the other figures would give hidden answers away
        return mark_safe(f'<span class="muted">({hidden}; n = {int(value.n)})</span>')
    mean = f"{value.mean:.2f}".replace(".", get_format("DECIMAL_SEPARATOR"))
    details = f'<span class="muted">({mean}; n = {int(value.n)})</span>'
    if value.score500 is None:
        return mark_safe(details)  # numbers only
    return mark_safe(f"<strong>{value.score500:.0f}</strong> {details}")  # numbers only


@register.simple_tag
def figure_cells(values) -> SafeString:
    """A table row's figures, each in its own cell: one call for the whole row."""
    return mark_safe("".join(f"<td>{figure(value)}</td>" for value in values))  # figure's
