"""The forms of the notification pages: how each kind reaches a person by e-mail, and a
programme's low-rate threshold."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .kinds import GROUPS, Channel, Kind
from .services.reading import LOW_RATE_RANGE


class MailChoicesForm(forms.Form):
    """A choice of channel per kind, as radio buttons (a fieldset per kind); the fields
    are named by the kind and grouped under the settings page's headings."""

    def __init__(self, *args, choices: dict[str, str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for _heading, kinds in GROUPS:
            for kind in kinds:
                self.fields[kind.value] = forms.ChoiceField(
                    label=kind.label,
                    choices=Channel.choices,
                    initial=choices.get(kind.value, Channel.IMMEDIATELY),
                    widget=forms.RadioSelect,
                )

    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        """(heading, the bound fields of its kinds), in the order of ``kinds.GROUPS``."""
        return [(heading, [self[kind.value] for kind in kinds]) for heading, kinds in GROUPS]

    def chosen(self) -> dict[str, str]:
        return {kind: self.cleaned_data[kind] for kind in Kind.values if kind in self.fields}


class LowRateForm(forms.Form):
    low_rate_percent = forms.IntegerField(
        label=_("Remind unit leaders when fewer than this share have answered halfway (%)"),
        min_value=LOW_RATE_RANGE[0],
        max_value=LOW_RATE_RANGE[1],
    )
