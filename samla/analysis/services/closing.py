"""Sharing with the owner, comments, closing an analysis and continuing it in a new one,
and presenting it at a learning caravan."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from samla.plans.models import Activity

from ..models import (
    Analysis,
    CaravanPresentation,
    Comment,
    EvidenceSnapshot,
    Phase,
    SnapshotKind,
    Status,
)
from ..phases import PHASES
from .rules import refuse_if_closed, required_text
from .sources import results_source


def share_with_owner(analysis: Analysis, person) -> None:
    """Side effects: the owner may read the analysis from now (shared_with_owner_at/by)."""
    if analysis.shared:
        return
    analysis.shared_with_owner_at = timezone.now()
    analysis.shared_by = person
    analysis.save(update_fields=["shared_with_owner_at", "shared_by", "updated_at"])


def withdraw_sharing(analysis: Analysis) -> None:
    """Side effects: the owner loses access at once (shared_with_owner_at cleared), and
    the moment is kept (withdrawn_from_owner_at) so that the owner is told. Nothing
    happens to an analysis that is not shared."""
    if not analysis.shared:
        return
    analysis.shared_with_owner_at = None
    analysis.shared_by = None
    analysis.withdrawn_from_owner_at = timezone.now()
    changed = ["shared_with_owner_at", "shared_by", "withdrawn_from_owner_at", "updated_at"]
    analysis.save(update_fields=changed)


def add_comment(
    analysis: Analysis, person, phase: str, text: str, parent_id: int | None = None
) -> Comment:
    """Side effects: creates a Comment on the phase, as an answer to ``parent_id``."""
    if phase not in PHASES:
        raise ValidationError(_("Unknown phase."))
    text = required_text(text, "text", _("Write the comment."))
    parent = None
    if parent_id is not None:
        parent = analysis.comments.filter(pk=parent_id, phase=phase).first()
        if parent is None:
            raise ValidationError(_("The comment you answer is not on this page."))
    return Comment.objects.create(
        analysis=analysis, phase=phase, parent=parent, author=person, text=text
    )


def close_analysis(analysis: Analysis, note: str) -> None:
    """Side effects: status closed, phase revise, the closing note kept."""
    refuse_if_closed(analysis)
    analysis.closing_note = required_text(note, "note", _("Write what the group concluded."))
    analysis.status = Status.CLOSED
    analysis.phase = Phase.REVISE
    analysis.save()


@transaction.atomic
def start_follow_up_analysis(analysis: Analysis, person, title: str) -> Analysis:
    """A new analysis that carries this one's history: it continues it, starts from the
    latest results of the same indices (the follow-ups where taken), and keeps the
    problem and goal to revise. The old analysis is closed.

    Side effects: closes ``analysis`` (if open); creates the new Analysis with baseline
    snapshots copied (frozen figures as they were) and a results Source for each."""
    title = required_text(title, "title", _("Give the new analysis a title."))
    new = Analysis.objects.create(
        unit_id=analysis.unit_id,
        learning_group=analysis.learning_group,
        title=title[:200],
        problem=analysis.problem,
        goal_kind=analysis.goal_kind,
        goal=analysis.goal,
        previous=analysis,
        created_by=person,
    )
    for base in analysis.snapshots.filter(kind=SnapshotKind.BASELINE):
        latest = base.follow_ups.order_by("-round_opened_at").first() or base
        copy = EvidenceSnapshot.objects.create(
            analysis=new,
            kind=SnapshotKind.BASELINE,
            round=latest.round,
            round_name=latest.round_name,
            round_opened_at=latest.round_opened_at,
            node_kind=latest.node_kind,
            node_id=latest.node_id,
            node_name=latest.node_name,
            respondent_group=latest.respondent_group,
            scale=latest.scale,
            scale_labels=latest.scale_labels,
            threshold=latest.threshold,
            figures=latest.figures,
            taken_by=person,
        )
        results_source(new, copy, person)
    if analysis.status == Status.OPEN:
        analysis.status = Status.CLOSED
        analysis.phase = Phase.REVISE
        if not analysis.closing_note:
            analysis.closing_note = _("Continued in a new analysis: %(title)s") % {"title": title}
        analysis.save()
    return new


def caravan_activities(analysis: Analysis):
    """Learning caravans in the plans of the unit's programmes (by the activity's name)."""
    programmes = analysis.unit.programmes.values("pk")
    return (
        Activity.objects.filter(plan__programme__in=programmes)
        .filter(Q(title__icontains="karavane") | Q(title__icontains="caravan"))
        .select_related("plan")
        .order_by("-plan__school_year", "order")
    )


def link_caravan(analysis: Analysis, person, activity_id: int) -> CaravanPresentation:
    """The analysis is presented at a learning caravan: the plan shows the unit's name and
    the analysis's title at the activity.

    Side effects: creates a CaravanPresentation (once per activity)."""
    activity = caravan_activities(analysis).filter(pk=activity_id).first()
    if activity is None:
        raise ValidationError(_("Choose a learning caravan in the programme's plan."))
    presentation, _created = CaravanPresentation.objects.get_or_create(
        analysis=analysis, activity=activity, defaults={"linked_by": person}
    )
    return presentation


def unlink_caravan(analysis: Analysis, activity_id: int) -> None:
    """Side effects: deletes the CaravanPresentation."""
    CaravanPresentation.objects.filter(analysis=analysis, activity_id=activity_id).delete()
