"""Attack (issue 17): a school's code slips. A unit leader posts another unit's classes,
a closed class, a round they do not run, negative, huge, non-integer and repeated
numbers; none makes a code; no code reaches the log. Held."""

from __future__ import annotations

import logging

import pytest
from django.urls import reverse
from django.utils import timezone

from samla.org.models import Group
from samla.surveys import codes as access_codes
from samla.surveys.models import AccessCode
from tests.conftest import client_for


def _url(round, unit=None) -> str:
    url = reverse("portal:code_slips", kwargs={"slug": round.slug})
    return f"{url}?enhet={unit.pk}" if unit is not None else url


@pytest.fixture
def open_round(demo_org):
    return demo_org.survey_round()


def _post(round, data, username="rektor", unit=None):
    return client_for(username).post(_url(round, unit), data)


def _codes(round) -> int:
    return AccessCode.objects.filter(round=round).count()


def test_another_units_class_is_refused_and_makes_no_code(demo_org, open_round):
    other_unit = demo_org.unit_in("Hamar")
    other = Group.objects.exclude(unit=demo_org.school).filter(grade=6).first()
    assert other is not None and other_unit is not None
    before = _codes(open_round)
    response = _post(open_round, {"respondent_group": "pupil_5_7", "group": [other.pk],
                                  f"count_{other.pk}": 5})  # fmt: skip
    assert response.status_code == 200  # the form again, with an error
    assert _codes(open_round) == before
    assert not AccessCode.objects.filter(group=other).exists()
    # Nor through ?enhet= for a unit the leader does not lead.
    assert _post(open_round, {}, unit=other.unit).status_code == 404


@pytest.mark.parametrize("count", ["-3", "0", "201", "1e3", "abc", "5.5", "999999999999"])
def test_bad_numbers_make_no_code(demo_org, open_round, count):
    six_a = demo_org.school.groups.get(name="6A")
    before = _codes(open_round)
    response = _post(open_round, {"respondent_group": "pupil_5_7", "group": [six_a.pk],
                                  f"count_{six_a.pk}": count})  # fmt: skip
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert _codes(open_round) == before


def test_a_repeated_class_gets_its_codes_once(demo_org, open_round):
    six_a = demo_org.school.groups.get(name="6A")
    before = AccessCode.objects.filter(round=open_round, group=six_a).count()
    response = _post(open_round, {"respondent_group": "pupil_5_7",
                                  "group": [six_a.pk, six_a.pk, six_a.pk],
                                  f"count_{six_a.pk}": ["3", "150"]})  # fmt: skip
    assert response.status_code == 200
    made = AccessCode.objects.filter(round=open_round, group=six_a).count() - before
    assert made in (0, 150)  # the last value of the field counts, once; never 3 × 150


def test_a_closed_class_is_refused(demo_org, open_round):
    six_a = demo_org.school.groups.get(name="6A")
    Group.objects.filter(pk=six_a.pk).update(closed_on=timezone.localdate())
    before = _codes(open_round)
    response = _post(open_round, {"respondent_group": "pupil_5_7", "group": [six_a.pk],
                                  f"count_{six_a.pk}": 3})  # fmt: skip
    assert response.status_code == 200
    assert _codes(open_round) == before


@pytest.mark.parametrize("username", ["laerer", "eier", "region"])
def test_people_who_do_not_lead_the_unit_are_refused(demo_org, open_round, username):
    six_a = demo_org.school.groups.get(name="6A")
    before = _codes(open_round)
    response = _post(open_round, {"respondent_group": "pupil_5_7", "group": [six_a.pk],
                                  f"count_{six_a.pk}": 3}, username=username)  # fmt: skip
    assert response.status_code in (403, 404)
    assert _codes(open_round) == before


def test_no_code_is_logged_while_slips_are_made(demo_org, open_round, caplog):
    six_a = demo_org.school.groups.get(name="6A")
    with caplog.at_level(logging.DEBUG):
        response = _post(open_round, {"respondent_group": "pupil_5_7", "group": [six_a.pk],
                                      f"count_{six_a.pk}": 2})  # fmt: skip
    assert response.status_code == 200
    made = AccessCode.objects.filter(round=open_round, group=six_a).order_by("-pk")[:2]
    assert made.count() == 2
    body = response.content
    for record in caplog.records:
        message = record.getMessage()
        assert not any(
            access_codes.normalise(word) and len(word) == 14 and word.count("-") == 2
            for word in message.split()
        ), message
    assert body[:4] in (b"%PDF", b"<!DO", b"\n<!D")
