"""Small Office files that unpack to very much: written part by part with zipfile, so that
making one takes a second or two and little memory."""

# ruff: noqa: E501

from __future__ import annotations

import io
import zipfile

_XLSX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_XLSX_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="survey" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)
_SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
_SHEET_END = "</sheetData></worksheet>"

_DOCX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_DOCX_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
)
_DOCUMENT_START = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:tbl><w:tblGrid>"
)
_DOCUMENT_END = "</w:tbl></w:body></w:document>"


def _write_part(archive: zipfile.ZipFile, name: str, start: str, row: str, count: int, end: str):
    """The part: ``start``, ``count`` times ``row``, ``end`` — written a block at a time."""
    batch = 2_000
    block = (row * batch).encode()
    with archive.open(name, "w", force_zip64=True) as part:
        part.write(start.encode())
        for _ in range(count // batch):
            part.write(block)
        part.write((row * (count % batch)).encode())
        part.write(end.encode())


def xlsx_with_rows(rows: int, cells: int = 3, text: str = "Jeg trives på skolen") -> bytes:
    """An XLSForm-like workbook whose one sheet has ``rows`` rows of ``cells`` text cells."""
    columns = range(cells)

    # Every row alike and without its optional number: it compresses as an attacker's would.
    values = "".join(f'<c t="inlineStr"><is><t>{text}</t></is></c>' for _ in columns)
    row = f"<row>{values}</row>"

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", _XLSX_TYPES)
        archive.writestr("_rels/.rels", _XLSX_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        _write_part(archive, "xl/worksheets/sheet1.xml", _SHEET_START, row, rows, _SHEET_END)
    return buffer.getvalue()


def docx_with_table_rows(rows: int, cells: int = 4, text: str = "Regional samling") -> bytes:
    """A Word document with one table of ``rows`` rows × ``cells`` cells."""
    grid = "".join('<w:gridCol w:w="2000"/>' for _ in range(cells)) + "</w:tblGrid>"

    cell = f"<w:tc><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"
    row = f"<w:tr>{cell * cells}</w:tr>"

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", _DOCX_TYPES)
        archive.writestr("_rels/.rels", _DOCX_RELS)
        _write_part(archive, "word/document.xml", _DOCUMENT_START + grid, row, rows, _DOCUMENT_END)
    return buffer.getvalue()
