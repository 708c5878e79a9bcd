"""Forms for the money: the grant (administrators), the own share and a spending line
(the owner). Amounts are whole kroner, typed with or without spaces (1 200 000)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import SpendingCategory, SpendingSource

_SPACES = (" ", "\u00a0", "\u202f")


class KronerField(forms.DecimalField):
    """Whole kroner, 0 or more; spaces between the digits are allowed, and so is ",-"."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        super().__init__(max_digits=12, decimal_places=0, **kwargs)
        self.widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})

    def to_python(self, value):
        if isinstance(value, str):
            for space in _SPACES:
                value = value.replace(space, "")
            value = value.removesuffix(",-").removesuffix(",00").removesuffix(".00")
        return super().to_python(value)


class AllocationForm(forms.Form):
    state_grant = KronerField(label=_("State grant allocated (NOK)"))
    coordinator = KronerField(
        label=_("Of the grant, for a coordinator (NOK)"),
        required=False,
        help_text=_("At most the scheme's percentage of the state grant."),
    )

    def clean_coordinator(self):
        return self.cleaned_data.get("coordinator") or 0


class OwnShareForm(forms.Form):
    own_share = KronerField(label=_("Own share (NOK)"))


class SpendingForm(forms.Form):
    day = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    category = forms.ChoiceField(label=_("Category"), choices=SpendingCategory.choices)
    source = forms.ChoiceField(
        label=_("Paid from"), choices=SpendingSource.choices, widget=forms.RadioSelect
    )
    amount = KronerField(label=_("Amount (NOK)"), min_value=1)
    text = forms.CharField(label=_("What"), max_length=300, required=False)

    @staticmethod
    def initial_for(line) -> dict:
        return {
            "day": line.date.isoformat(),
            "category": line.category,
            "source": line.source,
            "amount": int(line.amount),
            "text": line.text,
        }
