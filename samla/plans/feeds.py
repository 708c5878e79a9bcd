"""Calendar subscriptions: an iCalendar feed per programme, per region and per role.

A feed's address carries a signed token instead of a login, since calendar apps cannot log
in. The token names what the feed shows and cannot be altered or guessed; changing
``SAMLA_SECRET_KEY`` (or ``SALT`` below) invalidates every address handed out."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch

from samla.core import signed
from samla.org.models import Programme, Region

from . import ics
from .models import Activity, Deadline, Plan, RegionalSession

SALT = "samla.plans.feed.v1"


@dataclass(frozen=True)
class Feed:
    programme_id: int
    region_id: int | None = None
    role: str = ""

    def token(self) -> str:
        return signed.token_for([self.programme_id, self.region_id, self.role], SALT)

    @classmethod
    def from_token(cls, token: str) -> Feed | None:
        try:
            programme_id, region_id, role = signed.value_of(token, SALT)
        except (ValueError, TypeError):
            return None
        return cls(programme_id, region_id, role)


def feed_calendar(feed: Feed) -> bytes | None:
    """The calendar a feed shows: the programme's shared plans, limited to a region's dates
    or to what concerns a role, with the deadlines of the role (or all, for the programme)."""
    programme = Programme.objects.filter(pk=feed.programme_id).first()
    if programme is None:
        return None
    region = None
    if feed.region_id is not None:
        region = Region.objects.filter(pk=feed.region_id, programme=programme).first()
        if region is None:
            return None
    plans = list(Plan.objects.filter(programme=programme, region__isnull=True))
    activities = (
        Activity.objects.filter(plan__in=plans)
        .select_related("plan")
        .prefetch_related(
            Prefetch("sessions", queryset=RegionalSession.objects.select_related("region"))
        )
        .order_by("plan__school_year", "order", "pk")
    )
    if feed.role:
        activities = [a for a in activities if a.concerns({feed.role})]
    deadlines = Deadline.objects.filter(programme=programme)
    if feed.role:
        deadlines = deadlines.filter(role=feed.role)
    elif region is not None:
        deadlines = deadlines.none()
    occurrences = []
    for plan in plans:
        occurrences += ics.deadline_occurrences(deadlines, plan.school_year)
    name = programme.name if region is None else f"{programme.name} – {region.name}"
    return ics.activities_to_ics(
        activities,
        calendar_name=name,
        region_ids={region.pk} if region else None,
        deadlines=occurrences,
    )
