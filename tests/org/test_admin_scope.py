"""The Django admin keeps a programme administrator inside their own programmes."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from samla.org.models import Membership, Person, Programme, Role
from samla.surveys.models import AccessCode, Draft, Response
from tests.conftest import client_for


@pytest.fixture
def other_admin(demo_org):
    other = Programme.objects.create(name="Annet program", slug="annet", level="vgs")
    person = Person.objects.create(username="annen")
    Membership.objects.create(person=person, role=Role.PROGRAMME_ADMIN, programme=other)
    return person, other


def test_lists_show_only_own_programme(demo_org, other_admin):
    client = client_for("annen")
    page = client.get(reverse("admin:org_programme_changelist")).content.decode()
    assert "Annet program" in page and "Kultur for læring" not in page
    units = client.get(reverse("admin:org_unit_changelist")).content.decode()
    assert "Bjørkely skole" not in units


def test_other_programmes_objects_cannot_be_opened_or_changed(demo_org, other_admin):
    client = client_for("annen")
    kfl = demo_org.school_programme
    response = client.get(reverse("admin:org_programme_change", args=[kfl.pk]))
    assert response.status_code == 302  # the admin's "does not exist" answer
    admin = demo_org.user("admin")
    response = client.post(
        reverse("admin:org_person_change", args=[admin.pk]),
        {"username": "admin", "email": "overtatt@example.no", "is_active": "on"},
    )
    assert response.status_code == 302
    assert Person.objects.get(pk=admin.pk).email == "admin@demo.samla.invalid"


def test_cannot_make_oneself_admin_of_another_programme(demo_org, other_admin):
    person, _other = other_admin
    client = client_for("annen")
    response = client.post(
        reverse("admin:org_membership_add"),
        {
            "person": person.pk,
            "role": Role.PROGRAMME_ADMIN,
            "programme": demo_org.school_programme.pk,
        },
    )
    assert response.status_code == 200  # the form again, with an error
    assert not Membership.objects.filter(
        person=person, programme=demo_org.school_programme
    ).exists()


def test_kfl_admin_still_reaches_everything_of_kfl(demo_org):
    client = client_for("admin")
    page = client.get(reverse("admin:org_unit_changelist") + "?q=Bjørkely").content.decode()
    assert "Bjørkely skole" in page
    school = demo_org.school
    assert client.get(reverse("admin:org_unit_change", args=[school.pk])).status_code == 200
    # A person whose roles all lie in KFL can be opened by its admin.
    assert (
        client.get(
            reverse("admin:org_person_change", args=[demo_org.user("rektor").pk])
        ).status_code
        == 200
    )


def test_rounds_in_the_admin_are_per_programme(demo_org, other_admin):
    round = demo_org.survey_round()
    assert (
        client_for("admin").get(reverse("admin:surveys_round_change", args=[round.pk])).status_code
        == 200
    )
    assert (
        client_for("annen").get(reverse("admin:surveys_round_change", args=[round.pk])).status_code
        == 302
    )
    assert client_for("admin").get(reverse("admin:surveys_round_add")).status_code == 200
    # The round's units are looked up by name, each administrator among their own.
    lookup = reverse("admin:autocomplete") + (
        "?term=Bjørkely&app_label=surveys&model_name=round&field_name=units"
    )
    found = client_for("admin").get(lookup).json()["results"]
    assert "Bjørkely skole" in [unit["text"] for unit in found]
    assert client_for("annen").get(lookup).json()["results"] == []


def test_codes_and_responses_are_not_in_the_admin(demo_org):
    assert not {AccessCode, Draft, Response} & set(admin.site._registry)


def test_list_filters_offer_only_own_programmes(demo_org, other_admin):
    for name in ("org_region", "org_unit", "surveys_round"):
        page = client_for("annen").get(reverse(f"admin:{name}_changelist")).content.decode()
        assert "Kultur for læring" not in page, name
    page = client_for("admin").get(reverse("admin:org_region_changelist")).content.decode()
    assert "Annet program" not in page
