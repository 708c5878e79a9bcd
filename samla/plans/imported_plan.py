"""What the Word importer yields: a plan's activities, notes, skipped parts and warnings.

Plain frozen data (no Django, no python-docx), built by :func:`samla.plans.docx_import.read_plan`.
``as_dict()`` gives the JSON the import command prints and the Django layer reads: dates as ISO
strings or None.

What the importer says to the user is a :class:`Message`: an English msgid marked with
:func:`gettext_noop` (so Django's makemessages finds it) and its parameters. ``str()`` gives the
English text; the Django layer translates with :func:`samla.plans.messages.translate`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any, NamedTuple, TypeAlias

from samla.plans.when_values import Term, When


def gettext_noop(message: str) -> str:
    """Mark ``message`` for translation without translating it: makemessages extracts it."""
    return message


@dataclass(frozen=True)
class Message:
    """A message for the user: ``msgid`` is an English template with ``%(name)s`` placeholders."""

    msgid: str
    params: Mapping[str, object] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.msgid % self.params if self.params else self.msgid

    def __hash__(self) -> int:
        return hash((self.msgid, tuple(sorted(self.params.items()))))


# How as_dict() writes a message: English by default, the Django layer passes its translation.
MessageText: TypeAlias = Callable[[Message], str]


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

    def describe(self) -> Message:
        msgid = gettext_noop("Table %(table)s, row %(row)s")
        return Message(msgid, {"table": self.table, "row": self.row})


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
    """One row of the plan; ``warnings`` say what was not understood (the text is kept).

    The activity's warnings do not say where the row is (``source`` does); the plan's do.
    """

    title: str
    details: tuple[Block, ...]
    responsible: str
    audience: str
    when: When
    sessions: tuple[ImportedSession, ...]
    term: Term | None
    source: Source
    warnings: tuple[Message, ...] = ()

    @property
    def status(self) -> Status:
        if self.when.postponed:
            return Status.POSTPONED
        if self.when.tentative:
            return Status.TENTATIVE
        return Status.PLANNED

    def as_dict(self, message_text: MessageText = str) -> dict[str, Any]:
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
            "warnings": [message_text(warning) for warning in self.warnings],
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
    reason: Message
    text: str

    def as_dict(self, message_text: MessageText = str) -> dict[str, Any]:
        reason = message_text(self.reason)
        return {"table": self.table, "row": self.row, "reason": reason, "text": self.text}


@dataclass(frozen=True)
class ImportedPlan:
    activities: tuple[ImportedActivity, ...]
    notes: tuple[Note, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    # Everything the reader noticed, in document order, each saying where ("Table 1, row 3: …");
    # an activity's own warnings are also on the activity, without the place.
    warnings: tuple[Message, ...] = ()
    # The plan's goals ("Mål:" and its bullets above the table), one per item.
    goals: tuple[str, ...] = ()

    def as_dict(self, message_text: MessageText = str) -> dict[str, Any]:
        """The JSON shape; ``message_text`` writes the messages: English unless told otherwise.

        "goals" is there only when the document states goals, so the shape of a plan without
        them stays as it was."""
        goals = {"goals": list(self.goals)} if self.goals else {}
        return {
            **goals,
            "activities": [activity.as_dict(message_text) for activity in self.activities],
            "notes": [
                {"text": note.text, "table": note.source.table, "row": note.source.row}
                for note in self.notes
            ],
            "skipped": [skipped.as_dict(message_text) for skipped in self.skipped],
            "warnings": [message_text(warning) for warning in self.warnings],
        }


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()
