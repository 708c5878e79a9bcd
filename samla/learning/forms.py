"""Forms for a unit's learning work: implementation plan, groups, meetings and records."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samla.core.forms import NameField, ServiceErrors
from samla.core.time import OSLO

from .services import MeetingInput


def person_choices(people) -> list[tuple[int, str]]:
    return [(p.pk, str(p)) for p in people]


class ImplementationPlanForm(forms.Form):
    implementation_plan = forms.CharField(
        label=_("Implementation plan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "How the unit carries out the package: who takes part, when the groups meet, "
            "how leaders follow up, how newcomers are trained."
        ),
    )
    conditions = forms.TypedMultipleChoiceField(
        label=_("Conditions for taking part that are met"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, conditions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["conditions"].choices = [(c.pk, c.text) for c in conditions]


class GroupForm(forms.Form):
    name = NameField(label=_("Name of the group"), max_length=80)
    members = forms.TypedMultipleChoiceField(
        label=_("Members"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    leader = forms.TypedChoiceField(
        label=_("Group leader"), coerce=int, empty_value=None, required=False
    )

    def __init__(self, *args, staff=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].choices = person_choices(staff)
        self.fields["leader"].choices = [("", _("No group leader yet")), *person_choices(staff)]


class AddGroupForm(forms.Form):
    name = NameField(label=_("Name of the new group"), max_length=80)


class MeetingForm(ServiceErrors, forms.Form):
    day = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label=_("Starts"), widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label=_("Ends"), widget=forms.TimeInput(attrs={"type": "time"}))
    module = forms.TypedChoiceField(label=_("Module"), coerce=int, empty_value=None, required=False)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)

    def __init__(self, *args, modules=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module"].choices = [
            ("", _("No module")),
            *[(m.pk, f"{m.package.title}: {m}") for m in modules],
        ]

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", _("A meeting cannot end before it starts. Check the times."))
        return data

    def to_input(self) -> MeetingInput:
        d = self.cleaned_data
        return MeetingInput(d["day"], d["start"], d["end"], d["module"], d["place"])

    @staticmethod
    def initial_for(meeting) -> dict:
        start = meeting.starts_at.astimezone(OSLO)
        end = meeting.ends_at.astimezone(OSLO)
        return {
            "day": start.date(),
            "start": start.time().replace(second=0, microsecond=0),
            "end": end.time().replace(second=0, microsecond=0),
            "module": meeting.module_id,
            "place": meeting.place,
        }


class NewMeetingForm(MeetingForm):
    count = forms.IntegerField(
        label=_("Number of meetings"),
        min_value=1,
        max_value=20,
        initial=1,
        required=False,
        help_text=_(
            "More than one plans a series at the same time of day; each next meeting gets "
            "the package's next module."
        ),
    )
    weeks_between = forms.IntegerField(
        label=_("Weeks between the meetings"),
        min_value=1,
        max_value=8,
        initial=2,
        required=False,
    )

    def clean(self):
        data = super().clean()
        data["count"] = data.get("count") or 1
        data["weeks_between"] = data.get("weeks_between") or 2
        return data


class RecordForm(MeetingForm):
    present = forms.TypedMultipleChoiceField(
        label=_("Present"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    notes = forms.CharField(
        label=_("Notes from the meeting"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    between_tasks = forms.CharField(
        label=_("Tasks agreed for the work between meetings"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    module_done = forms.BooleanField(label=_("The group has finished the module"), required=False)

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = person_choices(members)
