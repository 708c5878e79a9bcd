"""The registers' JSON and the lists of units read into plain records (no database)."""

import io
import json
from datetime import date, datetime
from itertools import islice
from pathlib import Path

import pytest
from openpyxl import Workbook

from samla.org.imports.registers import (
    UnitFileError,
    UnitRecord,
    is_organisation_number,
    read_register,
)
from samla.org.imports.unit_lists import read_unit_list

SAMPLES = Path(__file__).resolve().parents[2] / "samla" / "demo" / "samples"
HEADINGS = (
    "organisasjonsnummer;navn;type;kommunenummer;kommune;laveste trinn;høyeste trinn;"
    "målform;nedlagt"
)


def _unit(**fields) -> dict:
    unit = {
        "Orgnr": "974552124",
        "Navn": "Hosle skole",
        "Kommune": {"Kommunenr": "3201", "Navn": "Bærum"},
        "Fylke": {"Fylkesnr": "32", "Navn": "Akershus"},
        "ErAktiv": True,
        "ErSkole": True,
        "ErGrunnskole": True,
        "ErVideregaaendeSkole": False,
        "SkoletrinnGSFra": 1,
        "SkoletrinnGSTil": 7,
        "Maalform": {"Id": "N", "Navn": "Nynorsk"},
        "ForeldreRelasjoner": [
            {"Enhet": {"Orgnr": "974552124", "Navn": "X"}, "Relasjonstype": {"Id": "21"}},
            {
                "Enhet": {"Orgnr": "964950113", "Navn": "BÆRUM KOMMUNE"},
                "Relasjonstype": {"Id": "51", "Navn": "Eierstruktur"},
            },
        ],
    }
    unit.update(fields)
    return unit


HOSLE = UnitRecord(
    row=1,
    organisation_number="974552124",
    name="Hosle skole",
    kind="grunnskole",
    municipality_number="3201",
    municipality_name="Bærum",
    county_number="32",
    county_name="Akershus",
    owner_organisation_number="964950113",
    owner_name="BÆRUM KOMMUNE",
    owner_kind="kommune",
    lowest_grade=1,
    highest_grade=7,
    language_form="nn",
)


def _message(problem) -> str:
    return str(problem.message)


def test_the_organisation_number_check_digit():
    assert is_organisation_number("974552124")
    assert not is_organisation_number("974552125")
    assert not is_organisation_number("97455212")
    assert not is_organisation_number("９７４５５２１２４")  # full-width digits


@pytest.mark.parametrize(
    "shape",
    [
        lambda units: units,
        lambda units: {"Enheter": units, "AntallSider": 1, "Sidenummer": 1},
        lambda units: units[0],
    ],
    ids=["bare list", "paged object", "one unit"],
)
def test_the_register_comes_as_a_list_a_page_or_one_unit(shape):
    read = read_register("nsr", json.dumps(shape([_unit()])).encode(), "grunnskole")
    assert (read.records, read.problems, read.rows) == ([HOSLE], [], 1)


def test_the_v4_spelling_and_any_case_are_read():
    unit = {
        "organisasjonsnummer": "974552124",
        "navn": "Hosle skole",
        "kommune": {"kommunenummer": "3201", "navn": "Bærum"},
        "fylke": {"fylkesnummer": "32", "navn": "Akershus"},
        "erAktiv": False,
        "UtgaattDato": "2024-07-31T00:00:00",
        "erSkole": True,
        "erGrunnskole": True,
        "erPrivatskole": True,
        "maalform": "B",
    }
    [record] = read_register("nsr", json.dumps([unit]).encode(), "grunnskole").records
    assert (record.municipality_number, record.county_number, record.owner_kind) == (
        "3201", "32", "privat"
    )  # fmt: skip
    assert (record.closed, record.closed_on, record.language_form) == (
        True, date(2024, 7, 31), "nb"
    )  # fmt: skip


def test_units_not_for_the_programme_are_skipped_with_the_reason():
    units = [
        _unit(),
        _unit(Orgnr="964950113", Navn="Bærum kommune", ErSkole=False, ErGrunnskole=False),
        _unit(Orgnr="971245581", Navn="Rud vgs", ErGrunnskole=False, ErVideregaaendeSkole=True,
              SkoletrinnVGSFra=11, SkoletrinnVGSTil=13),
    ]  # fmt: skip
    read = read_register("nsr", json.dumps(units).encode(), "grunnskole")
    assert [r.name for r in read.records] == ["Hosle skole"]
    assert [(p.row, p.skipped, _message(p)) for p in read.problems] == [
        (2, True, "Not a school in the register (an owner or another kind of unit)."),
        (3, True, "Not a primary or lower secondary school: the programme is for those."),
    ]
    upper = read_register("nsr", json.dumps(units).encode(), "vgs")
    assert [(r.name, r.kind, r.lowest_grade, r.owner_kind) for r in upper.records] == [
        ("Rud vgs", "vgs", 11, "fylkeskommune")
    ]


