"""The typed values of a workbook row: a class's kind, grade and size."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ..models import GroupKind, Unit, UnitKind
from .workbook import KIND_WORDS


def whole_number(text: str) -> int | None:
    try:
        number = float(text.replace(",", ".").replace("\u00a0", "").replace(" ", ""))
    except ValueError:
        return None
    return int(number) if number.is_integer() else None


def group_values(line, unit: Unit) -> tuple[tuple | None, list[tuple[str, str]]]:
    """A row of classes as (kind, grade, size), or None and the errors (column, what to do)."""
    errors = []
    word = line["kind"].casefold()
    grade, size = whole_number(line["grade"]), whole_number(line["size"])
    if word:
        kind = KIND_WORDS.get(word)
        if kind is None:
            errors.append(("kind", _("Write “klasse” or “avdeling”.")))
    elif line["grade"] or unit.kind != UnitKind.KINDERGARTEN:
        kind = GroupKind.CLASS
    else:
        kind = GroupKind.DEPARTMENT
    if kind == GroupKind.CLASS and (grade is None or not 1 <= grade <= 13):
        errors.append(("grade", _("Write the class's grade, a whole number from 1 to 13.")))
    if kind == GroupKind.DEPARTMENT and line["grade"]:
        errors.append(
            (
                "grade",
                _("A department has no grade: leave the cell empty, or write “klasse”."),
            )
        )
    if line["size"] and (size is None or not 0 <= size <= 1000):
        errors.append(
            (
                "size",
                _(
                    "Write the number of children or pupils as a whole number from 0 "
                    "to 1000, or leave the cell empty."
                ),
            )
        )
    if errors:
        return None, errors
    return (kind, grade if kind == GroupKind.CLASS else None, size), []
