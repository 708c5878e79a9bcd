"""Role matrix cases for the organisation's own pages (people and roles): stewards only —
the programme administrator, the owner and the unit leaders; everyone else 404."""

from __future__ import annotations

from samla.org.models import Person
from tests.role_matrix_support import Case, everyone, only

# Stewards of the school programme: the administrator, Hamar's owner contact, the demo
# school's leader. ``styrer`` leads a kindergarten: a steward of the other programme only.
SCHOOL_STEWARDS = {"admin", "eier", "rektor"}
KINDERGARTEN_STEWARDS = {"admin", "eier", "styrer"}
# A teacher of the demo school: in the part every school steward looks after.
TEACHER = "laerer"


def school(org) -> dict:
    return {"slug": org.school_programme.slug}


def kindergarten(org) -> dict:
    return {"slug": org.kindergarten_programme.slug}


def school_person(org) -> dict:
    return {"slug": org.school_programme.slug, "pk": org.user(TEACHER).pk}


def person_elsewhere(org) -> dict:
    """A unit leader at a school in Trysil: only the administrator looks after them."""
    leader = (
        Person.objects.filter(
            memberships__unit=org.unit_in("Trysil"), memberships__role="unit_leader"
        )
        .order_by("pk")
        .first()
    )
    return {"slug": org.school_programme.slug, "pk": leader.pk}


def school_region(org) -> dict:
    region = org.school_programme.regions.get(short_name="HR")
    return {"slug": org.school_programme.slug, "pk": region.pk}


def other_region(org) -> dict:
    region = org.kindergarten_programme.regions.get(short_name="HR")
    return {"slug": org.school_programme.slug, "pk": region.pk}


LISTS = [
    ("portal:directory", "organisation overview"),
    ("portal:directory_regions", "regions"),
    ("portal:directory_owners", "owners"),
    ("portal:directory_units", "units"),
    ("portal:directory_classes", "classes"),
    ("portal:directory_people", "people"),
    ("portal:directory_history", "history of changes"),
]

CASES: list[Case] = [
    *[Case(name, f"{label} (school)", school, only(SCHOOL_STEWARDS)) for name, label in LISTS],
    *[
        Case(name, f"{label} (kindergarten)", kindergarten, only(KINDERGARTEN_STEWARDS))
        for name, label in LISTS
    ],
    Case(
        "portal:directory",
        "unknown programme",
        lambda org: {"slug": "finnes-ikke"},
        only(set()),
    ),
    Case("portal:directory_person", "a teacher of the demo school", school_person,
         only(SCHOOL_STEWARDS)),
    Case("portal:directory_person", "a unit leader in Trysil", person_elsewhere,
         only({"admin"})),
    Case("portal:directory_region", "a region's municipalities", school_region,
         only({"admin"})),
    Case("portal:directory_region", "a region of the other programme", other_region,
         only(set())),
    # POST only: a GET is refused before anything is looked up.
    Case("portal:directory_grant", "give a role (POST only)", school_person,
         everyone(405, anonymous=302)),
    Case("portal:directory_revoke", "take a role away (POST only)", school_person,
         everyone(405, anonymous=302)),
    Case("portal:directory_active", "deactivate or reactivate (POST only)", school_person,
         everyone(405, anonymous=302)),
]  # fmt: skip
