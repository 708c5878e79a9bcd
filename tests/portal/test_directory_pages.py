"""The directory's pages: granting and taking away roles, deactivating, the history, and
what each steward may not do (which changes nothing)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from samla.org.demo import DEMO_PASSWORD
from samla.org.models import ChangeAction, Membership, OrgChange, Person, Role
from tests.conftest import client_for as logged_in_client

# A risky change asks first; these tests are about the change itself, so they confirm.
CONFIRMED = {"confirm": "yes"}


def client_for(username: str | None) -> Client:
    """A logged-in client reading the pages in English (the messages are asserted)."""
    client = logged_in_client(username)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def url(name: str, org, person: Person | None = None, programme=None) -> str:
    kwargs = {"slug": (programme or org.school_programme).slug}
    if person is not None:
        kwargs["pk"] = person.pk
    return reverse(f"portal:{name}", kwargs=kwargs)


def state() -> tuple:
    return (
        sorted(Membership.objects.values_list("pk", "person_id", "role")),
        OrgChange.objects.count(),
        sorted(Person.objects.filter(is_active=False).values_list("pk", flat=True)),
    )


def stange_leader() -> Person:
    return (
        Membership.objects.filter(
            role=Role.UNIT_LEADER, unit__owner__name="Stange kommune", unit__kind="grunnskole"
        )
        .order_by("pk")
        .first()
        .person
    )


def test_administrator_grants_and_revokes_with_history(demo_org):
    laerer, admin = demo_org.user("laerer"), demo_org.user("admin")
    client = client_for("admin")
    response = client.post(
        url("directory_grant", demo_org, laerer),
        {"role": Role.GROUP_LEADER, "place": f"unit:{demo_org.school.pk}", "title": "lektor"},
    )
    assert response.status_code == 302
    membership = Membership.objects.get(person=laerer, role=Role.GROUP_LEADER)
    assert (membership.unit_id, membership.title) == (demo_org.school.pk, "lektor")
    granted = OrgChange.objects.get(person=laerer, action=ChangeAction.GRANTED)
    assert (granted.actor, granted.role, granted.place, granted.programme) == (
        admin,
        Role.GROUP_LEADER,
        demo_org.school.name,
        demo_org.school_programme,
    )

    response = client.post(
        url("directory_revoke", demo_org, laerer), {"membership": membership.pk, **CONFIRMED}
    )
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    revoked = OrgChange.objects.get(person=laerer, action=ChangeAction.REVOKED)
    assert (revoked.actor, revoked.role, revoked.place) == (
        admin,
        Role.GROUP_LEADER,
        demo_org.school.name,
    )

    page = client.get(url("directory_person", demo_org, laerer)).content.decode()
    assert "Role granted" in page and "Role revoked" in page
    history = client.get(url("directory_history", demo_org) + "?action=revoked")
    text = history.content.decode()
    assert str(laerer) in text and str(admin) in text
    assert history.context["listing"].total == 1


def test_owner_cannot_grant_programme_roles(demo_org):
    laerer = demo_org.user("laerer")
    client = client_for("eier")
    form = client.get(url("directory_person", demo_org, laerer)).context["form"]
    offered = {value for value, _label in form.fields["role"].choices}
    assert Role.RESEARCHER not in offered and Role.PROGRAMME_ADMIN not in offered
    assert Role.UNIT_LEADER in offered
    before = state()
    for role, place in (
        (Role.RESEARCHER, f"programme:{demo_org.school_programme.pk}"),
        (Role.PROGRAMME_ADMIN, f"programme:{demo_org.school_programme.pk}"),
        (Role.UNION_REPRESENTATIVE, f"programme:{demo_org.school_programme.pk}"),
    ):
        response = client.post(
            url("directory_grant", demo_org, laerer), {"role": role, "place": place}
        )
        assert response.status_code == 400
    assert state() == before
    assert "Choose a place from the list." in response.content.decode()


def test_unit_leader_cannot_reach_another_units_staff(demo_org):
    other = stange_leader()
    client = client_for("rektor")
    before = state()
    assert client.get(url("directory_person", demo_org, other)).status_code == 404
    for name, data in (
        ("directory_grant", {"role": Role.STAFF, "place": f"unit:{demo_org.school.pk}"}),
        ("directory_revoke", {"membership": other.memberships.first().pk, **CONFIRMED}),
        ("directory_active", {"active": "0", **CONFIRMED}),
    ):
        assert client.post(url(name, demo_org, other), data).status_code == 404
    # Nor give one of the school's own people a role at another unit.
    laerer = demo_org.user("laerer")
    other_unit = other.memberships.first().unit
    response = client.post(
        url("directory_grant", demo_org, laerer),
        {"role": Role.STAFF, "place": f"unit:{other_unit.pk}"},
    )
    assert response.status_code == 400
    assert state() == before


def test_unit_leader_cannot_hand_out_unit_leader(demo_org):
    laerer = demo_org.user("laerer")
    before = state()
    response = client_for("rektor").post(
        url("directory_grant", demo_org, laerer),
        {"role": Role.UNIT_LEADER, "place": f"unit:{demo_org.school.pk}"},
    )
    assert response.status_code == 400
    assert "You cannot hand out this role." in response.content.decode()
    assert state() == before


def test_unit_leader_grants_staff_at_a_class(demo_org):
    gruppeleder = demo_org.user("gruppeleder")
    group = demo_org.school.groups.get(name="7A")
    response = client_for("rektor").post(
        url("directory_grant", demo_org, gruppeleder),
        {"role": Role.STAFF, "place": f"group:{group.pk}"},
    )
    assert response.status_code == 302
    change = OrgChange.objects.get(person=gruppeleder, action=ChangeAction.GRANTED)
    assert (change.actor.username, change.role) == ("rektor", Role.STAFF)
    assert Membership.objects.filter(person=gruppeleder, role=Role.STAFF, group=group).exists()


def test_forms_say_what_to_do(demo_org):
    laerer = demo_org.user("laerer")
    client = client_for("admin")
    before = state()
    empty = client.post(url("directory_grant", demo_org, laerer), {})
    assert empty.status_code == 400
    text = empty.content.decode()
    assert "Choose the role to give." in text and "Choose where the role is held." in text
    wrong_level = client.post(
        url("directory_grant", demo_org, laerer),
        {"role": Role.UNIT_LEADER, "place": f"programme:{demo_org.school_programme.pk}"},
    )
    assert wrong_level.status_code == 400
    assert "is held at a unit. Choose such a place." in wrong_level.content.decode()
    twice = client.post(
        url("directory_grant", demo_org, laerer),
        {"role": Role.STAFF, "place": f"group:{laerer.memberships.get().group_id}"},
    )
    assert "already has this role there" in twice.content.decode()
    assert state() == before


def test_deactivated_person_cannot_log_in_and_can_be_reactivated(demo_org):
    laerer = demo_org.user("laerer")
    logged_in = client_for("laerer")
    assert logged_in.get(reverse("portal:home")).status_code == 200
    admin = client_for("admin")
    response = admin.post(url("directory_active", demo_org, laerer), {"active": "0", **CONFIRMED})
    assert response.status_code == 302
    laerer.refresh_from_db()
    assert not laerer.is_active
    assert logged_in.get(reverse("portal:home")).status_code == 302
    assert not Client().login(username="laerer", password=DEMO_PASSWORD)
    change = OrgChange.objects.get(person=laerer, action=ChangeAction.DEACTIVATED)
    assert change.actor.username == "admin"
    page = admin.get(url("directory_people", demo_org) + "?state=deactivated&q=laerer")
    assert [row.username for row in page.context["listing"].rows] == ["laerer"]

    admin.post(url("directory_active", demo_org, laerer), {"active": "1"})
    assert Client().login(username="laerer", password=DEMO_PASSWORD)


def test_steward_may_not_change_themselves_nor_people_with_roles_elsewhere(demo_org):
    before = state()
    admin = client_for("admin")
    own = admin.get(url("directory_person", demo_org, demo_org.user("admin")))
    assert own.context["form"] is None
    assert "This is you." in own.content.decode()
    response = admin.post(
        url("directory_active", demo_org, demo_org.user("admin")), {"active": "0", **CONFIRMED}
    )
    assert response.status_code == 302
    # ppt works at the school and at a kindergarten of the other programme.
    eier = client_for("eier")
    ppt = demo_org.user("ppt")
    page = eier.get(url("directory_person", demo_org, ppt))
    assert page.status_code == 200 and page.context["form"] is None
    assert "also has roles outside the part" in page.content.decode()
    membership = ppt.memberships.get(unit=demo_org.school)
    eier.post(url("directory_revoke", demo_org, ppt), {"membership": membership.pk, **CONFIRMED})
    eier.post(url("directory_active", demo_org, ppt), {"active": "0", **CONFIRMED})
    assert state() == before


def test_changes_need_the_csrf_token(demo_org):
    laerer = demo_org.user("laerer")
    client = Client(enforce_csrf_checks=True)
    client.force_login(demo_org.user("admin"))
    before = state()
    for name, data in (
        ("directory_grant", {"role": Role.GROUP_LEADER, "place": f"unit:{demo_org.school.pk}"}),
        ("directory_revoke", {"membership": laerer.memberships.get().pk, **CONFIRMED}),
        ("directory_active", {"active": "0", **CONFIRMED}),
    ):
        assert client.post(url(name, demo_org, laerer), data).status_code == 403
    assert state() == before


def test_hostile_posted_membership_is_not_found(demo_org):
    laerer = demo_org.user("laerer")
    client = client_for("admin")
    before = state()
    for value in ("abc", "-1", "0", "99999999999999999999", ""):
        response = client.post(url("directory_revoke", demo_org, laerer), {"membership": value})
        assert response.status_code == 404
    other = demo_org.user("rektor").memberships.get()
    assert (
        client.post(url("directory_revoke", demo_org, laerer), {"membership": other.pk}).status_code
        == 404
    )
    assert state() == before


def test_programme_page_links_the_organisation_for_stewards_only(demo_org):
    link = url("directory", demo_org)
    programme_url = reverse("portal:programme", kwargs={"slug": demo_org.school_programme.slug})
    for username, shown in (
        ("admin", True),
        ("rektor", True),
        ("forsker", False),
        ("laerer", False),
    ):
        page = client_for(username).get(programme_url).content.decode()
        assert (link in page) == shown, username


def test_filters_keep_what_was_chosen(demo_org):
    unit = demo_org.school
    response = client_for("admin").get(
        url("directory_people", demo_org) + f"?role=staff&unit={unit.pk}&q=Nordby"
    )
    page = response.content.decode()
    assert '<option value="staff" selected>' in page
    assert f'<option value="{unit.pk}" selected>' in page
    assert 'value="Nordby"' in page
    assert [row.username for row in response.context["listing"].rows] == ["laerer"]


def test_with_too_many_units_to_list_another_unit_is_written(demo_org, monkeypatch):
    """A national programme's thousands of units make no list: the grant form lists the
    units the person works at and takes any other by its organisation number or whole
    name, among the units the steward looks after only; anything else is refused, saying
    what to write, and changes nothing."""
    from django.db.models import Count

    from samla.org import directory_changes
    from samla.org.models import Unit
    from samla.portal.forms_directory import GrantForm

    monkeypatch.setattr(directory_changes, "UNIT_LIST_LIMIT", 2)
    laerer = demo_org.user("laerer")
    client = client_for("admin")
    page = client.get(url("directory_person", demo_org, laerer))
    form = page.context["form"]
    assert form.by_text
    listed = dict(form.fields["place"].choices)
    units = {key for key, _label in listed["Units"]}
    assert units == {f"unit:{demo_org.school.pk}"}  # where the teacher works
    assert "Owners" in listed and "Regions" in listed
    assert 'name="other_unit"' in page.content.decode()

    school = demo_org.school_programme
    names = Unit.objects.filter(programmes=school).values("name")
    alone = (  # units whose name no other unit has (two demo owners have an Åsheim skole)
        Unit.objects.filter(programmes=school, owner__name="Stange kommune")
        .exclude(name__in=names.annotate(n=Count("pk")).filter(n__gt=1).values("name"))
        .order_by("pk")
    )
    first, second = alone[0], alone[1]
    grant = url("directory_grant", demo_org, laerer)
    by_name = client.post(
        grant, {"role": Role.GROUP_LEADER, "other_unit": f" {first.name.upper()} "}
    )
    assert by_name.status_code == 302, by_name.context["form"].errors
    assert Membership.objects.filter(person=laerer, role=Role.GROUP_LEADER, unit=first).exists()
    spaced = f"{second.organisation_number[:3]} {second.organisation_number[3:]}"
    by_number = client.post(grant, {"role": Role.UNIT_LEADER, "other_unit": spaced})
    assert by_number.status_code == 302
    assert Membership.objects.filter(person=laerer, role=Role.UNIT_LEADER, unit=second).exists()
    # What is written wins over the list.
    both = client.post(
        grant,
        {"role": Role.PPT_ADVISOR, "place": f"unit:{demo_org.school.pk}", "other_unit": first.name},
    )
    assert both.status_code == 302
    assert Membership.objects.filter(person=laerer, role=Role.PPT_ADVISOR, unit=first).exists()

    twice = names.annotate(n=Count("pk")).filter(n__gt=1).order_by("name")[0]["name"]
    kindergarten = Unit.objects.exclude(programmes=school).order_by("pk").first()
    before = state()
    for written, says in (
        (twice.lower(), f"More than one unit is called {twice} ("),
        ("Ingen slik skole", "None of the units you look after"),
        (kindergarten.name, "None of the units you look after"),
        (kindergarten.organisation_number, "None of the units you look after"),
        ("Skole\x00", "Null characters are not allowed."),
        ("x" * 5000, "at most 200 characters"),
    ):
        refused = client.post(grant, {"role": Role.STAFF, "other_unit": written})
        assert refused.status_code == 400, written[:40]
        assert says in refused.content.decode(), written[:40]
    neither = client.post(grant, {"role": Role.STAFF, "other_unit": "  "})
    assert neither.status_code == 400
    assert "Choose where the role is held." in neither.content.decode()
    assert state() == before

    # An owner writes only the owner's own units.
    owner = demo_org.user("eier")
    assert GrantForm(actor=owner, programme=school, person=None).by_text
    own = Unit.objects.filter(programmes=school, owner__name="Hamar kommune").order_by("pk")[0]
    assert directory_changes.unit_written(owner, school, own.organisation_number) == (
        f"unit:{own.pk}"
    )
    other_owner = Unit.objects.filter(programmes=school).exclude(owner__name="Hamar kommune")[0]
    with pytest.raises(ValidationError):
        directory_changes.unit_written(owner, school, other_owner.organisation_number)
