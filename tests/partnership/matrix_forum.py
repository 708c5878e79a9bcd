"""Who opens the cooperation forum's pages: its members, the administrators and the county
governor read; the county governor writes nothing; everyone else gets 404."""

from samla.partnership.demo import base
from samla.partnership.demo import forum as forum_demo
from samla.partnership.models import Decision, Forum, ForumMeeting, ForumMember
from tests.role_matrix_support import Case, everyone, only

READERS = {"admin", "statsforvalter", "eier", "forsker", "tillitsvalgt"}
WRITERS = {"admin", "eier", "forsker", "tillitsvalgt"}


def _with(denied: dict[str, int], allowed: set[str]) -> dict:
    expected = only(allowed)
    expected.update(denied)
    return expected


ADMINS = _with(dict.fromkeys(READERS - {"admin"}, 403), {"admin"})
WRITE = _with({"statsforvalter": 403}, WRITERS)


def _build(org):
    base.build()
    forum_demo.build()
    return Forum.objects.get(name=base.FORUM)


def _slug(org):
    _build(org)
    return {"slug": org.school_programme.slug}


def _forum(org):
    return {"slug": org.school_programme.slug, "pk": _build(org).pk}


def _member(org):
    member = ForumMember.objects.get(forum=_build(org), person__username="tillitsvalgt")
    return {"slug": org.school_programme.slug, "pk": member.pk}


def _meeting(org):
    meeting = ForumMeeting.objects.get(forum=_build(org), date=forum_demo.AUTUMN)
    return {"slug": org.school_programme.slug, "pk": meeting.pk}


def _decision(org):
    decision = Decision.objects.get(meeting__forum=_build(org), order=2)
    return {"slug": org.school_programme.slug, "pk": decision.pk}


CASES = [
    Case("portal:partnership_forums", "forums", _slug, only(READERS)),
    Case("portal:partnership_forum", "the forum", _forum, only(READERS)),
    Case("portal:partnership_forum_member_new", "add a member", _forum, ADMINS),
    Case(
        "portal:partnership_forum_member_remove",
        "remove a member (post only)",
        _member,
        everyone(405, anonymous=302),
    ),
    Case("portal:partnership_forum_meeting", "a meeting", _meeting, only(READERS)),
    Case("portal:partnership_forum_meeting_new", "plan a meeting", _forum, WRITE),
    Case("portal:partnership_forum_meeting_edit", "change a meeting", _meeting, WRITE),
    Case("portal:partnership_forum_decision_new", "record a decision", _meeting, WRITE),
    Case("portal:partnership_forum_decision_edit", "correct a decision", _decision, WRITE),
]
