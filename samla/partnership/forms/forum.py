"""Forms of the forum area: a seat, a meeting, a decision (with each voting member's vote
when the forum records names)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samla.core.forms import NameField, PersonChoiceField, ServiceErrors

from ..models import DecisionMethod, MemberType, VoteChoice
from ..services.forum import DecisionInput, MeetingInput, MemberInput

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MemberForm(ServiceErrors, forms.Form):
    person = PersonChoiceField(label=_("Person"), queryset=None, empty_label=None)
    member_type = forms.ChoiceField(label=_("Represents"), choices=MemberType.choices)
    owner = forms.ModelChoiceField(
        label=_("Owner represented"),
        queryset=None,
        required=False,
        empty_label=_("None"),
        help_text=_("For an owner's representative."),
    )
    partner = forms.ModelChoiceField(
        label=_("Partner represented"),
        queryset=None,
        required=False,
        empty_label=_("None"),
        help_text=_("For a university, KS, a union or PBL."),
    )
    votes = forms.BooleanField(
        label=_("Has a vote"),
        required=False,
        initial=True,
        help_text=_("The county governor takes part without a vote."),
    )

    def __init__(self, *args, people, owners, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].set_people(people)
        self.fields["owner"].queryset = owners
        self.fields["partner"].queryset = partners

    def to_input(self) -> MemberInput:
        d = self.cleaned_data
        return MemberInput(d["person"], d["member_type"], d["votes"], d["owner"], d["partner"])


class MeetingForm(ServiceErrors, forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    agenda = forms.CharField(
        label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    minutes = forms.CharField(
        label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 10})
    )

    def to_input(self) -> MeetingInput:
        d = self.cleaned_data
        return MeetingInput(d["date"], d["place"], d["agenda"], d["minutes"])

    @staticmethod
    def initial_for(meeting) -> dict:
        return {
            "date": meeting.date,
            "place": meeting.place,
            "agenda": meeting.agenda,
            "minutes": meeting.minutes,
        }


def _count(label):
    return forms.IntegerField(label=label, min_value=0, max_value=999, required=False, initial=0)


class DecisionForm(ServiceErrors, forms.Form):
    order = forms.IntegerField(label=_("Item number"), min_value=1, max_value=999, initial=1)
    title = NameField(label=_("Matter"), max_length=200)
    text = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 5}))
    method = forms.ChoiceField(
        label=_("Decided"),
        choices=DecisionMethod.choices,
        widget=forms.RadioSelect,
        initial=DecisionMethod.CONSENSUS,
    )
    votes_for = _count(_("For"))
    votes_against = _count(_("Against"))
    abstentions = _count(_("Abstained"))
    record_names = forms.BooleanField(
        label=_("Record how each member voted"),
        required=False,
        help_text=_(
            "Only when the forum decides so. Then the counts are counted from each member's "
            "vote below."
        ),
    )

    def __init__(self, *args, voters, **kwargs):
        super().__init__(*args, **kwargs)
        self.voters = list(voters)
        choices = [("", _("Not recorded")), *VoteChoice.choices]
        for member in self.voters:
            self.fields[f"vote_{member.pk}"] = forms.ChoiceField(
                label=_("Vote of %(person)s") % {"person": member.person},
                choices=choices,
                required=False,
            )

    def vote_fields(self):
        return [self[f"vote_{m.pk}"] for m in self.voters]

    def to_input(self) -> DecisionInput:
        d = self.cleaned_data
        named = {}
        if d["method"] == DecisionMethod.VOTE and d["record_names"]:
            named = {m.pk: d[f"vote_{m.pk}"] for m in self.voters if d[f"vote_{m.pk}"]}
        return DecisionInput(
            title=d["title"],
            text=d["text"],
            order=d["order"],
            method=d["method"],
            votes_for=d["votes_for"] or 0,
            votes_against=d["votes_against"] or 0,
            abstentions=d["abstentions"] or 0,
            record_names=d["record_names"] and d["method"] == DecisionMethod.VOTE,
            named_votes=named,
        )

    @staticmethod
    def initial_for(decision) -> dict:
        initial = {
            name: getattr(decision, name)
            for name in (
                "order",
                "title",
                "text",
                "method",
                "votes_for",
                "votes_against",
                "abstentions",
                "record_names",
            )
        }
        for vote in decision.votes.all():
            initial[f"vote_{vote.member_id}"] = vote.choice
        return initial
