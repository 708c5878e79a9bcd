"""The ``<option>`` elements of a select that a page repeats on every row (a group per
staff member, a leader per group): escaped once per page, and each select marks only its
own choice. A school of 232 staff and 42 groups has about 20 000 such options; written by
the template loop, they took most of the page's time."""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


class Options:
    """``(value, label)`` pairs as ``<option>`` elements, made once."""

    def __init__(self, choices: Iterable[tuple[object, object]]) -> None:
        self._parts = {
            str(value): format_html('<option value="{}">{}</option>', value, label)
            for value, label in choices
        }
        self._html = "".join(self._parts.values())

    def marked(self, selected: object) -> SafeString:
        """The options with ``selected`` chosen (none when it is not among them)."""
        part = self._parts.get("" if selected is None else str(selected))
        if part is None:
            return mark_safe(self._html)
        chosen = part.replace('">', '" selected>', 1)
        return mark_safe(self._html.replace(part, chosen, 1))


@register.simple_tag
def options(choices: Options, selected: object) -> SafeString:
    return choices.marked(selected)
