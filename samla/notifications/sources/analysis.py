"""Notifications from pedagogical analyses: a new comment to the people who work on the
analysis (never its author), sharing with the owner and its withdrawal to the owner's
people, and measures whose end has passed without an evaluation to the unit leader.

Who works on an analysis is ``samla.analysis.access``'s rule read for many analyses at
once: the unit's leaders, and for a learning group's analysis the group's leader and
members while they work at the unit. A fixed number of queries, however many analyses.
The texts name the analysis and its unit, never the person who commented or shared."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samla.analysis.models import Analysis, Comment, Measure, MeasureStatus, Phase, Status
from samla.analysis.phases import PHASE_SLUGS
from samla.core.time import oslo_today
from samla.learning.models import GroupMember, LearningGroup
from samla.org.access import UNIT_MEMBER_ROLES
from samla.org.models import Enrolment, Membership, Role

from ..kinds import Kind
from .base import Due, Texts, date_words

# Events (a comment, a share, a withdrawal) older than this are not told: a first run on
# an old database does not flood anyone.
EVENT_WINDOW = timedelta(days=3)
# A measure is due for evaluation from the day after it ends, and told for this long.
EVALUATION_WINDOW_DAYS = 14


def due(now: datetime) -> Iterator[Due]:
    since = now - EVENT_WINDOW
    yield from _comments(since, now)
    yield from _sharing(since, now)
    yield from _evaluations(now)


def _phase_link(analysis_id: int, phase: str, anchor: str = "") -> str:
    path = reverse("portal:analysis_phase", kwargs={"pk": analysis_id, "phase": PHASE_SLUGS[phase]})
    return f"{path}#{anchor}" if anchor else path


def _programmes(unit_ids: Iterable[int]) -> dict[int, int]:
    """Each unit's programme (the first it was enrolled in, if it has several)."""
    programmes: dict[int, int] = {}
    rows = Enrolment.objects.filter(unit_id__in=set(unit_ids)).order_by("programme_id")
    for unit_id, programme_id in rows.values_list("unit_id", "programme_id"):
        programmes.setdefault(unit_id, programme_id)
    return programmes


def _unit_leaders(unit_ids: Iterable[int]) -> dict[int, set[int]]:
    leaders: dict[int, set[int]] = defaultdict(set)
    rows = Membership.objects.filter(role=Role.UNIT_LEADER, unit_id__in=set(unit_ids))
    for unit_id, person_id in rows.values_list("unit_id", "person_id"):
        leaders[unit_id].add(person_id)
    return leaders


def _group_people(group_ids: set[int]) -> dict[int, set[int]]:
    """Each learning group's leader and members who still work at the group's unit (as
    ``access._in_analysis_group`` asks)."""
    if not group_ids:
        return {}
    people: dict[int, set[int]] = defaultdict(set)
    group_units = {}
    for group_id, unit_id, leader_id in LearningGroup.objects.filter(pk__in=group_ids).values_list(
        "pk", "unit_id", "leader_id"
    ):
        group_units[group_id] = unit_id
        if leader_id is not None:
            people[group_id].add(leader_id)
    for group_id, person_id in GroupMember.objects.filter(group_id__in=group_ids).values_list(
        "group_id", "person_id"
    ):
        people[group_id].add(person_id)
    candidates = set().union(*people.values()) if people else set()
    unit_ids = set(group_units.values())
    at_unit: set[tuple[int, int]] = set()
    for person_id, unit_id, class_unit_id in Membership.objects.filter(
        Q(role__in=UNIT_MEMBER_ROLES, unit_id__in=unit_ids) | Q(group__unit_id__in=unit_ids),
        person_id__in=candidates,
    ).values_list("person_id", "unit_id", "group__unit_id"):
        at_unit.add((person_id, unit_id or class_unit_id))
    return {
        group_id: {p for p in members if (p, group_units[group_id]) in at_unit}
        for group_id, members in people.items()
    }


def _comments(since: datetime, now: datetime) -> Iterator[Due]:
    comments = list(
        Comment.objects.filter(created_at__gte=since, created_at__lte=now)
        .order_by("pk")
        .values(
            "pk",
            "author_id",
            "phase",
            "parent_id",
            "analysis_id",
            "analysis__title",
            "analysis__unit_id",
            "analysis__learning_group_id",
        )
    )
    if not comments:
        return
    unit_ids = {c["analysis__unit_id"] for c in comments}
    leaders = _unit_leaders(unit_ids)
    groups = _group_people({c["analysis__learning_group_id"] for c in comments} - {None})
    programmes = _programmes(unit_ids)
    for comment in comments:
        unit_id = comment["analysis__unit_id"]
        people = leaders.get(unit_id, set()) | groups.get(
            comment["analysis__learning_group_id"], set()
        )
        # A reply is shown inside the thread it answers: the link opens that thread.
        thread = comment["parent_id"] or comment["pk"]
        link = _phase_link(comment["analysis_id"], comment["phase"], f"comment-{thread}")
        params = {"title": comment["analysis__title"], "phase": comment["phase"]}
        for person_id in sorted(people - {comment["author_id"]}):
            yield Due(
                person_id,
                Kind.ANALYSIS_COMMENT,
                f"analysis_comment:{comment['pk']}",
                link,
                programmes.get(unit_id),
                params,
            )


def _moment(value: datetime) -> str:
    """The moment in a key: UTC, so that every database gives the same text."""
    return value.astimezone(UTC).isoformat()


