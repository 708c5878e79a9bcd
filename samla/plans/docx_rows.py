"""How the text of one plan row is read for :mod:`docx_import`: the lines that tie a time
to a region (:class:`RegionIndex`), the activity's title and details
(:func:`title_and_details`), note rows (:data:`NOTE`) and the warnings a row can get
(:class:`RowWarning`), gathered per row in :class:`RowParts`.

Pure Python (no Django)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from samla.plans.docx_tables import Paragraph, clean_line
from samla.plans.imported_plan import (
    Block,
    BlockKind,
    ImportedSession,
    Message,
    RegionName,
    Source,
    gettext_noop,
)
from samla.plans.when import split_labelled_line
from samla.plans.when_values import When

NOTE = re.compile(r"(?:obs|nb|merk|merknad|husk|viktig)\b\s*[!:.]?", re.I)
# Words in a time cell that say when, not what: they are no activity's title.
_WHEN_WORD = re.compile(
    "m[aå]ndag|tirsdag|tysdag|onsdag|torsdag|fredag|lørdag|laurdag|søndag|sundag"
    "|kl|klokka|klokken|ca|og"
)


class RowWarning(NamedTuple):
    """A warning about one row: on its own for the activity, with the row's place for the plan."""

    alone: str
    located: str

    def messages(self, source: Source, params: dict[str, object]) -> tuple[Message, Message]:
        place = {"table": source.table, "row": source.row}
        return Message(self.alone, params), Message(self.located, {**place, **params})


# Each says the same twice, as a whole sentence: a translator sees the place in its sentence.
NO_TEXT_TIME_AS_TITLE = RowWarning(
    gettext_noop("The row has no activity text; the time is used as the title."),
    gettext_noop(
        "Table %(table)s, row %(row)s: The row has no activity text; the time is used as the title."
    ),
)
NO_TEXT_FIRST_TEXT_AS_TITLE = RowWarning(
    gettext_noop("The row has no activity text; the first text in the row is used as the title."),
    gettext_noop(
        "Table %(table)s, row %(row)s: The row has no activity text; the first text in the row is "
        "used as the title."
    ),
)
OUTSIDE_SCHOOL_YEAR = RowWarning(
    gettext_noop("The dates are outside the school year %(year)s."),
    gettext_noop("Table %(table)s, row %(row)s: The dates are outside the school year %(year)s."),
)
NO_TIME = RowWarning(
    gettext_noop("The row has no time."),
    gettext_noop("Table %(table)s, row %(row)s: The row has no time."),
)
TIME_NOT_UNDERSTOOD = RowWarning(
    gettext_noop("The time “%(time)s” was not understood; the text is kept."),
    gettext_noop(
        "Table %(table)s, row %(row)s: The time “%(time)s” was not understood; the text is kept."
    ),
)
REGION_TIME_NOT_UNDERSTOOD = RowWarning(
    gettext_noop("The time “%(time)s” for %(region)s was not understood; the text is kept."),
    gettext_noop(
        "Table %(table)s, row %(row)s: The time “%(time)s” for %(region)s was not understood; "
        "the text is kept."
    ),
)
NO_SUCH_REGION_LINE_MOVED = RowWarning(
    gettext_noop(
        "There is no region called “%(region)s”; the line “%(line)s” is added to the details."
    ),
    gettext_noop(
        "Table %(table)s, row %(row)s: There is no region called “%(region)s”; the line "
        "“%(line)s” is added to the details."
    ),
)
NO_SUCH_REGION_LINE_KEPT = RowWarning(
    gettext_noop(
        "There is no region called “%(region)s”; the line “%(line)s” stays in the details."
    ),
    gettext_noop(
        "Table %(table)s, row %(row)s: There is no region called “%(region)s”; the line "
        "“%(line)s” stays in the details."
    ),
)
SEVERAL_REGIONS_LINE_MOVED = RowWarning(
    gettext_noop(
        "“%(region)s” matches several regions; the line “%(line)s” is added to the details."
    ),
    gettext_noop(
        "Table %(table)s, row %(row)s: “%(region)s” matches several regions; the line "
        "“%(line)s” is added to the details."
    ),
)
SEVERAL_REGIONS_LINE_KEPT = RowWarning(
    gettext_noop("“%(region)s” matches several regions; the line “%(line)s” stays in the details."),
    gettext_noop(
        "Table %(table)s, row %(row)s: “%(region)s” matches several regions; the line "
        "“%(line)s” stays in the details."
    ),
)


