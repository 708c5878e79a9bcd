"""The language can be switched on every answer page, and the page's answers typed so far
stay: a language button posts the page's form, which keeps them (without JavaScript too)."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from samla.surveys import services
from samla.surveys.models import Draft, Response
from tests.answer.test_answer_pages import code  # noqa: F401
from tests.surveys.test_collection import class_6a, pupil_version, survey_round  # noqa: F401
from tests.surveys.test_date_decimal import INSTRUMENT, _code, open_round

ENTER = "/svar/"
FIRST = reverse("answer:page", kwargs={"number": 0})


def test_switching_keeps_the_pages_answers_and_shows_the_page_again_in_the_language(code):  # noqa: F811
    client = Client()
    client.post(ENTER, {"code": code, "language": "nb"})
    html = client.get(FIRST).content.decode()
    # Next stays the form's first button, so that Enter in a field goes on.
    assert html.index('name="go" value="next"') < html.index('name="language"')
    assert 'value="nb" lang="nb" class="button--small" aria-current="true">Bokmål' in html
    response = client.post(FIRST, {"trivsel_1": "3", "ny_i_klassen": "ja", "language": "en"})
    assert response.status_code == 302 and response["Location"] == FIRST
    assert client.cookies["samla_language"].value == "en"
    again = client.get(FIRST).content.decode()
    assert 'lang="en"' in again and "Page 1 of 3" in again
    assert 'value="3" id="q-trivsel_1-2" checked' in again
    assert 'value="en" lang="en" class="button--small" aria-current="true">English' in again
    assert services.resume(code).draft.answers == {"trivsel_1": "3", "ny_i_klassen": "ja"}


def test_a_value_that_cannot_be_kept_is_shown_as_typed_in_the_new_language(demo_org):
    round = open_round(demo_org, INSTRUMENT, slug="t3-sprak")
    typed = _code(round, demo_org)
    client = Client()
    client.post(ENTER, {"code": typed, "language": "nb"})
    posted = {"height": "1,755", "pocket": "12,5", "language": "nn"}
    response = client.post(FIRST, posted)
    html = response.content.decode()
    assert response.status_code == 200 and 'lang="nn"' in html
    assert 'id="q-height" value="1,755"' in html and 'id="q-pocket" value="12,5"' in html
    assert 'id="q-height-error"' in html
    assert client.cookies["samla_language"].value == "nn"
    assert services.resume(typed).draft.answers == {"pocket": 12.5}


def test_switching_on_the_send_page_sends_nothing(code):  # noqa: F811
    client = Client()
    client.post(ENTER, {"code": code, "language": "nb"})
    response = client.post(reverse("answer:confirm"), {"language": "nn"})
    assert response["Location"] == reverse("answer:confirm")
    assert client.cookies["samla_language"].value == "nn"
    html = client.get(reverse("answer:confirm")).content.decode()
    assert 'lang="nn"' in html
    assert 'value="nn" lang="nn" class="button--small" aria-current="true">Nynorsk' in html
    assert not Response.objects.exists() and Draft.objects.count() == 1


def test_an_unknown_language_is_an_ordinary_save(code):  # noqa: F811
    client = Client()
    client.post(ENTER, {"code": code, "language": "nb"})
    response = client.post(FIRST, {"trivsel_1": "2", "language": "de", "go": "next"})
    assert response["Location"] == reverse("answer:page", kwargs={"number": 1})
    assert client.cookies["samla_language"].value == "nb"


def test_the_language_chosen_when_coming_back_is_the_pages_language(code):  # noqa: F811
    Client().post(ENTER, {"code": code, "language": "nn"})
    later = Client()
    response = later.post(ENTER, {"code": code, "language": "en"})
    html = later.get(response["Location"]).content.decode()
    assert 'lang="en"' in html and "Page 1 of 3" in html
