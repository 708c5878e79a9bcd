"""Read the tables of a Word file into plain rows of cells, keeping what the plan importer needs.

Pure Python on purpose (python-docx, no Django). Word keeps much of a cell's meaning outside its
text: bullets live in numbering properties or in the paragraph style, headings are bold runs or a
heading style, merged cells are spans and vertical merges, edits may still be tracked changes.
This module turns all of that into :class:`Paragraph` lines with a :class:`BlockKind`, so the
importer (:mod:`samla.plans.docx_import`) only deals with text.
"""

from __future__ import annotations

import io
import os
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from zipfile import BadZipFile

import docx
from docx.document import Document
from docx.opc.exceptions import OpcError
from docx.oxml.ns import qn
from lxml.etree import XMLSyntaxError, _Element

from samla.core.text import clean_text
from samla.core.uploads import WORD_PLAN, check_office_file
from samla.plans.docx_styles import ParagraphKinds
from samla.plans.imported_plan import BlockKind

DocxSource = bytes | bytearray | BinaryIO | os.PathLike[str]


class NotAWordFileError(ValueError):
    """The bytes are not a Word (.docx) document python-docx can open."""


@dataclass(frozen=True)
class Paragraph:
    """One Word paragraph: its lines (a soft line break starts a new line) and its kind.

    ``after_gap`` says an empty paragraph stands before it: authors use one to set a heading
    apart from what follows.
    """

    lines: tuple[str, ...]
    kind: BlockKind
    after_gap: bool = False


@dataclass(frozen=True)
class Cell:
    """A cell at grid ``column`` spanning ``span`` columns.

    ``inherited`` marks the lower part of a vertically merged cell: Word keeps the text in the
    top cell only, but a reader sees it in every row the merge covers.
    """

    column: int
    span: int
    paragraphs: tuple[Paragraph, ...]
    inherited: bool = False

    @property
    def lines(self) -> list[str]:
        return [line for paragraph in self.paragraphs for line in paragraph.lines]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass(frozen=True)
class Row:
    number: int  # 1-based, as a person counts rows
    cells: tuple[Cell, ...]

    @property
    def own_cells(self) -> list[Cell]:
        """The cells with text of their own (not carried down by a vertical merge)."""
        return [cell for cell in self.cells if cell.text and not cell.inherited]


@dataclass(frozen=True)
class Table:
    number: int  # 1-based, in document order
    column_count: int
    rows: tuple[Row, ...]

    def preview(self, limit: int = 120) -> str:
        texts = [cell.text.replace("\n", " ") for row in self.rows for cell in row.own_cells]
        text = " | ".join(texts)
        return text if len(text) <= limit else text[: limit - 1] + "…"


def open_document(source: DocxSource) -> Document:
    """The document, once its size is within :data:`samla.core.uploads.WORD_PLAN`: raises
    :class:`~samla.core.uploads.UploadTooLarge` before python-docx reads a thing."""
    if isinstance(source, bytes | bytearray):
        data = bytes(source)
    elif isinstance(source, os.PathLike):
        data = Path(source).read_bytes()
    else:
        data = source.read()
    check_office_file(data, WORD_PLAN)
    try:
        return docx.Document(io.BytesIO(data))
    # python-docx reports a wrong file in many ways: not a zip, a zip without Word's parts
    # (KeyError), another Office format (ValueError), broken XML.
    except (BadZipFile, KeyError, ValueError, OpcError, XMLSyntaxError) as error:
        raise NotAWordFileError(str(error)) from error


def read_tables(document: Document) -> list[Table]:
    """Every table of the body in document order; a table inside a cell stays in its cell."""
    body = document.element.body
    elements = body.xpath(".//w:tbl[not(ancestor::w:tbl)]")
    kinds = ParagraphKinds(document)
    return [_read_table(element, number, kinds) for number, element in enumerate(elements, 1)]


def clean_line(text: str) -> str:
    """NFC, no invisible or control characters, single spaces: extracted Word text has all
    of these (and a NUL would not even be stored)."""
    text = unicodedata.normalize("NFC", clean_text(text))
    text = _INVISIBLE.sub("", text)
    return " ".join(text.split())


_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
# Bullets typed by hand, including Word's Symbol-font bullet in the private use area.
_TEXT_BULLET = re.compile("^[\u2022\u00b7\u25aa\u25cf\u25e6\u2023\u2043\uf0b7\uf0a7*\u2013-]\\s+")


