"""Every change to the organisation goes through a function here."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from . import access
from .models import (
    ChangeAction,
    Level,
    Membership,
    OrgChange,
    Person,
    Programme,
    Region,
    Role,
)


@transaction.atomic
def set_up_programme(*, slug: str, name: str, level: str, admin_username: str) -> Programme:
    """Create a programme (or find it by slug) and make a person its administrator.

    Side effects: may create the Programme; creates the Person if missing (with no usable
    password: they choose one through "Forgot your password?"); creates the programme
    administrator Membership if missing. Running it again changes nothing."""
    if level not in Level.values:
        raise ValueError(f"level must be one of {', '.join(Level.values)}")
    programme, _created = Programme.objects.get_or_create(
        slug=slug, defaults={"name": name, "level": level}
    )
    person = Person.objects.filter(username=admin_username).first()
    if person is None:
        person = Person(username=admin_username)
        person.set_unusable_password()
        person.save()
    grant_role(person, Role.PROGRAMME_ADMIN, programme=programme)
    return programme


def _programme_of(membership: Membership) -> Programme | None:
    if membership.programme_id:
        return membership.programme
    if membership.region_id:
        return membership.region.programme
    return None


def record_change(
    action: str,
    *,
    actor: Person | None = None,
    person: Person | None = None,
    programme: Programme | None = None,
    role: str = "",
    place: str = "",
    detail: str = "",
) -> OrgChange:
    """Write one line of the organisation's history (who changed what, and where)."""
    return OrgChange.objects.create(
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        person=person,
        programme=programme,
        role=role,
        place=str(place)[:300],
        detail=str(detail)[:300],
    )


def grant_role(
    person: Person,
    role: str,
    *,
    actor: Person | None = None,
    in_programme: Programme | None = None,
    title: str = "",
    **scope,
) -> Membership:
    """Give a person a role at one node (programme=, region=, owner=, unit= or group=).

    Side effects: creates the Membership if it does not exist (validated against the levels
    the role may be held at) and records it in the history (``OrgChange``, with ``actor``
    and the programme it was done in); clears the person's cached rights."""
    existing = Membership.objects.filter(person=person, role=role, **scope).first()
    if existing:
        return existing
    membership = Membership(person=person, role=role, title=title, **scope)
    membership.full_clean()
    membership.save()
    record_change(
        ChangeAction.GRANTED,
        actor=actor,
        person=person,
        programme=in_programme or _programme_of(membership),
        role=role,
        place=str(membership.scope),
    )
    access.forget_grants(person)
    return membership


def revoke_role(
    membership: Membership,
    *,
    actor: Person | None = None,
    in_programme: Programme | None = None,
    reason: str = "",
) -> None:
    """Take a role away: deletes the Membership and records who did it, the role and the
    place in the history. Nothing else of the person is touched."""
    person = membership.person
    record_change(
        ChangeAction.REVOKED,
        actor=actor,
        person=person,
        programme=in_programme or _programme_of(membership),
        role=membership.role,
        place=str(membership.scope),
        detail=reason,
    )
    membership.delete()
    access.forget_grants(person)


def set_active(
    person: Person,
    active: bool,
    *,
    actor: Person | None = None,
    in_programme: Programme | None = None,
) -> None:
    """Deactivate a person (they can no longer log in; their roles and history stay) or
    reactivate them; recorded in the history. Changing nothing records nothing."""
    if person.is_active == active:
        return
    person.is_active = active
    person.save(update_fields=["is_active"])
    record_change(
        ChangeAction.REACTIVATED if active else ChangeAction.DEACTIVATED,
        actor=actor,
        person=person,
        programme=in_programme,
    )
    access.forget_grants(person)


def set_region_municipalities(region: Region, text: str) -> list[str]:
    """Set the municipality numbers of a region from what a person wrote (numbers apart by
    spaces, commas or new lines). Imported owners are placed in the region by them.

    Raises ValidationError, saying what to do, for a number that is not four digits or
    that already belongs to another region of the programme. Side effects: saves the
    region's ``municipality_numbers`` (sorted, each once). Returns them."""
    numbers = sorted(set(re.findall(r"[^\s,;]+", text or "")))
    wrong = [number for number in numbers if not re.fullmatch(r"\d{4}", number)]
    if wrong:
        raise ValidationError(
            _("%(numbers)s: a municipality number has four digits, e.g. 3403 for Hamar.")
            % {"numbers": ", ".join(wrong[:5])}
        )
    others = Region.objects.filter(programme_id=region.programme_id).exclude(pk=region.pk)
    for other in others:
        shared = sorted(set(other.municipality_numbers) & set(numbers))
        if shared:
            raise ValidationError(
                _(
                    "%(numbers)s already belong to %(region)s. A municipality is in one "
                    "region of the programme: take it out there first."
                )
                % {"numbers": ", ".join(shared), "region": other.name}
            )
    region.municipality_numbers = numbers
    region.save(update_fields=["municipality_numbers"])
    return numbers
