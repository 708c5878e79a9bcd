from django import template
from django.utils import formats
from django.utils.translation import gettext as _

from samla.plans.exports import detail_blocks, goal_lines

register = template.Library()


@register.filter(name="goal_lines")
def goal_items(goals: str | None) -> list[str]:
    """The plan's goals, one per line, without bullet marks; none for a plan not yet there."""
    return goal_lines(goals or "")


@register.filter
def dates(item) -> str:
    """The dates a time expression was read as, e.g. "19.10.2026" or "19.10.2026 – 20.10.2026".

    Empty when the text gave no date."""
    if hasattr(item, "start_date"):  # a saved activity or session
        start, end = item.start_date, item.end_date
    else:  # a parsed When, as in the import preview
        start, end = item.start, item.end
    if start is None:
        return ""
    text = formats.date_format(start, "SHORT_DATE_FORMAT")
    if item.open_end:
        return _("from %(date)s") % {"date": text}
    if end and end != start:
        text = f"{text} – {formats.date_format(end, 'SHORT_DATE_FORMAT')}"
    if item.start_time:
        text += " " + formats.time_format(item.start_time, "H:i")
        if item.end_time:
            text += "–" + formats.time_format(item.end_time, "H:i")
    return text


@register.filter
def block_items(blocks):
    """Consecutive bullets as one list, as the exports write them."""
    return detail_blocks(blocks or [])


@register.filter
def one_line(text) -> str:
    """Line breaks as spaces: a browser drops them from a text field's value, running
    "Regionale work-shop" and "(Foreløpig utsatt)" together."""
    return " ".join(str(text or "").split())


@register.filter
def with_dates(sessions, editable_region_ids=()):
    """The regional sessions that say something: a region line the plan left empty ("SØR:")
    is no date, shown only to whoever may give it one (``editable_region_ids``). Takes saved
    sessions or the import preview's (region, When) pairs."""
    editable = set(editable_region_ids or ())
    return [
        session
        for session in sessions or []
        if _says_something(session) or getattr(session, "region_id", None) in editable
    ]


def _says_something(session) -> bool:
    if isinstance(session, tuple):  # the import preview's (region, When)
        return bool(session[1].text.strip())
    return bool(session.when_text.strip() or session.location.strip())
