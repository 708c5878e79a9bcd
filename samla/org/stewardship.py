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
from .models import ROLE_SCOPES, Membership, Person, Programme, Role, Unit

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


def _memberships_in_scope(person, programme: Programme) -> Q:
    units = steward_units(person, programme).values("pk")
    in_units = Q(unit_id__in=units) | Q(group__unit_id__in=units)
    if access.is_programme_admin(person, programme):
        owners = Unit.objects.filter(enrolment__programme=programme).values("owner_id")
        return (
            in_units
            | Q(programme=programme)
            | Q(region__programme=programme)
            | Q(owner_id__in=owners)
        )
    return in_units | Q(owner_id__in=_owner_ids(person))


def memberships_in_scope(person, programme: Programme) -> QuerySet[Membership]:
    """The memberships the person may see (and, for their grantable roles, change)."""
    return Membership.objects.filter(_memberships_in_scope(person, programme))


def people_in_scope(person, programme: Programme) -> QuerySet[Person]:
    """People holding a role within the person's part of the programme; for a programme
    administrator also people invited to the programme who hold no role yet."""
    holders = memberships_in_scope(person, programme).values("person_id")
    scope = Q(pk__in=holders)
    if access.is_programme_admin(person, programme):
        scope |= Q(invitations__programme=programme)
    return Person.objects.filter(scope).exclude(is_superuser=True).distinct()


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
