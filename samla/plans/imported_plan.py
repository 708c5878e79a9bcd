"""What the Word importer yields: a plan's activities, notes, skipped parts and warnings.

Plain frozen data (no Django, no python-docx), built by :func:`samla.plans.docx_import.read_plan`.
``as_dict()`` gives the JSON the import command prints and the Django layer reads: dates as ISO
strings or None.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, NamedTuple

from samla.plans.when import Term, When


class BlockKind(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    BULLET = "bullet"


class Status(StrEnum):
    PLANNED = "planned"
    TENTATIVE = "tentative"
    POSTPONED = "postponed"
    CANCELLED = "cancelled"
    DONE = "done"


@dataclass(frozen=True)
class RegionName:
    """How the caller's programme names a region: ``key`` comes back in the sessions."""

    key: str
    names: tuple[str, ...]


@dataclass(frozen=True)
class Block:
    """A piece of an activity's text: a heading, a paragraph or a bullet item."""

    kind: BlockKind
    text: str

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind.value, "text": self.text}


class Source(NamedTuple):
    """Where a row stands, counted from 1 as a person reading the document counts."""

    table: int
    row: int

    def describe(self) -> str:
        return f"Tabell {self.table}, rad {self.row}"


@dataclass(frozen=True)
class ImportedSession:
    """An activity's session in one region; ``when`` is empty when the plan gives no date."""

    region: str
    when: When

    def as_dict(self) -> dict[str, Any]:
        return {
            "region": self.region,
            "text": self.when.text,
            "start": _iso(self.when.start),
            "end": _iso(self.when.end),
        }


@dataclass(frozen=True)
class ImportedActivity:
    """One row of the plan; ``warnings`` say what was not understood (the text is kept)."""

    title: str
    details: tuple[Block, ...]
    responsible: str
    audience: str
    when: When
    sessions: tuple[ImportedSession, ...]
    term: Term | None
    source: Source
    warnings: tuple[str, ...] = ()

    @property
    def status(self) -> Status:
        if self.when.postponed:
            return Status.POSTPONED
        if self.when.tentative:
            return Status.TENTATIVE
        return Status.PLANNED

    def as_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "details": [block.as_dict() for block in self.details],
            "responsible": self.responsible,
            "audience": self.audience,
            "status": self.status.value,
            "when": {
                "text": self.when.text,
                "start": _iso(self.when.start),
                "end": _iso(self.when.end),
                "precision": None if self.when.precision is None else self.when.precision.value,
                "tentative": self.when.tentative,
            },
            "sessions": [session.as_dict() for session in self.sessions],
            "term": None if self.term is None else self.term.value,
            "source": {"table": self.source.table, "row": self.source.row},
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True)
class Note:
    """A row of the plan that is a remark, not an activity ("OBS: …")."""

    text: str
    source: Source


@dataclass(frozen=True)
class Skipped:
    """A table that is not a plan (``row`` None), or a row outside the plan's rows."""

    table: int
    row: int | None
    reason: str
    text: str

    def as_dict(self) -> dict[str, Any]:
        return {"table": self.table, "row": self.row, "reason": self.reason, "text": self.text}


@dataclass(frozen=True)
class ImportedPlan:
    activities: tuple[ImportedActivity, ...]
    notes: tuple[Note, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    # Everything the reader noticed, in document order, each saying where ("Tabell 1, rad 3: …");
    # an activity's own warnings are also on the activity.
    warnings: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "activities": [activity.as_dict() for activity in self.activities],
            "notes": [
                {"text": note.text, "table": note.source.table, "row": note.source.row}
                for note in self.notes
            ],
            "skipped": [skipped.as_dict() for skipped in self.skipped],
            "warnings": list(self.warnings),
        }


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()
