"""A notification's words in the language that is active: title and body from its
kind's texts (``sources``), a plain fallback when a kind has none."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from .kinds import Kind
from .sources import TEXTS


def title_and_body(kind: str, params: dict[str, Any]) -> tuple[str, str]:
    texts = TEXTS.get(kind)
    if texts is None:
        return str(Kind(kind).label) if kind in Kind.values else _("Notification"), ""
    return texts(params)
