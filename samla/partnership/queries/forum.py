"""Reads of the forum area: the forums a person reads, their members by type, meetings
and decisions.

Least privilege: a forum's members, the programme's administrators and the county
governor read the forum; everyone else gets 404. Members with a vote and the
administrators write meetings, minutes and decisions; the county governor (a member
without a vote) reads and writes nothing here."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from samla.org.models import Programme

from .. import access
from ..models import Decision, Forum, ForumMeeting, ForumMember, MemberType, Vote


def forums_for(user, programme: Programme) -> QuerySet[Forum]:
    forums = Forum.objects.filter(programme=programme)
    if not access.reads_everything(user, programme):
        forums = forums.filter(pk__in=access.forum_ids(user, programme))
    return forums.select_related("region").annotate(
        member_count=Count("members", distinct=True),
        meeting_count=Count("meetings", distinct=True),
    )


def get_forum_or_404(user, programme: Programme, pk: int) -> Forum:
    try:
        return forums_for(user, programme).get(pk=pk)
    except Forum.DoesNotExist as missing:
        raise Http404 from missing


def get_meeting_or_404(user, programme: Programme, pk: int) -> ForumMeeting:
    readable = forums_for(user, programme).values("pk")
    try:
        return ForumMeeting.objects.select_related("forum").get(pk=pk, forum__in=readable)
    except ForumMeeting.DoesNotExist as missing:
        raise Http404 from missing


def get_decision_or_404(user, programme: Programme, pk: int) -> Decision:
    readable = forums_for(user, programme).values("pk")
    try:
        return Decision.objects.select_related("meeting__forum").get(
            pk=pk, meeting__forum__in=readable
        )
    except Decision.DoesNotExist as missing:
        raise Http404 from missing


def get_member_or_404(programme: Programme, pk: int) -> ForumMember:
    try:
        return ForumMember.objects.select_related("forum", "person").get(
            pk=pk, forum__programme=programme
        )
    except ForumMember.DoesNotExist as missing:
        raise Http404 from missing


def writes_forum(user, forum: Forum) -> bool:
    """Administrators, and members other than the county governor, keep the meetings."""
    if access.is_admin(user, forum.programme):
        return True
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return (
        ForumMember.objects.filter(forum=forum, person_id=user.pk)
        .exclude(member_type=MemberType.COUNTY_GOVERNOR)
        .exists()
    )


def voting_members(forum: Forum) -> QuerySet[ForumMember]:
    """The members with a vote (never the county governor), by type and name."""
    return forum.members.filter(votes=True).select_related("person", "owner", "partner")


@dataclass(frozen=True)
class TypeGroup:
    label: str
    members: list[ForumMember]


def members_by_type(forum: Forum) -> list[TypeGroup]:
    members = list(forum.members.select_related("person", "owner", "partner"))
    groups = []
    for member_type, label in MemberType.choices:
        of_type = [m for m in members if m.member_type == member_type]
        if of_type:
            groups.append(TypeGroup(str(label), of_type))
    return groups


def meetings(forum: Forum) -> list[ForumMeeting]:
    return list(forum.meetings.annotate(decision_count=Count("decisions")).order_by("-date"))


def decisions(meeting: ForumMeeting) -> list[Decision]:
    """The meeting's decisions with the named votes (``decision.vote_list``) fetched along."""
    votes = Vote.objects.select_related("member__person").order_by("member__person__last_name")
    return list(
        meeting.decisions.prefetch_related(Prefetch("votes", queryset=votes, to_attr="vote_list"))
    )
