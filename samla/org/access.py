"""Who a person is in the organisation: their grants, and the programmes and units in scope.

Rights come only from memberships. This module reads them (``grants_for``, once per
request, kept on the user object) and answers for the organisation's own objects: scoped
querysets (``programmes_for``, ``units_for`` …), ``get_*_or_404`` helpers that answer 404
for anything outside the person's scope (so an id guessed from outside reveals nothing),
predicates (``can_view_unit_people`` …) and the Django admin's scope for org models.

Each domain keeps its own rules on top of these, in its own ``access`` module:
``samla.plans.access``, ``samla.surveys.access``, ``samla.results.access``,
``samla.learning.access`` and ``samla.analysis.access``. Nothing here imports them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.http import Http404

from .models import (
    Enrolment,
    Group,
    Membership,
    Owner,
    Person,
    Programme,
    Region,
    RegionOwner,
    Role,
    Unit,
)

PROGRAMME_WIDE_ROLES = frozenset({Role.PROGRAMME_ADMIN, Role.RESEARCHER, Role.OBSERVER})
UNIT_MEMBER_ROLES = frozenset({Role.UNIT_LEADER, Role.GROUP_LEADER, Role.STAFF})


@dataclass(frozen=True)
class Grant:
    role: str
    scope_kind: str
    scope_id: int
    # For a group-scoped membership, the unit the group belongs to.
    unit_id: int | None = None


@dataclass
class Grants:
    """The memberships of one person, as plain ids per role."""

    items: list[Grant] = field(default_factory=list)

    def ids(self, role: str | frozenset[str], scope_kind: str) -> set[int]:
        roles = {role} if isinstance(role, str) else role
        return {g.scope_id for g in self.items if g.role in roles and g.scope_kind == scope_kind}

    @property
    def roles(self) -> set[str]:
        return {g.role for g in self.items}

    @property
    def programme_wide_ids(self) -> set[int]:
        return self.ids(PROGRAMME_WIDE_ROLES, "programme") | self.ids(
            Role.UNION_REPRESENTATIVE, "programme"
        )

    @property
    def member_unit_ids(self) -> set[int]:
        """Units where the person works: leader, group leader or staff (also via a class)."""
        unit_ids = self.ids(UNIT_MEMBER_ROLES, "unit")
        unit_ids |= {g.unit_id for g in self.items if g.scope_kind == "group" and g.unit_id}
        return unit_ids


def grants_for(user) -> Grants:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Grants()
    cached = getattr(user, "_samla_grants", None)
    if cached is not None:
        return cached
    rows = Membership.objects.filter(person_id=user.pk).values_list(
        "role", "programme_id", "region_id", "owner_id", "unit_id", "group_id", "group__unit_id"
    )
    items = []
    for role, programme_id, region_id, owner_id, unit_id, group_id, group_unit_id in rows:
        for kind, scope_id in (
            ("programme", programme_id),
            ("region", region_id),
            ("owner", owner_id),
            ("unit", unit_id),
            ("group", group_id),
        ):
            if scope_id is not None:
                items.append(Grant(role, kind, scope_id, group_unit_id))
    grants = Grants(items)
    user._samla_grants = grants
    return grants


def forget_grants(user) -> None:
    """Call after changing a person's memberships within the same request."""
    for cached in ("_samla_grants", "_samla_programme_roles"):
        if hasattr(user, cached):
            delattr(user, cached)


# --- Programme-level predicates ---------------------------------------------------------


def admin_programme_ids(user) -> set[int]:
    return grants_for(user).ids(Role.PROGRAMME_ADMIN, "programme")


def is_programme_admin(user, programme: Programme | None = None) -> bool:
    ids = admin_programme_ids(user)
    return programme.pk in ids if programme is not None else bool(ids)


def can_use_django_admin(user) -> bool:
    """The Django admin is for programme administrators only."""
    return is_programme_admin(user)


# --- Scoped querysets ------------------------------------------------------------------


def programmes_for(user) -> QuerySet[Programme]:
    """Programmes the person takes part in, in any role."""
    grants = grants_for(user)
    if not grants.items:
        return Programme.objects.none()
    unit_ids = grants.member_unit_ids | grants.ids(Role.PPT_ADVISOR, "unit")
    owner_ids = grants.ids(frozenset({Role.OWNER, Role.UNION_REPRESENTATIVE}), "owner")
    condition = (
        Q(pk__in=grants.programme_wide_ids)
        | Q(regions__in=grants.ids(Role.REGION_COORDINATOR, "region"))
        | Q(units__in=unit_ids)
        | Q(units__owner__in=owner_ids)
    )
    return Programme.objects.filter(condition).distinct()


