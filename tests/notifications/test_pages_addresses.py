"""Programme administrators' page of e-mail address problems (their programmes' people
only, newest first, linked to the directory) and of each programme's low-rate threshold."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from samla.notifications.models import AddressProblem, NotificationSettings
from samla.org.models import Membership, Person, Role
from tests.conftest import client_for

PAGE = "/varsler/adresser/"


def _english(username: str):
    client = client_for(username)
    client.cookies["samla_language"] = "en"
    return client


def _problem(username: str, minutes_ago: int, reason: str = "refused") -> AddressProblem:
    person = Person.objects.get(username=username)
    return AddressProblem.objects.create(
        person=person,
        address=person.email,
        reason=reason,
        noticed_at=timezone.now() - timedelta(minutes=minutes_ago),
    )


def _section(html: str, programme) -> str:
    match = re.search(
        rf'<section class="card" aria-labelledby="programme-{programme.pk}">(.*?)</section>',
        html,
        re.S,
    )
    return match.group(1)


def test_problems_are_listed_per_programme_newest_first_with_the_persons_page(demo_org):
    _problem("laerer", 60, "SMTPRecipientsRefused 550")
    _problem("rektor", 5, "invalid address")
    _problem("styrer", 10)
    school = demo_org.school_programme
    teacher, leader = (Person.objects.get(username=u) for u in ("laerer", "rektor"))

    html = _english("admin").get(PAGE).content.decode()

    school_part = _section(html, school)
    rows = re.findall(r'<th scope="row"><a href="([^"]+)">([^<]+)</a></th>', school_part)
    assert rows == [
        (f"/program/{school.slug}/organisasjon/personer/{leader.pk}/", str(leader)),
        (f"/program/{school.slug}/organisasjon/personer/{teacher.pk}/", str(teacher)),
    ]
    assert "This cannot be an e-mail address." in school_part
    assert "The mail server refused the address (SMTPRecipientsRefused 550)." in school_part
    assert teacher.email in school_part
    kindergarten_part = _section(html, demo_org.kindergarten_programme)
    assert "styrer@" in kindergarten_part and "laerer@" not in kindergarten_part


def test_a_person_outside_the_administrators_programmes_is_not_listed(demo_org):
    stranger = Person.objects.create(username="fremmed", email="fremmed@example.no")
    AddressProblem.objects.create(
        person=stranger, address=stranger.email, reason="refused", noticed_at=timezone.now()
    )

    html = _english("admin").get(PAGE).content.decode()

    assert "fremmed@example.no" not in html
    assert html.count("No e-mail address problems.") == 2


def test_an_administrator_of_one_programme_sees_only_that_programme(demo_org):
    only_school = Person.objects.create(username="skoleadmin")
    Membership.objects.create(
        person=only_school, role=Role.PROGRAMME_ADMIN, programme=demo_org.school_programme
    )
    _problem("styrer", 1)

    html = _english("skoleadmin").get(PAGE).content.decode()

    assert demo_org.school_programme.name in html
    assert demo_org.kindergarten_programme.name not in html
    assert "styrer@" not in html


def test_the_threshold_shows_the_default_and_is_saved(demo_org):
    school = demo_org.school_programme
    client = _english("admin")
    assert 'value="50"' in _section(client.get(PAGE).content.decode(), school)

    response = client.post(PAGE, {"programme": school.pk, f"p{school.pk}-low_rate_percent": "35"})

    assert response.status_code == 302
    assert NotificationSettings.objects.get(programme=school).low_rate_percent == 35
    page = client.get(PAGE).content.decode()
    assert f"The reminder threshold of {school.name} is saved." in page
    assert 'value="35"' in _section(page, school)
    assert not NotificationSettings.objects.filter(
        programme=demo_org.kindergarten_programme
    ).exists()


@pytest.mark.parametrize("value", ["0", "101", "", "half"])
def test_a_threshold_outside_1_to_100_is_refused_and_nothing_changes(demo_org, value):
    school = demo_org.school_programme
    NotificationSettings.objects.create(programme=school, low_rate_percent=40)

    response = _english("admin").post(
        PAGE, {"programme": school.pk, f"p{school.pk}-low_rate_percent": value}
    )

    assert response.status_code == 400
    assert 'class="field-error"' in _section(response.content.decode(), school)
    assert NotificationSettings.objects.get(programme=school).low_rate_percent == 40


def test_a_programme_the_person_does_not_administer_is_404(demo_org):
    only_school = Person.objects.create(username="skoleadmin")
    Membership.objects.create(
        person=only_school, role=Role.PROGRAMME_ADMIN, programme=demo_org.school_programme
    )
    kindergarten = demo_org.kindergarten_programme

    response = _english("skoleadmin").post(
        PAGE, {"programme": kindergarten.pk, f"p{kindergarten.pk}-low_rate_percent": "10"}
    )

    assert response.status_code == 404
    assert not NotificationSettings.objects.filter(programme=kindergarten).exists()


@pytest.mark.parametrize("username", ["rektor", "eier", "forsker"])
def test_other_roles_are_refused_and_change_nothing(demo_org, username):
    school = demo_org.school_programme

    response = _english(username).post(
        PAGE, {"programme": school.pk, f"p{school.pk}-low_rate_percent": "10"}
    )

    assert response.status_code == 403
    assert not NotificationSettings.objects.exists()


def test_a_problem_ends_when_the_address_is_changed(demo_org):
    _problem("laerer", 5)
    Person.objects.filter(username="laerer").update(email="ny.adresse@example.no")

    html = _english("admin").get(PAGE).content.decode()

    assert "laerer@" not in html
    assert html.count("No e-mail address problems.") == 2
