"""The ``type`` column: what Samla asks, what it skips, and the spellings pyxform reads."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pyxform.question_type_dictionary import QUESTION_TYPE_DICT

# Spellings of the types Samla asks → its item kind.
ASKED = {
    "integer": "integer",
    "int": "integer",
    "add integer prompt": "integer",
    "q int": "integer",
    "decimal": "decimal",
    "add decimal prompt": "decimal",
    "q decimal": "decimal",
    "date": "date",
    "add date prompt": "date",
    "q date": "date",
    "text": "text",
    "string": "text",
    "add text prompt": "text",
    "q string": "text",
    "note": "note",
    "add note prompt": "note",
    "q note": "note",
}
# Recorded by an ODK device, never asked: skipped quietly, named in one warning.
METADATA = frozenset(
    {
        "start",
        "end",
        "today",
        "deviceid",
        "subscriberid",
        "simserial",
        "phonenumber",
        "username",
        "email",
        "audit",
        "start-geopoint",
        "background-audio",
        "background-geopoint",
        "imei",
        "device id",
        "sim id",
        "phone number",
        "subscriber id",
        "start time",
        "end time",
        "get start time",
        "get end time",
        "get today",
        "get device id",
        "get sim id",
        "get phone number",
        "get subscriber id",
        "uri:deviceid",
        "uri:email",
        "uri:phonenumber",
        "uri:simserial",
        "uri:subscriberid",
        "uri:username",
    }
)
_BLOCKS = {
    "begin group": "group",
    "begin_group": "group",
    "end group": "end_group",
    "end_group": "end_group",
    "begin repeat": "repeat",
    "begin_repeat": "repeat",
    "begin loop": "repeat",
    "begin_loop": "repeat",
    "begin looped group": "repeat",
    "end repeat": "end_repeat",
    "end_repeat": "end_repeat",
    "end loop": "end_repeat",
    "end_loop": "end_repeat",
    "end looped group": "end_repeat",
}
_SELECT = re.compile(
    r"^(?P<kind>select_one|select1|select one|select_multiple|select multiple|"
    r"select all that apply|add select one prompt using|add select multiple prompt using)"
    r"(?: from| using)? (?P<list>\S+)(?P<other> or_other)?$",
    re.IGNORECASE,
)
# Types with a parameter Samla cannot ask: select_one_from_file x.csv, rank list, osm tags …
_SKIPPED_WITH_PARAMETER = re.compile(
    r"^(select_one_from_file|select_multiple_from_file|select one from file|"
    r"select multiple from file|select_one_external|select one external|rank|osm|"
    r"csv-external|xml-external)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class RowType:
    """``category``: item, group, end_group, repeat, end_repeat, metadata, skipped or unknown.
    ``kind`` is the item kind for items (single, multiple, integer, decimal, date, text, note)."""

    category: str
    kind: str = ""
    list_name: str | None = None
    or_other: bool = False


def parse_type(text: str) -> RowType:
    words = text.split()
    spelled = " ".join(words)
    lowered = spelled.lower()
    if lowered in _BLOCKS:
        return RowType(_BLOCKS[lowered])
    if match := _SELECT.match(spelled):
        multiple = "multiple" in match["kind"].lower() or "all" in match["kind"].lower()
        kind = "multiple" if multiple else "single"
        return RowType("item", kind, match["list"], bool(match["other"]))
    if lowered in ASKED:
        return RowType("item", ASKED[lowered])
    if lowered in METADATA:
        return RowType("metadata")
    if _SKIPPED_WITH_PARAMETER.match(spelled) or lowered in QUESTION_TYPE_DICT:
        return RowType("skipped")
    return RowType("unknown")
