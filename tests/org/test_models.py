import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from samla.org.models import (
    Group,
    Membership,
    Owner,
    Person,
    Region,
    RegionOwner,
    Role,
    validate_organisation_number,
)


@pytest.mark.parametrize("number", ["974760673", "938801363"])
def test_valid_organisation_numbers(number):
    validate_organisation_number(number)


@pytest.mark.parametrize("number", ["974760674", "12345678", "abcdefghi", "9747606731"])
def test_invalid_organisation_numbers(number):
    with pytest.raises(ValidationError):
        validate_organisation_number(number)


def test_membership_must_have_exactly_one_scope(demo_org):
    person = Person.objects.create(username="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(person=person, role=Role.STAFF)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            person=person,
            role=Role.STAFF,
            unit=demo_org.school,
            owner=demo_org.school.owner,
        )
    assert Membership.objects.filter(person=person).count() == 0


def test_role_held_at_wrong_level_is_refused_by_validation(demo_org):
    membership = Membership(person=demo_org.user("laerer"), role=Role.OWNER, unit=demo_org.school)
    with pytest.raises(ValidationError) as error:
        membership.full_clean()
    assert error.value.messages == ["Rollen Skoleeier kan ikke gjelde på dette nivået."]


def test_same_role_twice_at_the_same_place_is_refused(demo_org):
    rektor = demo_org.user("rektor")
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(person=rektor, role=Role.UNIT_LEADER, unit=demo_org.school)


def test_owner_sits_in_one_region_per_programme(demo_org):
    hamar = Owner.objects.get(name="Hamar kommune")
    other_region = Region.objects.get(programme=demo_org.school_programme, short_name="NØR")
    with pytest.raises(IntegrityError), transaction.atomic():
        RegionOwner.objects.create(region=other_region, owner=hamar)


def test_department_has_no_grade_and_class_has_one(demo_org):
    with pytest.raises(IntegrityError), transaction.atomic():
        Group.objects.create(unit=demo_org.school, name="X", kind="klasse", grade=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        Group.objects.create(unit=demo_org.kindergarten, name="Y", kind="avdeling", grade=3)