def get_programme_or_404(user, slug: str) -> Programme:
    try:
        return programmes_for(user).get(slug=slug)
    except Programme.DoesNotExist as missing:
        raise Http404 from missing


def units_for(user) -> QuerySet[Unit]:
    """Units whose page the person may open: their own work place, the units they lead,
    own, coordinate (through the region's owners, in that programme), supervise as PPT, or
    administer as a programme administrator."""
    grants = grants_for(user)
    if not grants.items:
        return Unit.objects.none()
    region_ids = grants.ids(Role.REGION_COORDINATOR, "region")
    condition = (
        Q(pk__in=grants.member_unit_ids)
        | Q(pk__in=grants.ids(Role.PPT_ADVISOR, "unit"))
        | Q(owner_id__in=grants.ids(Role.OWNER, "owner"))
        | Q(enrolment__programme_id__in=admin_programme_ids(user))
    )
    if region_ids:
        condition |= Q(pk__in=units_in_regions(region_ids))
    return Unit.objects.filter(condition).distinct()


def units_in_regions(region_ids: set[int]) -> QuerySet[Unit]:
    """Units whose owner sits in one of the regions, enrolled in that region's programme
    (as a ``values("pk")`` subquery)."""
    return Unit.objects.filter(
        owner__regionowner__region_id__in=region_ids,
        enrolment__programme_id=F("owner__regionowner__programme_id"),
    ).values("pk")


def get_unit_or_404(user, pk: int) -> Unit:
    try:
        return units_for(user).select_related("owner").get(pk=pk)
    except Unit.DoesNotExist as missing:
        raise Http404 from missing


def can_view_unit_people(user, unit: Unit) -> bool:
    """Names of staff and their roles: the unit's own people, its owner, its PPT advisors
    and programme administrators. Region coordinators, observers and researchers see
    units, never named people outside their own unit."""
    grants = grants_for(user)
    if unit.pk in grants.member_unit_ids or unit.pk in grants.ids(Role.PPT_ADVISOR, "unit"):
        return True
    if unit.owner_id in grants.ids(Role.OWNER, "owner"):
        return True
    return bool(admin_programme_ids(user) & set(unit.programmes.values_list("pk", flat=True)))


# --- Roles per programme ---------------------------------------------------------------


def programme_roles(user) -> dict[int, set[str]]:
    """The person's roles per programme: a role counts in a programme only where it is held
    (the programme itself, one of its regions, or an owner, unit or class enrolled in it)."""
    cached = getattr(user, "_samla_programme_roles", None)
    if cached is not None:
        return cached
    grants = grants_for(user)
    unit_ids = {g.scope_id for g in grants.items if g.scope_kind == "unit"}
    unit_ids |= {g.unit_id for g in grants.items if g.scope_kind == "group" and g.unit_id}
    owner_ids = {g.scope_id for g in grants.items if g.scope_kind == "owner"}
    region_ids = {g.scope_id for g in grants.items if g.scope_kind == "region"}
    region_programme = dict(
        Region.objects.filter(pk__in=region_ids).values_list("pk", "programme_id")
    )
    unit_programmes: dict[int, set[int]] = {}
    owner_programmes: dict[int, set[int]] = {}
    if unit_ids or owner_ids:
        enrolments = Enrolment.objects.filter(
            Q(unit_id__in=unit_ids) | Q(unit__owner_id__in=owner_ids)
        ).values_list("unit_id", "unit__owner_id", "programme_id")
        for unit_id, owner_id, programme_id in enrolments:
            unit_programmes.setdefault(unit_id, set()).add(programme_id)
            owner_programmes.setdefault(owner_id, set()).add(programme_id)
    roles: dict[int, set[str]] = {}
    for grant in grants.items:
        if grant.scope_kind == "programme":
            programme_ids = {grant.scope_id}
        elif grant.scope_kind == "region":
            programme_ids = {region_programme[grant.scope_id]}
        elif grant.scope_kind == "owner":
            programme_ids = owner_programmes.get(grant.scope_id, set())
        else:
            unit_id = grant.scope_id if grant.scope_kind == "unit" else grant.unit_id
            programme_ids = unit_programmes.get(unit_id, set())
        for programme_id in programme_ids:
            roles.setdefault(programme_id, set()).add(grant.role)
    user._samla_programme_roles = roles
    return roles


