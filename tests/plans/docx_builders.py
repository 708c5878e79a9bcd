"""Build small Word files for the importer's tests, with python-docx.

A document is a sequence of body paragraphs (``str`` or :class:`P`) and tables (``list`` of
rows). A row is a list of cells or a :class:`Wide` row (one cell over the whole width). A cell
is a string (one paragraph per line), a :class:`P`, a list of strings and ``P`` paragraphs, or
:data:`ABOVE` (merged with the cell above, as Word does for a time shared by several rows).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Final

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.table import _Cell


@dataclass(frozen=True)
class P:
    """A paragraph with formatting: a style ("List Bullet"), bold runs, or Word numbering."""

    text: str
    style: str | None = None
    bold: bool = False
    numbered: bool = False  # numbering set on the paragraph itself (numPr), not by its style
    inserted: str = ""  # text added after ``text`` as a tracked insertion
    deleted: str = ""  # text after ``text`` marked as a tracked deletion


@dataclass(frozen=True)
class Wide:
    """A row of one cell over the whole table."""

    text: str


class _Above:
    def __repr__(self) -> str:
        return "ABOVE"


ABOVE: Final = _Above()

CellSpec = str | P | list[str | P] | _Above
RowSpec = list[CellSpec] | Wide


def build_docx(*content: str | P | list[RowSpec]) -> bytes:
    document = docx.Document()
    for item in content:
        if isinstance(item, str):
            document.add_paragraph(item)
        elif isinstance(item, P):  # a body paragraph with a style or in bold
            paragraph = document.add_paragraph(style=item.style)
            paragraph.add_run(item.text).bold = item.bold or None
        else:
            _add_table(document, item)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def plan_table(*rows: RowSpec) -> list[RowSpec]:
    """A plan table with the usual header row before ``rows``."""
    return [["Når", "Aktiviteter", "Ansvar", "Målgruppe"], *rows]


def _add_table(document: docx.document.Document, rows: list[RowSpec]) -> None:
    width = max(len(row) for row in rows if isinstance(row, list))
    table = document.add_table(rows=len(rows), cols=width)
    for row_index, row in enumerate(rows):
        if isinstance(row, Wide):
            cell = table.cell(row_index, 0).merge(table.cell(row_index, width - 1))
            _fill(cell, row.text)
            continue
        for column, spec in enumerate(row):
            if isinstance(spec, _Above):
                table.cell(row_index - 1, column).merge(table.cell(row_index, column))
            else:
                _fill(table.cell(row_index, column), spec)


def _fill(cell: _Cell, spec: str | P | list[str | P]) -> None:
    if isinstance(spec, P):
        spec = [spec]
    paragraphs = spec.split("\n") if isinstance(spec, str) else spec
    for index, item in enumerate(paragraphs):
        paragraph_spec = P(item) if isinstance(item, str) else item
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        if paragraph_spec.style:
            paragraph.style = paragraph_spec.style
        run = paragraph.add_run(paragraph_spec.text)
        run.bold = paragraph_spec.bold or None
        if paragraph_spec.numbered:
            _number(paragraph._p)
        if paragraph_spec.inserted:
            _tracked(paragraph._p, "w:ins", "w:t", paragraph_spec.inserted)
        if paragraph_spec.deleted:
            _tracked(paragraph._p, "w:del", "w:delText", paragraph_spec.deleted)


def _number(p: OxmlElement) -> None:
    num_pr = OxmlElement("w:numPr")
    for tag, value in (("w:ilvl", "0"), ("w:numId", "1")):
        element = OxmlElement(tag)
        element.set(qn("w:val"), value)
        num_pr.append(element)
    p.get_or_add_pPr().append(num_pr)


def _tracked(p: OxmlElement, change: str, text_tag: str, text: str) -> None:
    wrapper = OxmlElement(change)
    wrapper.set(qn("w:id"), "1")
    wrapper.set(qn("w:author"), "Test")
    run = OxmlElement("w:r")
    text_element = OxmlElement(text_tag)
    text_element.set(qn("xml:space"), "preserve")
    text_element.text = text
    run.append(text_element)
    wrapper.append(run)
    p.append(wrapper)
