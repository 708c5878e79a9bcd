"""Survey day behind one network address: a school's pupils and their slips are never
refused; a guesser from the same address is, and only that address."""

from __future__ import annotations

import logging
import random

import pytest
from django.test import Client, override_settings

from samla.answer import guessing
from samla.core import throttle
from samla.core.clients import parse_networks
from samla.surveys import codes, services
from samla.surveys.models import Draft
from tests.surveys.test_collection import class_6a, pupil_version, survey_round  # noqa: F401

ENTER = "/svar/"
SCHOOL = "203.0.113.10"
REFUSED_NOW = "For mange forsøk"
REFUSED_TODAY = "fra dette nettverket i dag"


@pytest.fixture(autouse=True)
def _still_clock(monkeypatch):
    """No ten-minute window turns over in the middle of a test."""
    monkeypatch.setattr(throttle, "clock", lambda: 1_800_000_000.0)


def _enter(client: Client, code: str):
    return client.post(ENTER, {"code": code, "language": "nb"})


def _slip(code: str, rng: random.Random) -> str:
    """A well-formed code one character off, as a pupil mistypes: it matches nothing."""
    raw = codes.normalise(code)
    position = rng.randrange(len(raw))
    other = rng.choice([ch for ch in codes.ALPHABET if ch != raw[position]])
    return codes.format_code(raw[:position] + other + raw[position + 1 :])


def _wrong_code(rng: random.Random) -> str:
    return codes.format_code("".join(rng.choice(codes.ALPHABET) for _ in range(codes.LENGTH)))


@pytest.mark.django_db
def test_a_school_of_300_behind_one_address_all_get_in_despite_their_slips(
    survey_round,  # noqa: F811
    demo_org,
    class_6a,  # noqa: F811
):
    pupils = services.issue_codes(survey_round, demo_org.school, "pupil_5_7", 300, group=class_6a)
    rng = random.Random(14)
    let_in = refused = 0
    for number, code in enumerate(pupils):
        device = Client(REMOTE_ADDR=SCHOOL)
        if number % 4 == 0:  # one in four mistypes once: well formed, matches nothing
            assert "Vi fant ikke den koden" in _enter(device, _slip(code, rng)).content.decode()
        if number % 10 == 0:  # and some type an O for a 0 or leave a character out
            assert "ser ikke ut som en kode" in _enter(device, code[:-1]).content.decode()
        response = _enter(device, code)
        if response.status_code == 302:
            let_in += 1
        else:
            refused += 1
    assert (let_in, refused) == (300, 0)
    assert Draft.objects.count() == 300


@pytest.mark.django_db
def test_a_guesser_is_stopped_after_the_budget_and_only_at_its_own_address(
    survey_round,  # noqa: F811
    demo_org,
    class_6a,  # noqa: F811
):
    [mine, theirs] = services.issue_codes(
        survey_round, demo_org.school, "pupil_5_7", 2, group=class_6a
    )
    rng = random.Random(7)
    guesser = Client(REMOTE_ADDR="198.51.100.66")
    tried = 0
    while REFUSED_NOW not in _enter(guesser, _wrong_code(rng)).content.decode():
        tried += 1
        assert tried <= guessing.PER_TEN_MINUTES
    assert tried == guessing.PER_TEN_MINUTES
    # Refused before any look-up: even a right code waits, so the refusal tells nothing.
    assert REFUSED_NOW in _enter(guesser, mine).content.decode()
    assert Draft.objects.count() == 0
    # The school next door is not touched by it.
    assert _enter(Client(REMOTE_ADDR=SCHOOL), theirs).status_code == 302


@pytest.mark.django_db
def test_malformed_slips_cost_nothing(survey_round, demo_org, class_6a):  # noqa: F811
    [code] = services.issue_codes(survey_round, demo_org.school, "pupil_5_7", 1, group=class_6a)
    device = Client(REMOTE_ADDR=SCHOOL)
    for _slip_number in range(guessing.PER_TEN_MINUTES + 50):
        _enter(device, "ABCD-EFGH-JK0")  # a zero is never in a code
    assert _enter(device, code).status_code == 302


@pytest.mark.django_db
def test_a_spent_day_budget_says_so(survey_round, demo_org, class_6a):  # noqa: F811
    [code] = services.issue_codes(survey_round, demo_org.school, "pupil_5_7", 1, group=class_6a)
    for _failure in range(guessing.PER_DAY):
        guessing.CODE_ENTRY.fail(SCHOOL)
    page = _enter(Client(REMOTE_ADDR=SCHOOL), code).content.decode()
    assert REFUSED_TODAY in page
    assert Draft.objects.count() == 0


PROXY = "10.0.0.5"


@pytest.mark.django_db
@override_settings(SAMLA_TRUSTED_PROXIES=parse_networks([PROXY]))
def test_behind_the_trusted_proxy_each_school_has_its_own_budget(
    survey_round,  # noqa: F811
    demo_org,
    class_6a,  # noqa: F811
):
    [code] = services.issue_codes(survey_round, demo_org.school, "pupil_5_7", 1, group=class_6a)
    rng = random.Random(3)
    for _guess in range(guessing.PER_TEN_MINUTES):
        Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.66").post(
            ENTER, {"code": _wrong_code(rng), "language": "nb"}
        )
    # The guesser, now writing a made-up address in front of its own, is still refused.
    spoofing = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.1, 198.51.100.66")
    assert REFUSED_NOW in _enter(spoofing, code).content.decode()
    # Every other school behind the same proxy goes on.
    school = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=SCHOOL)
    assert _enter(school, code).status_code == 302


@pytest.mark.django_db
def test_an_untrusted_sender_cannot_reset_its_budget_with_a_header(
    survey_round,  # noqa: F811
    demo_org,
    class_6a,  # noqa: F811
):
    [code] = services.issue_codes(survey_round, demo_org.school, "pupil_5_7", 1, group=class_6a)
    rng = random.Random(5)
    for number in range(guessing.PER_TEN_MINUTES):
        forged = f"192.0.2.{number % 250 + 1}"
        Client(REMOTE_ADDR="198.51.100.66", HTTP_X_FORWARDED_FOR=forged).post(
            ENTER, {"code": _wrong_code(rng), "language": "nb"}
        )
    forged = Client(REMOTE_ADDR="198.51.100.66", HTTP_X_FORWARDED_FOR=SCHOOL)
    assert REFUSED_NOW in _enter(forged, code).content.decode()


@pytest.mark.django_db
def test_a_flood_from_many_addresses_is_logged_for_the_administrators_and_blocks_no_one(
    survey_round,  # noqa: F811
    demo_org,
    class_6a,  # noqa: F811
    caplog,
):
    [code] = services.issue_codes(survey_round, demo_org.school, "pupil_5_7", 1, group=class_6a)
    for number in range(guessing.ALERT_PER_TEN_MINUTES - 1):
        guessing.CODE_ENTRY.fail(f"198.51.{number // 250}.{number % 250 + 1}")
    rng = random.Random(11)
    with caplog.at_level(logging.WARNING, logger="samla.security"):
        _enter(Client(REMOTE_ADDR="198.51.200.1"), _wrong_code(rng))
    [line] = [r.getMessage() for r in caplog.records if r.name == "samla.security"]
    assert "Unusually many failures (code-entry): 2000 in the last 10 minutes" in line
    assert "198.51" not in line
    assert _enter(Client(REMOTE_ADDR=SCHOOL), code).status_code == 302
