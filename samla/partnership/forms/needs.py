"""Forms for needs reports: the report's frame, a priority, the evidence picker."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samla.core.validators import validate_school_year

from ..models import NeedsPriority
from ..queries import needs as queries


class ReportForm(forms.Form):
    first_school_year = forms.CharField(
        label=_("From school year"),
        max_length=9,
        validators=[validate_school_year],
        help_text=_("E.g. 2027/2028."),
    )
    school_years = forms.TypedChoiceField(label=_("Number of school years"), coerce=int)
    wished_partner = forms.ModelChoiceField(
        label=_("Wished university partner"),
        queryset=None,
        required=False,
        empty_label=_("No wish"),
    )
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        settings = queries.scheme(report.programme)
        self.fields["school_years"].choices = [
            (n, str(n)) for n in range(1, settings.needs_years + 1)
        ]
        self.fields["wished_partner"].queryset = queries.university_partners(report.programme)


class PriorityForm(forms.ModelForm):
    class Meta:
        model = NeedsPriority
        fields = ["theme", "target_groups", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "target_groups": _("E.g. teachers in grades 5–10, school leaders, kindergarten staff."),
        }


class EvidenceForm(forms.Form):
    """Checkboxes of the evidence on offer, grouped by heading on the page."""

    chosen = forms.MultipleChoiceField(
        label=_("Evidence"), widget=forms.CheckboxSelectMultiple, required=True
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chosen"].choices = [(c.key, c.text) for c in choices]
        self.fields["chosen"].error_messages["required"] = _(
            "Choose at least one piece of evidence."
        )
