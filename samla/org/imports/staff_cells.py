"""The typed values of a workbook row: a class's kind, grade and size; a person's e-mail
and name."""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from ..models import GroupKind, Person, Unit, UnitKind
from .workbook import KIND_WORDS

EMAIL_LENGTH = Person._meta.get_field("email").max_length
NAME_LENGTH = Person._meta.get_field("first_name").max_length


def email_of(text: str) -> str:
    """The address as Samla compares it: lower case, without "mailto:" and without the
    characters nobody sees (zero-width space, soft hyphen, byte order mark), which an
    address copied from a web page or a chat may carry and which made it a new one."""
    visible = "".join(char for char in text if unicodedata.category(char) != "Cf")
    return visible.removeprefix("mailto:").strip().casefold()


def person_errors(line, email: str) -> list[tuple[str, str]]:
    """What is wrong with a staff row's name and e-mail (column, what to do): a name or
    an address longer than Samla keeps, or an address that is none."""
    errors = []
    for name in ("first_name", "last_name"):
        if len(line[name]) > NAME_LENGTH:
            message = _("Write a name of at most %(limit)s characters in each of the name columns.")
            errors.append((name, message % {"limit": NAME_LENGTH}))
    if email:
        try:
            validate_email(email)
            if len(email) > EMAIL_LENGTH:
                raise ValidationError("longer than the e-mail column holds")
        except ValidationError:
            message = _("%(value)s is not an e-mail address. Correct it.") % {"value": email}
            errors.append(("email", message))
    return errors


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
