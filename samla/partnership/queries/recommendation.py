"""Reading the forum's yearly recommendation: who reads and writes it, the needs it answers
side by side, and the split of the grant per measure and per owner.

- Forum members of the forum, programme administrators and the county governor read every
  recommendation of the programme's forums (a member only their own forum's).
- A university contact reads approved recommendations with a measure of their partner;
  an owner reads approved recommendations with a measure that includes them.
- Forum members with a vote and administrators write and approve; the county governor only
  reads."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from samla.org.models import Owner, Programme

from .. import access
from ..models import (
    Decision,
    Forum,
    ForumMember,
    NeedsReport,
    Partner,
    PartnerKind,
    Recommendation,
    RecommendedMeasure,
    SubmissionStatus,
)


def writable_forum_ids(user, programme: Programme) -> set[int]:
    """Forums whose recommendation the person drafts and approves."""
    if access.is_admin(user, programme):
        return set(programme.forums.values_list("pk", flat=True))
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    return set(
        ForumMember.objects.filter(
            person_id=user.pk, forum__programme=programme, votes=True
        ).values_list("forum_id", flat=True)
    )


def writable_forums(user, programme: Programme) -> QuerySet[Forum]:
    return Forum.objects.filter(pk__in=writable_forum_ids(user, programme)).order_by("name")


def get_measure_or_404(recommendation: Recommendation, pk: int) -> RecommendedMeasure:
    try:
        return recommendation.measures.get(pk=pk)
    except RecommendedMeasure.DoesNotExist as missing:
        raise Http404 from missing


def can_write(user, recommendation: Recommendation) -> bool:
    programme = recommendation.forum.programme
    return recommendation.forum_id in writable_forum_ids(user, programme)


def readable(user, programme: Programme) -> QuerySet[Recommendation]:
    """The recommendations of the programme's forums the person may read."""
    mine = Recommendation.objects.filter(forum__programme=programme)
    if access.reads_everything(user, programme):
        return mine
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return mine.none()
    condition = Q(forum_id__in=access.forum_ids(user, programme))
    partners = access.partner_ids(user, programme)
    if partners:
        condition |= Q(approved_at__isnull=False, measures__partner_id__in=partners)
    owners = access.owner_ids(user, programme)
    if owners:
        condition |= Q(approved_at__isnull=False, measures__owners__in=owners)
    return mine.filter(pk__in=mine.filter(condition).values("pk"))


def recommendations_for(user, programme: Programme) -> list[Recommendation]:
    return list(
        readable(user, programme)
        .select_related("forum", "approved_by")
        .order_by("-school_year", "forum__name")
    )


def get_recommendation_or_404(user, programme: Programme, pk: int) -> Recommendation:
    try:
        return (
            readable(user, programme)
            .select_related("forum__programme", "approved_by", "decision__meeting")
            .get(pk=pk)
        )
    except Recommendation.DoesNotExist as missing:
        raise Http404 from missing


def programme_owners(programme: Programme) -> QuerySet[Owner]:
    """Owners with a unit in the programme: the only ones a measure may name."""
    return Owner.objects.filter(pk__in=programme.units.values("owner_id")).order_by("name")


def university_partners(programme: Programme) -> QuerySet[Partner]:
    return Partner.objects.filter(programme=programme, kind=PartnerKind.UNIVERSITY)


def submitted_needs(forum: Forum) -> QuerySet[NeedsReport]:
    """Needs reports submitted in the forum's programme (in its region, for a region's forum)."""
    reports = NeedsReport.objects.filter(
        programme_id=forum.programme_id, status=SubmissionStatus.SUBMITTED
    )
    if forum.region_id:
        reports = reports.filter(owner__regions=forum.region_id)
    return reports.select_related("owner").order_by("-year", "owner__name")


def forum_decisions(forum: Forum) -> QuerySet[Decision]:
    return Decision.objects.filter(meeting__forum=forum).select_related("meeting")


def needs_side_by_side(recommendation: Recommendation) -> list[NeedsReport]:
    """The needs reports the recommendation answers, each owner's priorities in order."""
    return list(
        recommendation.needs_reports.select_related("owner", "wished_partner")
        .prefetch_related("priorities")
        .order_by("owner__name", "-year")
    )


def measures(recommendation: Recommendation) -> list[RecommendedMeasure]:
    return list(
        recommendation.measures.select_related("partner", "package", "activity__plan")
        .prefetch_related(Prefetch("owners", queryset=Owner.objects.order_by("name")))
        .order_by("order", "pk")
    )


@dataclass(frozen=True)
class OwnerShare:
    owner: Owner
    grant: Decimal
    measures: int


@dataclass(frozen=True)
class GrantSplit:
    state_grant: Decimal
    measures_total: Decimal
    left: Decimal
    per_owner: list[OwnerShare]


def split_shares(grant: Decimal, parts: int) -> list[Decimal]:
    """A measure's grant shared equally between its owners in whole kroner; the kroner left
    over go to the first owners, so the shares add up to the grant exactly."""
    if parts <= 0:
        return []
    whole = int(grant)
    base, rest = divmod(whole, parts)
    return [Decimal(base + (1 if index < rest else 0)) for index in range(parts)]


def grant_split(
    recommendation: Recommendation, measure_list: list[RecommendedMeasure]
) -> GrantSplit:
    """Totals per measure (their own grants) and per owner (a measure shared by several
    owners counts for each in equal parts)."""
    totals: dict[int, list] = {}
    for measure in measure_list:
        owners = list(measure.owners.all())
        for owner, share in zip(owners, split_shares(measure.grant, len(owners)), strict=True):
            entry = totals.setdefault(owner.pk, [owner, Decimal(0), 0])
            entry[1] += share
            entry[2] += 1
    per_owner = [
        OwnerShare(owner, grant, count)
        for owner, grant, count in sorted(totals.values(), key=lambda e: e[0].name)
    ]
    total = sum((m.grant for m in measure_list), Decimal(0))
    return GrantSplit(
        recommendation.state_grant, total, recommendation.state_grant - total, per_owner
    )
