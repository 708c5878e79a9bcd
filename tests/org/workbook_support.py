"""Helpers for the workbook import tests: the template as a person downloads it, rows
added or replaced the way a unit leader fills it in, and an upload waiting for its check."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook, load_workbook

import samla
from samla.org.imports.workbook import build_template, template_units
from samla.org.imports.workbook_read import CLASS_SHEET, STAFF_SHEET
from samla.org.models import ImportKind, OrgImport, Person, Programme, Unit
from samla.org.stewardship import steward_units


def template_for(person: Person, programme: Programme, unit: Unit | None = None) -> bytes:
    units = steward_units(person, programme)
    if unit is not None:
        units = units.filter(pk=unit.pk)
    return build_template(programme, template_units(units))


def edit(
    content: bytes,
    *,
    classes: list[list] = (),
    staff: list[list] = (),
    keep_classes: bool = True,
    keep_staff: bool = True,
    fill=None,
) -> bytes:
    """The workbook with rows appended (or the old rows dropped first); ``fill`` may
    change the sheets in place."""
    book = load_workbook(io.BytesIO(content))
    for title, rows, keep in (
        (CLASS_SHEET, classes, keep_classes),
        (STAFF_SHEET, staff, keep_staff),
    ):
        sheet = book[title]
        if not keep and sheet.max_row > 1:
            sheet.delete_rows(2, sheet.max_row)
        for row in rows:
            sheet.append(row)
    if fill is not None:
        fill(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def sheets(classes: list[list], staff: list[list], *, class_head=None, staff_head=None) -> bytes:
    """A workbook written from scratch with the given heading rows."""
    book = Workbook(write_only=True)
    first = book.create_sheet(CLASS_SHEET)
    first.append(
        class_head
        or ["Enhet", "Organisasjonsnummer", "Type", "Navn", "Trinn", "Antall barn/elever"]
    )
    for row in classes:
        first.append(row)
    second = book.create_sheet(STAFF_SHEET)
    second.append(
        staff_head
        or [
            "Fornavn",
            "Etternavn",
            "E-post",
            "Enhet",
            "Organisasjonsnummer",
            "Rolle",
            "Klasser/avdelinger",
        ]
    )
    for row in staff:
        second.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(
    person: Person, programme: Programme, content: bytes, *, unit=None, owner=None, confirm=False
) -> OrgImport:
    return OrgImport.objects.create(
        programme=programme,
        kind=ImportKind.WORKBOOK,
        file_name="ansatte.xlsx",
        content=content,
        created_by=person,
        unit=unit,
        owner=owner,
        language="en",
        confirm_removals=confirm,
    )


def rows_with(preview: dict, status: str) -> list[dict]:
    return [row for row in preview["rows"] if row["status"] == status]


SAMPLE = Path(samla.__file__).resolve().parent / "demo" / "samples" / "ansatte-og-klasser.xlsx"


def demo_sample(org) -> bytes:
    """The demo's sample workbook: the demo school's template as its leader downloads it,
    with e-mail addresses filled in for the staff who have none, a new class 7C and a new
    teacher for it. ``SAMLA_WRITE_SAMPLE=true pytest tests/org/test_workbook.py -k sample``
    writes it to samla/demo/samples/."""
    school = org.school

    def fill_emails(book) -> None:
        for row in book[STAFF_SHEET].iter_rows(min_row=2):
            first, last, email = (cell.value for cell in row[:3])
            if first and not email:
                row[2].value = f"{first}.{last}@bjorkely.demo.samla.invalid".lower()

    return edit(
        template_for(org.user("rektor"), org.school_programme, school),
        classes=[[school.name, "", "klasse", "7C", 7, 23]],
        staff=[["Solveig", "Lunde", "solveig.lunde@bjorkely.demo.samla.invalid", school.name,
                "", "lærer", "7C"]],
        fill=fill_emails,
    )  # fmt: skip
