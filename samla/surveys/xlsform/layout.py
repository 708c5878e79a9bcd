"""The survey sheet's structure: each row's type and place in the groups, and item codes.

XLSForm allows the same name in different groups; Samla's item codes are unique in the whole
form, so a name that several items (questions and notes Samla asks) share is qualified by its
group path (``outer/inner/name``; ``/`` cannot occur in an XLSForm name). Other names stay as
they are, also one shared with a group or a skipped row, so codes do not change.
"""

from __future__ import annotations

from dataclasses import dataclass

from samla.surveys.xlsform.kinds import RowType, parse_type
from samla.surveys.xlsform.messages import (
    DUPLICATE_NAME,
    MISSING_NAME,
    MISSING_TYPE,
    NAMES_QUALIFIED,
    UNMATCHED_BEGIN_GROUP,
    UNMATCHED_END_GROUP,
    UNSUPPORTED_TYPE,
)
from samla.surveys.xlsform.reader import Reader
from samla.surveys.xlsform.sheets import Row

_NAMED = ("item", "group", "repeat", "metadata", "skipped")


@dataclass
class Entry:
    row: Row
    type: RowType
    name: str
    path: tuple[str, ...]  # the groups and repeats around the row, outermost first
    in_repeat: bool  # inside a repeat (the begin_repeat row itself is not)
    code: str = ""  # the item code: the name, or path/name for a reused name


@dataclass
class Layout:
    entries: list[Entry]
    names: set[str]  # every name of a row that holds a value (items, skipped, metadata)
    skipped: set[str]  # the names among them Samla does not ask
    reused: dict[str, list[str]]  # a name used on several rows → where (group path/name)
    asked: set[str]  # the names of the questions and notes Samla asks


def read_layout(reader: Reader) -> Layout:
    entries: list[Entry] = []
    open_blocks: list[Entry] = []
    for row in reader.survey.rows:
        if not row.get("type"):
            reader.problem("survey", row.number, "type", MISSING_TYPE)
            continue
        row_type = parse_type(row.get("type"))
        if row_type.category == "unknown":
            reader.problem("survey", row.number, "type", UNSUPPORTED_TYPE, type=row.get("type"))
            continue
        in_repeat = any(block.type.category == "repeat" for block in open_blocks)
        if row_type.category in ("end_group", "end_repeat"):
            if open_blocks:
                open_blocks.pop()
            else:
                reader.problem("survey", row.number, "type", UNMATCHED_END_GROUP)
            continue
        path = tuple(block.name for block in open_blocks)
        entry = Entry(row, row_type, row.get("name"), path, in_repeat)
        entries.append(entry)
        if row_type.category in ("group", "repeat"):
            open_blocks.append(entry)
    for block in open_blocks:
        reader.problem("survey", block.row.number, "type", UNMATCHED_BEGIN_GROUP, code=block.name)
    reused = _codes(reader, entries)
    values = [e for e in entries if e.type.category in ("item", "metadata", "skipped")]
    skipped = {e.name for e in entries if e.in_repeat or e.type.category in ("metadata", "skipped")}
    asked = {e.name for e in values if e.type.category == "item" and not e.in_repeat}
    return Layout(entries, {e.name for e in values if e.name}, skipped, reused, asked - {""})


def _codes(reader: Reader, entries: list[Entry]) -> dict[str, list[str]]:
    first_row: dict[tuple[tuple[str, ...], str], int] = {}
    uses: dict[str, list[Entry]] = {}
    for entry in entries:
        if entry.type.category not in _NAMED:
            continue
        if not entry.name:
            if entry.type.category != "metadata":
                reader.problem("survey", entry.row.number, "name", MISSING_NAME)
            continue
        key = (entry.path, entry.name)
        if key in first_row:
            reader.problem(
                "survey",
                entry.row.number,
                "name",
                DUPLICATE_NAME,
                code=entry.name,
                first_row=first_row[key],
            )
            continue
        first_row[key] = entry.row.number
        uses.setdefault(entry.name, []).append(entry)
    reused: dict[str, list[str]] = {}
    for name, used in uses.items():
        # Only items are qualified: a group or a skipped row has no code to keep apart from.
        items = [e for e in used if e.type.category == "item" and not e.in_repeat]
        for entry in used:
            qualified = len(items) > 1 and entry in items
            entry.code = "/".join((*entry.path, name)) if qualified else name
        if len(used) > 1:  # ${name} is ambiguous, as in pyxform
            reused[name] = ["/".join((*e.path, name)) for e in used]
        if len(items) > 1:
            codes = ", ".join(e.code for e in items)
            reader.warn(
                "survey", items[0].row.number, "name", NAMES_QUALIFIED, name=name, codes=codes
            )
    return reused
