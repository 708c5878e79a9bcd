"""The forms on an uploaded questionnaire's preview where the form itself is silent: who
answers it, and the names of indices the form left unnamed."""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.utils.translation import gettext_lazy as _

from samla.core.forms import NameField
from samla.surveys.models import respondent_group_choices

MAX_INDEX_NAME = 200


def _group_choices() -> list[tuple[str, str]]:
    # An empty first choice: saving without looking must not pick the first group.
    return [("", _("Choose …")), *respondent_group_choices()]


class RespondentGroupForm(forms.Form):
    respondent_group = forms.ChoiceField(
        label=_("Respondent group"),
        choices=_group_choices,
        help_text=_("Who answers the questionnaire. Rounds ask it of this group."),
    )


class IndexNamesForm(forms.Form):
    """One name per language of the form for the index ``code``; an empty name leaves the
    index's code as its name in that language. The page names the index in a hidden
    ``scale`` input beside the form's fields; the prefix is the index's position (a code
    need not make a valid HTML id)."""

    def __init__(self, *args, code: str, languages: Sequence[str], position: int, **kwargs):
        super().__init__(*args, prefix=f"index{position}", **kwargs)
        self.code = code
        for language in languages:
            self.fields[language] = NameField(
                label=_("Name of the index %(code)s (%(language)s)")
                % {"code": code, "language": language},
                max_length=MAX_INDEX_NAME,
                required=False,
            )
            self.fields[language].widget.attrs["lang"] = language