class Regional(NamedTuple):
    """A line naming a region, with the time the plan gives it ("" when none)."""

    keys: frozenset[str]
    label: str
    time_text: str
    line: str


class RegionIndex:
    def __init__(self, regions: Iterable[RegionName]) -> None:
        self._keys: dict[str, set[str]] = {}
        for region in regions:
            for name in region.names:
                self._keys.setdefault(_fold(name), set()).add(region.key)

    def find(self, label: str) -> frozenset[str]:
        return frozenset(self._keys.get(_fold(label), ()))

    def regional(self, line: str, *, time_cell: bool) -> Regional | None:
        keys = self.find(line)
        if keys:
            return Regional(keys, line, "", line)
        labelled = split_labelled_line(line)
        if labelled is not None:
            return Regional(self.find(labelled.label), labelled.label, labelled.time_text, line)
        # In the time cell "NØR: etter avtale" is the region's time even if it is not understood;
        # in the activity cell "Hamarregionen: nytt nettverk" is text.
        label, colon, time_text = line.partition(":")
        keys = self.find(label) if colon and time_cell else frozenset()
        return Regional(keys, label.strip(), time_text.strip(), line) if keys else None


def _fold(name: str) -> str:
    # "Nord-Østerdal", "nord østerdal" and "NORD–ØSTERDAL" are the same region.
    return "".join(char for char in clean_line(name).casefold() if char.isalnum())


def title_and_details(when: When, what: list[Paragraph]) -> tuple[str, list[Block]]:
    """The title is the words beside the time ("Oppstartssamling / 26.-27.9.16") if any,
    else the first line of the activity text; the rest of the text is the details."""
    blocks = [Block(p.kind, "\n".join(p.lines)) for p in what]
    if when.note and _names_something(when.note):
        return when.note, blocks
    if not what:
        return "", []
    first, *rest = what
    title, *more_lines = first.lines
    following = rest[0] if rest else None
    details = [Block(first.kind, "\n".join(more_lines))] if more_lines else []
    if (
        title.endswith(":")
        and not more_lines
        and following is not None
        and following.kind is BlockKind.PARAGRAPH
        and not following.after_gap
    ):
        # "STANGE KOMMUNE:" says for whom; the line under it says what.
        title = f"{title} {following.lines[0]}"
        if following.lines[1:]:
            details.append(Block(following.kind, "\n".join(following.lines[1:])))
        rest = rest[1:]
    details += [Block(p.kind, "\n".join(p.lines)) for p in rest]
    return title.rstrip(":").rstrip(), details


def _names_something(note: str) -> bool:
    if NOTE.match(note):  # "Mai / Husk påmelding": a remark beside the time, not a name
        return False
    words = re.findall(r"[^\W\d_]+", note.casefold())
    return any(not _WHEN_WORD.fullmatch(word) for word in words)


@dataclass
class RowParts:
    """What an activity row yields before its title is chosen."""

    when: When
    what: list[Paragraph]
    sessions: list[ImportedSession] = field(default_factory=list)
    extra: list[Block] = field(default_factory=list)
    warnings: list[tuple[RowWarning, dict[str, object]]] = field(default_factory=list)

    def warn(self, warning: RowWarning, **params: object) -> None:
        self.warnings.append((warning, params))
