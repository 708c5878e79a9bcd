"""How the text of one plan row is read for :mod:`docx_import`: the lines that tie a time
to a region (:class:`RegionIndex`), the activity's title and details
(:func:`title_and_details`), note rows (:data:`NOTE`) and the warnings a row can get
(:class:`RowWarning`), gathered per row in :class:`RowParts`.

Pure Python (no Django)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
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
from samla.plans.when_values import Precision, When

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
        if not what or _on_its_own_line(when):
            return when.note, blocks
        # "12.01.23 Fagdag for alle" beside the activity's text: a remark on the time, kept in
        # the details unless the text says it already (as a plan exported by Samla does).
        if not any(when.note == line for p in what for line in p.lines):
            what = [*what, Paragraph((when.note,), BlockKind.PARAGRAPH)]
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


def _on_its_own_line(when: When) -> bool:
    # "Oppstartssamling" above "26.-27.9.16" names the activity; words after the date on its
    # line ("12.01.23 Fagdag for alle") remark on it.
    lines = [clean_line(line) for line in when.text.splitlines()]
    return not any(f" {when.note}" in line for line in lines)


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


def unknown_region(regional: Regional, parts: RowParts, *, moved: bool) -> None:
    """A line naming no region of the programme, or several: flagged; ``moved`` out of the
    time cell into the details."""
    if regional.keys:
        warning = SEVERAL_REGIONS_LINE_MOVED if moved else SEVERAL_REGIONS_LINE_KEPT
    else:
        warning = NO_SUCH_REGION_LINE_MOVED if moved else NO_SUCH_REGION_LINE_KEPT
    parts.warn(warning, region=regional.label, line=regional.line)
    if moved:
        parts.extra.append(Block(BlockKind.PARAGRAPH, regional.line))


def take_region_cells(
    cells: Iterable[tuple[str, str, str]], read: Callable[[str], When], parts: RowParts
) -> None:
    """The sessions the regions' own columns give: (region key, column header, cell text).
    An empty cell or a dash says nothing about the region."""
    for key, header, text in cells:
        if not text.strip(" -–—"):
            continue
        when = read(text)
        if not when.understood:
            parts.warn(REGION_TIME_NOT_UNDERSTOOD, time=text, region=header)
        parts.sessions.append(ImportedSession(key, when))


def span_of_sessions(sessions: list[ImportedSession]) -> When:
    """A time cell of region lines only ("NØR: 19/3 / HR: 20/3"): the activity spans them."""
    dated = [session.when for session in sessions if session.when.start is not None]
    if not dated:
        return When("", None, None, None)
    precisions = list(Precision)
    return When(
        "",
        min(when.start for when in dated if when.start is not None),
        max(when.end or when.start for when in dated if when.start is not None),
        max((when.precision for when in dated if when.precision), key=precisions.index),
    )


def outside_school_year(
    school_year: tuple[int, int], when: When, sessions: list[ImportedSession]
) -> bool:
    first, last = date(school_year[0], 8, 1), date(school_year[1], 7, 31)
    whens = [when, *(session.when for session in sessions)]
    days = [day for w in whens for day in (w.start, w.end) if day is not None]
    return any(not first <= day <= last for day in days)
