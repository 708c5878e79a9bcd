"""samla.org.access: who sees which programmes, units and people."""

from __future__ import annotations

import pytest
from django.http import Http404

from samla.org import access
from samla.org.models import Membership, Person, Programme, Role, Unit
from samla.plans import access as plan_access
from samla.plans.models import Deadline


def names(queryset) -> set[str]:
    return {str(obj) for obj in queryset}


def test_programme_admin_sees_every_enrolled_unit(demo_org):
    admin = demo_org.user("admin")
    assert set(access.units_for(admin)) == set(
        Unit.objects.filter(enrolment__isnull=False).distinct()
    )


def test_owner_sees_exactly_own_units(demo_org):
    eier = demo_org.user("eier")
    assert set(access.units_for(eier)) == set(Unit.objects.filter(owner__name="Hamar kommune"))


def test_region_coordinator_sees_units_of_the_regions_owners_only(demo_org):
    region = demo_org.user("region")
    owners = {u.owner.name for u in access.units_for(region).select_related("owner")}
    assert owners == {"Hamar kommune", "Løten kommune", "Ringsaker kommune", "Stange kommune"}
    # PPT offices are not enrolled in a programme, so the region does not reach them.
    assert not access.units_for(region).filter(kind="ppt").exists()


def test_unit_leader_sees_only_own_unit(demo_org):
    assert list(access.units_for(demo_org.user("rektor"))) == [demo_org.school]
    assert list(access.units_for(demo_org.user("styrer"))) == [demo_org.kindergarten]


def test_teacher_with_a_class_role_reaches_the_classs_unit(demo_org):
    laerer = demo_org.user("laerer")
    assert list(access.units_for(laerer)) == [demo_org.school]
    assert access.can_view_unit_people(laerer, demo_org.school)


def test_ppt_advisor_sees_supervised_units(demo_org):
    assert set(access.units_for(demo_org.user("ppt"))) == {demo_org.school, demo_org.kindergarten}


@pytest.mark.parametrize("username", ["forsker", "statsforvalter", "tillitsvalgt"])
def test_aggregate_readers_open_no_unit_and_see_no_people(demo_org, username):
    user = demo_org.user(username)
    assert not access.units_for(user).exists()
    assert not access.can_view_unit_people(user, demo_org.school)


def test_region_coordinator_sees_the_unit_but_not_its_people(demo_org):
    region = demo_org.user("region")
    assert access.get_unit_or_404(region, demo_org.school.pk) == demo_org.school
    assert not access.can_view_unit_people(region, demo_org.school)


def test_unit_outside_scope_is_404(demo_org):
    other = demo_org.unit_in("Trysil")
    with pytest.raises(Http404):
        access.get_unit_or_404(demo_org.user("rektor"), other.pk)
    with pytest.raises(Http404):
        access.get_unit_or_404(demo_org.user("eier"), other.pk)


def test_programmes_follow_enrolment(demo_org):
    assert names(access.programmes_for(demo_org.user("styrer"))) == {
        "Kultur for læring – barnehage"
    }
    assert names(access.programmes_for(demo_org.user("rektor"))) == {"Kultur for læring – skole"}
    assert names(access.programmes_for(demo_org.user("eier"))) == {
        "Kultur for læring – skole",
        "Kultur for læring – barnehage",
    }


def test_person_without_memberships_sees_nothing(db):
    nobody = Person.objects.create(username="nobody")
    assert not access.programmes_for(nobody).exists()
    assert not access.units_for(nobody).exists()
    assert not access.can_use_django_admin(nobody)


def test_inactive_person_has_no_rights(demo_org):
    admin = demo_org.user("admin")
    admin.is_active = False
    admin.save()
    assert not access.can_use_django_admin(Person.objects.get(pk=admin.pk))
    assert not access.units_for(Person.objects.get(pk=admin.pk)).exists()


def test_superuser_flag_does_not_open_the_admin(db):
    root = Person.objects.create(username="root", is_superuser=True, is_staff=True)
    assert not access.can_use_django_admin(root)


def test_grants_are_read_once_per_user_object(demo_org, django_assert_num_queries):
    rektor = demo_org.user("rektor")
    with django_assert_num_queries(1):
        access.grants_for(rektor)
        access.grants_for(rektor)
        access.is_programme_admin(rektor)


def test_new_membership_is_seen_after_forget_grants(demo_org):
    rektor = demo_org.user("rektor")
    other = demo_org.unit_in("Trysil")
    assert other not in access.units_for(rektor)
    Membership.objects.create(person=rektor, role=Role.PPT_ADVISOR, unit=other)
    access.forget_grants(rektor)
    assert other in access.units_for(rektor)


def test_roles_count_only_in_the_programme_where_they_are_held(demo_org):
    other = Programme.objects.create(name="Annet program", slug="annet", level="vgs")
    rektor = demo_org.user("rektor")
    Membership.objects.create(person=rektor, role=Role.PROGRAMME_ADMIN, programme=other)
    access.forget_grants(rektor)
    assert access.roles_in_programme(rektor, demo_org.school_programme) == {Role.UNIT_LEADER}
    assert access.roles_in_programme(rektor, other) == {Role.PROGRAMME_ADMIN}
    admin_deadline = Deadline.objects.create(
        programme=demo_org.school_programme,
        role=Role.PROGRAMME_ADMIN,
        title="x",
        yearly_month=1,
        yearly_day=1,
    )
    leader_deadline = Deadline.objects.create(
        programme=demo_org.school_programme,
        role=Role.UNIT_LEADER,
        title="y",
        yearly_month=1,
        yearly_day=1,
    )
    assert set(plan_access.deadlines_for(rektor)) == {leader_deadline}
    assert admin_deadline not in plan_access.deadlines_for(demo_org.user("eier"))


def test_owner_roles_reach_programmes_of_their_units(demo_org):
    eier = demo_org.user("eier")
    assert access.roles_in_programme(eier, demo_org.kindergarten_programme) == {Role.OWNER}
    laerer = demo_org.user("laerer")
    assert access.roles_in_programme(laerer, demo_org.school_programme) == {Role.STAFF}
    assert access.roles_in_programme(laerer, demo_org.kindergarten_programme) == set()