def test_the_kindergarten_register():
    units = [
        {"Orgnr": "973488589", "Navn": "Stokkbekken barnehage AS", "Kommunenr": "5001",
         "ErAktiv": True, "ErBarnehage": True, "ErPrivatBarnehage": True},
        {"Orgnr": "974552124", "Navn": "Eier AS", "Kommunenr": "5001", "ErBarnehage": False,
         "ErBarnehageEier": True},
    ]  # fmt: skip
    read = read_register("nbr", json.dumps({"Enheter": units}).encode(), "barnehage")
    [record] = read.records
    assert (record.kind, record.owner_kind, record.county_number) == ("barnehage", "privat", "50")
    assert [p.skipped for p in read.problems] == [True]


def test_a_register_for_the_wrong_level_is_refused():
    content = json.dumps([_unit()]).encode()
    with pytest.raises(UnitFileError, match="kindergarten register"):
        read_register("nsr", content, "barnehage")
    with pytest.raises(UnitFileError, match="school register"):
        read_register("nbr", content, "grunnskole")


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"", "not JSON"),
        (b"<html>", "not JSON"),
        (b"\xff\xfe\x00", "not JSON"),
        (b"[]", "no units"),
        (b'{"Sidenummer": 1}', "not a list of units"),
        (b'[{"Navn": "Uten nummer"}]', "not a list of units"),
        (b'"tekst"', "not a list of units"),
        (b"[" * 100_000 + b"]" * 100_000, "not JSON"),
    ],
)
def test_a_file_that_is_not_the_register_is_refused(content, says):
    with pytest.raises(UnitFileError, match=says):
        read_register("nsr", content, "grunnskole")


def test_wrong_rows_say_what_to_do_and_duplicates_are_caught():
    units = [
        _unit(),
        _unit(Orgnr="974552125", Navn="Feil nummer"),
        _unit(Orgnr="964950113", Navn=""),
        _unit(Orgnr="971245581", Kommune={"Kommunenr": "32"}),
        _unit(Orgnr="983971636", SkoletrinnGSFra=0),
        _unit(Orgnr="974760673", SkoletrinnGSFra=9, SkoletrinnGSTil=4),
        _unit(Navn="Hosle skole igjen"),
        "ikke en enhet",
    ]
    read = read_register("nsr", json.dumps(units).encode(), "grunnskole")
    assert [r.row for r in read.records] == [1]
    assert [(p.row, p.column, p.skipped) for p in read.problems] == [
        (2, "Orgnr", False),
        (3, "Navn", False),
        (4, "Kommunenr", False),
        (5, "SkoletrinnGSFra", False),
        (6, "SkoletrinnGSFra", False),
        (8, "Orgnr", False),
        (7, "", False),
    ]
    assert "is also in row 1" in _message(read.problems[-1])


def test_the_samples_are_read():
    nsr = read_register("nsr", (SAMPLES / "nsr-innlandet.json").read_bytes(), "grunnskole")
    assert (len(nsr.records), len(nsr.problems)) == (11, 2)
    nbr = read_register("nbr", (SAMPLES / "nbr-innlandet.json").read_bytes(), "barnehage")
    assert (len(nbr.records), len(nbr.problems)) == (5, 1)
    listed = read_unit_list((SAMPLES / "enheter.csv").read_bytes(), "grunnskole")
    assert (len(listed.records), [p.skipped for p in listed.problems]) == (4, [True])


# --- lists of units --------------------------------------------------------------------

ROWS = [
    HEADINGS,
    "974552124;Hosle skole;skole;3201;Bærum;1;7;nynorsk;nei",
    "964950113;Bærum PPT;PPT;301;;;;;30.06.2026",
]


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8", ";"), ("utf-8-sig", ";"), ("cp1252", ";"), ("latin-1", ","), ("utf-16", "\t")],
)
def test_a_csv_list_in_the_encodings_and_delimiters_excel_writes(encoding, delimiter):
    text = "\r\n".join(row.replace(";", delimiter) for row in ROWS) + "\r\n"
    read = read_unit_list(text.encode(encoding), "grunnskole")
    assert read.problems == []
    assert [(r.row, r.name, r.kind, r.municipality_number) for r in read.records] == [
        (2, "Hosle skole", "grunnskole", "3201"),
        (3, "Bærum PPT", "ppt", "0301"),
    ]
    hosle, ppt = read.records
    assert (hosle.lowest_grade, hosle.highest_grade, hosle.language_form, hosle.closed) == (
        1, 7, "nn", False
    )  # fmt: skip
    assert (ppt.closed, ppt.closed_on, ppt.owner_kind) == (True, date(2026, 6, 30), "kommune")


