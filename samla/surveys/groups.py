"""The respondent groups: who answers a questionnaire, one record per group.

Pure Python, no Django. Everything that depends on a respondent group reads it from
:data:`GROUPS`: the groups an XLSForm may name, their labels (English msgids, translated by
the Django layer: ``surveys.models.RESPONDENT_GROUP_LABELS``), which codes belong to a child,
whose small cells roll up to the owner (results), and which classes or departments
simulated respondents answer from. Adding a respondent group means one record here, a
questionnaire and the label's translations.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = [
    "ALWAYS_PER_CHILD",
    "CHILD_CODE_GROUPS",
    "CHILD_GROUPS",
    "CLASS",
    "DEPARTMENT",
    "GROUPS",
    "GROUPS_BY_CODE",
    "KINDERGARTEN_GROUPS",
    "RESPONDENT_GROUPS",
    "STAFF_GROUPS",
    "RespondentGroup",
    "per_child_groups",
]

# The kinds of a unit's groups (the values of samla.org.models.GroupKind).
CLASS = "klasse"
DEPARTMENT = "avdeling"

# When a code of the group is issued for one child (so that guardians' reservation or
# consent decides whether the child takes part):
#   "always"   the code always names the child (interviews, ratings of a child);
#   "opt_in"   it must where the round needs guardians' consent, and may otherwise be per
#              class (pupils);
#   "optional" it may, for the leader's convenience (guardians: one slip per child);
#   "never"    codes are per unit or class only.
PerChild = Literal["always", "opt_in", "optional", "never"]


def gettext_noop(message: str) -> str:
    """Mark ``message`` for translation without translating it (Django translates later)."""
    return message


@dataclass(frozen=True)
class RespondentGroup:
    """One respondent group.

    ``answers_from`` is the kind of the unit's groups (class or department) its respondents
    answer from, with ``grades`` limiting the classes; None: from the unit as a whole.
    ``kindergarten`` says which units the group belongs in (kindergartens, or schools).
    ``staff``: staff groups, whose small unit cells roll up to the owner's figure.
    ``questionnaire``: the file of Samla's own questionnaire for the group in
    ``surveys/library`` (the demo rounds ask it)."""

    code: str
    label: str
    questionnaire: str
    per_child: PerChild = "never"
    staff: bool = False
    kindergarten: bool = False
    answers_from: str | None = None
    grades: range | None = None

    @property
    def child_bound(self) -> bool:
        """Whether guardians' reservation or consent can decide if the code is issued."""
        return self.per_child in ("always", "opt_in")


GROUPS: tuple[RespondentGroup, ...] = (
    RespondentGroup(
        "pupil_5_7",
        gettext_noop("Pupils, grades 5–7"),
        "elev_5_7.xlsx",
        per_child="opt_in",
        answers_from=CLASS,
        grades=range(5, 8),
    ),
    RespondentGroup(
        "pupil_8_10",
        gettext_noop("Pupils, grades 8–10"),
        "elev_8_10.xlsx",
        per_child="opt_in",
        answers_from=CLASS,
        grades=range(8, 11),
    ),
    RespondentGroup(
        "guardian",
        gettext_noop("Guardians"),
        "foresatte_skole.xlsx",
        per_child="optional",
        answers_from=CLASS,
    ),
    RespondentGroup("teacher", gettext_noop("Teachers"), "laerer.xlsx", staff=True),
    RespondentGroup("assistant", gettext_noop("Assistants"), "assistent.xlsx", staff=True),
    RespondentGroup("school_leader", gettext_noop("School leaders"), "skoleleder.xlsx", staff=True),
    RespondentGroup(
        "kg_child",
        gettext_noop("Children (interview)"),
        "barnehage_barnesamtale.xlsx",
        per_child="always",
        kindergarten=True,
        answers_from=DEPARTMENT,
    ),
    RespondentGroup(
        "kg_child_rating",
        gettext_noop("Staff rating of a child"),
        "barnehage_vurdering_barn.xlsx",
        per_child="always",
        kindergarten=True,
        answers_from=DEPARTMENT,
    ),
    RespondentGroup(
        "kg_staff",
        gettext_noop("Kindergarten staff"),
        "barnehage_ansatte.xlsx",
        staff=True,
        kindergarten=True,
        answers_from=DEPARTMENT,
    ),
    RespondentGroup(
        "kg_leader",
        gettext_noop("Kindergarten leaders"),
        "barnehage_leder.xlsx",
        staff=True,
        kindergarten=True,
    ),
    RespondentGroup(
        "kg_guardian",
        gettext_noop("Kindergarten guardians"),
        "barnehage_foresatte.xlsx",
        per_child="optional",
        kindergarten=True,
        answers_from=DEPARTMENT,
    ),
)

GROUPS_BY_CODE: dict[str, RespondentGroup] = {group.code: group for group in GROUPS}

# The codes in their order (the order of pages, exports and choices).
RESPONDENT_GROUPS: tuple[str, ...] = tuple(group.code for group in GROUPS)

STAFF_GROUPS = frozenset(group.code for group in GROUPS if group.staff)
KINDERGARTEN_GROUPS = frozenset(group.code for group in GROUPS if group.kindergarten)

# Codes that belong to a child where the round needs consent; and always.
CHILD_GROUPS = frozenset(group.code for group in GROUPS if group.child_bound)
ALWAYS_PER_CHILD = frozenset(group.code for group in GROUPS if group.per_child == "always")

# The groups a leader may print one code per child for: the children's own first, then
# the guardians'.
CHILD_CODE_GROUPS: tuple[str, ...] = tuple(
    group.code for group in GROUPS if group.child_bound
) + tuple(group.code for group in GROUPS if group.per_child == "optional")


def per_child_groups(opt_in: bool) -> frozenset[str]:
    """The groups whose codes must name a child: with guardians' consent needed (opt-in),
    every child-bound group; otherwise those whose codes always do."""
    return CHILD_GROUPS if opt_in else ALWAYS_PER_CHILD
