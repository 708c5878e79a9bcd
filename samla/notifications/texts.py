"""A notification's words in the language that is active: title and body from its
kind's texts (``sources``), a plain fallback when a kind has none or its texts cannot
read the stored params (a row made by an older version).

The words hold what people typed (a meeting's place, an analysis's title), and they
reach others by e-mail. So each is one line of plain text: line breaks and other white
space become one space (typed lines must not write lines of the plain-text mail, such as
a false link under "See it in Samla"), and control characters and bidirectional
embeddings, overrides and isolates are dropped (typed into a title they would turn the
rest of the subject or the list's line around)."""

from __future__ import annotations

import logging
import unicodedata
from typing import Any

from django.utils.translation import gettext as _

from .kinds import Kind
from .sources import TEXTS

log = logging.getLogger(__name__)

# U+202A–U+202E (embeddings, overrides, their end) and U+2066–U+2069 (isolates).
_BIDI_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])


def one_line(text: str) -> str:
    """``text`` as one line of plain words (see the module)."""
    words = " ".join(str(text).translate(_BIDI_CONTROLS).split())
    return "".join(char for char in words if unicodedata.category(char) != "Cc")


def title_and_body(kind: str, params: dict[str, Any]) -> tuple[str, str]:
    label = str(Kind(kind).label) if kind in Kind.values else _("Notification")
    texts = TEXTS.get(kind)
    if texts is None:
        return label, ""
    try:
        title, body = texts(params)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        # One unreadable row must not break the list or the run: its kind's name stands in.
        log.warning("notifications: the texts of %s cannot read its params (%s)", kind, error)
        return label, ""
    return one_line(title), one_line(body)
