"""Issuing access codes: per unit, class or department, and one per child where the
respondent group or the round's consent rule needs it (see groups.py); and a unit's code
slips for many classes at once, refused whole when a class does not fit the questionnaire."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from samla.org.models import Group, Unit

from .. import codes, groups
from ..models import (
    AccessCode,
    Child,
    CodeState,
    Consent,
    ConsentRule,
    Reservation,
    Round,
    RoundState,
)
from .errors import CollectionError
from .keys import hmac_of
from .marks import pending_spent_code_ids

# The most codes one request for class slips makes (a large school's pupils, with room).
MAX_CLASS_SLIPS = 1500


@transaction.atomic
def issue_codes(
    round: Round,
    unit: Unit,
    respondent_group: str,
    count: int,
    group: Group | None = None,
    child: Child | None = None,
) -> list[str]:
    """Create ``count`` access codes and return them; this is the only time they exist in
    plain text.

    Side effects: creates AccessCode rows holding only the codes' HMACs. Refuses a unit that
    does not take part, a group of another unit, a respondent group without a questionnaire
    in the round, a reserved child, and a class closed at a new school year."""
    if not round.units.filter(pk=unit.pk).exists():
        raise CollectionError("unit_not_in_round", round)
    if group is not None and group.unit_id != unit.pk:
        raise CollectionError("group_not_in_unit", round)
    target = group or (child.group if child else None)
    if target is not None and target.closed_on is not None:
        raise CollectionError("group_closed", round)
    if not round.instruments.filter(respondent_group=respondent_group).exists():
        raise CollectionError("no_questionnaire", round)
    if child is None and respondent_group in per_child_groups(round):
        raise CollectionError("child_needed", round)
    if child is not None and not may_take_part(round, child):
        raise CollectionError("reserved", round)
    issued = []
    rows = []
    for _attempt in range(count):
        code = codes.new_code()
        issued.append(code)
        rows.append(
            AccessCode(
                round=round,
                unit=unit,
                group=group or (child.group if child else None),
                respondent_group=respondent_group,
                child=child,
                code_hmac=hmac_of(codes.normalise(code)),
            )
        )
    AccessCode.objects.bulk_create(rows)
    return issued


def per_child_groups(round: Round) -> frozenset[str]:
    """The respondent groups whose codes must name a child in this round (see groups.py)."""
    return groups.per_child_groups(round.consent_rule == ConsentRule.OPT_IN)


def may_take_part(round: Round, child: Child) -> bool:
    """Not reserved, and consented to where the round's rule is opt-in."""
    if Reservation.objects.filter(round=round, child=child).exists():
        return False
    if round.consent_rule == ConsentRule.OPT_IN:
        return Consent.objects.filter(round=round, child=child).exists()
    return True


def revoke_open_codes(round: Round, child: Child, respondent_group: str | None = None) -> int:
    # Their drafts cannot be found from here: nothing joins a draft to a code. They stay
    # sealed (only the code opens them), go when the revoked code is typed again (start)
    # and with the round's other leftovers when its results are released.
    open_codes = AccessCode.objects.filter(
        round=round, child=child, state__in=[CodeState.ISSUED, CodeState.STARTED]
    ).exclude(pk__in=pending_spent_code_ids())
    if respondent_group is not None:
        open_codes = open_codes.filter(respondent_group=respondent_group)
    return open_codes.update(state=CodeState.REVOKED)


@transaction.atomic
def issue_child_codes(round: Round, group: Group, respondent_group: str) -> list[tuple[Child, str]]:
    """One new code per child on the group's list who may take part and has not answered
    this questionnaire yet; returns (child, code) pairs, the only time the codes exist in
    plain text.

    Side effects: revokes the children's earlier codes for this questionnaire that were not
    submitted (a reprinted slip replaces the old one) and creates the new codes."""
    if respondent_group not in groups.CHILD_CODE_GROUPS:
        raise CollectionError("not_per_child", round)
    answered = set(
        AccessCode.objects.filter(
            Q(state=CodeState.SUBMITTED) | Q(pk__in=pending_spent_code_ids()),
            round=round,
            group=group,
            respondent_group=respondent_group,
        ).values_list("child_id", flat=True)
    )
    issued = []
    children = group.children.select_related("name_record").order_by("name_record__name")
    for child in children:
        if child.pk in answered or not may_take_part(round, child):
            continue
        revoke_open_codes(round, child, respondent_group)
        [code] = issue_codes(round, group.unit, respondent_group, 1, group=group, child=child)
        issued.append((child, code))
    return issued


