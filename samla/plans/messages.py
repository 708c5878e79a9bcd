"""Translate what the Word importer says (:class:`~samla.plans.imported_plan.Message`), and
the note a plan copied into the next school year puts on a date to check.

The importer is plain Python and marks its English msgids with a ``gettext_noop`` of its own, so
makemessages puts them in the catalogues; here they are translated into the active language.
"""

from __future__ import annotations

from django.utils import formats
from django.utils.translation import gettext, gettext_lazy

from samla.org.models import Region
from samla.plans.imported_plan import Message
from samla.plans.roll_forward import Holiday, Rolled


def translate(message: Message) -> str:
    """The message in the active language, its parameters filled in (messages among them too)."""
    text = gettext(message.msgid)
    if not message.params:
        return text
    params = {
        name: translate(value) if isinstance(value, Message) else value
        for name, value in message.params.items()
    }
    return text % params


def review_note(rolled: Rolled, region: Region | None = None) -> str:
    """ "Check the date: moved from 19.3.2026 to 18.3.2027, in the Easter holiday." """
    reasons = [str(HOLIDAY_REASONS[rolled.holiday])] if rolled.holiday else []
    if rolled.other_month:
        reasons.append(gettext("in another month"))
    params = {
        "old": formats.date_format(rolled.moved_from, "SHORT_DATE_FORMAT"),
        "new": formats.date_format(rolled.when.start, "SHORT_DATE_FORMAT"),
        "reasons": gettext(" and ").join(reasons),
    }
    if region is None:
        return gettext("Check the date: moved from %(old)s to %(new)s, %(reasons)s.") % params
    params["region"] = region.short_name
    return (
        gettext("Check the date in %(region)s: moved from %(old)s to %(new)s, %(reasons)s.")
        % params
    )


HOLIDAY_REASONS = {
    Holiday.EASTER: gettext_lazy("in the Easter holiday"),
    Holiday.CHRISTMAS: gettext_lazy("in the Christmas holiday"),
    Holiday.PUBLIC: gettext_lazy("on a public holiday"),
}