def _read_table(element: _Element, number: int, kinds: ParagraphKinds) -> Table:
    grid = element.xpath("./w:tblGrid/w:gridCol")
    rows: list[Row] = []
    above: dict[int, Cell] = {}
    width = len(grid)
    for row_number, tr in enumerate(_children(element, "w:tr"), 1):
        column = _int_val(tr, "./w:trPr/w:gridBefore")
        cells: list[Cell] = []
        for tc in _children(tr, "w:tc"):
            span = max(_int_val(tc, "./w:tcPr/w:gridSpan") or 1, 1)
            merge = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
            continues = merge is not None and merge.get(qn("w:val"), "continue") == "continue"
            if continues and column in above:
                cell = Cell(column, span, above[column].paragraphs, inherited=True)
            else:
                cell = Cell(column, span, tuple(_read_cell(tc, kinds)))
            cells.append(cell)
            above[column] = cell
            column += span
        width = max(width, column)
        rows.append(Row(row_number, tuple(cells)))
    return Table(number, width, tuple(rows))


def _children(element: _Element, tag: str) -> list[_Element]:
    # Content controls (w:sdt) may wrap rows and cells; their content is still the table's.
    found: list[_Element] = element.xpath(f"./{tag} | ./w:sdt/w:sdtContent/{tag}")
    return found


def _int_val(element: _Element, path: str) -> int:
    found = element.xpath(path)
    value = found[0].get(qn("w:val")) if found else None
    return int(value) if value and value.isdigit() else 0


def read_leading_paragraphs(document: Document) -> list[Paragraph]:
    """The body's paragraphs above its first table: a plan's title, goals and introduction."""
    leading: list[_Element] = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:tbl"):
            break
        if child.tag == qn("w:p"):
            leading.append(child)
    return list(_read_paragraphs(leading, ParagraphKinds(document)))


def _read_cell(tc: _Element, kinds: ParagraphKinds) -> Iterator[Paragraph]:
    # Text boxes come twice, as DrawingML and as a VML fallback: read the first only.
    depth = len(tc.xpath("ancestor::w:tbl"))
    own = f"[not(ancestor::*[local-name() = 'Fallback'])][count(ancestor::w:tbl) = {depth}]"
    paragraphs: list[_Element] = []
    for element in tc.xpath(f".//w:p{own} | .//w:tbl{own}"):
        if element.tag == qn("w:p"):
            paragraphs.append(element)
            continue
        yield from _read_paragraphs(paragraphs, kinds)
        paragraphs = []
        yield from _nested_table(element, kinds)
    yield from _read_paragraphs(paragraphs, kinds)


def _nested_table(tbl: _Element, kinds: ParagraphKinds) -> Iterator[Paragraph]:
    """A table inside a cell (a day's programme) is read as lines of the cell, one line per
    row, its cells joined by a dash: "09.30 – Foredrag om lesing". Never lost."""
    for tr in _children(tbl, "w:tr"):
        texts = [
            " ".join(line for paragraph in _read_cell(tc, kinds) for line in paragraph.lines)
            for tc in _children(tr, "w:tc")
        ]
        line = " – ".join(text for text in texts if text)
        if line:
            yield Paragraph((line,), BlockKind.PARAGRAPH)


def _read_paragraphs(elements: list[_Element], kinds: ParagraphKinds) -> Iterator[Paragraph]:
    gap = False
    for p in elements:
        runs = _own_runs(p)
        lines = [clean_line(line) for line in _paragraph_text(runs).split("\n")]
        lines = [line for line in lines if line]
        if not lines:
            gap = True
            continue
        kind = kinds.kind(p, runs)
        marker = _TEXT_BULLET.match(lines[0])
        if marker:
            lines[0] = lines[0][marker.end() :]
            kind = BlockKind.BULLET
        yield Paragraph(tuple(lines), kind, after_gap=gap)
        gap = False


def _own_runs(p: _Element) -> list[_Element]:
    """The paragraph's runs, also inside insertions, links and fields, not in text boxes.

    python-docx's Paragraph.text skips tracked insertions, and a plan under review has many.
    """
    depth = len(p.xpath("ancestor-or-self::w:p"))
    runs: list[_Element] = p.xpath(f".//w:r[count(ancestor::w:p) = {depth}][not(ancestor::w:del)]")
    return runs


def _paragraph_text(runs: list[_Element]) -> str:
    parts: list[str] = []
    for element in (child for run in runs for child in run):
        if element.tag == qn("w:t"):
            parts.append(element.text or "")
        elif element.tag in (qn("w:br"), qn("w:cr")):
            parts.append("\n")
        elif element.tag == qn("w:tab"):
            parts.append(" ")
        elif element.tag == qn("w:noBreakHyphen"):
            parts.append("-")
    return "".join(parts)
