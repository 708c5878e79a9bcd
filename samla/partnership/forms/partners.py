"""Forms of the partners area. The choices (people, owners, partners) come from the
view, limited to the programme; the services check them again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samla.core.forms import IdsChoiceField, NameField, PersonChoiceField, ServiceErrors

from ..models import PartnerKind
from ..services.forum import SCHEME_FIELDS
from ..services.partners import AgreementInput, PartnerInput

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PartnerForm(ServiceErrors, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PartnerKind.choices)
    name = NameField(label=_("Name"), max_length=200)
    short_name = NameField(label=_("Short name"), max_length=30, required=False)

    def to_input(self) -> PartnerInput:
        d = self.cleaned_data
        return PartnerInput(d["kind"], d["name"], d["short_name"])


class ContactForm(ServiceErrors, forms.Form):
    person = PersonChoiceField(label=_("Person"), queryset=None, empty_label=None)
    title = forms.CharField(label=_("Title or role"), max_length=120, required=False)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].set_people(people)


class ContactTitleForm(ServiceErrors, forms.Form):
    title = forms.CharField(label=_("Title or role"), max_length=120, required=False)


class AgreementForm(ServiceErrors, forms.Form):
    title = NameField(label=_("Title"), max_length=200)
    partner = forms.ModelChoiceField(
        label=_("University or university college"), queryset=None, empty_label=None
    )
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=None,
        required=False,
        empty_label=_("No region"),
        help_text=_("When a region's owners make the agreement together."),
    )
    owners = IdsChoiceField(
        label=_("Owners"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty to let all the region's owners make the agreement."),
    )
    starts = forms.DateField(label=_("From"), widget=DATE)
    ends = forms.DateField(label=_("To"), widget=DATE)
    themes = forms.CharField(
        label=_("Themes"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    owner_contact = PersonChoiceField(
        label=_("The owners' contact"), queryset=None, required=False, empty_label=_("None yet")
    )
    partner_contact = forms.ModelChoiceField(
        label=_("The university's contact"),
        queryset=None,
        required=False,
        empty_label=_("None yet"),
        help_text=_("One of the university's contacts on the partners page."),
    )

    def __init__(self, *args, universities, regions, owners, people, contacts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = universities
        self.fields["region"].queryset = regions
        self.fields["owners"].queryset = owners
        self.fields["owner_contact"].set_people(people)
        self.fields["partner_contact"].queryset = contacts

    def clean(self):
        data = super().clean()
        if data.get("starts") and data.get("ends") and data["ends"] < data["starts"]:
            self.add_error("ends", _("The agreement cannot end before it starts."))
        return data

    def to_input(self) -> AgreementInput:
        d = self.cleaned_data
        return AgreementInput(
            partner=d["partner"],
            title=d["title"],
            starts=d["starts"],
            ends=d["ends"],
            owners=list(d["owners"]),
            region=d["region"],
            themes=d["themes"],
            owner_contact=d["owner_contact"],
            partner_contact=d["partner_contact"],
        )

    @staticmethod
    def initial_for(agreement) -> dict:
        return {
            "title": agreement.title,
            "partner": agreement.partner_id,
            "region": agreement.region_id,
            "owners": list(agreement.owners.values_list("pk", flat=True)),
            "starts": agreement.starts,
            "ends": agreement.ends,
            "themes": agreement.themes,
            "owner_contact": agreement.owner_contact_id,
            "partner_contact": agreement.partner_contact_id,
        }


def _number(label, low, high):
    return forms.IntegerField(label=label, min_value=low, max_value=high)


class SchemeSettingsForm(ServiceErrors, forms.Form):
    needs_due_day = _number(_("Needs reports due, day"), 1, 31)
    needs_due_month = _number(_("Needs reports due, month"), 1, 12)
    report_due_day = _number(_("Yearly reports due, day"), 1, 31)
    report_due_month = _number(_("Yearly reports due, month"), 1, 12)
    own_share_percent = _number(
        _("Owners' own share (at least this percentage of the state grant)"), 0, 100
    )
    coordinator_cap_percent = _number(
        _("Coordinator (at most this percentage of the state grant)"), 0, 100
    )
    needs_years = _number(_("Years a needs report covers at most"), 1, 5)

    @staticmethod
    def initial_for(settings) -> dict:
        return {name: getattr(settings, name) for name in SCHEME_FIELDS}
