"""The workbook template Samla hands out for classes, departments and staff.

It is filled in with what Samla already holds for the units the downloader looks after
(their open classes and departments, their staff and roles), so that uploading it back
unchanged changes nothing; the unit leader or owner corrects it and uploads it again.
The sheets' headings are Norwegian and fixed (``workbook_read`` finds them); the
instructions sheet is in the downloader's language.
"""

from __future__ import annotations

import io
from collections import defaultdict

from django.db.models import Q
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from samla.core.text import clean_text

from ..models import Group, GroupKind, Membership, Programme, Role, Unit, UnitKind
from .workbook_read import CLASS_COLUMNS, CLASS_SHEET, INFO_SHEET, STAFF_COLUMNS, STAFF_SHEET

# The words the role column takes (lower case) and the role each gives.
ROLE_WORDS = {
    "rektor": Role.UNIT_LEADER,
    "styrer": Role.UNIT_LEADER,
    "enhetsleder": Role.UNIT_LEADER,
    "leder": Role.UNIT_LEADER,
    "unit leader": Role.UNIT_LEADER,
    "gruppeleder": Role.GROUP_LEADER,
    "group leader": Role.GROUP_LEADER,
    "ansatt": Role.STAFF,
    "lærer": Role.STAFF,
    "laerer": Role.STAFF,
    "kontaktlærer": Role.STAFF,
    "lektor": Role.STAFF,
    "barnehagelærer": Role.STAFF,
    "pedagogisk leder": Role.STAFF,
    "assistent": Role.STAFF,
    "fagarbeider": Role.STAFF,
    "staff": Role.STAFF,
    "ppt-rådgiver": Role.PPT_ADVISOR,
    "ppt": Role.PPT_ADVISOR,
    "ppt advisor": Role.PPT_ADVISOR,
}
# What the role column offers in its list, and the word written for a role held.
ROLE_CHOICES = ["rektor", "styrer", "gruppeleder", "ansatt", "lærer", "ppt-rådgiver"]
IMPORTED_ROLES = (Role.UNIT_LEADER, Role.GROUP_LEADER, Role.STAFF, Role.PPT_ADVISOR)
KIND_WORDS = {
    "klasse": GroupKind.CLASS,
    "class": GroupKind.CLASS,
    "avdeling": GroupKind.DEPARTMENT,
    "department": GroupKind.DEPARTMENT,
}


def role_word(role: str, unit: Unit, title: str = "") -> str:
    """The word the template writes for a role: the membership's title if it means the
    same role, else the usual word (rektor at a school, styrer at a kindergarten)."""
    if title and ROLE_WORDS.get(title.strip().casefold()) == role:
        return title.strip().casefold()
    if role == Role.UNIT_LEADER:
        return {UnitKind.KINDERGARTEN: "styrer", UnitKind.PPT: "enhetsleder"}.get(
            unit.kind, "rektor"
        )
    return {Role.GROUP_LEADER: "gruppeleder", Role.PPT_ADVISOR: "ppt-rådgiver"}.get(role, "ansatt")


def template_units(units) -> list[Unit]:
    return list(units.filter(closed_on__isnull=True).select_related("owner").order_by("name"))


def build_template(programme: Programme, units: list[Unit]) -> bytes:
    """The workbook for ``units``: their open classes and departments and their staff."""
    groups = list(
        Group.objects.open().filter(unit__in=units).order_by("unit__name", "grade", "name")
    )
    memberships = (
        Membership.objects.filter(
            Q(unit__in=units) | Q(group__unit__in=units), role__in=IMPORTED_ROLES
        )
        .select_related("person", "unit", "group__unit")
        .order_by("person__last_name", "person__first_name", "person_id", "role")
    )
    book = Workbook()
    info = book.active
    info.title = INFO_SHEET
    _write_instructions(info, programme)
    _write_classes(book.create_sheet(CLASS_SHEET), groups)
    _write_staff(book.create_sheet(STAFF_SHEET), memberships)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _put(sheet, row: int, column: int, value, *, bold: bool = False) -> None:
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.value = clean_text(value)
        cell.data_type = "s"  # text, never a formula, whatever a name starts with
    if bold:
        cell.font = Font(bold=True)


