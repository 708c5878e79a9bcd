"""Issue 18 under attack: the Word plan importer against huge and odd tables.

Tests marked xfail(strict) assert the correct behaviour of a defect found by the attack; the
others hold and stay as regression tests."""

from __future__ import annotations

import io
import re
import time
import zipfile

import pytest

from samla.core.uploads import WORD_PLAN, UploadTooLarge, check_office_file
from samla.plans.docx_import import PlanImportError, read_plan
from tests.plans.docx_builders import build_docx
from tests.plans.test_docx_real_world import HEADER, REGIONS


def _p(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def _cell(inner: str, span: int | None = None) -> str:
    properties = f'<w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>' if span else ""
    return f"<w:tc>{properties}{inner}</w:tc>"


def _row(*texts: str) -> str:
    return "<w:tr>" + "".join(_cell(_p(text)) for text in texts) + "</w:tr>"


def _table(rows: list[str], columns: int = 4) -> str:
    grid = "<w:tblGrid>" + "<w:gridCol/>" * columns + "</w:tblGrid>"
    return "<w:tbl>" + grid + "".join(rows) + "</w:tbl>"


def _activities(count: int) -> list[str]:
    return [
        _row(f"{1 + i % 28}.{9 + i % 2}.20", f"Aktivitet {i}", "Alle", "Lærere")
        for i in range(count)
    ]


def _docx(body: str, main: str = "word/document.xml") -> bytes:
    """A Word file (python-docx's template) whose body is ``body``, its main part at ``main``
    (the package's relationships say where it is; Word and python-docx follow them)."""
    source = zipfile.ZipFile(io.BytesIO(build_docx("x")))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data, name = source.read(info.filename), info.filename
            if name == "word/document.xml":
                data = re.sub(
                    rb"<w:body>.*</w:body>", f"<w:body>{body}</w:body>".encode(), data, flags=re.S
                )
                name = main
            elif name == "word/_rels/document.xml.rels":
                name = main.replace("word/", "word/_rels/") + ".rels"
            if name in ("_rels/.rels", "[Content_Types].xml"):
                data = data.replace(b"word/document.xml", main.encode())
            target.writestr(name, data)
    return out.getvalue()


def _plan_of(rows: list[str], main: str = "word/document.xml") -> bytes:
    return _docx(_table([_row(*HEADER), *rows]), main)


def test_the_row_limit_holds_for_a_plan_as_word_saves_it():
    with pytest.raises(UploadTooLarge):
        check_office_file(_plan_of(_activities(6_000)), WORD_PLAN)


def test_the_row_limit_holds_for_a_main_part_under_another_name():
    moved = _plan_of(_activities(6_000), main="word/main.xml")
    assert len(read_plan(_plan_of(_activities(3), "word/main.xml"), "2020/2021").activities) == 3

    with pytest.raises(UploadTooLarge):
        check_office_file(moved, WORD_PLAN)


def test_a_plan_of_2000_rows_reads_within_5_seconds():
    plan = _plan_of(_activities(2_000))

    start = time.perf_counter()
    imported = read_plan(plan, "2020/2021", REGIONS)
    seconds = time.perf_counter() - start

    assert len(imported.activities) == 2_000
    assert seconds < 5


def test_a_cell_merged_over_more_columns_than_the_table_has_is_kept_as_a_note():
    wide = "<w:tr>" + _cell(_p("12.10.20 Felles fagdag"), span=1_000) + "</w:tr>"

    imported = read_plan(_plan_of([wide, *_activities(3)]), "2020/2021", REGIONS)

    assert [note.text for note in imported.notes] == ["12.10.20 Felles fagdag"]
    assert len(imported.activities) == 3


def test_a_table_nested_50_deep_in_an_activity_cell_keeps_its_text():
    inner = _table([_row("09.30", "Foredrag om lesing")], columns=2)
    for _ in range(49):
        inner = _table(["<w:tr>" + _cell(inner + _p("")) + "</w:tr>"], columns=1)
    cells = (_p("12.10.20"), inner, _p("Alle"), _p(""))
    row = "<w:tr>" + "".join(_cell(c) for c in cells) + "</w:tr>"

    imported = read_plan(_plan_of([row]), "2020/2021", REGIONS)

    (activity,) = imported.activities
    assert "09.30 – Foredrag om lesing" in repr(activity)


def test_a_table_nested_beyond_what_xml_parsing_allows_is_refused_with_a_message():
    inner = _table([_row(*HEADER), *_activities(1)])
    for _ in range(2_000):
        inner = _table(["<w:tr>" + _cell(inner + _p("")) + "</w:tr>"], columns=1)

    with pytest.raises(PlanImportError):
        read_plan(_docx(inner), "2020/2021", REGIONS)