def test_an_excel_list_written_by_openpyxl():
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Enheter"
    sheet.append(["Navn", "Org.nr.", "Type", "Kommunenr", "Eier organisasjonsnummer", "Eier"])
    sheet.append(["Hosle skole", 974552124, "skole", 3201, 964950113, "Bærum kommune"])
    sheet.append(["Privat skole", "971245581", "skole", "3201", "983971636", "Stiftelsen Skolen"])
    sheet.append(["Formel", "=A1", "skole", "3201", None, None])
    sheet.append(["Stengt", "974760673", "barnehage", "3201", None, None])
    sheet.append([datetime(2026, 1, 1), None, None, None, None, None])
    data = io.BytesIO()
    workbook.save(data)
    read = read_unit_list(data.getvalue(), "grunnskole")
    assert read.sheet == "Enheter"
    assert [(r.row, r.organisation_number, r.owner_organisation_number, r.owner_kind)
            for r in read.records] == [
        (2, "974552124", "964950113", "kommune"),
        (3, "971245581", "983971636", "privat"),
    ]  # fmt: skip
    assert [(p.row, p.column, p.skipped) for p in read.problems] == [
        (4, "Org.nr.", False),
        (5, "Type", True),
        (6, "Org.nr.", False),
    ]


def test_formula_looking_text_is_refused():
    rows = [HEADINGS, '974552124;=HYPERLINK("http://x.invalid";"Hosle");skole;3201;;;;;',
            "964950113;@SUM(1);skole;3201;;;;;", "971245581;+Hosle;skole;3201;;;;;"]  # fmt: skip
    read = read_unit_list("\n".join(rows).encode(), "grunnskole")
    assert read.records == []
    assert [(p.row, p.column) for p in read.problems] == [(2, "navn"), (3, "navn"), (4, "navn")]
    assert "formula" in _message(read.problems[0])


def test_wrong_values_in_a_list_say_which_column_and_what_to_do():
    rows = [
        HEADINGS + ";eierform",
        "974552124;Hosle skole;kino;3201;;;;;;",
        "964950113;Hosle skole;skole;3201;;0;7;;;",
        "971245581;Hosle skole;skole;3201;;;;klingon;;",
        "983971636;Hosle skole;skole;3201;;;;;kanskje;",
        "974760673;Hosle skole;skole;3201;;;;;;privat",
        "974552124;Hosle skole;skole;3201;;;;;;",
        "974552124;Hosle skole;skole;3201;;;;;;",
    ]
    read = read_unit_list("\n".join(rows).encode(), "grunnskole")
    assert [(p.row, p.column) for p in read.problems] == [
        (2, "type"),
        (3, "laveste trinn"),
        (4, "målform"),
        (5, "nedlagt"),
        (6, ""),
        (8, ""),
    ]
    assert [r.row for r in read.records] == [7]


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"", "no units"),
        (b"\n\n;;\n", "no units"),
        (HEADINGS.encode(), "no units"),
        (b"navn,adresse\nHosle skole,Veien 1\n", "lacks the column"),
        (b"PK\x03\x04 not really a zip", "cannot read the file"),
        (b"\x00\x01\x02", "cannot read the file"),
    ],
)
def test_a_list_that_cannot_be_read_is_refused(content, says):
    with pytest.raises(UnitFileError, match=says):
        read_unit_list(content, "grunnskole")


def test_ten_thousand_rows_are_read_and_more_than_the_limit_refused():
    valid = (n for n in (f"9{i:08d}" for i in range(200_000)) if is_organisation_number(n))
    rows = [HEADINGS] + [f"{n};Skole {n};skole;3403;;;;;" for n in islice(valid, 10_000)]
    read = read_unit_list("\n".join(rows).encode(), "grunnskole")
    assert (len(read.records), read.problems) == (10_000, [])
    too_many = "\n".join([HEADINGS] + [rows[1]] * 20_001).encode()
    with pytest.raises(UnitFileError, match="more than"):
        read_unit_list(too_many, "grunnskole")
