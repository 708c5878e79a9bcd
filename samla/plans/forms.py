"""Forms for editing plans. The activity text is written as lines: "- " starts a bullet,
"# " a heading, anything else is a paragraph."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samla.org.models import Role

from .models import ActivityStatus, TermChoice
from .services import ActivityInput, parse_for_plan, status_for


def blocks_from_text(text: str) -> list[dict]:
    blocks = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line[:2] in ("- ", "• ", "* "):
            blocks.append({"kind": "bullet", "text": line[2:].strip()})
        elif line.startswith("# "):
            blocks.append({"kind": "heading", "text": line[2:].strip()})
        else:
            blocks.append({"kind": "paragraph", "text": line})
    return blocks


def text_from_blocks(blocks: list[dict]) -> str:
    prefix = {"bullet": "- ", "heading": "# "}
    return "\n".join(prefix.get(b.get("kind", ""), "") + b.get("text", "") for b in blocks)


def _derived_status(activity) -> str:
    return status_for(parse_for_plan(activity.plan, activity.when_text, activity.term), "")


class ActivityForm(forms.Form):
    title = forms.CharField(label=_("Activity"), max_length=300)
    term = forms.ChoiceField(
        label=_("Term"), choices=[("", _("No term")), *TermChoice.choices], required=False
    )
    when_text = forms.CharField(
        label=_("When"),
        max_length=300,
        required=False,
        help_text=_(
            "Write it as in the plan: 19/3, 26.-27.9, Uke 34-35, Mars-April, Februar?, "
            "22.09.26 kl.14-16, Etter påske, Foreløpig utsatt."
        ),
    )
    details = forms.CharField(
        label=_("Details"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            'One paragraph per line. Start a line with "- " for a bullet, "# " for a heading.'
        ),
    )
    responsible = forms.CharField(label=_("Responsible"), max_length=300, required=False)
    audience = forms.CharField(label=_("Target group"), max_length=300, required=False)
    audience_roles = forms.MultipleChoiceField(
        label=_("Target roles"),
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    responsible_roles = forms.MultipleChoiceField(
        label=_("Responsible roles"),
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    location = forms.CharField(label=_("Place"), max_length=200, required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            ("", _("From the time (planned, tentative or postponed)")),
            *ActivityStatus.choices,
        ],
        required=False,
    )

    def to_input(self) -> ActivityInput:
        data = self.cleaned_data
        return ActivityInput(
            title=data["title"],
            when_text=data["when_text"],
            term=data["term"],
            details=tuple(blocks_from_text(data["details"])),
            responsible=data["responsible"],
            audience=data["audience"],
            audience_roles=tuple(data["audience_roles"]),
            responsible_roles=tuple(data["responsible_roles"]),
            location=data["location"],
            status=data["status"],
        )

    @classmethod
    def initial_for(cls, activity) -> dict:
        return {
            "title": activity.title,
            "term": activity.term,
            "when_text": activity.when_text,
            "details": text_from_blocks(activity.details),
            "responsible": activity.responsible,
            "audience": activity.audience,
            "audience_roles": activity.audience_roles,
            "responsible_roles": activity.responsible_roles,
            "location": activity.location,
            # Left empty when the time text gives this status, so that a new time decides.
            "status": "" if activity.status == _derived_status(activity) else activity.status,
        }


class SessionForm(forms.Form):
    region = forms.TypedChoiceField(label=_("Region"), coerce=int)
    when_text = forms.CharField(label=_("When"), max_length=300)
    location = forms.CharField(label=_("Place"), max_length=200, required=False)

    def __init__(self, *args, regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [(r.pk, r.name) for r in regions]


class ApproveForm(forms.Form):
    approved_on = forms.DateField(
        label=_("Approved by the board on"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class NewPlanForm(forms.Form):
    school_year = forms.RegexField(
        label=_("School year"),
        regex=r"^\d{4}/\d{4}$",
        help_text=_("E.g. 2026/2027."),
        error_messages={
            "invalid": _("Write the school year as two following years, e.g. 2021/2022.")
        },
    )
