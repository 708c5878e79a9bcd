"""A result figure as the results pages show it, rendered in one call.

The pages show thousands of figures (a large school's classes side by side); an
``{% include %}``, ``floatformat`` and ``format_html`` per figure were most of their server
time. Numbers are formatted with Python's rounding and the language's decimal separator;
the only words, "hidden" and "no answers", are escaped once per language. A hidden figure
is a dash that screen readers skip, and the word "hidden" that only they read: the
reason beside it is text on the page (``results/includes/hidden_reason.html``), never a
tooltip."""

from __future__ import annotations

from urllib.parse import urlencode

from django import template
from django.urls import reverse
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
        reason = escape(_("hidden for anonymity"))
        nobody = escape(_("no answers"))
        hidden = (
            '<span class="hidden-figure"><span aria-hidden="true">–</span>'
            f'<span class="visually-hidden">{reason}</span></span>'
        )
        _words[language] = (hidden, f'<span class="muted">{nobody}</span>')
    return _words[language]


def _figure_html(value, hidden: str, nobody: str, separator: str) -> str:
    """:func:`figure` with the words and the decimal separator looked up by the caller."""
    if value is None:
        return nobody
    if value.hidden:
        return hidden
    if value.n is None:
        return nobody
    if value.mean is None:  # n only: the other figures would give hidden answers away
        return f'<span class="muted">({hidden}; n = {int(value.n)})</span>'
    mean = f"{value.mean:.2f}".replace(".", separator)
    details = f'<span class="muted">({mean}; n = {int(value.n)})</span>'
    if value.score500 is None:
        return details
    return f"<strong>{value.score500:.0f}</strong> {details}"


@register.simple_tag
def figure(value) -> SafeString:
    """Hidden: a dash with the reason for screen readers; nobody: "no answers"; otherwise the
    500-scale score (when there is one) and, muted, the mean and n; a cell that shows its
    n only: a dash for the mean."""
    hidden, nobody = _texts()
    # The words are escaped in _texts, the rest is numbers.
    return mark_safe(_figure_html(value, hidden, nobody, get_format("DECIMAL_SEPARATOR")))


@register.filter
def may_open(node, nodes) -> bool:
    """Whether the person may open the node's page (``nodes``: what
    ``samla.results.access.result_nodes`` gave them)."""
    return node is not None and node.id in nodes.get(node.kind, ())


@register.inclusion_tag("results/includes/hidden_reason.html", takes_context=True)
def hidden_reason(context, shown_at, anchor: str, group: str = "", scale: str = "") -> dict:
    """Why a figure of the page's own node is hidden, in words beside it, and the nearest
    level above that shows the same figure (``shown_at``, from the comparisons): a link to
    that level's page — its index page when ``group`` and ``scale`` are given, at
    ``#anchor`` — where the person may open it, its name otherwise (its figure stands
    beside, among the comparisons). Wants ``round``, ``nodes`` and ``threshold`` in the
    page's context (and ``band`` on a node's page)."""
    link = ""
    if shown_at is not None and may_open(shown_at, context.get("nodes") or {}):
        slug = context["round"].slug
        if scale:
            link = reverse(
                "portal:scale_results", args=[slug, shown_at.kind, shown_at.id, group, scale]
            )
        else:
            link = reverse("portal:node_results", args=[slug, shown_at.kind, shown_at.id])
            if context.get("band"):
                link += "?" + urlencode({"trinn": context["band"]})
        link += f"#{anchor}"
    return {"threshold": context.get("threshold"), "shown_at": shown_at, "link": link}


@register.simple_tag
def figure_cells(values) -> SafeString:
    """A table row's figures, each in its own cell: one call for the whole row."""
    hidden, nobody = _texts()  # the language's words and separator once for the row
    separator = get_format("DECIMAL_SEPARATOR")
    return mark_safe(  # as figure's
        "".join(f"<td>{_figure_html(v, hidden, nobody, separator)}</td>" for v in values)
    )
