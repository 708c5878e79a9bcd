"""Who does what in the partnership, on top of ``samla.org.access``.

- Programme administrators keep the partnership's records: partners, agreements, forums
  and their members, the scheme's settings; they read everything in it.
- Owners (the ``owner`` role) write their own needs reports, ledger and yearly reports, and
  read their agreements.
- Forum members (``ForumMember``) read the needs reports submitted to their programme, keep
  their forum's meetings and decisions, and write its recommendation.
- The county governor (the ``observer`` role) reads everything in the programme and writes
  nothing but comments on yearly reports.
- A partner's contacts (``PartnerContact``; for a university, its contact for the owners)
  read their partner's agreements and the recommended measures it takes part in.

Everything outside a person's scope answers 404 (``get_*_or_404``), as elsewhere."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from samla.org.access import admin_programme_ids, grants_for
from samla.org.models import Owner, Programme, Role

from .models import ForumMember, PartnerContact


def is_admin(user, programme: Programme) -> bool:
    return programme.pk in admin_programme_ids(user)


def is_county_governor(user, programme: Programme) -> bool:
    return programme.pk in grants_for(user).ids(Role.OBSERVER, "programme")


def reads_everything(user, programme: Programme) -> bool:
    """Administrators and the county governor read every record of the partnership."""
    return is_admin(user, programme) or is_county_governor(user, programme)


def owner_ids(user, programme: Programme) -> set[int]:
    """Owners the person speaks for (the ``owner`` role) that take part in the programme."""
    ids = grants_for(user).ids(Role.OWNER, "owner")
    if not ids:
        return set()
    return set(
        Owner.objects.filter(pk__in=ids, units__programmes=programme)
        .values_list("pk", flat=True)
        .distinct()
    )


def forum_ids(user, programme: Programme) -> set[int]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    return set(
        ForumMember.objects.filter(person_id=user.pk, forum__programme=programme).values_list(
            "forum_id", flat=True
        )
    )


def partner_ids(user, programme: Programme) -> set[int]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    return set(
        PartnerContact.objects.filter(person_id=user.pk, partner__programme=programme).values_list(
            "partner_id", flat=True
        )
    )


def takes_part(user, programme: Programme) -> bool:
    """Whether the partnership pages of the programme open for the person at all."""
    return bool(
        reads_everything(user, programme)
        or owner_ids(user, programme)
        or forum_ids(user, programme)
        or partner_ids(user, programme)
    )


def partnership_programmes(user) -> QuerySet[Programme]:
    """Programmes whose partnership pages the person may open."""
    grants = grants_for(user)
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Programme.objects.none()
    wide = grants.ids(frozenset({Role.PROGRAMME_ADMIN, Role.OBSERVER}), "programme")
    condition = (
        Q(pk__in=wide)
        | Q(forums__members__person_id=user.pk)
        | Q(partners__contacts__person_id=user.pk)
    )
    owned = grants.ids(Role.OWNER, "owner")
    if owned:
        condition |= Q(units__owner_id__in=owned)
    return Programme.objects.filter(condition).distinct()


def get_partnership_or_404(user, slug: str) -> Programme:
    try:
        return partnership_programmes(user).get(slug=slug)
    except Programme.DoesNotExist as missing:
        raise Http404 from missing
