"""The needs reports' line on the partnership page: whether it shows, and the deadline."""

from __future__ import annotations

from django import template
from django.utils import timezone

from samla.partnership import access
from samla.partnership.queries import needs as queries

register = template.Library()


@register.simple_tag
def needs_hub_entry(programme, user) -> dict | None:
    """For owners, forum members, the county governor, administrators and partners'
    contacts: the coming deadline and whether the person writes a report."""
    is_owner = bool(access.owner_ids(user, programme))
    if not (
        is_owner or queries.reads_overview(user, programme) or access.partner_ids(user, programme)
    ):
        return None
    settings = queries.scheme(programme)
    year = queries.year_due(settings, timezone.localdate())
    return {"is_owner": is_owner, "deadline": queries.deadline(settings, year)}