def _sharing(since: datetime, now: datetime) -> Iterator[Due]:
    analyses = list(
        Analysis.objects.filter(
            Q(shared_with_owner_at__gte=since, shared_with_owner_at__lte=now)
            | Q(withdrawn_from_owner_at__gte=since, withdrawn_from_owner_at__lte=now)
        )
        .order_by("pk")
        .values(
            "pk",
            "title",
            "unit_id",
            "unit__name",
            "unit__owner_id",
            "shared_with_owner_at",
            "withdrawn_from_owner_at",
        )
    )
    if not analyses:
        return
    followers: dict[int, set[int]] = defaultdict(set)
    owner_ids = {a["unit__owner_id"] for a in analyses}
    for owner_id, person_id in Membership.objects.filter(
        role=Role.OWNER, owner_id__in=owner_ids
    ).values_list("owner_id", "person_id"):
        followers[owner_id].add(person_id)
    programmes = _programmes(a["unit_id"] for a in analyses)
    for analysis in analyses:
        params = {"title": analysis["title"], "unit": analysis["unit__name"]}
        occasions = []
        shared_at, withdrawn_at = (
            analysis["shared_with_owner_at"],
            analysis["withdrawn_from_owner_at"],
        )
        if shared_at is not None and since <= shared_at <= now:
            link = reverse("portal:analysis", kwargs={"pk": analysis["pk"]})
            occasions.append((Kind.ANALYSIS_SHARED, _moment(shared_at), link))
        if withdrawn_at is not None and since <= withdrawn_at <= now:
            # The owner can no longer open the analysis: the link leads to the list.
            occasions.append(
                (Kind.ANALYSIS_WITHDRAWN, _moment(withdrawn_at), reverse("portal:analyses"))
            )
        for kind, moment, link in occasions:
            for person_id in sorted(followers.get(analysis["unit__owner_id"], ())):
                yield Due(
                    person_id,
                    kind,
                    f"{kind.value}:{analysis['pk']}:{moment}",
                    link,
                    programmes.get(analysis["unit_id"]),
                    params,
                )


def _evaluations(now: datetime) -> Iterator[Due]:
    """Measures of open analyses that ended in the last two weeks (not today: a measure
    still runs on its last day), not stopped and not evaluated: one notification per
    analysis and end date, saying how many."""
    today = oslo_today(now)
    first = today - timedelta(days=EVALUATION_WINDOW_DAYS)
    rows = (
        Measure.objects.filter(
            ends_on__gte=first,
            ends_on__lt=today,
            analysis__status=Status.OPEN,
            evaluations__isnull=True,
        )
        .exclude(status=MeasureStatus.STOPPED)
        .order_by("analysis_id", "ends_on")
        .values_list("analysis_id", "analysis__title", "analysis__unit_id", "ends_on")
    )
    counts: dict[tuple[int, date], int] = defaultdict(int)
    about: dict[int, tuple[str, int]] = {}
    for analysis_id, title, unit_id, ends_on in rows:
        counts[analysis_id, ends_on] += 1
        about[analysis_id] = (title, unit_id)
    if not counts:
        return
    unit_ids = {unit_id for _title, unit_id in about.values()}
    leaders = _unit_leaders(unit_ids)
    programmes = _programmes(unit_ids)
    for (analysis_id, ends_on), count in counts.items():
        title, unit_id = about[analysis_id]
        params = {"title": title, "count": count, "ended": ends_on.isoformat()}
        link = _phase_link(analysis_id, Phase.EVALUATION)
        for person_id in sorted(leaders.get(unit_id, ())):
            yield Due(
                person_id,
                Kind.MEASURE_EVALUATION_DUE,
                f"measure_evaluation_due:{analysis_id}:{ends_on.isoformat()}",
                link,
                programmes.get(unit_id),
                params,
            )


def _phase_label(phase: str) -> str:
    return str(Phase(phase).label) if phase in Phase.values else phase


def _comment_texts(params: dict[str, Any]) -> tuple[str, str]:
    title = _("New comment on an analysis")
    body = _("There is a new comment on the analysis “%(title)s”, in the phase %(phase)s.") % {
        "title": params["title"],
        "phase": _phase_label(params["phase"]),
    }
    return title, body


def _shared_texts(params: dict[str, Any]) -> tuple[str, str]:
    title = _("An analysis was shared with the owner")
    body = _("%(unit)s has shared the analysis “%(title)s” with the owner.") % params
    return title, body


def _withdrawn_texts(params: dict[str, Any]) -> tuple[str, str]:
    title = _("An analysis is no longer shared")
    body = (
        _("%(unit)s has withdrawn the analysis “%(title)s”: the owner can no longer read it.")
        % params
    )
    return title, body


def _evaluation_texts(params: dict[str, Any]) -> tuple[str, str]:
    count = params["count"]
    title = ngettext(
        "A measure is due for evaluation", "%(count)d measures are due for evaluation", count
    ) % {"count": count}
    body = ngettext(
        "A measure in the analysis “%(title)s” ended on %(date)s. Evaluate it against its "
        "success criteria.",
        "%(count)d measures in the analysis “%(title)s” ended on %(date)s. Evaluate them "
        "against their success criteria.",
        count,
    ) % {
        "count": count,
        "title": params["title"],
        "date": date_words(params["ended"]),
    }
    return title, body


TEXTS: dict[Kind, Texts] = {
    Kind.ANALYSIS_COMMENT: _comment_texts,
    Kind.ANALYSIS_SHARED: _shared_texts,
    Kind.ANALYSIS_WITHDRAWN: _withdrawn_texts,
    Kind.MEASURE_EVALUATION_DUE: _evaluation_texts,
}
