"""Forms of the yearly reports: which owner and year to generate, the sections' text, and
the county governor's comment."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..services.reports import MAX_COMMENT, MAX_SECTION


class GenerateForm(forms.Form):
    owner = forms.ModelChoiceField(queryset=None, label=_("Owner"), empty_label=None)
    year = forms.IntegerField(label=_("Year reported on"), min_value=2000, max_value=2200)

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        if len(owners) == 1:
            self.fields["owner"].widget = forms.HiddenInput()


class SectionsForm(forms.Form):
    """One text area per section, in the report's order."""

    def __init__(self, *args, titles: dict[str, str], texts: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for key, title in titles.items():
            self.fields[key] = forms.CharField(
                label=title,
                required=False,
                max_length=MAX_SECTION,
                initial=texts.get(key, ""),
                widget=forms.Textarea(attrs={"rows": 10}),
                strip=False,
            )


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Comment"), max_length=MAX_COMMENT, widget=forms.Textarea(attrs={"rows": 4})
    )
