"""Issue 18 under attack: the XLSForm reader and writer against hostile and huge workbooks.

Tests marked xfail(strict) assert the correct behaviour of a defect found by the attack; the
others hold and stay as regression tests."""

from __future__ import annotations

import io
import re
import time
import zipfile
from dataclasses import replace

import openpyxl
import pytest

from samla.core.uploads import XLSFORM, UploadTooLarge, check_office_file
from samla.surveys.instrument import InstrumentError
from samla.surveys.instrument_data import content_hash
from samla.surveys.xlsform import read_xlsform
from samla.surveys.xlsform_writer import write_xlsform
from tests.surveys.xlsforms import CHOICES, SETTINGS, begin, choice, end, question, xlsform


def _sheets_moved(data: bytes, folder: str = "xl/ws/") -> bytes:
    """The same workbook with its worksheet parts under another folder. The workbook's
    relationships say where each sheet is; Excel, openpyxl and pyxform follow them."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body, name = source.read(info.filename), info.filename
            name = name.replace("xl/worksheets/", folder)
            if name in ("xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
                body = body.replace(b"worksheets/", folder[3:].encode())
            target.writestr(name, body)
    return out.getvalue()


def _skipped_rows(count: int) -> bytes:
    rows = [{"type": "geopoint", "name": f"g{i}", "label::nb": "Hvor?"} for i in range(count)]
    return xlsform(begin("p1"), question("select_one yn", "q1"), *rows, end(), choices=CHOICES)


def test_the_row_limit_holds_for_a_workbook_as_excel_saves_it():
    with pytest.raises(UploadTooLarge):
        check_office_file(_skipped_rows(6_000), XLSFORM)


def test_the_row_limit_holds_for_sheets_stored_under_another_part_name():
    moved = _sheets_moved(_skipped_rows(6_000))
    assert openpyxl.load_workbook(io.BytesIO(moved)).sheetnames[:1] == ["survey"]  # valid

    with pytest.raises(UploadTooLarge):
        check_office_file(moved, XLSFORM)


def _conditional_form(count: int) -> bytes:
    """``count`` integer questions in pages of 100, each asked only when the one before it
    was answered with at least 1."""
    rows = []
    for page in range(count // 100):
        rows.append(begin(f"p{page}"))
        for i in range(100):
            relevant = f"${{q{page}_{i - 1}}} >= 1" if i else None
            rows.append(question("integer", f"q{page}_{i}", relevant=relevant))
        rows.append(end())
    return xlsform(*rows)


def _seconds_to_read(data: bytes) -> float:
    start = time.perf_counter()
    read_xlsform(data)
    return time.perf_counter() - start


def test_reading_conditions_grows_linearly_with_the_form():
    small, large = _conditional_form(500), _conditional_form(2_500)
    _seconds_to_read(small)  # warm up imports and caches

    ratio = _seconds_to_read(large) / _seconds_to_read(small)

    # Five times the questions: linear reading takes about five times as long.
    assert ratio < 10


def test_a_choice_list_that_already_has_other_is_not_given_a_second_other():
    choices = [*CHOICES, choice("svar", "a"), choice("svar", "other")]
    form = xlsform(begin("p1"), question("select_one svar or_other", "q1"), end(), choices=choices)

    instrument = read_xlsform(form)

    assert [c.value for c in instrument.items[0].choices] == ["a", "other"]
    assert [item.code for item in instrument.items] == ["q1", "q1_other"]


def test_a_condition_on_itself_or_a_later_question_is_dropped_with_a_warning():
    form = xlsform(
        begin("p1"),
        question("select_one yn", "a", relevant="${b} = 'ja'"),
        question("select_one yn", "b", relevant="${a} = 'ja'"),
        end(),
    )

    instrument = read_xlsform(form)

    assert instrument.items[0].relevant is None
    assert instrument.items[1].relevant is not None
    assert [(w.row, w.params["code"]) for w in instrument.warnings] == [(3, "b")]


@pytest.mark.parametrize("name", ["q\u202e1", "q\u200b1", "q\u00a01"])
def test_a_name_with_invisible_or_control_characters_is_refused(name):
    with pytest.raises(InstrumentError):
        read_xlsform(xlsform(begin("p1"), question("select_one yn", name), end()))


def _with_text(data: bytes, placeholder: str, text: str) -> bytes:
    """The workbook with one text replaced: a cell longer than openpyxl writes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                body = body.replace(placeholder.encode(), text.encode())
            target.writestr(info.filename, body)
    return out.getvalue()


def test_a_label_longer_than_a_cell_holds_survives_the_round_trip_or_is_refused():
    long_text = "Les dette nøye. " * 2_500  # 40 000 characters
    form = xlsform(begin("p1"), question("text", "q1", label__nb="PLACEHOLDER"), end())
    form = _with_text(form, "PLACEHOLDER", long_text)
    try:
        instrument = read_xlsform(form)
    except InstrumentError:
        return  # refusing what Excel cannot hold is correct too

    again = read_xlsform(write_xlsform(instrument))

    assert content_hash(again) == content_hash(instrument)


FORMULA_LIKE = [
    '=HYPERLINK("http://evil.example","klikk")',
    "=1+1",
    "+1+cmd|' /C calc'!A0",
    "@SUM(1)",
]


def test_the_writer_keeps_texts_that_look_like_formulas_as_texts():
    instrument = read_xlsform(
        xlsform(begin("p1"), question("text", "q1"), question("select_one yn", "q2"), end())
    )
    texts = dict(zip(("nb", "nn", "en"), FORMULA_LIKE, strict=False))
    hostile = replace(
        instrument,
        title={"nb": FORMULA_LIKE[3], "nn": "t", "en": "t"},
        items=(replace(instrument.items[0], label=texts), *instrument.items[1:]),
    )

    workbook = openpyxl.load_workbook(io.BytesIO(write_xlsform(hostile)))

    cells = [c for sheet in workbook for row in sheet.iter_rows() for c in row if c.value]
    formula_like = [c for c in cells if re.match(r"[=+@-]", str(c.value))]
    assert sorted(c.value for c in formula_like) == sorted([*FORMULA_LIKE[:3], FORMULA_LIKE[3]])
    assert {c.data_type for c in formula_like} == {"s"}


def test_quotes_newlines_and_markup_in_texts_survive_the_round_trip():
    text = "Han sa \"hei\" og 'ha det'\nny linje <script>alert(1)</script> \u202eRTL"
    form = xlsform(
        begin("p1"),
        question("text", "q1", label__nb=text, label__nn=text, label__en=text),
        end(),
        settings={**SETTINGS, "form_title": text},
    )
    instrument = read_xlsform(form)

    again = read_xlsform(write_xlsform(instrument))

    assert again.items[0].label["nb"] == text
    assert content_hash(again) == content_hash(instrument)
