"""Small pieces the forms of several apps share."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

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


class NameField(forms.CharField):
    """A one-line name as people meant it: control characters taken out (a pasted escape
    would otherwise reach charts and files), runs of white space one space."""

    def to_python(self, value):
        text = super().to_python(value)
        return " ".join(clean_text(text).split()) if text else text
