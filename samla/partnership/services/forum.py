"""Changes in the forum area: the scheme's settings, the forum's members, its meetings and
decisions. Each function checks who acts; every refusal is a ``ValidationError`` with a
message for the person and changes nothing."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samla.org.models import Owner, Person, Programme

from ..models import (
    Decision,
    DecisionMethod,
    Forum,
    ForumMeeting,
    ForumMember,
    MemberType,
    Partner,
    PartnerKind,
    SchemeSettings,
    Vote,
    VoteChoice,
)
from ..queries.forum import voting_members, writes_forum
from ..queries.partners import programme_owners, programme_people
from .partners import require_admin

# Which kind of partner a seat of each type may represent.
PARTNER_KIND_OF = {
    MemberType.UNIVERSITY: PartnerKind.UNIVERSITY,
    MemberType.KS: PartnerKind.KS,
    MemberType.UNION: PartnerKind.UNION,
    MemberType.PBL: PartnerKind.PBL,
    MemberType.OTHER: PartnerKind.OTHER,
}


def scheme_settings(programme: Programme) -> SchemeSettings:
    """The programme's settings for the scheme, made with the national defaults when the
    programme has none yet (due dates 1 February and 15 January, own share 30 %,
    coordinator 10 %, needs for 3 years)."""
    settings, _created = SchemeSettings.objects.get_or_create(programme=programme)
    return settings


SCHEME_FIELDS = (
    "needs_due_month",
    "needs_due_day",
    "report_due_month",
    "report_due_day",
    "own_share_percent",
    "coordinator_cap_percent",
    "needs_years",
)


def update_scheme_settings(actor, programme: Programme, values: dict[str, int]) -> SchemeSettings:
    """Change the scheme's settings (administrators). A due date must exist in every year
    (no 30 February; 29 February is refused too)."""
    require_admin(actor, programme)
    errors = {}
    for prefix in ("needs_due", "report_due"):
        month, day = values[f"{prefix}_month"], values[f"{prefix}_day"]
        if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(2001, month)[1]:
            errors[f"{prefix}_day"] = _("This day does not exist in that month every year.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        settings = SchemeSettings.objects.select_for_update().get(pk=scheme_settings(programme).pk)
        for name in SCHEME_FIELDS:
            setattr(settings, name, values[name])
        settings.full_clean()
        settings.save()
    return settings


@dataclass(frozen=True)
class MemberInput:
    person: Person
    member_type: str
    votes: bool = True
    owner: Owner | None = None
    partner: Partner | None = None


def add_member(actor, forum: Forum, data: MemberInput) -> ForumMember:
    """Give a person a seat in the forum (administrators). The county governor takes part
    without a vote; an owner's seat names the owner, a partner's seat may name the partner."""
    programme = forum.programme
    require_admin(actor, programme)
    errors = {}
    if data.member_type not in MemberType.values:
        errors["member_type"] = _("Choose whom the member represents.")
    if data.member_type == MemberType.COUNTY_GOVERNOR and data.votes:
        errors["votes"] = _(
            "The county governor takes part in the forum without a vote. Untick 'has a vote'."
        )
    if not programme_people(actor, programme).filter(pk=data.person.pk).exists():
        errors["person"] = _(
            "Choose someone who holds a role in the programme or is invited to it."
        )
    elif forum.members.filter(person=data.person).exists():
        errors["person"] = _("This person already has a seat in the forum.")
    if data.member_type == MemberType.OWNER:
        if data.owner is None or not programme_owners(programme).filter(pk=data.owner.pk).exists():
            errors["owner"] = _("Choose the owner the member represents.")
    elif data.owner is not None:
        errors["owner"] = _("Only an owner's representative represents an owner.")
    kind = PARTNER_KIND_OF.get(data.member_type)
    if data.partner is not None and (
        data.partner.programme_id != programme.pk or data.partner.kind != kind
    ):
        errors["partner"] = _("Choose a partner of the kind the member represents, or none.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        return ForumMember.objects.create(
            forum=forum,
            person=data.person,
            member_type=data.member_type,
            votes=data.votes,
            owner=data.owner,
            partner=data.partner,
        )


def remove_member(actor, member: ForumMember) -> None:
    """Take a seat away (administrators). A member whose vote is recorded by name keeps the
    seat, so that the minutes stay true."""
    require_admin(actor, member.forum.programme)
    if member.votes_cast.exists():
        raise ValidationError(
            _(
                "%(person)s's votes are recorded by name in the forum's decisions, "
                "so the seat stays."
            )
            % {"person": member.person}
        )
    member.delete()


def require_writer(actor, forum: Forum) -> None:
    if not writes_forum(actor, forum):
        raise ValidationError(
            _(
                "Only the forum's members and the programme's administrators keep its meetings; "
                "the county governor reads them."
            )
        )


@dataclass(frozen=True)
class MeetingInput:
    date: date
    place: str = ""
    agenda: str = ""
    minutes: str = ""


def save_meeting(
    actor, forum: Forum, data: MeetingInput, meeting: ForumMeeting | None = None
) -> ForumMeeting:
    """Plan a meeting (``meeting`` None) or change one: date, place, agenda, minutes."""
    require_writer(actor, forum)
    if meeting is not None and meeting.forum_id != forum.pk:
        raise ValidationError(_("This meeting belongs to another forum."))
    with transaction.atomic():
        meeting = meeting or ForumMeeting(forum=forum)
        meeting.date = data.date
        meeting.place = data.place.strip()
        meeting.agenda = data.agenda.strip()
        meeting.minutes = data.minutes.strip()
        meeting.save()
    return meeting


@dataclass(frozen=True)
class DecisionInput:
    title: str
    text: str
    order: int = 1
    method: str = DecisionMethod.CONSENSUS
    votes_for: int = 0
    votes_against: int = 0
    abstentions: int = 0
    record_names: bool = False
    # member id -> VoteChoice, only when the forum records names
    named_votes: dict[int, str] = field(default_factory=dict)


def _counts(forum: Forum, data: DecisionInput) -> tuple[int, int, int]:
    """The decision's counts, checked; by name they are counted from the named votes."""
    if data.method == DecisionMethod.CONSENSUS:
        if data.record_names or data.named_votes:
            raise ValidationError(
                {"record_names": _("A decision by consensus has no votes to record.")}
            )
        return 0, 0, 0
    if data.method != DecisionMethod.VOTE:
        raise ValidationError({"method": _("Choose how the forum decided.")})
    voters = set(voting_members(forum).values_list("pk", flat=True))
    if data.record_names:
        if set(data.named_votes) - voters:
            raise ValidationError(_("Only members with a vote have their votes recorded."))
        if any(choice not in VoteChoice.values for choice in data.named_votes.values()):
            raise ValidationError(_("A vote is for, against or abstained."))
        choices = list(data.named_votes.values())
        counts = tuple(choices.count(c) for c in VoteChoice.values)
    elif data.named_votes:
        raise ValidationError(
            {"record_names": _("Names are recorded only when the forum decides so. Tick the box.")}
        )
    else:
        counts = (data.votes_for, data.votes_against, data.abstentions)
    if min(counts) < 0:
        raise ValidationError(_("A count cannot be negative."))
    if sum(counts) == 0:
        raise ValidationError(_("A decision by vote needs its counts (or each member's vote)."))
    if sum(counts) > len(voters):
        raise ValidationError(
            _("%(given)d votes are more than the forum's %(voters)d members with a vote.")
            % {"given": sum(counts), "voters": len(voters)}
        )
    return counts


def save_decision(
    actor, meeting: ForumMeeting, data: DecisionInput, decision: Decision | None = None
) -> Decision:
    """Record a decision of the meeting (``decision`` None) or correct one: by consensus, or
    by vote with the counts and, only when the forum decides so, each voting member's vote
    (the counts are then counted from them). Side effects: the decision and its votes."""
    forum = meeting.forum
    require_writer(actor, forum)
    if decision is not None and decision.meeting_id != meeting.pk:
        raise ValidationError(_("This decision belongs to another meeting."))
    if not data.title.strip() or not data.text.strip():
        raise ValidationError(_("A decision needs its matter and what was decided."))
    votes_for, votes_against, abstentions = _counts(forum, data)
    with transaction.atomic():
        decision = decision or Decision(meeting=meeting)
        decision.order = data.order
        decision.title, decision.text = data.title.strip(), data.text.strip()
        decision.method = data.method
        decision.record_names = data.record_names
        decision.votes_for, decision.votes_against = votes_for, votes_against
        decision.abstentions = abstentions
        decision.save()
        decision.votes.all().delete()
        Vote.objects.bulk_create(
            Vote(decision=decision, member_id=member_id, choice=choice)
            for member_id, choice in data.named_votes.items()
        )
    return decision
