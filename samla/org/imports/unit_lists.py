"""A list of units for what the registers do not hold (PPT offices, units not yet
registered): CSV (semicolon, comma or tab; UTF-8 with or without BOM, UTF-16 or the
Windows-1252 Norwegian Excel writes) or an Excel workbook (.xlsx, the first sheet), read
into the same :class:`~samla.org.imports.registers.UnitRecord` as the registers.

The first row that is not empty holds the column headings, in Norwegian as people write
them (``organisasjonsnummer``, ``navn``, ``type``, ``kommunenummer``, ``kommune``,
``eier organisasjonsnummer``, ``eier``, ``eierform``, ``laveste trinn``,
``høyeste trinn``, ``målform``, ``nedlagt``), in any order and case. Text that starts like
a spreadsheet formula is refused, and so is an Excel cell holding a formula.

Pure Python (no Django).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from datetime import date, datetime

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from samla.core.text import clean_text
from samla.core.uploads import OfficeLimits, UploadTooLarge, check_office_file

from .registers import (
    BAD_GRADE,
    BAD_MUNICIPALITY,
    BAD_ORGANISATION_NUMBER,
    COUNTY,
    GRADES_REVERSED,
    KINDERGARTEN,
    MAX_ROWS,
    MUNICIPALITY,
    NO_NAME,
    NO_UNITS,
    NOT_FOR_LEVEL,
    PPT,
    PRIMARY,
    PRIVATE,
    RELEVANT_KINDS,
    TOO_MANY_ROWS,
    UPPER_SECONDARY,
    Message,
    ReadUnits,
    RowProblem,
    UnitFileError,
    UnitRecord,
    check_duplicates,
    gettext_noop,
    grade,
    is_organisation_number,
    language_form,
    organisation_number_text,
)

UNIT_LIST = OfficeLimits(
    unpacked_bytes=20 * 1024 * 1024,
    parts=200,
    rows=MAX_ROWS + 50,
    cells=(MAX_ROWS + 50) * 15,
    counted=re.compile(r"xl/worksheets/[^/]+\.xml"),
    row=b"row",
    cell=b"c",
)

# Each column's headings as people write them (compared in lower case, spaces collapsed).
COLUMNS: dict[str, tuple[str, ...]] = {
    "organisation_number": ("organisasjonsnummer", "orgnr", "org nr", "organisasjonsnr"),
    "name": ("navn", "enhet", "enhetsnavn", "navn på enheten"),
    "kind": ("type", "enhetstype", "art"),
    "municipality_number": ("kommunenummer", "kommunenr", "knr"),
    "municipality_name": ("kommune", "kommunenavn"),
    "county_number": ("fylkesnummer", "fylkesnr"),
    "owner_organisation_number": (
        "eier organisasjonsnummer",
        "eiers organisasjonsnummer",
        "eier orgnr",
        "eier org nr",
        "eierens organisasjonsnummer",
        "organisasjonsnummer eier",
    ),
    "owner_name": ("eier", "eiernavn", "eier navn", "eiers navn"),
    "owner_kind": ("eierform", "eiertype"),
    "lowest_grade": ("laveste trinn", "fra trinn", "trinn fra"),
    "highest_grade": ("høyeste trinn", "til trinn", "trinn til"),
    "language_form": ("målform", "maalform", "malform"),
    "closed": ("nedlagt", "lagt ned", "nedlagt dato"),
}
REQUIRED = ("organisation_number", "name", "kind", "municipality_number")
KINDS = {
    **dict.fromkeys(("skole", "grunnskole", "barneskole", "ungdomsskole", "skule"), PRIMARY),
    **dict.fromkeys(("barnehage", "bhg"), KINDERGARTEN),
    **dict.fromkeys(
        ("vgs", "videregående", "videregående skole", "vidaregåande", "vidaregåande skule"),
        UPPER_SECONDARY,
    ),
    **dict.fromkeys(("ppt", "pp-tjeneste", "pp-tjenesten", "pp-teneste"), PPT),
}
OWNER_KINDS = {"kommune": MUNICIPALITY, "kommunal": MUNICIPALITY, "fylkeskommune": COUNTY,
               "fylkeskommunal": COUNTY, "privat": PRIVATE}  # fmt: skip
_OPEN = {"", "nei", "n", "no", "false", "0", "-"}
_CLOSED = {"ja", "j", "x", "yes", "true", "1", "nedlagt"}
_FORMULA_START = ("=", "+", "@", "-")

NOT_A_LIST = Message(
    gettext_noop(
        "Samla cannot read the file as a list of units. Save it from Excel as .xlsx or as "
        "CSV and upload it again."
    )
)
MISSING_COLUMNS = gettext_noop(
    "The first row lacks the column(s) %(columns)s. The first row must hold the column "
    "headings: organisasjonsnummer, navn, type, kommunenummer (and, if you have them, "
    "kommune, eier organisasjonsnummer, eier, laveste trinn, høyeste trinn, målform, "
    "nedlagt)."
)
FORMULA = Message(
    gettext_noop(
        "The cell holds a formula or text that starts like one (=, +, - or @). Write the "
        "value itself."
    )
)
UNKNOWN_KIND = gettext_noop("Unknown type “%(value)s”: write skole, barnehage, vgs or ppt.")
UNKNOWN_OWNER_KIND = gettext_noop(
    "Unknown kind of owner “%(value)s”: write kommune, fylkeskommune or privat."
)
UNKNOWN_LANGUAGE = gettext_noop(
    "Unknown language form “%(value)s”: write bokmål, nynorsk or samisk."
)
UNKNOWN_CLOSED = gettext_noop(
    "“%(value)s” in the column nedlagt: write ja, nei or the date it closed (e.g. 30.06.2026)."
)
PRIVATE_WITHOUT_NUMBER = Message(
    gettext_noop("A private owner needs its organisation number: fill in eier organisasjonsnummer.")
)


def read_unit_list(data: bytes, level: str) -> ReadUnits:
    """The units of a CSV or .xlsx list for a programme of ``level``; raises
    :class:`~samla.org.imports.registers.UnitFileError` when the file cannot be read."""
    sheet, rows = _xlsx_rows(data) if data[:4] == b"PK\x03\x04" else ("", _csv_rows(data))
    header_at = next((i for i, row in enumerate(rows) if any(_cell(v) for v in row)), None)
    if header_at is None:
        raise UnitFileError(NO_UNITS)
    headings = [_cell(v) for v in rows[header_at]]
    columns = _columns(headings)
    missing = [COLUMNS[name][0] for name in REQUIRED if name not in columns]
    if missing:
        raise UnitFileError(Message(MISSING_COLUMNS, {"columns": ", ".join(missing)}))
    records: list[UnitRecord] = []
    problems: list[RowProblem] = []
    count = 0
    for index in range(header_at + 1, len(rows)):
        row = rows[index]
        if not any(_cell(v) for v in row):
            continue
        count += 1
        values = {name: (row[i] if i < len(row) else None) for name, i in columns.items()}
        found = _unit(index + 1, values, {n: headings[i] for n, i in columns.items()}, level)
        (records if isinstance(found, UnitRecord) else problems).append(found)
    if not count:
        raise UnitFileError(NO_UNITS)
    return ReadUnits(check_duplicates(records, problems), problems, count, sheet)


def _xlsx_rows(data: bytes) -> tuple[str, list[tuple]]:
    try:
        check_office_file(data, UNIT_LIST)
    except UploadTooLarge as error:
        raise UnitFileError(Message(error.msgid, error.params)) from error
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        sheet = workbook.worksheets[0]
        rows = list(sheet.iter_rows(values_only=True))
        title = sheet.title
        workbook.close()
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError,
            IndexError, TypeError) as error:  # fmt: skip
        raise UnitFileError(NOT_A_LIST) from error
    if len(rows) > MAX_ROWS + 1:
        raise UnitFileError(TOO_MANY_ROWS)
    return title, rows


def _csv_rows(data: bytes) -> list[list[str]]:
    text = _decode(data)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(";,\t", key=first.count)
    if not first.count(delimiter):
        delimiter = ";"
    rows: list[list[str]] = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            rows.append(row)
            if len(rows) > MAX_ROWS + 1:
                raise UnitFileError(TOO_MANY_ROWS)
    except csv.Error as error:
        raise UnitFileError(NOT_A_LIST) from error
    return rows


def _decode(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise UnitFileError(NOT_A_LIST) from error
    if b"\x00" in data[:4096]:
        raise UnitFileError(NOT_A_LIST)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Norwegian Excel writes "CSV (semikolondelt)" in Windows-1252; Latin-1 reads the
        # few bytes Windows-1252 leaves undefined.
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return data.decode("latin-1")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    return clean_text(str(value)).strip()


def _heading(text: str) -> str:
    return re.sub(r"[\s_.:*-]+", " ", text.lower()).strip()


def _columns(headings: list[str]) -> dict[str, int]:
    names = {_heading(alias): name for name, aliases in COLUMNS.items() for alias in aliases}
    columns: dict[str, int] = {}
    for index, heading in enumerate(headings):
        name = names.get(_heading(heading))
        if name and name not in columns:
            columns[name] = index
    return columns


def _unit(row: int, values: dict, headings: dict[str, str], level: str) -> UnitRecord | RowProblem:
    text = {name: _cell(value) for name, value in values.items()}
    label = text.get("name") or text.get("organisation_number", "")

    def problem(name: str, msgid: str | Message, value: object = None) -> RowProblem:
        message = msgid if isinstance(msgid, Message) else Message(msgid, {"value": value})
        return RowProblem(row, headings.get(name, ""), label, message)

    for name, value in text.items():
        if value.startswith(_FORMULA_START) and not (name == "closed" and value == "-"):
            return problem(name, FORMULA)
    number = organisation_number_text(values["organisation_number"])
    if not is_organisation_number(number):
        return problem("organisation_number", BAD_ORGANISATION_NUMBER, number)
    if not text["name"]:
        return problem("name", NO_NAME)
    kind = KINDS.get(text["kind"].lower())
    if kind is None:
        return problem("kind", UNKNOWN_KIND, text["kind"])
    if kind not in RELEVANT_KINDS[level]:
        return RowProblem(row, headings["kind"], label, Message(NOT_FOR_LEVEL[level]), True)
    municipality = text["municipality_number"]
    if re.fullmatch(r"\d{3}", municipality):  # Excel drops the leading zero of 0301
        municipality = "0" + municipality
    if not re.fullmatch(r"\d{4}", municipality):
        return problem("municipality_number", BAD_MUNICIPALITY, municipality)
    owner_number = organisation_number_text(values.get("owner_organisation_number"))
    if owner_number and not is_organisation_number(owner_number):
        return problem("owner_organisation_number", BAD_ORGANISATION_NUMBER, owner_number)
    owner_kind = _owner_kind(text.get("owner_kind", ""), text.get("owner_name", ""), kind)
    if owner_kind is None:
        return problem("owner_kind", UNKNOWN_OWNER_KIND, text["owner_kind"])
    if owner_kind == PRIVATE and not owner_number:
        return problem("owner_organisation_number", PRIVATE_WITHOUT_NUMBER)
    try:
        lowest = grade(text.get("lowest_grade"))
    except ValueError:
        return problem("lowest_grade", BAD_GRADE, text["lowest_grade"])
    try:
        highest = grade(text.get("highest_grade"))
    except ValueError:
        return problem("highest_grade", BAD_GRADE, text["highest_grade"])
    if lowest and highest and lowest > highest:
        return problem("lowest_grade", GRADES_REVERSED)
    language = language_form(text.get("language_form", ""))
    if language is None:
        return problem("language_form", UNKNOWN_LANGUAGE, text["language_form"])
    closed = _closed(text.get("closed", ""))
    if closed is None:
        return problem("closed", UNKNOWN_CLOSED, text["closed"])
    county = text.get("county_number", "")
    if re.fullmatch(r"\d", county):
        county = "0" + county
    return UnitRecord(
        row=row,
        organisation_number=number,
        name=text["name"],
        kind=kind,
        municipality_number=municipality,
        municipality_name=text.get("municipality_name", ""),
        county_number=county if re.fullmatch(r"\d{2}", county) else municipality[:2],
        owner_organisation_number=owner_number,
        owner_name=text.get("owner_name", ""),
        owner_kind=owner_kind,
        lowest_grade=lowest,
        highest_grade=highest,
        language_form=language,
        closed=closed is not False,
        closed_on=closed if isinstance(closed, date) else None,
    )


def _owner_kind(written: str, owner_name: str, kind: str) -> str | None:
    """The owner's kind as written; else from its name (a name that is not a municipality's
    or a county's is a private owner's); else the municipality (the county authority for an
    upper secondary school)."""
    if written:
        return OWNER_KINDS.get(written.lower())
    name = owner_name.lower()
    if name.endswith("fylkeskommune"):
        return COUNTY
    if name.endswith("kommune"):
        return MUNICIPALITY
    if name:
        return PRIVATE
    return COUNTY if kind == UPPER_SECONDARY else MUNICIPALITY


def _closed(value: str) -> bool | date | None:
    """False (open), True (closed, no date), the day it closed, or None (unreadable)."""
    lowered = value.lower()
    if lowered in _OPEN:
        return False
    if lowered in _CLOSED:
        return True
    for pattern in ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y", "%d/%m/%Y"):
        try:
            return datetime.strptime(value[:10], pattern).date()
        except ValueError:
            continue
    return None
