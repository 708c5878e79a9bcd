"""Samla's workbook of classes, departments and staff, read back from an upload.

Whoever saved it (Excel, LibreOffice, Numbers) the reader takes the headings in any
order and in any case, skips blank rows, trims every value and reads numbers written as
numbers or as text. What the rows mean is decided in ``staff_plan``; here a file that is
no workbook, has lost a sheet or a required column, or is far too large is refused with
a :class:`WorkbookError` that says what to do.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from samla.core.text import clean_text
from samla.core.uploads import OfficeLimits, UploadTooLarge, check_office_file

CLASS_SHEET = "Klasser og avdelinger"
STAFF_SHEET = "Ansatte"
INFO_SHEET = "Slik fyller du ut"

# The headings Samla writes, in its order, by the field each column fills.
CLASS_COLUMNS = {
    "unit": "Enhet",
    "org_number": "Organisasjonsnummer",
    "kind": "Type",
    "name": "Navn",
    "grade": "Trinn",
    "size": "Antall barn/elever",
}
STAFF_COLUMNS = {
    "first_name": "Fornavn",
    "last_name": "Etternavn",
    "email": "E-post",
    "unit": "Enhet",
    "org_number": "Organisasjonsnummer",
    "role": "Rolle",
    "classes": "Klasser/avdelinger",
}
# Other ways people write the same headings (after lower case and trimming).
_ALIASES = {
    "enhetens navn": "unit",
    "skole/barnehage": "unit",
    "unit": "unit",
    "orgnr": "org_number",
    "org.nr.": "org_number",
    "org.nr": "org_number",
    "org. nr.": "org_number",
    "organisation number": "org_number",
    "kind": "kind",
    "klasse/avdeling": "name",
    "name": "name",
    "grade": "grade",
    "årstrinn": "grade",
    "antall": "size",
    "antall elever": "size",
    "antall barn": "size",
    "size": "size",
    "first name": "first_name",
    "last name": "last_name",
    "e-postadresse": "email",
    "epost": "email",
    "e-mail": "email",
    "email": "email",
    "role": "role",
    "klasser": "classes",
    "avdelinger": "classes",
    "classes": "classes",
}
CLASS_REQUIRED = ("name",)
STAFF_REQUIRED = ("email",)

# A county is some 3 000 classes and 8 000 staff: room for twice that, not for a
# spreadsheet of a million rows someone exported by mistake.
MAX_ROWS = 20_000
WORKBOOK_LIMITS = OfficeLimits(
    unpacked_bytes=60 * 1024 * 1024,
    parts=200,
    rows=2 * MAX_ROWS + 200,
    cells=400_000,
    counted=re.compile(r"xl/worksheets/[^/]+\.xml"),
    row=b"row",
    cell=b"c",
)
_HEADING_SEARCH_ROWS = 10


class WorkbookError(ValueError):
    """The file cannot be read as Samla's workbook; the message says what to do."""


@dataclass(frozen=True)
class Line:
    """One filled row of a sheet: its row number and its values by field (trimmed text)."""

    row: int
    values: dict[str, str]

    def __getitem__(self, key: str) -> str:
        return self.values.get(key, "")


@dataclass
class ReadWorkbook:
    classes: list[Line] = field(default_factory=list)
    staff: list[Line] = field(default_factory=list)
    # Columns of each sheet as found: field → the heading as written.
    headings: dict[str, dict[str, str]] = field(default_factory=dict)


def heading_key(text: str) -> str:
    cleaned = " ".join(str(text).replace("*", " ").split()).casefold()
    return cleaned


def _field_of(heading: str, columns: dict[str, str]) -> str | None:
    key = heading_key(heading)
    for name, written in columns.items():
        if heading_key(written) == key:
            return name
    found = _ALIASES.get(key)
    return found if found in columns else None


def cell_text(value) -> str:
    """A cell's value as trimmed text: 6.0 → "6", a date → ISO, None → ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    return " ".join(clean_text(str(value)).split())


def read_workbook(content: bytes) -> ReadWorkbook:
    """The classes and staff rows of an uploaded workbook, or :class:`WorkbookError`."""
    _refuse_other_formats(content)
    try:
        check_office_file(content, WORKBOOK_LIMITS)
    except UploadTooLarge as error:
        raise WorkbookError(_(error.msgid) % error.params) from error
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise WorkbookError(_not_a_workbook()) from error
    try:
        sheets = {heading_key(name): name for name in book.sheetnames}
        result = ReadWorkbook()
        for title, columns, required, target in (
            (CLASS_SHEET, CLASS_COLUMNS, CLASS_REQUIRED, result.classes),
            (STAFF_SHEET, STAFF_COLUMNS, STAFF_REQUIRED, result.staff),
        ):
            name = sheets.get(heading_key(title))
            if name is None:
                raise WorkbookError(
                    _(
                        "The workbook has no sheet called “%(sheet)s”. Download Samla's "
                        "template and copy your rows into it."
                    )
                    % {"sheet": title}
                )
            found, lines = _read_sheet(book[name], title, columns, required)
            result.headings[title] = found
            target.extend(lines)
        return result
    finally:
        book.close()


def _refuse_other_formats(content: bytes) -> None:
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise WorkbookError(
            _(
                "This is an old Excel file (.xls). Open it in Excel or LibreOffice, save it "
                "as an Excel workbook (.xlsx) and upload that file."
            )
        )
    if not content.startswith(b"PK"):
        raise WorkbookError(_not_a_workbook())


def _not_a_workbook() -> str:
    return _(
        "The file is not an Excel workbook (.xlsx). A CSV file or another format cannot "
        "be read here: download Samla's template, fill it in and upload it."
    )


def _read_sheet(sheet, title: str, columns: dict[str, str], required: tuple[str, ...]):
    rows = sheet.iter_rows(values_only=True)
    found: dict[str, int] = {}
    heading_row = 0
    for number, values in enumerate(rows, start=1):
        candidate = {}
        for index, value in enumerate(values or ()):
            name = _field_of(cell_text(value), columns) if value is not None else None
            if name and name not in candidate:
                candidate[name] = index
        if all(name in candidate for name in required) and (
            "unit" in candidate or "org_number" in candidate
        ):
            found, heading_row = candidate, number
            break
        if number >= _HEADING_SEARCH_ROWS:
            break
    if not heading_row:
        missing = ", ".join(f"“{columns[name]}”" for name in (*required, "unit"))
        raise WorkbookError(
            _(
                "The sheet “%(sheet)s” has no heading row with the columns %(columns)s. "
                "Keep the headings of Samla's template in the first row."
            )
            % {"sheet": title, "columns": missing}
        )
    lines = []
    for number, values in enumerate(rows, start=heading_row + 1):
        texts = {name: cell_text(values[i]) if i < len(values) else "" for name, i in found.items()}
        if not any(texts.values()):
            continue
        if len(lines) >= MAX_ROWS:
            raise WorkbookError(
                _(
                    "The sheet “%(sheet)s” has more than %(limit)s rows, more than one "
                    "upload may hold. Split it by owner or unit and upload each part."
                )
                % {"sheet": title, "limit": f"{MAX_ROWS:,}".replace(",", "\u00a0")}
            )
        lines.append(Line(number, texts))
    return {name: columns[name] for name in found}, lines