@dataclass(frozen=True)
class Misfit:
    """Why a class or department cannot get codes for a questionnaire.

    ``reason``: "unit_wide" (a staff questionnaire is answered for the unit, not a class),
    "wrong_kind" (a school class for a kindergarten questionnaire, or the other way round),
    "grade_outside" (the class's grade is outside the questionnaire's grades),
    "group_closed", "group_not_in_unit"."""

    group: Group
    reason: str


class ClassSlipsRefused(CollectionError):
    """Some chosen classes do not fit the questionnaire: ``misfits`` names each one."""

    def __init__(self, misfits: Sequence[Misfit], round: Round | None = None) -> None:
        super().__init__("classes_do_not_fit", round)
        self.misfits = list(misfits)


def class_misfit(unit: Unit, group: Group, respondent_group: str) -> Misfit | None:
    """Why ``group`` may not answer the questionnaire of ``respondent_group`` as a class,
    or None when it may. The registry (groups.py) says who answers from where."""
    rule = groups.GROUPS_BY_CODE[respondent_group]
    if group.unit_id != unit.pk:
        return Misfit(group, "group_not_in_unit")
    if group.closed_on is not None:
        return Misfit(group, "group_closed")
    if rule.answers_from is None:
        return Misfit(group, "unit_wide")
    if rule.answers_from != group.kind:
        return Misfit(group, "wrong_kind")
    if rule.grades is not None and group.grade not in rule.grades:
        return Misfit(group, "grade_outside")
    return None


@transaction.atomic
def issue_class_codes(
    round: Round, unit: Unit, respondent_group: str, counts: Sequence[tuple[Group, int]]
) -> list[tuple[Group, list[str]]]:
    """Codes for several classes (or departments) of one unit at once: ``counts`` pairs
    each class with its number of codes. Returns each class with its codes, in the order
    given; the only time the codes exist in plain text.

    All or nothing: raises ClassSlipsRefused naming every class that does not fit the
    questionnaire (grades, class or department, a staff questionnaire), and
    CollectionError for the request as a whole (unit not in the round, no questionnaire,
    codes that must be made per child, no classes or too many codes). Side effects: creates
    AccessCode rows holding only the codes' HMACs, in one statement. A round that has
    closed takes no new codes (CollectionError "round_over")."""
    if round.state() in (RoundState.CLOSED, RoundState.RELEASED):
        # Nobody can answer any more, and the built results count the codes made.
        raise CollectionError("round_over", round)
    if not round.units.filter(pk=unit.pk).exists():
        raise CollectionError("unit_not_in_round", round)
    if not round.instruments.filter(respondent_group=respondent_group).exists():
        raise CollectionError("no_questionnaire", round)
    if respondent_group in per_child_groups(round):
        raise CollectionError("child_needed", round)
    if not counts or any(count < 1 for _group, count in counts):
        raise CollectionError("no_classes", round)
    if sum(count for _group, count in counts) > MAX_CLASS_SLIPS:
        raise CollectionError("too_many_codes", round)
    misfits = [
        misfit
        for group, _count in counts
        if (misfit := class_misfit(unit, group, respondent_group)) is not None
    ]
    if misfits:
        raise ClassSlipsRefused(misfits, round)
    issued: list[tuple[Group, list[str]]] = []
    rows = []
    for group, count in counts:
        made = [codes.new_code() for _ in range(count)]
        issued.append((group, made))
        rows.extend(
            AccessCode(
                round=round,
                unit=unit,
                group=group,
                respondent_group=respondent_group,
                code_hmac=hmac_of(codes.normalise(code)),
            )
            for code in made
        )
    AccessCode.objects.bulk_create(rows)
    return issued
