"""Notifications from results: a round's results released, to the people who may read
them (``samla.results.access.result_nodes``' rule, for every round at once); a results
build that failed, to the programme's administrators.

Both are events, looked for in a bounded window so that a first run on an old database
does not tell of old releases and builds. A fixed number of queries whatever the number
of rounds, units and people."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime, time, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from samla.core.time import OSLO, in_oslo, oslo_today
from samla.org.models import Group, Membership, RegionOwner, Role
from samla.org.stewardship import union_of
from samla.results.access import STAFF_RESULT_ROLES
from samla.results.models import Build, BuildState
from samla.surveys.models import Round

from ..kinds import Kind
from .base import Due, Texts, date_words

# Releases and failed builds are told when they happened at most this long ago.
WINDOW = timedelta(days=3)
# Roles that read every node of their programme's rounds once released (administrators
# and researchers see them earlier too; the county governor as released).
PROGRAMME_READERS = frozenset({Role.PROGRAMME_ADMIN, Role.RESEARCHER, Role.OBSERVER})


def _released_at(round: Round) -> datetime:
    """When the round's results opened: released by the administrator, or by themselves
    at the start of the release date (Oslo), once the round had closed."""
    if round.results_released_at is not None:
        return round.results_released_at
    midnight = datetime.combine(round.results_release_on, time(0), tzinfo=OSLO)
    return max(round.closes_at, midnight)


def released_rounds(now: datetime) -> list[Round]:
    """Published rounds whose results opened in the window before ``now`` (one query)."""
    since = now - WINDOW
    by_date = Q(
        results_released_at__isnull=True,
        results_release_on__isnull=False,
        results_release_on__lte=oslo_today(now),
        closes_at__lte=now,
    ) & (Q(results_release_on__gte=oslo_today(since)) | Q(closes_at__gt=since))
    by_hand = Q(results_released_at__gt=since, results_released_at__lte=now)
    rounds = (
        Round.objects.filter(published=True)
        .filter(by_hand | by_date)
        .select_related("programme")
        .order_by("pk")
    )
    return [round for round in rounds if since < _released_at(round) <= now]


def _readers(rounds: list[Round]) -> dict[int, set[int]]:
    """Round id → the people who may read some of its results now that they are released
    (three queries): the programme's administrators, researchers and county governor; the
    coordinators of regions with an owner taking part; the owners and unit leaders of the
    units taking part; their staff and group leaders where the programme lets staff see
    results. Union representatives read none."""
    round_ids = [round.pk for round in rounds]
    programme_ids = {round.programme_id for round in rounds}
    taking_part = Round.units.through.objects.filter(round_id__in=round_ids)
    units: dict[int, set[int]] = defaultdict(set)
    owners: dict[int, set[int]] = defaultdict(set)
    for round_id, unit_id, owner_id in taking_part.values_list(
        "round_id", "unit_id", "unit__owner_id"
    ):
        units[round_id].add(unit_id)
        owners[round_id].add(owner_id)
    regions: dict[tuple[int, int], int] = {
        (programme_id, owner_id): region_id
        for programme_id, owner_id, region_id in RegionOwner.objects.filter(
            programme_id__in=programme_ids
        ).values_list("programme_id", "owner_id", "region_id")
    }
    staff_rounds = [round.pk for round in rounds if round.programme.staff_see_results]
    staff_units = taking_part.filter(round_id__in=staff_rounds).values("unit_id")
    # One index-driven query per branch, together a UNION: as one OR (with staff at the
    # units OR at their classes, across a join) PostgreSQL scanned every membership.
    branches = [
        Q(role__in=PROGRAMME_READERS, programme_id__in=programme_ids),
        Q(role=Role.REGION_COORDINATOR, region__programme_id__in=programme_ids),
        Q(role=Role.OWNER, owner_id__in=taking_part.values("unit__owner_id")),
        Q(role=Role.UNIT_LEADER, unit_id__in=taking_part.values("unit_id")),
        Q(role__in=STAFF_RESULT_ROLES, unit_id__in=staff_units),
        Q(
            role__in=STAFF_RESULT_ROLES,
            group_id__in=Group.objects.filter(unit_id__in=staff_units).values("pk"),
        ),
    ]
    memberships = union_of(
        [
            Membership.objects.filter(branch).values_list(
                "person_id",
                "role",
                "programme_id",
                "region_id",
                "owner_id",
                "unit_id",
                "group__unit_id",
            )
            for branch in branches
        ]
    )
    by_programme: dict[int, set[int]] = defaultdict(set)
    by_region: dict[int, set[int]] = defaultdict(set)
    by_owner: dict[int, set[int]] = defaultdict(set)
    by_unit: dict[int, set[int]] = defaultdict(set)
    staff_by_unit: dict[int, set[int]] = defaultdict(set)
    for person_id, role, programme_id, region_id, owner_id, unit_id, group_unit_id in memberships:
        if role in PROGRAMME_READERS:
            by_programme[programme_id].add(person_id)
        elif role == Role.REGION_COORDINATOR:
            by_region[region_id].add(person_id)
        elif role == Role.OWNER:
            by_owner[owner_id].add(person_id)
        elif role == Role.UNIT_LEADER:
            by_unit[unit_id].add(person_id)
        else:
            staff_by_unit[unit_id or group_unit_id].add(person_id)
    readers: dict[int, set[int]] = {}
    for round in rounds:
        people = set(by_programme[round.programme_id])
        for owner_id in owners[round.pk]:
            people |= by_owner[owner_id]
            region_id = regions.get((round.programme_id, owner_id))
            if region_id is not None:
                people |= by_region[region_id]
        for unit_id in units[round.pk]:
            people |= by_unit[unit_id]
            if round.programme.staff_see_results:
                people |= staff_by_unit[unit_id]
        readers[round.pk] = people
    return readers


def _released(now: datetime) -> Iterator[Due]:
    rounds = released_rounds(now)
    if not rounds:
        return
    readers = _readers(rounds)
    for round in rounds:
        link = reverse("portal:round_results", kwargs={"slug": round.slug})
        params = {
            "round": round.name,
            "programme": round.programme.name,
            "released": in_oslo(_released_at(round)).date().isoformat(),
        }
        for person_id in sorted(readers[round.pk]):
            yield Due(
                person_id=person_id,
                kind=Kind.RESULTS_RELEASED,
                key=f"results_released:{round.pk}",
                link=link,
                programme_id=round.programme_id,
                params=params,
            )


def _failed_builds(now: datetime) -> Iterator[Due]:
    """Builds that failed in the window, unless a later build of the round has already
    succeeded (two queries)."""
    succeeded_since = Build.objects.filter(
        round=OuterRef("round"), state=BuildState.DONE, created_at__gt=OuterRef("created_at")
    )
    builds = list(
        Build.objects.filter(
            state=BuildState.FAILED, finished_at__gt=now - WINDOW, finished_at__lte=now
        )
        .exclude(Exists(succeeded_since))
        .order_by("pk")
        .values(
            "pk",
            "finished_at",
            "round__name",
            "round__slug",
            "round__programme_id",
            "round__programme__name",
        )
    )
    if not builds:
        return
    admins: dict[int, list[int]] = defaultdict(list)
    for programme_id, person_id in Membership.objects.filter(
        role=Role.PROGRAMME_ADMIN,
        programme_id__in={build["round__programme_id"] for build in builds},
    ).values_list("programme_id", "person_id"):
        admins[programme_id].append(person_id)
    for build in builds:
        # Only what happened: the error's text may hold data, so it is never told.
        params = {
            "round": build["round__name"],
            "programme": build["round__programme__name"],
            "failed": in_oslo(build["finished_at"]).date().isoformat(),
        }
        link = reverse("portal:round_results", kwargs={"slug": build["round__slug"]})
        for person_id in admins[build["round__programme_id"]]:
            yield Due(
                person_id=person_id,
                kind=Kind.BUILD_FAILED,
                key=f"build_failed:{build['pk']}",
                link=link,
                programme_id=build["round__programme_id"],
                params=params,
            )


def due(now: datetime) -> Iterator[Due]:
    yield from _released(now)
    yield from _failed_builds(now)


def _released_texts(params: dict[str, Any]) -> tuple[str, str]:
    values = {
        "round": params["round"],
        "programme": params["programme"],
        "released": date_words(params["released"]),
    }
    title = _("The results of %(round)s are released") % values
    body = (
        _(
            "The results of survey round %(round)s in %(programme)s were released on "
            "%(released)s. Open Samla to read the results you have access to."
        )
        % values
    )
    return title, body


def _failed_texts(params: dict[str, Any]) -> tuple[str, str]:
    values = {
        "round": params["round"],
        "programme": params["programme"],
        "failed": date_words(params["failed"]),
    }
    title = _("The results build for %(round)s failed") % values
    body = (
        _(
            "The results build for survey round %(round)s in %(programme)s failed on "
            "%(failed)s; the earlier results are kept. Open the build page to try again."
        )
        % values
    )
    return title, body


TEXTS: dict[Kind, Texts] = {
    Kind.RESULTS_RELEASED: _released_texts,
    Kind.BUILD_FAILED: _failed_texts,
}
