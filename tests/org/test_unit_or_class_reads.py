"""Reads of "the people at a unit or at one of its classes", rewritten so that PostgreSQL
uses its indexes (a UNION of one query per branch, classes named by id, no join), give
the same rows in the same order as the queries they replaced. The former queries are
written out here as the reference."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db.models import Q
from django.utils import timezone

from samla.org import access, directory, invitations, queries, stewardship
from samla.org.directory import ListQuery
from samla.org.models import (
    Group,
    Invitation,
    LanguageForm,
    Membership,
    Person,
    RegionOwner,
    Role,
    Unit,
)

STEWARDS = ("admin", "eier", "rektor", "styrer")


def _former_scope(actor, programme) -> Q:
    units = stewardship.steward_units(actor, programme).values("pk")
    in_units = Q(unit_id__in=units) | Q(group__unit_id__in=units)
    if stewardship.access.is_programme_admin(actor, programme):
        owners = Unit.objects.filter(enrolment__programme=programme).values("owner_id")
        return (
            in_units
            | Q(programme=programme)
            | Q(region__programme=programme)
            | Q(owner_id__in=owners)
        )
    return in_units | Q(owner_id__in=stewardship._owner_ids(actor))


def _former_people(actor, programme):
    scope = Q(pk__in=Membership.objects.filter(_former_scope(actor, programme)).values("person_id"))
    if stewardship.access.is_programme_admin(actor, programme):
        scope |= Q(invitations__programme=programme)
    return Person.objects.filter(scope).exclude(is_superuser=True).distinct()


@pytest.fixture
def placed(demo_org):
    """People at the school, at one of its classes, at both, and at another unit (at the
    unit and at one of its classes), and one only invited to the programme."""
    school, other = demo_org.school, demo_org.unit_in("Stange")
    programme = demo_org.school_programme
    assert other is not None and other.pk != school.pk
    school_class = Group.objects.filter(unit=school).order_by("pk").first()
    other_class = Group.objects.create(unit=other, name="9Z", kind="klasse", grade=9)
    people = {}
    for name, places in {
        "at_unit": [{"unit": school}],
        "at_class": [{"group": school_class}],
        "at_both": [{"unit": school, "role": Role.GROUP_LEADER}, {"group": school_class}],
        "other_unit": [{"unit": other}],
        "other_class": [{"group": other_class}],
        "invited": [],
    }.items():
        person = Person.objects.create(username=f"z-{name}", last_name="Zeta", first_name=name)
        for place in places:
            Membership.objects.create(person=person, **({"role": Role.STAFF} | place))
        people[name] = person
    Invitation.objects.create(
        person=people["invited"],
        programme=programme,
        key_hash="z",
        expires_at=timezone.now() + timedelta(days=7),
    )
    return people


@pytest.mark.parametrize("steward", STEWARDS)
def test_people_in_scope_are_the_former_ones_in_the_same_order(demo_org, placed, steward):
    actor = demo_org.user(steward)
    for programme in (demo_org.school_programme, demo_org.kindergarten_programme):
        former = list(_former_people(actor, programme).values_list("pk", flat=True))
        now = list(stewardship.people_in_scope(actor, programme).values_list("pk", flat=True))
        assert now == former
        looked_after = directory.people_looked_after(actor, programme)
        assert list(looked_after.values_list("pk", flat=True)) == former
        memberships = stewardship.memberships_in_scope(actor, programme)
        assert set(memberships.values_list("pk", flat=True)) == set(
            Membership.objects.filter(_former_scope(actor, programme)).values_list("pk", flat=True)
        )
    school_people = set(stewardship.people_in_scope(actor, demo_org.school_programme))
    if steward == "rektor":
        assert {p.username for p in school_people if p.username.startswith("z-")} == {
            "z-at_unit",
            "z-at_class",
            "z-at_both",
        }


@pytest.mark.parametrize("steward", STEWARDS)
def test_managing_a_person_is_decided_as_before(demo_org, placed, steward):
    actor, programme = demo_org.user(steward), demo_org.school_programme
    for person in placed.values():
        outside = person.memberships.exclude(_former_scope(actor, programme))
        former = (
            stewardship.is_steward(actor, programme)
            and _former_people(actor, programme).filter(pk=person.pk).exists()
            and not outside.exists()
        )
        assert stewardship.can_manage_person(actor, programme, person) == former


def test_the_place_filters_of_the_people_list_find_the_former_people(demo_org, placed):
    admin, programme = demo_org.user("admin"), demo_org.school_programme
    school, other = demo_org.school, demo_org.unit_in("Stange")
    region = RegionOwner.objects.filter(programme=programme, owner=school.owner).first().region
    in_scope = Membership.objects.filter(_former_scope(admin, programme))
    former_filters = {
        ("unit", school.pk): Q(unit_id=school.pk) | Q(group__unit_id=school.pk),
        ("unit", other.pk): Q(unit_id=other.pk) | Q(group__unit_id=other.pk),
        ("owner", school.owner_id): Q(owner_id=school.owner_id)
        | Q(unit__owner_id=school.owner_id)
        | Q(group__unit__owner_id=school.owner_id),
        ("region", region.pk): Q(region_id=region.pk)
        | Q(owner_id__in=RegionOwner.objects.filter(region=region).values("owner_id"))
        | Q(unit__owner_id__in=RegionOwner.objects.filter(region=region).values("owner_id"))
        | Q(group__unit__owner_id__in=RegionOwner.objects.filter(region=region).values("owner_id")),
    }
    for (name, value), condition in former_filters.items():
        holders = in_scope.filter(condition).values("person_id")
        former = list(
            directory.people_looked_after(admin, programme)
            .filter(pk__in=holders)
            .order_by("last_name", "first_name", "username", "pk")
            .values_list("username", flat=True)
        )
        listing = directory.people_list(
            admin, programme, ListQuery(filters={name: value}, per_page=100)
        )
        assert [row.username for row in listing.rows] == former[:100]
        assert listing.total == len(former)
    by_school = directory.people_list(admin, programme, ListQuery(filters={"unit": school.pk}))
    found = {row.username for row in by_school.rows if row.username.startswith("z-")}
    assert found == {"z-at_unit", "z-at_class", "z-at_both"}


def test_unit_people_are_the_former_rows_in_the_same_order(demo_org, placed):
    for unit in (demo_org.school, demo_org.unit_in("Stange"), demo_org.kindergarten):
        former = list(
            Membership.objects.filter(Q(unit=unit) | Q(group__unit=unit))
            .order_by("person__last_name", "person__first_name", "role")
            .values_list("pk", flat=True)
        )
        assert [m.pk for m in queries.unit_people(unit)] == former
    at_school = {m.person.username for m in queries.unit_people(demo_org.school)}
    assert {"z-at_unit", "z-at_class", "z-at_both"} <= at_school
    assert not {"z-other_unit", "z-other_class", "z-invited"} & at_school


def test_the_mail_language_is_read_as_before(demo_org, placed):
    Unit.objects.filter(pk=demo_org.school.pk).update(language_form=LanguageForm.NYNORSK)
    for person in [*placed.values(), *Person.objects.filter(memberships__isnull=False)[:40]]:
        forms = set(
            Unit.objects.filter(Q(membership__person=person) | Q(groups__membership__person=person))
            .exclude(language_form="")
            .values_list("language_form", flat=True)
        )
        former = "nn" if forms == {LanguageForm.NYNORSK} else "nb"
        assert invitations.language_for(person) == former
    assert invitations.language_for(placed["at_class"]) == "nn"
    assert invitations.language_for(placed["at_both"]) == "nn"
    assert invitations.language_for(placed["other_unit"]) == "nb"


def _former_outside(user) -> Q:
    ids = access.admin_programme_ids(user)
    owners = access.admin_owners(user).values("pk")
    units = access.admin_units(user).values("pk")
    return (
        (Q(programme__isnull=False) & ~Q(programme_id__in=ids))
        | (Q(region__isnull=False) & ~Q(region__programme_id__in=ids))
        | (Q(owner__isnull=False) & ~Q(owner_id__in=owners))
        | (Q(unit__isnull=False) & ~Q(unit_id__in=units))
        | (Q(group__isnull=False) & ~Q(group__unit_id__in=units))
    )


def test_the_django_admins_people_and_roles_are_the_former_ones(demo_org, placed):
    admin = demo_org.user("admin")
    former = Membership.objects.exclude(_former_outside(admin))
    assert set(access.admin_memberships(admin)) == set(former)
    outside = Membership.objects.filter(_former_outside(admin)).values("person_id")
    former_people = Person.objects.exclude(pk__in=outside).exclude(is_superuser=True)
    assert list(access.admin_people(admin)) == list(former_people)
    assert {"z-at_unit", "z-at_class", "z-at_both"} <= {
        p.username for p in access.admin_people(admin)
    }
