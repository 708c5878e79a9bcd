"""Who looks after the organisation in Samla's own pages, and how far.

A *steward* keeps a part of a programme's organisation current: imports units and staff,
hands out roles, invites and deactivates people, rolls the school year.

- A programme administrator: the whole programme (every role).
- An owner (the ``owner`` role, the owner's contact): the owner's units enrolled in the
  programme, and the unit-level roles there.
- A unit leader: their own unit, and the roles of its staff (group leader, staff).

Everyone else is no steward. The pages ask here, and answer 404 for what lies outside.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from . import access
from .models import (
    ROLE_SCOPES,
    Enrolment,
    Group,
    Invitation,
    Membership,
    Person,
    Programme,
    Region,
    Role,
    Unit,
)

# The roles a steward below the programme administrator may hand out, and where.
OWNER_GRANTS = frozenset(
    {Role.UNIT_LEADER, Role.GROUP_LEADER, Role.STAFF, Role.PPT_ADVISOR, Role.UNION_REPRESENTATIVE}
)
UNIT_LEADER_GRANTS = frozenset({Role.GROUP_LEADER, Role.STAFF})


def _owner_ids(person) -> set[int]:
    return access.grants_for(person).ids(Role.OWNER, "owner")


def steward_units(person, programme: Programme) -> QuerySet[Unit]:
    """The programme's units the person looks after (none for a non-steward)."""
    enrolled = Unit.objects.filter(enrolment__programme=programme)
    if access.is_programme_admin(person, programme):
        return enrolled
    return enrolled.filter(
        Q(owner_id__in=_owner_ids(person)) | Q(pk__in=access.led_unit_ids(person))
    ).distinct()


def is_steward(person, programme: Programme) -> bool:
    """Whether the person looks after any part of the programme."""
    if not person.is_authenticated:
        return False
    return access.is_programme_admin(person, programme) or steward_units(person, programme).exists()


def can_manage_unit(person, programme: Programme, unit: Unit) -> bool:
    return steward_units(person, programme).filter(pk=unit.pk).exists()


def grantable_roles(person, programme: Programme) -> list[str]:
    """The roles the person may grant and revoke in the programme, in the roles' order."""
    if access.is_programme_admin(person, programme):
        allowed = set(Role.values)
    elif _owner_ids(person) and steward_units(person, programme).exists():
        allowed = set(OWNER_GRANTS)
    elif access.led_unit_ids(person) and steward_units(person, programme).exists():
        allowed = set(UNIT_LEADER_GRANTS)
    else:
        allowed = set()
    return [role for role in Role.values if role in allowed]


# Memberships "at the units or at one of their classes", written as one condition with a
# join to the classes (``unit IN … OR group.unit IN …``), let PostgreSQL use no index: it
# scanned every membership and sorted every person (1.8 s for a kindergarten's leader at
# national size). Here the classes are named by their ids (no join), and a list of people
# is the UNION of one index-driven query per branch.


def _scope_units(person, programme: Programme, admin: bool) -> QuerySet:
    if admin:  # the enrolled units, without reading the units
        return Enrolment.objects.filter(programme=programme).values("unit_id")
    return steward_units(person, programme).values("pk")


def _scope_branches(person, programme: Programme) -> list[Q]:
    """The memberships the person may see, one condition per branch; each branch alone
    is read through an index (unit, group, programme, region or owner)."""
    admin = access.is_programme_admin(person, programme)
    units = _scope_units(person, programme, admin)
    branches = [
        Q(unit_id__in=units),
        Q(group_id__in=Group.objects.filter(unit_id__in=units).values("pk")),
    ]
    if admin:
        owners = Unit.objects.filter(enrolment__programme=programme).values("owner_id")
        branches += [
            Q(programme=programme),
            Q(region_id__in=Region.objects.filter(programme=programme).values("pk")),
            Q(owner_id__in=owners),
        ]
    elif owner_ids := _owner_ids(person):
        branches.append(Q(owner_id__in=owner_ids))
    return branches


def _memberships_in_scope(person, programme: Programme) -> Q:
    scope = Q()
    for branch in _scope_branches(person, programme):
        scope |= branch
    return scope


def memberships_in_scope(person, programme: Programme) -> QuerySet[Membership]:
    """The memberships the person may see (and, for their grantable roles, change). One
    condition: quick when narrowed to a few people; to list people, see ``holder_ids``."""
    return Membership.objects.filter(_memberships_in_scope(person, programme))


def union_of(querysets: list[QuerySet]) -> QuerySet:
    """One query, the UNION of the querysets (each of one column, no order)."""
    first, *rest = [qs.order_by() for qs in querysets]
    return first.union(*rest) if rest else first


def _holder_parts(person, programme: Programme) -> list[QuerySet]:
    return [
        Membership.objects.filter(branch).values("person_id")
        for branch in _scope_branches(person, programme)
    ]


def holder_ids(person, programme: Programme) -> QuerySet:
    """The ids of the people holding a membership in ``memberships_in_scope``: a UNION of
    one index-driven query per branch (for ``pk__in``)."""
    return union_of(_holder_parts(person, programme))


def people_in_scope(person, programme: Programme) -> QuerySet[Person]:
    """People holding a role within the person's part of the programme; for a programme
    administrator also people invited to the programme who hold no role yet."""
    ids = _holder_parts(person, programme)
    if access.is_programme_admin(person, programme):
        ids.append(Invitation.objects.filter(programme=programme).values("person_id"))
    return Person.objects.filter(pk__in=union_of(ids)).exclude(is_superuser=True)


def can_manage_person(actor, programme: Programme, person: Person) -> bool:
    """Whether the actor may change this person's roles, invite or deactivate them: the
    person is in the actor's scope, and none of the person's roles lies outside it (an
    owner never deactivates someone who also works for another owner)."""
    if not is_steward(actor, programme) or person.is_superuser or person.pk == actor.pk:
        return False
    if not people_in_scope(actor, programme).filter(pk=person.pk).exists():
        return False
    outside = person.memberships.exclude(_memberships_in_scope(actor, programme))
    return not outside.exists()


def scope_kinds_for(role: str) -> tuple[str, ...]:
    """Where a role may be held (programme, region, owner, unit, group)."""
    return ROLE_SCOPES.get(role, ())
