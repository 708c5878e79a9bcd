"""Who may see and run survey rounds, keep children's lists and make access codes.

Published rounds are seen by everyone taking part in their programme, drafts only by its
administrators, who also create, open and release rounds. A unit leader keeps the names
of the unit's children; nobody else sees them. Built on the grants and scopes of
``samla.org.access``; results have their own rules in ``samla.results.access``.
"""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from samla.org import access as org_access
from samla.org.access import (
    admin_programme_ids,
    grants_for,
    programmes_for,
    units_for,
    units_in_regions,
)
from samla.org.models import Group, Role

from .models import InstrumentVersion, Round, RoundInstrument


def administers(user, round) -> bool:
    """Whether the person is an administrator of the round's programme."""
    return round.programme_id in admin_programme_ids(user)


def rounds_for(user) -> QuerySet[Round]:
    """Survey rounds the person may see: published rounds of their programmes, and drafts
    too in the programmes they administer."""
    return Round.objects.filter(programme__in=programmes_for(user)).filter(
        Q(published=True) | Q(programme_id__in=admin_programme_ids(user))
    )


def get_round_or_404(user, slug: str) -> Round:
    """A survey round the person may see (a draft only for its programme's administrators)."""
    try:
        return rounds_for(user).select_related("programme").get(slug=slug)
    except ObjectDoesNotExist as missing:
        raise Http404 from missing


def round_and_units_or_403(user, slug: str, units_of) -> tuple[Round, set[int]]:
    """A round the person may see and the units of it that ``units_of(user, round)`` gives
    them (child_unit_ids, monitor_unit_ids, code_unit_ids …); 403 when that is none."""
    round = get_round_or_404(user, slug)
    unit_ids = units_of(user, round)
    if not unit_ids:
        raise PermissionDenied
    return round, unit_ids


def may_read_instruments(user) -> bool:
    """Published questionnaires are read by programme administrators and researchers."""
    grants = grants_for(user)
    return bool(grants.ids(frozenset({Role.PROGRAMME_ADMIN, Role.RESEARCHER}), "programme"))


def can_manage_round(user, round) -> bool:
    """Creating, changing, opening and releasing rounds is for programme administrators."""
    return administers(user, round)


def led_round_units(user, round) -> QuerySet:
    """The units the person leads that take part in the round."""
    return round.units.filter(pk__in=grants_for(user).ids(Role.UNIT_LEADER, "unit"))


def child_unit_ids(user, round) -> set[int]:
    """Units whose lists of children (names, reservations, consent, per-child codes) the
    person keeps: the units they lead that take part in the round. Nobody else sees the
    names, not even programme administrators."""
    return set(led_round_units(user, round).values_list("pk", flat=True))


def get_child_group_or_404(user, round, pk: int) -> Group:
    """A class or department of a unit whose children's list the person keeps."""
    try:
        return Group.objects.select_related("unit").get(
            pk=pk, unit_id__in=child_unit_ids(user, round)
        )
    except Group.DoesNotExist as missing:
        raise Http404 from missing


def monitor_unit_ids(user, round) -> set[int]:
    """Units whose response rates the person may follow: unit leaders their unit, owners
    their units, region coordinators their region's units, administrators all; only units
    that take part in the round."""
    visible = _monitored_units(user)
    return set(round.units.filter(pk__in=visible.values("pk")).values_list("pk", flat=True))


def _monitored_units(user) -> QuerySet:
    """Every unit whose response rates the person may follow in a round it takes part in."""
    grants = grants_for(user)
    return units_for(user).filter(
        Q(pk__in=grants.ids(Role.UNIT_LEADER, "unit"))
        | Q(owner_id__in=grants.ids(Role.OWNER, "owner"))
        | Q(pk__in=units_in_regions(grants.ids(Role.REGION_COORDINATOR, "region")))
        | Q(enrolment__programme_id__in=admin_programme_ids(user))
    )


def monitored_rounds(user, limit: int = 5) -> list[Round]:
    """The latest published rounds (at most ``limit``) of the person's programmes in which
    they may follow some unit's response rates (two queries, whatever the rounds)."""
    rounds = list(
        Round.objects.filter(programme__in=org_access.programmes_for(user), published=True)
        .select_related("programme")
        .order_by("-opens_at")[:limit]
    )
    followed = set(
        Round.units.through.objects.filter(
            round_id__in=[round.pk for round in rounds],
            unit_id__in=_monitored_units(user).values("pk"),
        ).values_list("round_id", flat=True)
    )
    return [round for round in rounds if round.pk in followed]


def code_unit_ids(user, round) -> set[int]:
    """Units for which the person may make access codes: the units they lead that take
    part in the round (and every taking part unit for its programme's administrators)."""
    if administers(user, round):
        return set(round.units.values_list("pk", flat=True))
    return set(led_round_units(user, round).values_list("pk", flat=True))


def admin_queryset(user, model) -> QuerySet:
    """What the Django admin shows and lets a programme administrator change: rounds of
    the administered programmes, and the organisation's models as ``samla.org.access``
    scopes them."""
    ids = admin_programme_ids(user)
    if model is Round:
        return Round.objects.filter(programme_id__in=ids)
    if model is RoundInstrument:
        return RoundInstrument.objects.filter(round__programme_id__in=ids)
    if model is InstrumentVersion:
        # Published questionnaires are shared by every programme; they are read-only.
        return InstrumentVersion.objects.all()
    return org_access.admin_queryset(user, model)
