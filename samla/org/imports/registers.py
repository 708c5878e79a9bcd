"""Units read from the national registers' JSON: NSR (Nasjonalt skoleregister, schools) and
NBR (Nasjonalt barnehageregister, kindergartens), as Udir's API at data-nsr.udir.no and
data-nbr.udir.no returns them: a bare list of units, a paged object with the list in
``Enheter``, or one unit. Field names are matched without regard to case and in both the
v3 spelling (``Orgnr``, ``Kommunenr``, ``Fylkesnr``) and the v4 one
(``Organisasjonsnummer``, ``Kommunenummer``, ``Fylkesnummer``).

What comes out is plain data: one :class:`UnitRecord` per unit the programme can use, and
a :class:`RowProblem` per unit skipped (not relevant for the programme, with the reason)
or wrong (with what to do). A file that cannot be read at all raises
:class:`UnitFileError`. The lists of units (CSV, Excel) are read in ``unit_lists.py`` into
the same records.

Pure Python (no Django). What the reader says is a :class:`Message`: an English msgid
marked with :func:`gettext_noop` and its parameters, translated by the Django layer.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from samla.core.text import clean_text


def gettext_noop(message: str) -> str:
    """Mark ``message`` for translation without translating it: makemessages extracts it."""
    return message


@dataclass(frozen=True)
class Message:
    """A message for the user: ``msgid`` is an English template with ``%(name)s`` holes."""

    msgid: str
    params: Mapping[str, object] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.msgid % self.params if self.params else self.msgid


# The values of org.models' choices (Level, UnitKind, OwnerKind, LanguageForm), as text.
KINDERGARTEN, PRIMARY, UPPER_SECONDARY, PPT = "barnehage", "grunnskole", "vgs", "ppt"
MUNICIPALITY, COUNTY, PRIVATE = "kommune", "fylkeskommune", "privat"
BOKMAL, NYNORSK, SAMI = "nb", "nn", "se"

# The kinds of unit a programme of each level takes; PPT serves every level.
RELEVANT_KINDS = {
    PRIMARY: {PRIMARY, PPT},
    KINDERGARTEN: {KINDERGARTEN, PPT},
    UPPER_SECONDARY: {UPPER_SECONDARY, PPT},
}
MAX_ROWS = 20_000


@dataclass(frozen=True)
class UnitRecord:
    """One unit as the file gives it. Empty text or None: the file does not say."""

    row: int
    organisation_number: str
    name: str
    kind: str
    municipality_number: str
    municipality_name: str = ""
    county_number: str = ""
    county_name: str = ""
    owner_organisation_number: str = ""
    owner_name: str = ""
    owner_kind: str = ""
    lowest_grade: int | None = None
    highest_grade: int | None = None
    language_form: str = ""
    closed: bool = False
    closed_on: date | None = None


@dataclass(frozen=True)
class RowProblem:
    """A row not imported: ``skipped`` when it is not for the programme, else an error."""

    row: int | None
    column: str
    label: str
    message: Message
    skipped: bool = False


@dataclass
class ReadUnits:
    records: list[UnitRecord]
    problems: list[RowProblem]
    rows: int
    sheet: str = ""


class UnitFileError(ValueError):
    """The file as a whole cannot be read; ``message`` says why and what to do."""

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


NOT_JSON = Message(
    gettext_noop(
        "The file is not JSON. Save the register's answer as it comes (a .json file) and "
        "upload it again."
    )
)
NOT_A_REGISTER = Message(
    gettext_noop(
        "The file is JSON, but not a list of units from the register: no unit in it has an "
        "organisation number (Orgnr). Upload the list of units (enheter) from the register."
    )
)
NO_UNITS = Message(gettext_noop("The file lists no units."))
TOO_MANY_ROWS = Message(
    gettext_noop("The file has more than %(limit)s units; split it and upload the parts."),
    {"limit": f"{MAX_ROWS:,}".replace(",", "\u00a0")},
)
NSR_FOR_KINDERGARTENS = Message(
    gettext_noop(
        "The school register (NSR) has no kindergartens. For a kindergarten programme, "
        "upload the kindergarten register (NBR)."
    )
)
NBR_FOR_SCHOOLS = Message(
    gettext_noop(
        "The kindergarten register (NBR) has only kindergartens. For a school programme, "
        "upload the school register (NSR)."
    )
)
BAD_ORGANISATION_NUMBER = gettext_noop(
    "“%(value)s” is not a valid organisation number (nine digits, the last a check digit). "
    "Correct it from the Brønnøysund register."
)
DUPLICATE = gettext_noop(
    "The organisation number is also in row %(row)s. Keep one of the rows and upload again."
)
NO_NAME = Message(gettext_noop("The unit has no name. Write its name."))
BAD_MUNICIPALITY = gettext_noop(
    "“%(value)s” is not a municipality number (four digits, e.g. 3403). Correct it."
)
BAD_GRADE = gettext_noop("“%(value)s” is not a grade: write a number from 1 to 13.")
GRADES_REVERSED = Message(gettext_noop("The lowest grade is above the highest grade. Swap them."))
NOT_FOR_LEVEL = {
    PRIMARY: gettext_noop("Not a primary or lower secondary school: the programme is for those."),
    KINDERGARTEN: gettext_noop("Not a kindergarten: the programme is for kindergartens."),
    UPPER_SECONDARY: gettext_noop(
        "Not an upper secondary school: the programme is for upper secondary schools."
    ),
}
NOT_A_SCHOOL = Message(
    gettext_noop("Not a school in the register (an owner or another kind of unit).")
)
NOT_A_KINDERGARTEN = Message(
    gettext_noop("Not a kindergarten in the register (an owner or another kind of unit).")
)

_DIGITS = re.compile(r"\d+")
_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)


def is_organisation_number(value: str) -> bool:
    """Nine digits ending in Brønnøysund's modulus-11 check digit (the rule of
    ``org.models.validate_organisation_number``, here without Django)."""
    if len(value) != 9 or not value.isascii() or not value.isdigit():
        return False
    remainder = sum(int(d) * w for d, w in zip(value[:8], _WEIGHTS, strict=True)) % 11
    check = 0 if remainder == 0 else 11 - remainder
    return check != 10 and check == int(value[8])


def organisation_number_text(value: object) -> str:
    """An organisation number as text: spaces out, ``974552124.0`` from Excel as digits."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return re.sub(r"[\s\u00a0]", "", clean_text(str(value if value is not None else "")))


