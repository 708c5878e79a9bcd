"""Forms for the programme's catalogue: packages, modules, the multi-year plan, the
conditions for taking part and the meeting rule."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from samla.org.models import Level

from .models import Audience, ModuleKind
from .services import ModuleInput, PackageInput


class PackageForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    theme = forms.CharField(label=_("Theme"), max_length=200, required=False)
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices)
    audience = forms.ChoiceField(label=_("For"), choices=Audience.choices)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    links = forms.CharField(
        label=_("Links"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Addresses of material for the package, one per line."),
    )

    def clean_links(self) -> list[str]:
        links = [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]
        check = URLValidator(schemes=["http", "https"])
        for link in links:
            try:
                check(link)
            except ValidationError as bad:
                raise ValidationError(
                    _(
                        "%(link)s is not a web address. Write each address in full, starting "
                        "with https://."
                    )
                    % {"link": link}
                ) from bad
        return links

    def to_input(self) -> PackageInput:
        d = self.cleaned_data
        return PackageInput(
            title=d["title"],
            level=d["level"],
            audience=d["audience"],
            theme=d["theme"],
            description=d["description"],
            links=tuple(d["links"]),
        )

    @staticmethod
    def initial_for(package) -> dict:
        return {
            "title": package.title,
            "theme": package.theme,
            "level": package.level,
            "audience": package.audience,
            "description": package.description,
            "links": "\n".join(package.links),
        }


MODULE_TEXTS = ("purpose", "materials", "meeting_tasks", "between_work", "reflection_questions")


class ModuleForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=ModuleKind.choices)
    minutes = forms.IntegerField(
        label=_("Suggested length (minutes)"), min_value=15, max_value=600, initial=90
    )
    purpose = forms.CharField(
        label=_("Purpose"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    materials = forms.CharField(
        label=_("Materials"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Texts, films and other material, with addresses where there are any."),
    )
    meeting_tasks = forms.CharField(
        label=_("Tasks for the meeting"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    between_work = forms.CharField(
        label=_("Work between meetings"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    reflection_questions = forms.CharField(
        label=_("Reflection questions"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def to_input(self) -> ModuleInput:
        d = self.cleaned_data
        return ModuleInput(
            title=d["title"],
            kind=d["kind"],
            minutes=d["minutes"],
            **{name: d[name] for name in MODULE_TEXTS},
        )

    @staticmethod
    def initial_for(module) -> dict:
        return {
            "title": module.title,
            "kind": module.kind,
            "minutes": module.minutes,
            **{name: getattr(module, name) for name in MODULE_TEXTS},
        }


class PlanEntryForm(forms.Form):
    audience = forms.ChoiceField(label=_("For"), choices=Audience.choices)
    school_year = forms.RegexField(
        label=_("School year"),
        regex=r"^\d{4}/\d{4}$",
        help_text=_("E.g. 2026/2027."),
        error_messages={
            "invalid": _("Write the school year as two following years, e.g. 2021/2022.")
        },
    )
    package = forms.TypedChoiceField(label=_("Package"), coerce=int)

    def __init__(self, *args, packages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["package"].choices = [(p.pk, p.title) for p in packages]


class ConditionForm(forms.Form):
    text = forms.CharField(label=_("Condition"), max_length=300)


class RuleForm(forms.Form):
    meetings_per_semester = forms.IntegerField(
        label=_("Meetings per semester"), min_value=1, max_value=30
    )
    minutes_per_meeting = forms.IntegerField(
        label=_("Minutes per meeting at least"), min_value=15, max_value=600
    )
