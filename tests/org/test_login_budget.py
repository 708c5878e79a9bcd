"""Logging in from a school: its staff share one address, so failures are counted per
client address with a school's budget and per username with a small one; a right password
costs nothing."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from samla.core.clients import parse_networks
from samla.org.models import Person

SCHOOL = "203.0.113.10"
PASSWORD = "riktig-passord-123"
TOO_MANY = "For mange mislykkede innloggingsforsøk"


def _staff(count: int) -> list[Person]:
    return [
        Person.objects.create_user(f"ansatt{number}", f"ansatt{number}@skole.no", PASSWORD)
        for number in range(count)
    ]


def _log_in(client: Client, username: str, password: str):
    return client.post(reverse("account_login"), {"login": username, "password": password})


@pytest.mark.django_db
def test_thirty_staff_behind_one_address_half_of_them_mistyping_all_get_in():
    staff = _staff(30)
    logged_in = []
    for number, person in enumerate(staff):
        device = Client(REMOTE_ADDR=SCHOOL)
        if number % 2 == 0:
            mistyped = _log_in(device, person.username, PASSWORD + "x")
            assert "Brukernavnet eller passordet er feil." in mistyped.content.decode()
        response = _log_in(device, person.username, PASSWORD)
        logged_in.append(response.status_code == 302 and "_auth_user_id" in device.session)
    assert logged_in == [True] * 30


@pytest.mark.django_db
def test_many_failures_at_a_school_do_not_lock_out_the_others():
    """22 failed logins from one address used to lock every colleague out."""
    [colleague, *_others] = _staff(2)
    for attempt in range(22):
        _log_in(Client(REMOTE_ADDR=SCHOOL), f"ukjent{attempt % 4}", "gjetting")
    device = Client(REMOTE_ADDR=SCHOOL)
    assert _log_in(device, colleague.username, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_one_username_is_still_limited_from_any_address():
    [person] = _staff(1)
    for number in range(5):
        _log_in(Client(REMOTE_ADDR=f"198.51.100.{number + 1}"), person.username, "gjetting")
    response = _log_in(Client(REMOTE_ADDR="198.51.100.99"), person.username, PASSWORD)
    assert TOO_MANY in response.content.decode()


@pytest.mark.django_db
def test_one_address_guessing_many_accounts_is_stopped_and_only_that_address():
    [person] = _staff(1)
    for attempt in range(60):
        _log_in(Client(REMOTE_ADDR="198.51.100.66"), f"konto{attempt}", "gjetting")
    refused = _log_in(Client(REMOTE_ADDR="198.51.100.66"), person.username, PASSWORD)
    assert TOO_MANY in refused.content.decode()
    assert _log_in(Client(REMOTE_ADDR=SCHOOL), person.username, PASSWORD).status_code == 302


@pytest.mark.django_db
@override_settings(SAMLA_TRUSTED_PROXIES=parse_networks(["10.0.0.5"]))
def test_behind_the_trusted_proxy_failures_count_per_forwarded_client():
    [person] = _staff(1)
    for attempt in range(60):
        Client(REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="198.51.100.66").post(
            reverse("account_login"), {"login": f"konto{attempt}", "password": "gjetting"}
        )
    school = Client(REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR=SCHOOL)
    assert _log_in(school, person.username, PASSWORD).status_code == 302
    guesser = Client(REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="192.0.2.1, 198.51.100.66")
    assert TOO_MANY in _log_in(guesser, person.username, PASSWORD).content.decode()
