"""Workbook → rows with their Excel row numbers, and pyxform's own validation."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

import openpyxl
from pyxform.errors import PyXFormError
from pyxform.xls2json import workbook_to_json
from pyxform.xls2json_backends import get_xlsform

from samla.core.text import clean_text
from samla.surveys.instrument import InstrumentError, Problem
from samla.surveys.xlsform.languages import language_code
from samla.surveys.xlsform.messages import INVALID_XLSFORM, NOT_A_WORKBOOK

# Column spellings pyxform reads, per sheet → the name Samla reads them by.
_HEADER_ALIASES = {
    "survey": {
        "relevance": "relevant",
        "bind::relevant": "relevant",
        "bind::constraint": "constraint",
        "bind::required": "required",
        "bind::readonly": "read_only",
        "bind::calculate": "calculation",
        "readonly": "read_only",
        "calculate": "calculation",
        "caption": "label",
        "value": "name",
        "tag": "name",
        "command": "type",
        "count": "repeat_count",
        "jr:count": "repeat_count",
        "control::jr:count": "repeat_count",
        "control::appearance": "appearance",
    },
    "choices": {"list name": "list_name", "value": "name", "caption": "label"},
    "settings": {
        "id_string": "form_id",
        "set_form_id": "form_id",
        "title": "form_title",
        "set_form_title": "form_title",
    },
}
_GROUPED = re.compile(
    r"^(label|hint|guidance_hint|image|big-image|audio|video|media|bind|form_title|title|constraint_message|required_message|instance|control)$"
)


def canonical_header(sheet: str, header: str, double_colon: bool) -> str:
    """``bind:relevant`` → relevant, ``label:English`` → label::English, ``list name`` →
    list_name. Like pyxform, a single colon groups only on a sheet with no ``::``."""
    text = header.strip()
    parts = text.split("::") if double_colon else re.split(r"(?<!jr):(?!count)", text)
    if len(parts) > 1 and _GROUPED.match(parts[0].strip().lower()):
        text = "::".join([parts[0].strip().lower(), *(part.strip() for part in parts[1:])])
    elif len(parts) == 1:
        text = " ".join(text.split()).lower()
    aliases = _HEADER_ALIASES.get(sheet, {})
    return aliases.get(text, aliases.get(text.replace("_", " "), text.replace(" ", "_")))


@dataclass
class Row:
    sheet: str
    number: int  # as Excel shows it; the header is row 1
    values: dict[str, str]

    def get(self, column: str) -> str:
        return self.values.get(column, "").strip()


@dataclass
class Sheet:
    name: str
    headers: list[str]  # canonical (see canonical_header)
    rows: list[Row]
    original: dict[str, str] = field(default_factory=dict)  # canonical header → as written

    def column(self, header: str) -> str:
        """The column as the author wrote it, for messages."""
        return self.original.get(header, header)

    def label_columns(self, prefix: str, default_language: str) -> dict[str, list[str]]:
        """Language code → the columns holding ``prefix`` in it, language-specific first."""
        columns: dict[str, list[str]] = {}
        for header in self.headers:
            if header.lower() == prefix:
                columns.setdefault(default_language, []).append(header)
            elif header.lower().startswith(prefix + "::"):
                code = language_code(header[len(prefix) + 2 :])
                if code:
                    columns.setdefault(code, []).insert(0, header)
        return columns


def read_xlsform_sheets(data: bytes) -> dict[str, Sheet]:
    """The survey, choices and settings sheets as pyxform reads them (every column kept)."""

    try:
        definition = get_xlsform(data, file_type=".xlsx")
    except PyXFormError as error:
        unreadable = "not recognized as a supported type" in str(error)
        problem = Problem("", None, None, NOT_A_WORKBOOK) if unreadable else _problem(error)
        raise InstrumentError([problem]) from error
    sheets = {}
    for name in ("survey", "choices", "settings"):
        rows = getattr(definition, name) or []
        header = [str(h) for h in (getattr(definition, f"{name}_header") or [{}])[0]]
        double_colon = any("::" in h for h in header)
        renamed = {h: h for h in header if canonical_header(name, h, double_colon) == h}
        for written in header:
            canonical = canonical_header(name, written, double_colon)
            # A second spelling of a column already there (relevant and bind::relevant)
            # keeps its own name: Samla reads the first.
            if written not in renamed:
                taken = canonical in renamed.values()
                renamed[written] = written if taken else canonical
        renamed = {h: renamed[h] for h in header}
        sheets[name] = Sheet(
            name,
            list(renamed.values()),
            # pyxform keeps empty rows inside the data, so its row n is Excel row n + 2.
            [
                Row(name, index + 2, _clean(values, renamed))
                for index, values in enumerate(rows)
                if values
            ],
            {canonical: written for written, canonical in renamed.items()},
        )
    return sheets


def _clean(values: dict, renamed: dict[str, str]) -> dict:
    # The sheet's XML may hold C1 control characters and DEL; none belongs in a
    # questionnaire's text.
    return {
        renamed.get(key, key): clean_text(value) if isinstance(value, str) else value
        for key, value in values.items()
    }


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean_text(str(value)).strip()


def read_extra_sheet(data: bytes, wanted: str) -> Sheet | None:
    """A sheet pyxform skips (Samla's ``scales``), read with openpyxl; None if absent."""
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        name = next((n for n in workbook.sheetnames if n.strip().lower() == wanted), None)
        if name is None:
            return None
        lines = workbook[name].iter_rows(values_only=True)
        headers = [_cell_text(value) for value in next(lines, ())]
        rows = []
        for number, line in enumerate(lines, start=2):
            values = {h: _cell_text(v) for h, v in zip(headers, line, strict=False) if h}
            values = {h: v for h, v in values.items() if v}
            if values:
                rows.append(Row(wanted, number, values))
        return Sheet(wanted, [h for h in headers if h], rows)
    finally:
        workbook.close()


def pyxform_problem(data: bytes) -> Problem | None:
    """pyxform's verdict on the whole form (it stops at its first error), or None."""

    try:
        workbook_to_json(get_xlsform(data, file_type=".xlsx"))
    except PyXFormError as error:
        return _problem(error)
    return None


def _problem(error: Exception) -> Problem:
    detail = str(error).strip()
    row = re.search(r"\[row : (\d+)\]", detail)
    sheet = re.search(r"On the '(\w+)' sheet", detail)
    return Problem(
        sheet.group(1) if sheet else ("survey" if row else ""),
        int(row.group(1)) if row else None,
        None,
        INVALID_XLSFORM,
        {"detail": re.sub(r"^\[row : \d+\]\s*", "", detail)},
    )
