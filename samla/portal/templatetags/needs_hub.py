"""The needs reports' line on the partnership page: whether it shows, and the deadline."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils import timezone

from samla.org.models import Role
from samla.partnership import access
from samla.partnership.models import SchemeSettings
from samla.partnership.queries import needs as queries
from samla.plans.models import Deadline

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


@register.simple_tag
def needs_deadline_url(due_deadline, user) -> str:
    """The needs reports' page for an owner's deadline on the home page (a ``DueDeadline``)
    that falls on the programme's needs deadline, where the person writes needs reports
    there; else "". Other roles' deadlines cost no query."""
    if due_deadline.role_label != str(Role.OWNER.label):
        return ""
    found = (
        Deadline.objects.filter(pk=due_deadline.deadline_id, role=Role.OWNER)
        .select_related("programme")
        .first()
    )
    if found is None or not SchemeSettings.objects.filter(programme=found.programme).exists():
        return ""
    due = due_deadline.due
    if due != queries.deadline(queries.scheme(found.programme), due.year):
        return ""
    if not access.owner_ids(user, found.programme):
        return ""
    return reverse("portal:partnership_needs", kwargs={"slug": found.programme.slug})