def grade(value: object) -> int | None:
    """A grade 1–13 from a number or its text; None when empty; ValueError when not one."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip().rstrip(".")
    if not _DIGITS.fullmatch(text) or not 1 <= int(text) <= 13:
        raise ValueError(value)
    return int(text)


def language_form(value: object) -> str | None:
    """nb, nn or se from the register's code (B, N, S) or a written name; "" when empty;
    None when not one of them."""
    if isinstance(value, Mapping):
        value = _lower(value).get("id") or _lower(value).get("navn") or ""
    text = str(value or "").strip().lower()
    if not text:
        return ""
    if text in {"b", "nb", "bokmål", "bokmal", "bokmaal"}:
        return BOKMAL
    if text in {"n", "nn", "nynorsk"}:
        return NYNORSK
    if text in {"s", "se", "sme", "samisk", "nordsamisk", "sørsamisk", "lulesamisk"}:
        return SAMI
    return None


def check_duplicates(records: list[UnitRecord], problems: list[RowProblem]) -> list[UnitRecord]:
    """The records with each organisation number's later rows turned into errors."""
    first_row: dict[str, int] = {}
    kept: list[UnitRecord] = []
    for record in records:
        seen = first_row.setdefault(record.organisation_number, record.row)
        if seen == record.row:
            kept.append(record)
        else:
            problems.append(
                RowProblem(record.row, "", record.name, Message(DUPLICATE, {"row": seen}))
            )
    return kept


def read_register(kind: str, data: bytes, level: str) -> ReadUnits:
    """The units of an NSR (``kind`` "nsr") or NBR ("nbr") file for a programme of
    ``level``. Raises :class:`UnitFileError` when the file cannot be read."""
    if kind == "nsr" and level == KINDERGARTEN:
        raise UnitFileError(NSR_FOR_KINDERGARTENS)
    if kind == "nbr" and level != KINDERGARTEN:
        raise UnitFileError(NBR_FOR_SCHOOLS)
    entries = _entries(data)
    records: list[UnitRecord] = []
    problems: list[RowProblem] = []
    for row, entry in enumerate(entries, start=1):
        found = _register_unit(kind, row, _lower(entry) if isinstance(entry, dict) else {}, level)
        (records if isinstance(found, UnitRecord) else problems).append(found)
    return ReadUnits(check_duplicates(records, problems), problems, len(entries))


def _entries(data: bytes) -> list:
    try:
        value = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise UnitFileError(NOT_JSON) from error
    if isinstance(value, dict):
        lowered = _lower(value)
        if isinstance(lowered.get("enheter"), list):
            value = lowered["enheter"]
        elif _organisation_number_of(lowered):
            value = [value]
        else:
            raise UnitFileError(NOT_A_REGISTER)
    if not isinstance(value, list):
        raise UnitFileError(NOT_A_REGISTER)
    if not value:
        raise UnitFileError(NO_UNITS)
    if len(value) > MAX_ROWS:
        raise UnitFileError(TOO_MANY_ROWS)
    if not any(isinstance(e, dict) and _organisation_number_of(_lower(e)) for e in value):
        raise UnitFileError(NOT_A_REGISTER)
    return value


def _lower(mapping: Mapping) -> dict:
    return {str(key).lower(): value for key, value in mapping.items()}


def _organisation_number_of(entry: dict) -> str:
    return organisation_number_text(entry.get("orgnr") or entry.get("organisasjonsnummer") or "")


def _text(value: object) -> str:
    return clean_text(value if isinstance(value, str) else "").strip()


