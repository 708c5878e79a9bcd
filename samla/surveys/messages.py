"""Problems found in an XLSForm, in the person's language."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .instrument import Problem


def describe(problem: Problem) -> str:
    """E.g. «survey, rad 5, kolonne label::nn: …» in the active language."""
    message = _(problem.msgid) % problem.params if problem.params else _(problem.msgid)
    parts = [problem.sheet] if problem.sheet else []
    if problem.row is not None:
        parts.append(_("row %(row)s") % {"row": problem.row})
    if problem.column:
        parts.append(_("column %(column)s") % {"column": problem.column})
    return f"{', '.join(parts)}: {message}" if parts else message
