"""The needs reports on other pages: the partnership page's line with the deadline, and a
link from the owner's needs deadline on the home page."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils import timezone

from samla.org.models import Role
from samla.partnership.queries import needs as queries

register = template.Library()


@register.simple_tag
def needs_hub_entry(programme, user) -> dict | None:
    return queries.hub_entry(user, programme, timezone.localdate())


@register.simple_tag
def needs_deadline_url(due_deadline, user) -> str:
    """The needs reports' page for an owner's deadline on the home page (a ``DueDeadline``)
    that falls on the programme's needs deadline, where the person writes needs reports
    there; else "". Other roles' deadlines cost no query."""
    if due_deadline.role_label != str(Role.OWNER.label):
        return ""
    programme = queries.needs_programme_of_deadline(
        user, due_deadline.deadline_id, due_deadline.due
    )
    if programme is None:
        return ""
    return reverse("portal:partnership_needs", kwargs={"slug": programme.slug})
