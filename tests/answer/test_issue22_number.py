"""A number's box has its unit beside it where the questionnaire states one (the staff
rating's age, "Age in whole years"), tied to the box for screen readers; other numbers
show no unit."""

from __future__ import annotations

from django.urls import reverse

from samla.answer.questions import NUMBER_UNITS
from samla.surveys.xlsform import read_xlsform
from tests.answer.test_issue22_child import LIBRARY, english_client, rating  # noqa: F401
from tests.surveys.test_date_decimal import INSTRUMENT, _code, open_round

ENTER = "/svar/"


def test_the_age_in_the_staff_rating_has_its_unit_beside_the_box(rating):  # noqa: F811
    client = english_client()
    client.post(ENTER, {"code": rating, "language": "en"})
    html = client.get(reverse("answer:page", kwargs={"number": 0})).content.decode()
    assert 'aria-describedby="q-alder-help q-alder-unit"' in html
    assert '<span class="input-unit" id="q-alder-unit">years</span></div>' in html
    assert html.count('class="input-with-unit"') == 1
    # The typed age comes back into the same box.
    client.post(reverse("answer:page", kwargs={"number": 0}), {"alder": "4", "go": "next"})
    again = client.get(reverse("answer:page", kwargs={"number": 0})).content.decode()
    assert 'id="q-alder" value="4" min="1" max="6"' in again


def test_numbers_without_a_stated_unit_show_none(demo_org):
    round = open_round(demo_org, INSTRUMENT, slug="t3-uten-enhet")
    client = english_client()
    client.post(ENTER, {"code": _code(round, demo_org), "language": "en"})
    html = client.get(reverse("answer:page", kwargs={"number": 0})).content.decode()
    assert 'id="q-height"' in html and 'inputmode="decimal"' in html
    assert "input-unit" not in html and "input-with-unit" not in html


def test_every_listed_unit_names_a_number_question_of_the_library():
    for (form_id, code), _unit in NUMBER_UNITS.items():
        found = [
            read_xlsform(path.read_bytes())
            for path in sorted(LIBRARY.glob("*.xlsx"))
            if read_xlsform(path.read_bytes()).form_id == form_id
        ]
        assert len(found) == 1
        assert found[0].item(code).kind in ("integer", "decimal")
