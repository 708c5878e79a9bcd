"""iCalendar (RFC 5545) files as every Samla calendar writes them: the header, the
Europe/Oslo VTIMEZONE when an event has a time of day, then the events.

The action plans (``samla/plans/ics.py``) and the learning groups' meeting feeds
(``samla/learning/feeds.py``) build their events and hand them here."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard


def calendar_file(events: Iterable[Event], *, product: str, name: str) -> bytes:
    """The calendar ``name`` holding ``events``, as bytes. ``product`` is the PRODID's
    middle part ("Action plan export"). Times are Europe/Oslo: the VTIMEZONE is added when
    any event starts at a time of day (all-day events need none)."""
    events = list(events)
    calendar = Calendar()
    calendar.add("prodid", f"-//Samla//{product}//NO")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Oslo")
    if any(isinstance(event.decoded("dtstart"), datetime) for event in events):
        calendar.add_component(oslo_timezone())
    for event in events:
        calendar.add_component(event)
    return calendar.to_ical()


def oslo_timezone() -> Timezone:
    """Europe/Oslo as a VTIMEZONE."""
    # The EU summer-time rule Norway follows (since 1996), written as rules rather than a
    # list of dates, so that it holds for every year a plan may reach.
    timezone = Timezone()
    timezone.add("tzid", "Europe/Oslo")
    for kind, name, offsets, start, month in (
        (TimezoneDaylight, "CEST", (1, 2), datetime(1996, 3, 31, 2), 3),
        (TimezoneStandard, "CET", (2, 1), datetime(1996, 10, 27, 3), 10),
    ):
        part = kind()
        part.add("tzname", name)
        part.add("dtstart", start)
        part.add("tzoffsetfrom", timedelta(hours=offsets[0]))
        part.add("tzoffsetto", timedelta(hours=offsets[1]))
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        timezone.add_component(part)
    return timezone
