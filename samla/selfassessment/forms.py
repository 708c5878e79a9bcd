"""The self-assessment's forms: the plan, a participant's rating, the discussion."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samla.core.forms import ServiceErrors

from . import statements


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlanForm(ServiceErrors, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    blocks = forms.MultipleChoiceField(
        label=_("Optional blocks"),
        help_text=_("The main block is always included."),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    opens_on = forms.DateField(label=_("Rating opens"), widget=_date_input())
    closes_on = forms.DateField(label=_("Rating closes"), widget=_date_input())
    participants = forms.MultipleChoiceField(
        label=_("Participants"),
        help_text=_("The staff who rate, each on their own."),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, staff=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["blocks"].choices = [
            (block.code, block.title) for block in statements.blocks() if not block.main
        ]
        self.fields["participants"].choices = [
            (str(person.pk), person.get_full_name() or person.username) for person in staff
        ]


class RatingForm(ServiceErrors, forms.Form):
    """One radio group per statement, in the blocks' order."""

    def __init__(self, *args, blocks=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(value), label) for value, label in statements.scale()]
        self.blocks = []
        for block in blocks:
            names = []
            for statement in block.statements:
                self.fields[statement.code] = forms.ChoiceField(
                    label=statement.text, choices=choices, widget=forms.RadioSelect
                )
                names.append(statement.code)
            self.blocks.append((block, [self[name] for name in names]))


class GoalsForm(ServiceErrors, forms.Form):
    goals = forms.CharField(
        label=_("Goals"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    measures = forms.CharField(
        label=_("Measures"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class NoteForm(ServiceErrors, forms.Form):
    text = forms.CharField(
        label=_("What we concluded"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
