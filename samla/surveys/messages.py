"""Problems found in an XLSForm, in the person's language."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from samla.core.text import label_in

from .instrument import Problem
from .models import RESPONDENT_GROUP_LABELS

# How many units a refusal names before it says how many more there are.
NAMED_UNITS = 5


def describe(problem: Problem) -> str:
    """E.g. «survey, rad 5, kolonne label::nn: …» in the active language."""
    message = _(problem.msgid) % problem.params if problem.params else _(problem.msgid)
    parts = [problem.sheet] if problem.sheet else []
    if problem.row is not None:
        parts.append(_("row %(row)s") % {"row": problem.row})
    if problem.column:
        parts.append(_("column %(column)s") % {"column": problem.column})
    return f"{', '.join(parts)}: {message}" if parts else message


def collection_error(reason: str) -> str:
    """What a leader or administrator is told when a collection step is refused."""
    messages = {
        "unit_not_in_round": _("The unit does not take part in this round."),
        "group_not_in_unit": _("The class or department belongs to another unit."),
        "group_closed": _(
            "The class is closed: it has moved on to a new school year or left the unit. "
            "Choose its new class."
        ),
        "no_questionnaire": _("The round has no questionnaire for this respondent group."),
        "reserved": _("The child is reserved, or consent is missing, so the child gets no code."),
        "child_needed": _(
            "Codes for this respondent group are made per child: use the list of children."
        ),
        "not_per_child": _("Codes for this respondent group are not made per child."),
        "wrong_group": _("A questionnaire was chosen for another respondent group."),
        "questionnaire_locked": _(
            "Codes are already made for this respondent group, so its questionnaire cannot change."
        ),
        "unit_not_in_programme": _("Only units in the round's programme can take part."),
        "unit_has_codes": _(
            "A unit that already has codes cannot be taken out of the round. Nothing was changed."
        ),
        "no_units": _("Choose the units that take part before the round is published."),
        "no_questionnaires": _("Choose at least one questionnaire before publishing."),
        "closes_in_past": _("The closing time has passed. Move it forward first."),
        "has_codes": _("Codes are already made, so the round cannot go back to draft."),
        "not_closed": _("Results can be released only after the round has closed."),
    }
    return messages.get(reason, _("That could not be done. Nothing was changed."))


def unfit_questionnaire(
    respondent_group: str,
    title: Mapping[str, str],
    for_kindergartens: bool,
    unit_names: list[str],
) -> str:
    """A questionnaire that does not fit the kind of some units of a round: which one (its
    title and respondent group), and which units (the first few by name, then how many
    more)."""
    shown = ", ".join(unit_names[:NAMED_UNITS])
    more = len(unit_names) - NAMED_UNITS
    if more > 0:
        shown = ngettext("%(names)s and %(count)s more", "%(names)s and %(count)s more", more) % {
            "names": shown,
            "count": more,
        }
    params = {
        "title": label_in(title, get_language()),
        "group": RESPONDENT_GROUP_LABELS.get(respondent_group, respondent_group),
        "units": shown,
    }
    if for_kindergartens:
        return (
            _(
                "The questionnaire for %(group)s, “%(title)s”, is for kindergartens, and "
                "these units are not kindergartens: %(units)s."
            )
            % params
        )
    return (
        _(
            "The questionnaire for %(group)s, “%(title)s”, is for schools, and these units "
            "are kindergartens: %(units)s."
        )
        % params
    )
