"""Word (DOCX) documents the exports share: a landscape page in the person's language,
table header rows that repeat on every page, column widths, and the finished file's bytes."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import docx
from django.utils import translation
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm

LANGUAGES = {"nb": "nb-NO", "nn": "nn-NO", "en": "en-GB"}


def landscape_document(title: str) -> Any:
    """A new landscape document titled ``title``, its default style in the active language
    (screen readers and spelling follow it)."""
    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    section.left_margin = section.right_margin = Cm(1.5)
    language = LANGUAGES.get(translation.get_language() or "", "nb-NO")
    add_property(document.styles["Normal"].element.get_or_add_rPr(), "w:lang", language)
    document.core_properties.title = title
    return document


def repeat_header(table: Any) -> None:
    """The table's first row repeats at the top of every page."""
    add_property(table.rows[0]._tr.get_or_add_trPr(), "w:tblHeader", "true")


def set_column_widths(table: Any, widths: Sequence[Any]) -> None:
    """Every row's cells get the widths (Word reads a column's width from its cells), and
    so does the table's grid (LibreOffice reads it from there, else the columns are equal)."""
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def document_bytes(document: Any) -> bytes:
    """The document as the bytes of a .docx file."""
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def add_property(parent: Any, tag: str, value: str) -> None:
    element = OxmlElement(tag)
    element.set(qn("w:val"), value)
    parent.append(element)