def _header(sheet, headings: list[str], widths: list[int]) -> None:
    for column, (heading, width) in enumerate(zip(headings, widths, strict=True), start=1):
        _put(sheet, 1, column, heading, bold=True)
        sheet.column_dimensions[chr(64 + column)].width = width
    sheet.freeze_panes = "A2"


def _list_validation(sheet, column: str, words: list[str], prompt: str) -> None:
    validation = DataValidation(type="list", formula1='"' + ",".join(words) + '"', allow_blank=True)
    validation.error = prompt
    validation.prompt = prompt
    validation.showErrorMessage = False  # a word of our own list is advice, not a lock
    sheet.add_data_validation(validation)
    validation.add(f"{column}2:{column}30000")


def _write_classes(sheet, groups: list[Group]) -> None:
    _header(sheet, list(CLASS_COLUMNS.values()), [34, 20, 12, 14, 8, 20])
    for row, group in enumerate(groups, start=2):
        for column, value in enumerate(
            (
                group.unit.name,
                group.unit.organisation_number,
                "klasse" if group.kind == GroupKind.CLASS else "avdeling",
                group.name,
                group.grade,
                group.size,
            ),
            start=1,
        ):
            _put(sheet, row, column, value)
    _list_validation(sheet, "C", ["klasse", "avdeling"], _("klasse or avdeling"))


def _write_staff(sheet, memberships) -> None:
    _header(sheet, list(STAFF_COLUMNS.values()), [16, 18, 32, 34, 20, 16, 24])
    # One row per person, unit and unit role; the classes on the person's first row there.
    rows: dict[tuple[int, int], list] = {}
    classes: dict[tuple[int, int], list[str]] = defaultdict(list)
    for membership in memberships:
        unit = membership.unit or membership.group.unit
        key = (membership.person_id, unit.pk)
        if key not in rows:
            rows[key] = [membership.person, unit, []]
        if membership.group_id:
            classes[key].append(membership.group.name)
        else:
            rows[key][2].append(role_word(membership.role, unit, membership.title))
    row = 2
    for key, (person, unit, words) in rows.items():
        for index, word in enumerate(words or [""]):
            values = (
                person.first_name,
                person.last_name,
                person.email.lower(),
                unit.name,
                unit.organisation_number,
                word,
                ", ".join(classes[key]) if index == 0 else "",
            )
            for column, value in enumerate(values, start=1):
                _put(sheet, row, column, value)
            row += 1
    _list_validation(sheet, "F", ROLE_CHOICES, _("The person's role at the unit"))


def _write_instructions(sheet, programme: Programme) -> None:
    lines = [
        (_("Classes, departments and staff for %(programme)s") % {"programme": programme}),
        "",
        _(
            "Fill in the sheets “%(classes)s” and “%(staff)s” and upload the workbook on "
            "Samla's import page. Before anything changes you see what would be new, "
            "changed or removed, and every row Samla cannot use, with what to do."
        )
        % {"classes": CLASS_SHEET, "staff": STAFF_SHEET},
        "",
        _(
            "Keep the headings in the first row. Columns may be moved; empty rows are "
            "skipped. Write each unit by its name exactly as in Samla, or by its "
            "organisation number."
        ),
        _(
            "%(classes)s: one row per class (type “klasse”, with its grade 1–13) or "
            "kindergarten department (type “avdeling”, no grade), with the number of "
            "children or pupils."
        )
        % {"classes": CLASS_SHEET},
        _(
            "%(staff)s: one row per person and unit, with the e-mail address they log in "
            "with. Role: rektor or styrer (unit leader), gruppeleder, ansatt or lærer "
            "(staff), ppt-rådgiver. In the last column, the classes or departments they "
            "work in, separated by commas."
        )
        % {"staff": STAFF_SHEET},
        _(
            "People who hold a role at a unit in the file but are no longer listed are "
            "shown before the import; they lose those roles only if you confirm it."
        ),
        _(
            "New people get an account without a password; they are invited separately "
            "to choose one."
        ),
    ]
    sheet.column_dimensions["A"].width = 120
    for row, line in enumerate(lines, start=1):
        _put(sheet, row, 1, line, bold=row == 1)
