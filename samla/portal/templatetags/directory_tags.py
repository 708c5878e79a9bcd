"""Whether the person looks after part of a programme, for a link to its organisation
pages from pages the directory does not own (the programme page)."""

from __future__ import annotations

from django import template

from samla.org import stewardship

register = template.Library()


@register.simple_tag(takes_context=True)
def is_steward(context, programme) -> bool:
    return stewardship.is_steward(context["request"].user, programme)