def _register_unit(kind: str, row: int, entry: dict, level: str) -> UnitRecord | RowProblem:
    number = _organisation_number_of(entry)
    name = _text(entry.get("navn"))
    label = name or number
    if not is_organisation_number(number):
        message = Message(BAD_ORGANISATION_NUMBER, {"value": number})
        return RowProblem(row, "Orgnr", label, message)
    if not name:
        return RowProblem(row, "Navn", label, NO_NAME)
    if kind == "nsr":
        unit_kind = _school_kind(entry, level)
        if isinstance(unit_kind, Message):
            return RowProblem(row, "", label, unit_kind, skipped=True)
        private = entry.get("erprivatskole") is True or entry.get("eroffentligskole") is False
    else:
        if entry.get("erbarnehage") is False or (
            entry.get("erbarnehage") is None and entry.get("erbarnehageeier") is True
        ):
            return RowProblem(row, "", label, NOT_A_KINDERGARTEN, skipped=True)
        unit_kind = KINDERGARTEN
        private = entry.get("erprivatbarnehage") is True or (
            _text(entry.get("eierform")).lower() == "privat"
        )
    place = _lower(entry.get("kommune")) if isinstance(entry.get("kommune"), dict) else {}
    municipality = _text(
        str(place.get("kommunenr") or place.get("kommunenummer") or "")
        or str(entry.get("kommunenr") or entry.get("kommunenummer") or "")
    )
    if not re.fullmatch(r"\d{4}", municipality):
        return RowProblem(
            row, "Kommunenr", label, Message(BAD_MUNICIPALITY, {"value": municipality})
        )
    county = _lower(entry.get("fylke")) if isinstance(entry.get("fylke"), dict) else {}
    county_number = _text(
        str(county.get("fylkesnr") or county.get("fylkesnummer") or "")
        or str(entry.get("fylkesnr") or entry.get("fylkesnummer") or "")
    )
    prefix = "skoletrinnvgs" if unit_kind == UPPER_SECONDARY else "skoletrinngs"
    try:
        lowest, highest = grade(entry.get(prefix + "fra")), grade(entry.get(prefix + "til"))
    except ValueError as error:
        column = "SkoletrinnVGSFra" if unit_kind == UPPER_SECONDARY else "SkoletrinnGSFra"
        return RowProblem(row, column, label, Message(BAD_GRADE, {"value": error.args[0]}))
    if lowest and highest and lowest > highest:
        return RowProblem(row, "SkoletrinnGSFra", label, GRADES_REVERSED)
    owner_number, owner_name = _owner(entry)
    if owner_number and not is_organisation_number(owner_number):
        message = Message(BAD_ORGANISATION_NUMBER, {"value": owner_number})
        return RowProblem(row, "ForeldreRelasjoner", label, message)
    closed = entry.get("eraktiv") is False
    return UnitRecord(
        row=row,
        organisation_number=number,
        name=name,
        kind=unit_kind,
        municipality_number=municipality,
        municipality_name=_text(place.get("navn")) or _text(entry.get("kommunenavn")),
        county_number=county_number if re.fullmatch(r"\d{2}", county_number) else municipality[:2],
        county_name=_text(county.get("navn")) or _text(entry.get("fylkesnavn")),
        owner_organisation_number=owner_number,
        owner_name=owner_name,
        owner_kind=PRIVATE if private else COUNTY if unit_kind == UPPER_SECONDARY else MUNICIPALITY,
        lowest_grade=lowest,
        highest_grade=highest,
        language_form=language_form(entry.get("maalform") or entry.get("malform")) or "",
        closed=closed,
        closed_on=_day(entry.get("utgaattdato") or entry.get("datoutgaatt")) if closed else None,
    )


def _school_kind(entry: dict, level: str) -> str | Message:
    primary = entry.get("ergrunnskole") is True
    upper = entry.get("ervideregaaendeskole") is True
    if entry.get("erskole") is False or not (primary or upper):
        return NOT_A_SCHOOL
    if level == PRIMARY and primary:
        return PRIMARY
    if level == UPPER_SECONDARY and upper:
        return UPPER_SECONDARY
    return Message(NOT_FOR_LEVEL[level])


def _owner(entry: dict) -> tuple[str, str]:
    """The owner's organisation number and name: the parent relation of type 51
    (Eierstruktur), else the first parent with an organisation number."""
    found = entry.get("foreldrerelasjoner")
    relations = [_lower(r) for r in found if isinstance(r, dict)] if isinstance(found, list) else []

    def is_ownership(relation: dict) -> bool:
        kind = relation.get("relasjonstype")
        kind = _lower(kind) if isinstance(kind, dict) else {}
        return str(kind.get("id")) == "51" or _text(kind.get("navn")).lower() == "eierstruktur"

    for relation in sorted(relations, key=lambda r: not is_ownership(r)):
        unit = _lower(relation.get("enhet")) if isinstance(relation.get("enhet"), dict) else {}
        if number := _organisation_number_of(unit):
            return number, _text(unit.get("navn"))
    return "", ""


def _day(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None
