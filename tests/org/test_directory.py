"""The directory's lists: search, filters, sort and paging, each steward's part, and a
number of queries that does not grow with the page size or the data."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from samla.org import directory, directory_tree, stewardship
from samla.org.directory import ListQuery, State
from samla.org.directory_changes import place_choices
from samla.org.models import Invitation, Membership, Person, Role, Unit
from tests.conftest import client_for


def names(listing) -> list[str]:
    return [row.username for row in listing.rows]


def people(org, username="admin", programme=None, **query):
    programme = programme or org.school_programme
    return directory.people_list(org.user(username), programme, ListQuery(**query))


def _invite(person: Person, programme, accepted: bool = False) -> Invitation:
    now = timezone.now()
    return Invitation.objects.create(
        person=person,
        programme=programme,
        key_hash=f"hash-{person.pk}-{accepted}",
        expires_at=now + timedelta(days=7),
        accepted_at=now if accepted else None,
    )


def test_search_finds_name_ignoring_case_also_for_norwegian_letters(demo_org):
    listing = people(demo_org, programme=demo_org.kindergarten_programme, search="ødegård")
    assert names(listing) == ["styrer"]
    listing = people(demo_org, programme=demo_org.kindergarten_programme, search="GUNN ØDEGÅRD")
    assert names(listing) == ["styrer"]


def test_search_finds_email_and_every_word_must_match(demo_org):
    assert names(people(demo_org, search="laerer@demo")) == ["laerer"]
    assert names(people(demo_org, search="Ivar Nordby")) == ["laerer"]
    assert names(people(demo_org, search="Ivar Sandvik")) == []


def test_units_and_owners_are_found_by_organisation_number(demo_org):
    Unit.objects.filter(pk=demo_org.school.pk).update(organisation_number="974760673")
    admin, programme = demo_org.user("admin"), demo_org.school_programme
    units = directory_tree.unit_list(admin, programme, ListQuery(search="97476"))
    assert [u.name for u in units.rows] == [demo_org.school.name]


def test_filter_by_role_and_unit(demo_org):
    listing = people(
        demo_org, filters={"role": Role.UNIT_LEADER, "unit": demo_org.school.pk}, per_page=100
    )
    leaders = Membership.objects.filter(role=Role.UNIT_LEADER, unit=demo_org.school)
    assert sorted(names(listing)) == sorted(leaders.values_list("person__username", flat=True))
    assert "rektor" in names(listing)
    staff_of_school = people(demo_org, filters={"unit": demo_org.school.pk}, per_page=100)
    assert {"rektor", "gruppeleder", "laerer", "ppt"} <= set(names(staff_of_school))
    assert "eier" not in names(staff_of_school)


def test_filter_by_region_and_owner(demo_org):
    hamar = demo_org.school.owner
    region = demo_org.school_programme.regions.get(short_name="HR")
    by_owner = set(names(people(demo_org, filters={"owner": hamar.pk}, per_page=100)))
    by_region = set(names(people(demo_org, filters={"region": region.pk}, per_page=100)))
    assert {"eier", "rektor", "laerer"} <= by_owner
    assert by_owner < by_region
    assert "region" in by_region and "region" not in by_owner


def test_filter_by_state(demo_org):
    pending = demo_org.user("gruppeleder")
    _invite(pending, demo_org.school_programme)
    _invite(demo_org.user("laerer"), demo_org.school_programme, accepted=True)
    Person.objects.filter(username="ppt").update(is_active=False)

    def with_state(state):
        return set(names(people(demo_org, filters={"state": state}, per_page=100, search="demo")))

    assert with_state(State.NOT_ACTIVATED) == {"gruppeleder"}
    assert with_state(State.DEACTIVATED) == {"ppt"}
    assert {"laerer", "rektor"} <= with_state(State.ACTIVE)
    assert not {"gruppeleder", "ppt"} & with_state(State.ACTIVE)
    rows = {r.username: r.state for r in people(demo_org, search="demo", per_page=100).rows}
    assert rows["gruppeleder"] == State.NOT_ACTIVATED and rows["ppt"] == State.DEACTIVATED


def test_sort_by_whitelisted_columns_and_hostile_values_are_ignored(demo_org):
    by_name = names(people(demo_org, search="demo", per_page=100))
    descending = people(demo_org, search="demo", per_page=100, sort="-name")
    assert names(descending) == list(reversed(by_name))
    assert descending.sort == "-name"
    by_email = names(people(demo_org, search="demo", sort="email", per_page=100))
    assert by_email == sorted(by_email)
    for hostile in ("password", "-is_superuser", "name; DROP TABLE org_person", "__class__", ""):
        listing = people(demo_org, search="demo", per_page=100, sort=hostile)
        assert (names(listing), listing.sort) == (by_name, "name")


def test_paging_with_hostile_page_values(demo_org):
    everyone = people(demo_org, per_page=25)
    assert everyone.page.paginator.num_pages > 2
    assert (
        everyone.total
        == stewardship.people_in_scope(demo_org.user("admin"), demo_org.school_programme).count()
    )
    second = people(demo_org, per_page=25, page=2)
    assert set(names(second)).isdisjoint(names(everyone))
    for hostile, expected in (("abc", 1), ("-1", everyone.page.paginator.num_pages),
                              ("99999999999999999999", everyone.page.paginator.num_pages),
                              ("2\x00", 1)):  # fmt: skip
        assert people(demo_org, per_page=25, page=hostile).page.number == expected
    assert people(demo_org, per_page=7).page.paginator.per_page == directory.DEFAULT_PAGE_SIZE


@pytest.mark.parametrize("steward", ["admin", "eier", "rektor"])
def test_people_looked_after_are_the_stewardship_scope(demo_org, steward):
    programme = demo_org.school_programme
    _invite(Person.objects.create(username="invited-only"), programme)
    actor = demo_org.user(steward)
    expected = set(stewardship.people_in_scope(actor, programme).values_list("pk", flat=True))
    assert set(directory.people_looked_after(actor, programme).values_list("pk", flat=True)) == (
        expected
    )


def test_each_steward_sees_only_their_part(demo_org):
    programme = demo_org.school_programme
    school, hamar = demo_org.school, demo_org.school.owner
    for username, unit_owners in (("eier", {hamar.pk}), ("rektor", {hamar.pk})):
        actor = demo_org.user(username)
        units = directory_tree.unit_list(actor, programme, ListQuery(per_page=100))
        assert {u.owner_id for u in units.rows} == unit_owners
        listed = set(names(directory.people_list(actor, programme, ListQuery(per_page=100))))
        assert "region" not in listed and "admin" not in listed
    rektor_units = directory_tree.unit_list(demo_org.user("rektor"), programme, ListQuery())
    assert [u.pk for u in rektor_units.rows] == [school.pk]
    rektor_people = people(demo_org, "rektor", per_page=100)
    unit_ids = set(
        Membership.objects.filter(person__username__in=names(rektor_people))
        .exclude(unit__isnull=True)
        .values_list("unit_id", flat=True)
    )
    assert school.pk in unit_ids
    other_leader = Membership.objects.filter(
        unit=demo_org.unit_in("Stange"), role=Role.UNIT_LEADER
    ).first()
    assert other_leader.person.username not in names(rektor_people)
    assert other_leader.person.username not in names(people(demo_org, "eier", per_page=100))
    regions = directory_tree.region_list(demo_org.user("eier"), programme, ListQuery())
    assert [r.short_name for r in regions.rows] == ["HR"]


def test_units_filter_open_closed_kind_and_region(demo_org):
    admin, programme = demo_org.user("admin"), demo_org.school_programme
    Unit.objects.filter(pk=demo_org.school.pk).update(closed_on=timezone.localdate())
    closed = directory_tree.unit_list(admin, programme, ListQuery(filters={"state": "closed"}))
    assert [u.pk for u in closed.rows] == [demo_org.school.pk]
    open_units = directory_tree.unit_list(
        admin, programme, ListQuery(filters={"state": "open"}, per_page=100)
    )
    assert demo_org.school.pk not in {u.pk for u in open_units.rows}
    region = programme.regions.get(short_name="NØR")
    in_region = directory_tree.unit_list(
        admin, programme, ListQuery(filters={"region": region.pk}, per_page=100)
    )
    assert {u.region_name for u in in_region.rows} == {"Nord-Østerdal"}
    kindergartens = directory_tree.unit_list(admin, programme, ListQuery(filters={"kind": "ppt"}))
    assert kindergartens.total == 0


def test_classes_and_owners_lists(demo_org):
    admin, programme = demo_org.user("admin"), demo_org.school_programme
    classes = directory_tree.class_list(
        admin, programme, ListQuery(filters={"unit": demo_org.school.pk, "grade": 6})
    )
    assert [g.name for g in classes.rows] == ["6A", "6B"]
    assert classes.rows[0].staff_count == 1  # laerer
    owners = directory_tree.owner_list(admin, programme, ListQuery(sort="-units", per_page=100))
    counts = [o.unit_count for o in owners.rows]
    assert counts == sorted(counts, reverse=True)
    hamar = next(o for o in owners.rows if o.pk == demo_org.school.owner_id)
    assert (hamar.region_name, hamar.unit_count) == ("Hamarregionen", 3)


def _count_queries(read, *args) -> int:
    with CaptureQueriesContext(connection) as captured:
        read(*args)
    return len(captured)


def _add_people(org, count: int) -> None:
    unit = org.school
    made = Person.objects.bulk_create(Person(username=f"extra{n:04d}") for n in range(count))
    Membership.objects.bulk_create(Membership(person=p, role=Role.STAFF, unit=unit) for p in made)


@pytest.mark.parametrize(
    "read",
    [
        directory.people_list,
        directory.history,
        directory_tree.region_list,
        directory_tree.owner_list,
        directory_tree.unit_list,
        directory_tree.class_list,
    ],
    ids=lambda f: f.__name__,
)
def test_queries_do_not_grow_with_page_size_or_data(demo_org, read):
    admin, programme = demo_org.user("admin"), demo_org.school_programme
    directory.people_list(admin, programme, ListQuery())  # the grants, read once
    small = _count_queries(read, admin, programme, ListQuery(per_page=25))
    large = _count_queries(read, admin, programme, ListQuery(per_page=100))
    _add_people(demo_org, 120)
    more_data = _count_queries(read, admin, programme, ListQuery(per_page=100, page=2))
    assert small == large == more_data
    assert small <= 3


def test_people_page_has_fixed_queries(demo_org):
    client = client_for("admin")
    url = reverse("portal:directory_people", kwargs={"slug": demo_org.school_programme.slug})
    client.get(url)

    def page_queries(query: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url + query)
        assert response.status_code == 200
        return len(captured)

    small = page_queries("?per_page=25&sort=-name")
    large = page_queries("?per_page=100&sort=-name")
    _add_people(demo_org, 150)
    assert small == large == page_queries("?per_page=100&sort=-name&page=2")


def test_list_pages_ignore_hostile_query_strings(demo_org):
    client = client_for("admin")
    slug = demo_org.school_programme.slug
    hostile = "?sort=password&page=%00&per_page=99999&region=abc&unit=99999999999999999999&q=%00"
    for name in ("directory_people", "directory_units", "directory_classes",
                 "directory_owners", "directory_regions", "directory_history"):  # fmt: skip
        response = client.get(reverse(f"portal:{name}", kwargs={"slug": slug}) + hostile)
        assert response.status_code == 200, name


def test_the_grant_form_offers_the_classes_of_the_persons_own_units_only(demo_org):
    admin, programme = demo_org.user("admin"), demo_org.school_programme

    def offered_classes(person):
        groups = dict(place_choices(admin, programme, person)).get("Classes and departments", [])
        return {key for key, _label in groups}

    with translation.override("en"):
        everything = offered_classes(None)
        teacher = offered_classes(demo_org.user("laerer"))
        newcomer = offered_classes(Person.objects.create(username="ny.person"))

    school_classes = {f"group:{pk}" for pk in demo_org.school.groups.values_list("pk", flat=True)}
    assert teacher == school_classes
    assert school_classes < everything
    assert newcomer == set()
