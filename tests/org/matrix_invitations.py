"""Role matrix cases for the invitations pages: the stewards of a programme (its
administrator, the owner, the unit leader) see them for the people they look after; the
public activation link answers the same for everyone."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from samla.org.invitations import hash_of
from samla.org.models import Invitation, Person, Role
from tests.role_matrix_support import Case, everyone, no_kwargs, only

MATRIX_KEY = "m" * 43


def staff_at(unit) -> Person:
    return (
        Person.objects.filter(
            memberships__unit=unit, memberships__role=Role.STAFF, username__startswith="ansatt"
        )
        .order_by("pk")
        .first()
    )


def school_person(org) -> dict:
    """A staff member with an e-mail address: the page has its form to send."""
    person = staff_at(org.school)
    Person.objects.filter(pk=person.pk).update(email=f"{person.username}@demo.samla.invalid")
    return {"slug": org.school_programme.slug, "pk": person.pk}


def kindergarten_person(org) -> dict:
    return {"slug": org.kindergarten_programme.slug, "pk": staff_at(org.kindergarten).pk}


def trysil_person(org) -> dict:
    return {"slug": org.school_programme.slug, "pk": staff_at(org.unit_in("Trysil")).pk}


def open_link(org) -> dict:
    """A link that works: an invitation of a staff member at the demo school."""
    Invitation.objects.get_or_create(
        key_hash=hash_of(MATRIX_KEY),
        defaults={
            "person": staff_at(org.school),
            "programme": org.school_programme,
            "expires_at": timezone.now() + timedelta(days=1),
            "sent_at": timezone.now() - timedelta(days=1),
            "times_sent": 1,
        },
    )
    return {"key": MATRIX_KEY}


SCHOOL_STEWARDS = {"admin", "eier", "rektor"}
KINDERGARTEN_STEWARDS = {"admin", "eier", "styrer"}

CASES: list[Case] = [
    Case(
        "portal:invitations",
        "school programme's invitations (one waiting)",
        lambda org: open_link(org) and {"slug": org.school_programme.slug},
        only(SCHOOL_STEWARDS),
    ),
    Case(
        "portal:invitations",
        "kindergarten programme's invitations",
        lambda org: {"slug": org.kindergarten_programme.slug},
        only(KINDERGARTEN_STEWARDS),
    ),
    Case(
        "portal:person_invite",
        "invite staff at the demo school",
        school_person,
        only(SCHOOL_STEWARDS),
    ),
    Case(
        "portal:person_invite",
        "invite staff at the demo kindergarten",
        kindergarten_person,
        only(KINDERGARTEN_STEWARDS),
    ),
    Case("portal:person_invite", "invite staff in Trysil", trysil_person, only({"admin"})),
    # The link in the e-mail: everyone is sent on to the page without the key.
    Case("portal:activate", "a link that works", open_link, everyone(302)),
    Case("portal:activate", "an unknown link", lambda org: {"key": "x" * 43}, everyone(302)),
    # Opened without a link first: nothing to activate.
    Case("portal:activation", "activation without a link", no_kwargs, everyone(404)),
]
