"""Forms for the forum's recommendation: the recommendation itself, a measure, approval."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from samla.learning.models import Package
from samla.org.models import Programme

from ..models import Forum, Recommendation, RecommendedMeasure
from ..queries import recommendation as queries
from ..services.recommendation import MeasureInput, RecommendationInput

NOK_LIMIT = 10**12 - 1  # twelve digits, as the amounts are stored


def _needs_label(report) -> str:
    return f"{report.owner.name} ({report.year})"


class RecommendationForm(forms.Form):
    forum = forms.ModelChoiceField(label=_("Forum"), queryset=Forum.objects.none())
    school_year = forms.CharField(
        label=_("For school year"), max_length=9, help_text=_("For example 2027/2028.")
    )
    state_grant = forms.IntegerField(
        label=_("State grant to split (NOK)"), min_value=0, max_value=NOK_LIMIT
    )
    text = forms.CharField(
        label=_("The forum's assessment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    needs_reports = forms.MultipleChoiceField(
        label=_("Needs reports it answers"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Needs reports submitted to the forum."),
    )

    def __init__(self, *args, forums, recommendation: Recommendation | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["forum"].queryset = forums
        if recommendation is not None:
            del self.fields["forum"]
            candidates = [recommendation.forum]
        else:
            candidates = list(forums)
        reports = {}
        for forum in candidates:
            for report in queries.submitted_needs(forum):
                reports[report.pk] = report
        self.fields["needs_reports"].choices = [
            (pk, _needs_label(report)) for pk, report in reports.items()
        ]

    def to_input(self) -> RecommendationInput:
        d = self.cleaned_data
        return RecommendationInput(
            school_year=d["school_year"].strip(),
            state_grant=Decimal(d["state_grant"]),
            text=d["text"],
            needs_report_ids=tuple(int(pk) for pk in d["needs_reports"]),
        )

    @staticmethod
    def initial_for(recommendation: Recommendation) -> dict:
        return {
            "school_year": recommendation.school_year,
            "state_grant": int(recommendation.state_grant),
            "text": recommendation.text,
            "needs_reports": [
                str(pk) for pk in recommendation.needs_reports.values_list("pk", flat=True)
            ],
        }


class MeasureForm(forms.Form):
    title = forms.CharField(label=_("Measure"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    participants = forms.CharField(
        label=_("Participants"),
        max_length=300,
        required=False,
        help_text=_("Who takes part, e.g. all teachers at the lower secondary schools."),
    )
    starts = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    ends = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    owners = forms.MultipleChoiceField(label=_("Owners"), widget=forms.CheckboxSelectMultiple)
    partner = forms.ChoiceField(label=_("University partner"), required=False)
    grant = forms.IntegerField(
        label=_("Share of the grant (NOK)"), min_value=0, max_value=NOK_LIMIT, initial=0
    )
    package = forms.ChoiceField(label=_("Competence package"), required=False)

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owners"].choices = [
            (owner.pk, owner.name) for owner in queries.programme_owners(programme)
        ]
        none = [("", _("None"))]
        self.fields["partner"].choices = none + [
            (partner.pk, partner.name) for partner in queries.university_partners(programme)
        ]
        self.fields["package"].choices = none + [
            (package.pk, package.title) for package in Package.objects.filter(programme=programme)
        ]

    def to_input(self) -> MeasureInput:
        d = self.cleaned_data
        return MeasureInput(
            title=d["title"],
            description=d["description"],
            participants=d["participants"],
            starts=d["starts"],
            ends=d["ends"],
            owner_ids=tuple(int(pk) for pk in d["owners"]),
            partner_id=int(d["partner"]) if d["partner"] else None,
            grant=Decimal(d["grant"]),
            package_id=int(d["package"]) if d["package"] else None,
        )

    @staticmethod
    def initial_for(measure: RecommendedMeasure) -> dict:
        return {
            "title": measure.title,
            "description": measure.description,
            "participants": measure.participants,
            "starts": measure.starts,
            "ends": measure.ends,
            "owners": [str(pk) for pk in measure.owners.values_list("pk", flat=True)],
            "partner": measure.partner_id or "",
            "grant": int(measure.grant),
            "package": measure.package_id or "",
        }


class ApproveForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Forum decision"),
        required=False,
        help_text=_("The decision in the forum's minutes that approves the recommendation."),
    )

    def __init__(self, *args, forum: Forum, **kwargs):
        super().__init__(*args, **kwargs)
        self.decisions = {d.pk: d for d in queries.forum_decisions(forum)}
        self.fields["decision"].choices = [("", _("None"))] + [
            (pk, f"{d.meeting.date:%d.%m.%Y}: {d.title}") for pk, d in self.decisions.items()
        ]

    def chosen_decision(self):
        value = self.cleaned_data.get("decision")
        return self.decisions.get(int(value)) if value else None
