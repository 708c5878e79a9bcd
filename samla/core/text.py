"""Text helpers shared by every app.

``clean_text``: text that reaches storage without a Django form's field, posted by
hand-written views, or read from uploaded Word and Excel files. A form's ``CharField``
refuses a NUL byte; elsewhere nobody does, and PostgreSQL refuses NUL in text (a 500).

``label_in``: the one rule for picking a questionnaire's label (a mapping of language code
to text) in a language; ``label_language``: which language that rule picked.

Pure Python (no Django), so that the file readers can use it too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

# C0 and C1 control characters and DEL, but not tab, line feed and carriage return, which
# people type. NUL is among them.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

# The language a label falls back to when it has none in the language asked for.
FALLBACK_LANGUAGE = "nb"


def clean_text(value: str | None) -> str:
    """Text as people meant it: control characters (NUL among them) taken out; tabs and
    line breaks kept."""
    return _CONTROL.sub("", value or "")


def label_in(
    labels: Mapping[str, str] | str | None,
    language: str | None = None,
    fallback: str | None = FALLBACK_LANGUAGE,
) -> str:
    """A label in ``language``; when it has no text there, in ``fallback`` (Bokmål unless
    the caller names another, e.g. the questionnaire's default language); else the first
    non-empty text in any language; else "".

    A plain string (an old snapshot's label) is its own label; ``None`` is ""."""
    if labels is None:
        return ""
    if not isinstance(labels, Mapping):
        return str(labels)
    code = label_language(labels, language, fallback)
    return labels[code] if code is not None else ""


def label_language(
    labels: Mapping[str, str] | str | None,
    language: str | None = None,
    fallback: str | None = FALLBACK_LANGUAGE,
) -> str | None:
    """The language of the text ``label_in`` picks with the same arguments: ``language``
    when the label has text there, else the language it fell back to; ``None`` when there
    is no text, or when a plain string does not say its language. A page marks a label in
    another language than its own with ``lang`` (WCAG 3.1.2)."""
    if not isinstance(labels, Mapping):
        return None
    for code in (language, fallback):
        if code and labels.get(code):
            return code
    return next((code for code, text in labels.items() if text), None)
