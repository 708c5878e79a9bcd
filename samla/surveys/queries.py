"""Reads for the collection pages, as plain data."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from .models import RESPONDENT_GROUP_LABELS, AccessCode, CodeState, Round
from .services import pending_code_states


@dataclass(frozen=True)
class RateRow:
    unit: str
    group: str
    respondent_group: str
    issued: int
    started: int
    submitted: int

    @property
    def rate(self) -> int:
        """Submitted as a whole percentage of the codes that can still be used or were."""
        return round(100 * self.submitted / self.issued) if self.issued else 0


def response_rates(round: Round, unit_ids) -> list[RateRow]:
    """Codes issued, started and submitted per unit × class × respondent group, in one query.

    Counts only: nothing about which code answered, let alone what. Codes started or spent
    whose rows wait for a batch (services.settle_code_marks) count as they will be."""
    pending = pending_code_states()
    spent = Q(state=CodeState.SUBMITTED) | Q(
        pk__in=[pk for pk, state in pending.items() if state == CodeState.SUBMITTED]
    )
    started = Q(state=CodeState.STARTED) | Q(pk__in=list(pending))
    rows = (
        AccessCode.objects.filter(round=round, unit_id__in=unit_ids)
        .exclude(state=CodeState.REVOKED)
        .values("unit__name", "group__name", "respondent_group")
        .annotate(
            issued=Count("pk"),
            started=Count("pk", filter=started | spent),
            submitted=Count("pk", filter=spent),
        )
        .order_by("unit__name", "group__name", "respondent_group")
    )
    return [
        RateRow(
            row["unit__name"],
            row["group__name"] or "",
            str(RESPONDENT_GROUP_LABELS.get(row["respondent_group"], row["respondent_group"])),
            row["issued"],
            row["started"],
            row["submitted"],
        )
        for row in rows
    ]