def roles_in_programme(user, programme: Programme) -> set[str]:
    """The person's roles that are held within this programme, for "what concerns me"."""
    return set(programme_roles(user).get(programme.pk, set()))


def region_ids_of(user, programme: Programme) -> set[int]:
    """Regions the person belongs to in a programme: coordinated, or where their owner or
    unit sits."""
    grants = grants_for(user)
    unit_ids = grants.member_unit_ids | grants.ids(Role.PPT_ADVISOR, "unit")
    owner_ids = grants.ids(frozenset({Role.OWNER, Role.UNION_REPRESENTATIVE}), "owner")
    return set(
        Region.objects.filter(programme=programme)
        .filter(
            Q(pk__in=grants.ids(Role.REGION_COORDINATOR, "region"))
            | Q(regionowner__owner_id__in=owner_ids)
            | Q(regionowner__owner__units__in=unit_ids)
        )
        .values_list("pk", flat=True)
    )


def led_unit_ids(user) -> set[int]:
    """Units the person leads."""
    return grants_for(user).ids(Role.UNIT_LEADER, "unit")


# --- The Django admin, per programme ----------------------------------------------------
# A programme administrator changes only what belongs to their own programmes, so that one
# installation can hold several programmes without their administrators reaching each
# other's people and units.


def admin_owners(user) -> QuerySet[Owner]:
    """Owners with units in, or a place in a region of, the administered programmes; and
    owners not placed anywhere yet (just added)."""
    ids = admin_programme_ids(user)
    return Owner.objects.filter(
        Q(units__enrolment__programme_id__in=ids)
        | Q(regionowner__programme_id__in=ids)
        | Q(units__isnull=True, regionowner__isnull=True)
    ).distinct()


def admin_units(user) -> QuerySet[Unit]:
    """Units enrolled in the administered programmes, and units not enrolled anywhere yet
    whose owner the administrator reaches."""
    ids = admin_programme_ids(user)
    return Unit.objects.filter(
        Q(enrolment__programme_id__in=ids)
        | Q(enrolment__isnull=True, owner__in=admin_owners(user).values("pk"))
    ).distinct()


def _memberships_outside(user) -> Q:
    ids = admin_programme_ids(user)
    owners = admin_owners(user).values("pk")
    units = admin_units(user).values("pk")
    # Regions and classes by id (no join to them: with one, PostgreSQL reads every
    # membership with its class and region before testing any).
    regions = Region.objects.filter(programme_id__in=ids).values("pk")
    classes = Group.objects.filter(unit_id__in=units).values("pk")
    return (
        (Q(programme__isnull=False) & ~Q(programme_id__in=ids))
        | (Q(region__isnull=False) & ~Q(region_id__in=regions))
        | (Q(owner__isnull=False) & ~Q(owner_id__in=owners))
        | (Q(unit__isnull=False) & ~Q(unit_id__in=units))
        | (Q(group__isnull=False) & ~Q(group_id__in=classes))
    )


def admin_memberships(user) -> QuerySet[Membership]:
    return Membership.objects.exclude(_memberships_outside(user))


def admin_people(user) -> QuerySet[Person]:
    """People all of whose roles lie within the administered programmes (and people with
    no role yet): an administrator never changes someone who also works elsewhere."""
    # NOT EXISTS per person, not NOT IN a set: the set is every membership elsewhere in
    # the country, read whole even to open one person.
    outside = Membership.objects.filter(_memberships_outside(user), person=OuterRef("pk"))
    return Person.objects.exclude(Exists(outside)).exclude(is_superuser=True)


def admin_queryset(user, model) -> QuerySet:
    """What the Django admin shows and lets a programme administrator change, for the
    organisation's models; nothing of any other model (a domain's admin passes its own
    scope, e.g. ``samla.surveys.access.admin_queryset``, which falls back on this)."""
    ids = admin_programme_ids(user)
    scoped = {
        Programme: lambda: Programme.objects.filter(pk__in=ids),
        Region: lambda: Region.objects.filter(programme_id__in=ids),
        Owner: lambda: admin_owners(user),
        Unit: lambda: admin_units(user),
        Group: lambda: Group.objects.filter(unit__in=admin_units(user).values("pk")),
        Membership: lambda: admin_memberships(user),
        Person: lambda: admin_people(user),
        Enrolment: lambda: Enrolment.objects.filter(programme_id__in=ids),
        RegionOwner: lambda: RegionOwner.objects.filter(programme_id__in=ids),
    }
    return scoped[model]() if model in scoped else model.objects.none()
