"""The one refusal of the collection services."""

from __future__ import annotations

from ..models import Round


class CollectionError(Exception):
    """A respondent or a leader asked for something that cannot be done; ``reason`` says
    which, for the page to explain in the person's language."""

    def __init__(self, reason: str, round: Round | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.round = round
