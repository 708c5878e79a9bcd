"""A page's answers read from what the respondent's form posted, against the instrument.

Pure Python, no Django. The answer page posts one field per question, named by its item
code: one value for a single choice, an integer or a text, any number of values for a
multiple choice. Anything else is dropped (None): a value that is not one of the item's
choices, a number that is not a whole number within the item's bounds. Texts are trimmed
and cut at :data:`TEXT_LIMIT` characters. So a draft holds only answers the instrument
allows, whoever posts them.

``posted`` is a Django ``QueryDict`` (its ``getlist`` gives a multiple choice's values) or
any mapping of item code to a value or a list of values (simulated respondents, tests).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .instrument import Instrument, Item

TEXT_LIMIT = 2000


def _values(posted: Mapping[str, Any], code: str) -> list[Any]:
    getlist = getattr(posted, "getlist", None)
    if callable(getlist):
        return list(getlist(code))
    value = posted.get(code)
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def _text(posted: Mapping[str, Any], code: str) -> str:
    value = posted.get(code)
    return "" if value is None else str(value).strip()


def _integer(item: Item, raw: str) -> int | None:
    try:
        number = int(raw)
    except ValueError:
        return None
    if item.minimum is not None and number < item.minimum:
        return None
    if item.maximum is not None and number > item.maximum:
        return None
    return number


def page_answers(instrument: Instrument, page: int, posted: Mapping[str, Any]) -> dict:
    """Item code → answer (None where nothing usable was posted) for every question on the
    instrument's page number ``page``; notes and codes of other pages are left out."""
    answers: dict = {}
    for code in instrument.pages[page].item_codes:
        item = instrument.item(code)
        if item.kind == "multiple":
            allowed = item.choice_values()
            answers[code] = [v for v in _values(posted, code) if v in allowed] or None
        elif item.kind == "single":
            value = posted.get(code)
            answers[code] = value if value in item.choice_values() else None
        elif item.kind == "integer":
            answers[code] = _integer(item, _text(posted, code))
        elif item.kind == "text":
            answers[code] = _text(posted, code)[:TEXT_LIMIT] or None
    return answers
