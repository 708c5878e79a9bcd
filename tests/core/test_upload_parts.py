"""The row and cell limits of an Office file hold whatever the part holding the rows is
called and however its XML is written (issue 18): the parsers find a part through the
package's relationships and read the encoding its first bytes or its declaration name, so
check_office_file counts every part, decoded as those parsers decode it."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from samla.core import uploads
from samla.core.uploads import WORD_PLAN, XLSFORM, UploadTooLarge, check_office_file
from samla.plans.docx_import import read_plan
from tests.core.office_bombs import docx_with_table_rows, xlsx_with_rows
from tests.plans.docx_builders import build_docx
from tests.plans.test_docx_real_world import HEADER

SEED_PLANS = Path("/work/shared/fixtures/plans")


def _table(count: int) -> str:
    def row(*texts: str) -> str:
        cells = "".join(f"<w:tc><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>" for text in texts)
        return f"<w:tr>{cells}</w:tr>"

    rows = [row(f"{1 + i % 28}.9.20", f"Aktivitet {i}", "Alle", "Lærere") for i in range(count)]
    grid = "<w:tblGrid>" + "<w:gridCol/>" * 4 + "</w:tblGrid>"
    return "<w:tbl>" + grid + row(*HEADER) + "".join(rows) + "</w:tbl>"


def _plan(count: int, encode=None, body_around=("", "")) -> bytes:
    """python-docx's template with a table of ``count`` activities; ``encode`` turns the main
    part's text into its bytes (UTF-8 as Word writes it when None)."""
    source = zipfile.ZipFile(io.BytesIO(build_docx("x")))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                body = body_around[0] + _table(count) + body_around[1]
                text = re.sub(
                    r"<w:body>.*</w:body>", f"<w:body>{body}</w:body>", data.decode(), flags=re.S
                )
                data = encode(text) if encode else text.encode()
            target.writestr(info.filename, data)
    return out.getvalue()


def _declared(text: str, encoding: str) -> str:
    declared = re.sub(r"encoding=.UTF-8.", f'encoding="{encoding}"', text, count=1)
    assert declared != text
    return declared


def _utf16(text: str) -> bytes:
    return _declared(text, "UTF-16").encode("utf-16")


def _utf7(text: str) -> bytes:
    # UTF-7 may write "<" as "+ADw-": no "<" is left for a count of the bytes to find.
    head, rest = _declared(text, "UTF-7").split("?>", 1)
    return head.encode() + b"?>" + rest.encode("utf-7").replace(b"<", b"+ADw-")


@pytest.mark.parametrize("encode", [_utf16, _utf7], ids=["utf-16", "utf-7"])
def test_rows_are_counted_in_a_part_written_in_an_encoding_other_than_utf_8(encode):
    assert len(read_plan(_plan(3, encode), "2020/2021").activities) == 3  # Word's parser reads it

    with pytest.raises(UploadTooLarge) as refused:
        check_office_file(_plan(6_000, encode), WORD_PLAN)

    assert refused.value.msgid == uploads.TOO_MANY_ROWS


def _rows_prefixed(count: int) -> bytes:
    main = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    workbook = xlsx_with_rows(count, cells=1)
    workbook = _rezip_with(
        workbook, b"<worksheet xmlns=", b'<worksheet xmlns:\xc3\xa9="%s" xmlns=' % main
    )
    return _rezip_with(workbook, b"row>", b"\xc3\xa9:row>")


def test_rows_whose_prefix_is_not_ascii_are_counted():
    sheet = openpyxl.load_workbook(io.BytesIO(_rows_prefixed(3))).active
    assert sheet.max_row == 3  # openpyxl reads them

    with pytest.raises(UploadTooLarge) as refused:
        check_office_file(_rows_prefixed(5_001), XLSFORM)

    assert refused.value.msgid == uploads.TOO_MANY_ROWS


def _rezip_with(data: bytes, old: bytes, new: bytes) -> bytes:
    """``data`` with ``old`` replaced by ``new`` in every part (the bytes, zipped again)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info.filename).replace(old, new))
    return out.getvalue()


def _document(rows: int, prefix: str, first_at: int) -> bytes:
    """A Word file of ``rows`` rows whose first row tag starts ``first_at`` bytes into the
    main part."""
    start = "<w:document><w:body><w:p>"
    filler = start + "x" * (first_at - len(start) - len("</w:p>")) + "</w:p>"
    document = filler + f"<{prefix}:tr></{prefix}:tr>" * rows + "</w:body></w:document>"
    assert document.index(f"<{prefix}:tr>") == first_at
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        target.writestr("word/document.xml", document.encode())
    return out.getvalue()


@pytest.mark.parametrize(
    ("prefix", "before_the_cut"),
    [("w", 1), ("w", 3), ("w", 4), ("p" * 200, 150), ("p" * 200, 202), ("p" * 200, 204)],
)
def test_a_row_tag_cut_between_two_unpacked_pieces_is_counted_once(prefix, before_the_cut):
    first_at = 256 * 1024 - before_the_cut

    check_office_file(_document(5_000, prefix, first_at), WORD_PLAN)
    with pytest.raises(UploadTooLarge) as refused:
        check_office_file(_document(5_001, prefix, first_at), WORD_PLAN)

    assert refused.value.msgid == uploads.TOO_MANY_ROWS


def test_word_files_and_workbooks_as_saved_are_within_the_limits_at_their_edge():
    check_office_file(docx_with_table_rows(5_000, cells=1), WORD_PLAN)
    check_office_file(xlsx_with_rows(5_000, cells=1), XLSFORM)
    check_office_file(_plan(4_999), WORD_PLAN)  # header row and 4 999 activities
    for path in sorted(SEED_PLANS.glob("*.docx")):
        check_office_file(path.read_bytes(), WORD_PLAN)


@pytest.mark.parametrize("encoding", ["UTF-16", "UTF-32", "base64", "rot13", "no-such"])
def test_a_part_that_names_an_encoding_it_is_not_written_in_is_left_to_the_reader(encoding):
    plan = _plan(3, lambda text: _declared(text, encoding).encode())

    check_office_file(plan, WORD_PLAN)
