"""Who exported what: the ``samla.access`` logger."""

from __future__ import annotations

import logging

from samla.surveys.models import Round

access_log = logging.getLogger("samla.access")


def log_export(person, round: Round, kind: str) -> None:
    """Record who exported what (the ``samla.access`` logger; a page may also keep a row).
    Writes ids and kinds only: never a figure or a name."""
    who = f"person:{person.pk}" if person is not None and person.pk else "command line"
    access_log.info("export %s of round %s by %s", kind, round.slug, who)
