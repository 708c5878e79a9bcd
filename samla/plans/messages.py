"""Translate what the Word importer says (:class:`~samla.plans.imported_plan.Message`).

The importer is plain Python and marks its English msgids with a ``gettext_noop`` of its own, so
makemessages puts them in the catalogues; here they are translated into the active language.
"""

from __future__ import annotations

from django.utils.translation import gettext

from samla.plans.imported_plan import Message


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
