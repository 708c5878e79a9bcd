"""The forms of the analysis pages. Rules live in ``services``; a refusal comes back on the
form through ``add_service_error``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samla.core.forms import ServiceErrors

from .models import GoalKind, Likelihood, MeasureStatus, Perspective, SourceKind, Verdict


class StartForm(ServiceErrors, forms.Form):
    title = forms.CharField(label=_("Title of the analysis"), max_length=200)
    learning_group = forms.TypedChoiceField(
        label=_("Learning group working on it"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, groups=(), group_required=False, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(g.pk, f"{g.name} ({g.school_year})") for g in groups]
        field = self.fields["learning_group"]
        field.required = group_required
        field.choices = choices if group_required else [("", _("The whole unit")), *choices]


class ProblemForm(ServiceErrors, forms.Form):
    problem = forms.CharField(
        label=_("The problem"),
        help_text=_(
            "Concrete: what is, compared with what you want. At this point you do not know "
            "why it is so."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class GoalForm(ServiceErrors, forms.Form):
    goal_kind = forms.ChoiceField(
        label=_("Kind of goal"), choices=GoalKind.choices, widget=forms.RadioSelect
    )
    goal = forms.CharField(label=_("The goal"), widget=forms.Textarea(attrs={"rows": 4}))


OTHER_SOURCES = [(k, v) for k, v in SourceKind.choices if k != SourceKind.RESULTS]


class SourceForm(ServiceErrors, forms.Form):
    kind = forms.ChoiceField(label=_("Kind of source"), choices=OTHER_SOURCES)
    title = forms.CharField(label=_("Title"), max_length=200)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        help_text=_("What you saw or heard, and who the informants were (no names of pupils)."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ResultSourceForm(ServiceErrors, forms.Form):
    index = forms.ChoiceField(label=_("Index"))
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, indices=(), **kwargs):
        """``indices``: (evidence.IndexChoice, label) pairs; the chosen one is
        ``form.indices[form.cleaned_data["index"]]``."""
        super().__init__(*args, **kwargs)
        self.indices = {choice.key: choice for choice, _label in indices}
        self.fields["index"].choices = [(choice.key, label) for choice, label in indices]


class FactorForm(ServiceErrors, forms.Form):
    description = forms.CharField(
        label=_("Maintaining factor"),
        help_text=_("What keeps the problem going?"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    perspective = forms.ChoiceField(
        label=_("Perspective"), choices=Perspective.choices, widget=forms.RadioSelect
    )
    likelihood = forms.ChoiceField(
        label=_("How likely does the group judge it?"),
        choices=Likelihood.choices,
        widget=forms.RadioSelect,
    )
    sources = forms.TypedMultipleChoiceField(
        label=_("Evidence: the sources it rests on"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    item = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, sources=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sources"].choices = [(s.pk, s.title) for s in sources]


class OverrideForm(ServiceErrors, forms.Form):
    reason = forms.CharField(
        label=_("Why go on to measures before the analysis is complete?"),
        help_text=_("The reason is shown on the analysis to everyone who reads it."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MeasureForm(ServiceErrors, forms.Form):
    title = forms.CharField(label=_("Measure"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    factors = forms.TypedMultipleChoiceField(
        label=_("Aimed at the maintaining factor(s)"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    responsible = forms.CharField(label=_("Who is responsible"), max_length=200)
    starts_on = forms.DateField(label=_("Start"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("End"), widget=forms.DateInput(attrs={"type": "date"}))
    success_criteria = forms.CharField(
        label=_("Success criteria"),
        help_text=_("How will you know that the measure worked?"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    item = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, factors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["factors"].choices = [(f.pk, str(f)) for f in factors]


class MeasureStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=MeasureStatus.choices)


class LogForm(ServiceErrors, forms.Form):
    day = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    measure = forms.TypedChoiceField(
        label=_("Measure"), coerce=int, required=False, empty_value=None
    )
    text = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, measures=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].choices = [("", _("The analysis as a whole"))] + [
            (m.pk, m.title) for m in measures
        ]


class EvaluationForm(ServiceErrors, forms.Form):
    verdict = forms.ChoiceField(
        label=_("Against the success criteria"), choices=Verdict.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("What the group found"), widget=forms.Textarea(attrs={"rows": 3})
    )


class CloseForm(ServiceErrors, forms.Form):
    note = forms.CharField(
        label=_("What the group concluded"), widget=forms.Textarea(attrs={"rows": 3})
    )


class FollowUpForm(ServiceErrors, forms.Form):
    title = forms.CharField(label=_("Title of the new analysis"), max_length=200)


class CommentForm(ServiceErrors, forms.Form):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
