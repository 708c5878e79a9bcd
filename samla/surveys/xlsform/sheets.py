"""Workbook → rows with their Excel row numbers, and pyxform's own validation."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any

import openpyxl
from pyxform.errors import PyXFormError
from pyxform.xls2json import workbook_to_json
from pyxform.xls2json_backends import get_xlsform

from samla.core.text import clean_text
from samla.surveys.instrument import InstrumentError, Problem
from samla.surveys.xlsform.messages import INVALID_XLSFORM, NOT_A_WORKBOOK

_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z0-9]+)?$")
_LANGUAGE_IN_BRACKETS = re.compile(r"\(([a-z]{2,3}(?:[-_][A-Za-z0-9]+)?)\)\s*$")
_TYPE_ALIASES = {
    "begin group": "begin_group",
    "end group": "end_group",
    "int": "integer",
    "string": "text",
    "select one": "select_one",
    "select multiple": "select_multiple",
}
SUPPORTED_TYPES = ("integer", "text", "note", "begin_group", "end_group")


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
    headers: list[str]
    rows: list[Row]

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


def language_code(suffix: str) -> str | None:
    """``nb`` → nb, ``Norsk bokmål (nb)`` → nb, ``Norsk`` → None."""
    suffix = suffix.strip()
    if _LANGUAGE_CODE.match(suffix):
        return suffix
    match = _LANGUAGE_IN_BRACKETS.search(suffix)
    return match.group(1) if match else None


def parse_type(text: str) -> tuple[str, str | None] | None:
    """``select_one agree`` → ("select_one", "agree"); None for what Samla does not support."""
    words = text.split()
    if not words:
        return None
    lowered = [word.lower() for word in words]
    if len(words) >= 2 and f"{lowered[0]} {lowered[1]}" in _TYPE_ALIASES:
        base, rest = _TYPE_ALIASES[f"{lowered[0]} {lowered[1]}"], words[2:]
    else:
        base, rest = _TYPE_ALIASES.get(lowered[0], lowered[0]), words[1:]
    if base in ("select_one", "select_multiple"):
        return (base, rest[0]) if len(rest) == 1 else None
    if not rest and base in SUPPORTED_TYPES:
        return base, None
    return None


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
        header = getattr(definition, f"{name}_header") or [{}]
        sheets[name] = Sheet(
            name,
            [str(h) for h in header[0]],
            # pyxform keeps empty rows inside the data, so its row n is Excel row n + 2.
            [Row(name, index + 2, _clean(values)) for index, values in enumerate(rows) if values],
        )
    return sheets


def _clean(values: dict) -> dict:
    # The sheet's XML may hold C1 control characters and DEL; none belongs in a
    # questionnaire's text.
    return {
        key: clean_text(value) if isinstance(value, str) else value for key, value in values.items()
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
