"""Every change to the organisation goes through a function here."""

from __future__ import annotations

from django.db import transaction

from . import access
from .models import Level, Membership, Person, Programme, Role


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


def grant_role(person: Person, role: str, **scope) -> Membership:
    """Give a person a role at one node (programme=, region=, owner=, unit= or group=).

    Side effects: creates the Membership if it does not exist (validated against the levels
    the role may be held at); clears the person's cached rights."""
    existing = Membership.objects.filter(person=person, role=role, **scope).first()
    if existing:
        return existing
    membership = Membership(person=person, role=role, **scope)
    membership.full_clean()
    membership.save()
    access.forget_grants(person)
    return membership
