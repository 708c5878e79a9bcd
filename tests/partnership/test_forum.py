"""The cooperation forum: seats (the county governor never votes), meetings and
decisions (counts within the voting members, names only when the forum records them),
who writes and who reads; refusals change nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from samla.partnership.demo import base
from samla.partnership.demo import forum as forum_demo
from samla.partnership.models import (
    Decision,
    DecisionMethod,
    Forum,
    ForumMeeting,
    ForumMember,
    MemberType,
    Vote,
    VoteChoice,
)
from samla.partnership.queries import forum as queries
from samla.partnership.services import forum as services
from samla.partnership.services.forum import DecisionInput, MeetingInput, MemberInput
from tests.conftest import client_for


@pytest.fixture
def forum(demo_org):
    base.build()
    forum_demo.build()
    return Forum.objects.get(name=base.FORUM)


@pytest.fixture
def meeting(forum):
    return ForumMeeting.objects.get(forum=forum, date=forum_demo.AUTUMN)


def _snapshot() -> tuple:
    return (
        sorted(ForumMember.objects.values_list("forum_id", "person_id", "member_type", "votes")),
        sorted(ForumMeeting.objects.values_list("date", "place", "agenda", "minutes")),
        sorted(
            Decision.objects.values_list(
                "title", "method", "votes_for", "votes_against", "abstentions", "record_names"
            )
        ),
        sorted(Vote.objects.values_list("decision_id", "member_id", "choice")),
    )


def test_the_demo_has_a_held_and_a_planned_meeting(forum):
    held, planned = sorted(forum.meetings.all(), key=lambda m: m.date)
    assert (held.date, planned.date) == (date(2026, 10, 15), date(2027, 1, 21))
    assert [
        (d.method, d.votes_for, d.votes_against, d.abstentions) for d in queries.decisions(held)
    ] == [
        ("consensus", 0, 0, 0),
        ("vote", 3, 0, 0),
    ]
    assert held.minutes and held.agenda and not planned.minutes


def test_voting_members_leave_out_the_county_governor(forum):
    voters = [m.person.username for m in queries.voting_members(forum)]
    assert sorted(voters) == ["eier", "forsker", "tillitsvalgt"]


def test_the_county_governor_never_gets_a_vote(forum, demo_org):
    forum.members.filter(person__username="statsforvalter").delete()
    before = _snapshot()
    with pytest.raises(ValidationError) as refused:
        services.add_member(
            demo_org.user("admin"),
            forum,
            MemberInput(demo_org.user("statsforvalter"), MemberType.COUNTY_GOVERNOR, votes=True),
        )
    assert refused.value.error_dict["votes"][0].messages == [
        "The county governor takes part in the forum without a vote. Untick 'has a vote'."
    ]
    assert _snapshot() == before
    member = services.add_member(
        demo_org.user("admin"),
        forum,
        MemberInput(demo_org.user("statsforvalter"), MemberType.COUNTY_GOVERNOR, votes=False),
    )
    assert (member.member_type, member.votes) == ("county_governor", False)


@pytest.mark.parametrize(
    ("actor", "person", "data"),
    [
        ("eier", "region", {"member_type": MemberType.OTHER}),
        ("admin", "forsker", {"member_type": MemberType.UNIVERSITY}),
        ("admin", "styrer", {"member_type": MemberType.OTHER}),
        ("admin", "region", {"member_type": MemberType.OWNER}),
    ],
    ids=["not an admin", "already a member", "outside the programme", "owner seat, no owner"],
)
def test_refused_seats_change_nothing(forum, demo_org, actor, person, data):
    before = _snapshot()
    with pytest.raises(ValidationError):
        services.add_member(demo_org.user(actor), forum, MemberInput(demo_org.user(person), **data))
    assert _snapshot() == before


def test_a_member_whose_vote_is_named_keeps_the_seat(forum, meeting, demo_org):
    member = forum.members.get(person__username="tillitsvalgt")
    decision = meeting.decisions.get(order=2)
    Vote.objects.create(decision=decision, member=member, choice=VoteChoice.FOR)
    before = _snapshot()
    with pytest.raises(ValidationError):
        services.remove_member(demo_org.user("admin"), member)
    assert _snapshot() == before


def test_admin_removes_a_member(forum, demo_org):
    member = forum.members.get(person__username="tillitsvalgt")
    services.remove_member(demo_org.user("admin"), member)
    assert not forum.members.filter(person__username="tillitsvalgt").exists()


@pytest.mark.parametrize(
    ("username", "writes"),
    [
        ("admin", True),
        ("eier", True),
        ("forsker", True),
        ("statsforvalter", False),
        ("region", False),
    ],
)
def test_who_writes_the_forum(forum, demo_org, username, writes):
    assert queries.writes_forum(demo_org.user(username), forum) is writes


def test_the_county_governor_writes_no_meeting(forum, demo_org):
    before = _snapshot()
    with pytest.raises(ValidationError):
        services.save_meeting(
            demo_org.user("statsforvalter"), forum, MeetingInput(date(2027, 3, 1), "Hamar")
        )
    assert _snapshot() == before


def test_a_member_plans_a_meeting_and_writes_its_minutes(forum, demo_org):
    meeting = services.save_meeting(
        demo_org.user("forsker"), forum, MeetingInput(date(2027, 3, 1), "Hamar", "1. Sak")
    )
    services.save_meeting(
        demo_org.user("eier"),
        forum,
        MeetingInput(date(2027, 3, 1), "Hamar", "1. Sak", "Referat"),
        meeting,
    )
    meeting.refresh_from_db()
    assert (meeting.place, meeting.agenda, meeting.minutes) == ("Hamar", "1. Sak", "Referat")


def _decision(**changes) -> DecisionInput:
    values = {"title": "Sak", "text": "Vedtatt.", "method": DecisionMethod.VOTE}
    values.update(changes)
    return DecisionInput(**values)


@pytest.mark.parametrize(
    ("actor", "data"),
    [
        ("eier", _decision(votes_for=3, votes_against=1)),
        ("eier", _decision()),
        ("eier", _decision(method=DecisionMethod.CONSENSUS, record_names=True)),
        ("eier", _decision(votes_for=2, named_votes={1: VoteChoice.FOR})),
        ("statsforvalter", _decision(method=DecisionMethod.CONSENSUS)),
        ("eier", _decision(title=" ")),
    ],
    ids=[
        "more votes than voters",
        "no counts",
        "consensus with names",
        "names not decided",
        "county governor",
        "no matter",
    ],
)
def test_refused_decisions_change_nothing(meeting, demo_org, actor, data):
    before = _snapshot()
    with pytest.raises(ValidationError):
        services.save_decision(demo_org.user(actor), meeting, data)
    assert _snapshot() == before


def test_the_county_governor_has_no_vote_to_record(forum, meeting, demo_org):
    governor = forum.members.get(person__username="statsforvalter")
    before = _snapshot()
    with pytest.raises(ValidationError) as refused:
        services.save_decision(
            demo_org.user("eier"),
            meeting,
            _decision(record_names=True, named_votes={governor.pk: VoteChoice.FOR}),
        )
    assert refused.value.messages == ["Only members with a vote have their votes recorded."]
    assert _snapshot() == before


def test_named_votes_give_the_counts(forum, meeting, demo_org):
    voters = {m.person.username: m.pk for m in queries.voting_members(forum)}
    named = {
        voters["eier"]: VoteChoice.FOR,
        voters["forsker"]: VoteChoice.FOR,
        voters["tillitsvalgt"]: VoteChoice.ABSTAINED,
    }
    decision = services.save_decision(
        demo_org.user("forsker"),
        meeting,
        _decision(votes_for=9, record_names=True, named_votes=named),
    )
    assert (decision.votes_for, decision.votes_against, decision.abstentions) == (2, 0, 1)
    assert decision.votes.count() == 3
    corrected = services.save_decision(
        demo_org.user("forsker"), meeting, _decision(votes_for=2, votes_against=1), decision
    )
    assert (corrected.votes_for, corrected.votes_against, corrected.record_names) == (2, 1, False)
    assert corrected.votes.count() == 0


def test_the_county_governor_reads_the_meeting_without_write_links(forum, meeting, demo_org):
    client = client_for("statsforvalter")
    client.cookies["samla_language"] = "en"
    url = reverse(
        "portal:partnership_forum_meeting", kwargs={"slug": forum.programme.slug, "pk": meeting.pk}
    )
    page = client.get(url).content.decode()
    assert "By vote: 3 for, 0 against, 0 abstained." in page
    assert "Record a decision" not in page
    member_page = client_for("forsker").get(url).content.decode()
    assert (
        reverse(
            "portal:partnership_forum_decision_new",
            kwargs={"slug": forum.programme.slug, "pk": meeting.pk},
        )
        in member_page
    )


def test_the_forum_form_refuses_a_vote_for_the_county_governor(forum, demo_org):
    forum.members.filter(person__username="statsforvalter").delete()
    before = _snapshot()
    client = client_for("admin")
    client.cookies["samla_language"] = "en"
    response = client.post(
        reverse(
            "portal:partnership_forum_member_new",
            kwargs={"slug": forum.programme.slug, "pk": forum.pk},
        ),
        {
            "person": demo_org.user("statsforvalter").pk,
            "member_type": MemberType.COUNTY_GOVERNOR,
            "votes": "on",
        },
    )
    assert response.status_code == 200
    assert "takes part in the forum without a vote" in response.content.decode()
    assert _snapshot() == before
