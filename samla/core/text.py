"""Text that reaches storage without a Django form's field: posted by hand-written views,
or read from uploaded Word and Excel files.

Pure Python (no Django), so that the file readers can use it too. A form's ``CharField``
refuses a NUL byte; elsewhere nobody does, and PostgreSQL refuses NUL in text (a 500).
"""

from __future__ import annotations

import re

# C0 and C1 control characters and DEL, but not tab, line feed and carriage return, which
# people type. NUL is among them.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def clean_text(value: str | None) -> str:
    """Text as people meant it: control characters (NUL among them) taken out; tabs and
    line breaks kept."""
    return _CONTROL.sub("", value or "")
