"""Coming back with the same code: greeted, and on the first page not yet answered (or on
sending, when every page is); a new code starts on page 1 without a greeting."""

from __future__ import annotations

import pytest
from django.urls import reverse

from samla.answer.progress import first_unanswered
from samla.surveys import services
from samla.surveys.conditions import Compare
from samla.surveys.instrument import Instrument, Item, Page
from tests.answer.test_answer_pages import answer_page_1, code  # noqa: F401
from tests.answer.test_issue22_child import english_client
from tests.surveys.test_collection import class_6a, pupil_version, survey_round  # noqa: F401

ENTER = "/svar/"
WELCOME = "Welcome back! You continue on the first page you have not answered yet."
ALL_DONE = "Welcome back! You have answered every page: send your answers"


def _item(name: str, kind: str = "integer") -> Item:
    return Item(name, kind, {"nb": name})


INSTRUMENT = Instrument(
    form_id="gjenoppta",
    version="1",
    title={"nb": "Gjenoppta"},
    languages=("nb",),
    respondent_group="pupil_5_7",
    pages=(
        Page("first", {"nb": "1"}, ("a", "b")),
        Page("second", {"nb": "2"}, ("c",)),
        Page("only_when_a_is_big", {"nb": "3"}, ("d",), relevant=Compare("a", ">", 3)),
        Page("words", {"nb": "4"}, ("note",)),
        Page("last", {"nb": "5"}, ("e",)),
    ),
    items=(*map(_item, "abcde"), _item("note", "note")),
)


@pytest.mark.parametrize(
    ("answers", "furthest", "first"),
    [
        ({}, 0, 0),  # a new draft
        ({"b": 2}, 0, 1),  # page 1 partly answered, then the browser closed
        ({"a": 1}, 1, 1),  # page 2 saved empty (Back, or Next with nothing)
        ({"a": 1, "c": 2}, 1, 3),  # the hidden page is not waited for; the notes are
        ({"a": 1, "c": 2}, 3, 4),  # the notes were passed
        ({"a": 5, "c": 2}, 1, 2),  # now the page is shown
        ({"a": 1}, 4, 4),  # the last page saved empty
        ({"a": 1, "e": 3}, 4, None),  # every page: on to sending
    ],
)
def test_the_first_page_not_yet_answered(answers, furthest, first):
    assert first_unanswered(INSTRUMENT, answers, furthest) == first


def test_a_new_code_starts_on_page_1_without_a_greeting(code):  # noqa: F811
    client = english_client()
    response = client.post(ENTER, {"code": code, "language": "en"})
    assert response["Location"] == reverse("answer:page", kwargs={"number": 0})
    assert WELCOME not in client.get(response["Location"]).content.decode()


def test_coming_back_opens_the_first_page_not_answered_with_a_greeting(code):  # noqa: F811
    first = english_client()
    first.post(ENTER, {"code": code, "language": "en"})
    answer_page_1(first)
    later = english_client()
    response = later.post(ENTER, {"code": code, "language": "en"})
    assert response["Location"] == reverse("answer:page", kwargs={"number": 1}) + "?tilbake=1"
    html = later.get(response["Location"]).content.decode()
    assert f'<div class="notice welcome-back" role="status"><p>{WELCOME}</p></div>' in html
    assert "Page 2 of 3" in html
    # Only the page the return opened greets.
    assert WELCOME not in later.get(reverse("answer:page", kwargs={"number": 1})).content.decode()


def test_coming_back_when_every_page_is_answered_opens_sending(code):  # noqa: F811
    services.start(code, "en")
    services.save_page(code, 0, {"trivsel_1": "3", "ny_i_klassen": "nei"})
    services.save_page(code, 1, {"laerer_1": "2"})
    services.save_page(code, 2, {"arbeidsro_1": "4"})
    client = english_client()
    response = client.post(ENTER, {"code": code, "language": "en"})
    assert response["Location"] == reverse("answer:confirm") + "?tilbake=1"
    html = client.get(response["Location"]).content.decode()
    assert ALL_DONE in html and "Send your answers" in html
    assert ALL_DONE not in client.get(reverse("answer:confirm")).content.decode()
