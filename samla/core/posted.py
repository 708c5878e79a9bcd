"""Values a view reads from a request itself, without a Django form.

A form's fields check their input (an ``IntegerField`` refuses "abc", a ``CharField``
refuses a NUL byte); a value read straight from ``request.POST`` is checked by nobody.
Views that read one use these helpers (and :func:`samla.core.text.clean_text` for text),
so that bad input ends in a 4xx and never reaches the database as something it refuses.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from django.http import Http404

# An object's id as the database can hold it: 1 … 2^63 − 1, ASCII digits only
# ("²".isdigit() is true, int("²") fails).
_ID = re.compile(r"[0-9]{1,19}")
MAX_ID = 2**63 - 1


def posted_id(data: Mapping[str, str], name: str) -> int:
    """The id posted as ``name``. Missing, not a whole number, zero, negative or too large:
    no object has such an id, so 404 — as for an id outside the person's scope."""
    raw = (data.get(name) or "").strip()
    if not _ID.fullmatch(raw):
        raise Http404
    value = int(raw)
    if not 0 < value <= MAX_ID:
        raise Http404
    return value
