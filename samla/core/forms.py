"""Small pieces the forms of several apps share."""

from __future__ import annotations

import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .text import clean_text


class ServiceErrors:
    """For a Django form: a service's refusal shown on the form — on the named fields
    where the form has them, above the form otherwise."""

    def add_service_error(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        else:
            self.add_error(None, error)


# Joiners that some scripts (and emoji) need inside a word; every other format character
# (bidirectional overrides, zero-width spaces, byte order marks) is invisible in a name.
_KEPT_FORMAT = {"\u200c", "\u200d"}


class NameField(forms.CharField):
    """A one-line name as people meant it: control and invisible format characters taken
    out (a pasted escape or a right-to-left override would otherwise reach charts and files,
    and a name of zero-width spaces would look blank), runs of white space one space. What
    is left after that is the name; nothing left counts as no name."""

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return text
        visible = "".join(
            c for c in clean_text(text) if unicodedata.category(c) != "Cf" or c in _KEPT_FORMAT
        )
        name = " ".join(visible.split())
        # Joiners (and blank-looking letters such as U+2800, U+3164) alone look blank too.
        if not any(c.isprintable() and not c.isspace() and c not in _BLANK for c in name):
            return ""
        return name


# Letters that print as nothing: a name of these alone looks blank.
_BLANK = {"\u200c", "\u200d", "\u2800", "\u3164", "\uffa0", "\u115f", "\u1160"}

# The largest primary key a database holds (a signed 64-bit integer); a larger id posted by
# hand would make SQLite raise OverflowError before the choice is refused.
_LARGEST_ID = 2**63 - 1


class IdsChoiceField(forms.ModelMultipleChoiceField):
    """Several objects chosen by id: an id that is not a whole number the database can
    hold is refused as "not one of the available choices", not a server error."""

    def _check_values(self, value):
        for item in value:
            text = str(item).strip()
            if not text.isdigit() or int(text) > _LARGEST_ID:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": item},
                )
        return super()._check_values(value)


class PersonChoiceField(forms.ModelChoiceField):
    """One person of a set of people. While the set is short (``LIST_LIMIT``), a list to
    choose from; a national programme's thousands of people are neither quick to send nor
    usable as a list, so then a text field for the person's e-mail address or user name,
    looked up in the same set (nothing outside it is found, and none is told apart)."""

    LIST_LIMIT = 500
    default_error_messages = {
        "unknown_person": _(
            "No one here has that e-mail address or user name. Write it in full, as in "
            "the person's profile."
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.by_text = False

    def set_people(self, people) -> None:
        """Set the people to choose from, and whether they are too many to list."""
        self.queryset = people
        self.by_text = people[: self.LIST_LIMIT + 1].count() > self.LIST_LIMIT
        if self.by_text:
            self.widget = forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"})
            self.help_text = " ".join(
                str(part)
                for part in (
                    _("Write the person's e-mail address or user name."),
                    self.help_text,
                )
                if part
            )

    def prepare_value(self, value):
        if not self.by_text or value in self.empty_values:
            return super().prepare_value(value)
        if isinstance(value, str):  # what was written, shown again with its error
            return value
        person = value if hasattr(value, "_meta") else self.queryset.filter(pk=value).first()
        if person is None:
            return ""
        # What finds the person again: the address, unless another of the people has it
        # too (Django keeps addresses apart from nobody), else the user name.
        for text in (person.email, person.username):
            if text and self._find(text) == person:
                return text
        return person.username

    def to_python(self, value):
        if not self.by_text:
            return super().to_python(value)
        text = " ".join(str(value or "").split())
        if not text:
            return None
        # Longer than any e-mail address or user name, or holding a control character
        # (PostgreSQL refuses a NUL in a query; SQLite's LIKE stops at it, "eier\0…"
        # finding "eier"): no one has it.
        found = None if len(text) > 254 or clean_text(text) != text else self._find(text)
        if found is None:
            raise ValidationError(self.error_messages["unknown_person"], code="unknown_person")
        return found

    def _find(self, text: str):
        """The one person ``text`` names: the only one with it as address or user name in
        any case; else the one whose user name it is as written (user names are unique as
        written, not regardless of case), unless it is someone else's address too."""
        found = list(self.queryset.filter(Q(email__iexact=text) | Q(username__iexact=text))[:2])
        if len(found) < 2:
            return found[0] if found else None
        exact = self.queryset.filter(username=text).first()
        if exact is None or self.queryset.filter(email__iexact=text).exclude(pk=exact.pk).exists():
            return None
        return exact
