"""A respondent answers with a code: code entry, pages, resume, submit, and every refusal."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samla.answer import guessing
from samla.surveys import services
from samla.surveys.models import AccessCode, Draft, Response, Round
from tests.surveys.test_collection import class_6a, pupil_version, survey_round  # noqa: F401

ENTER = "/svar/"


def answer_page_1(client: Client) -> None:
    client.post(
        reverse("answer:page", kwargs={"number": 0}),
        {"trivsel_1": "3", "trivsel_2": "4", "trivsel_3": "2", "trivsel_4": "1",
         "voksne_griper_inn": "dk", "ny_i_klassen": "ja", "go": "next"},
    )  # fmt: skip


@pytest.fixture
def code(survey_round, demo_org, class_6a):  # noqa: F811
    [code] = services.issue_codes(survey_round, demo_org.school, "pupil_5_7", 1, group=class_6a)
    return code


def test_whole_path_in_nynorsk(code):
    client = Client()
    response = client.post(ENTER, {"code": code.lower(), "language": "nn"})
    assert response.status_code == 302
    first = client.get(response["Location"]).content.decode()
    assert 'lang="nn"' in first and "Side 1 av 3" in first
    answer_page_1(client)
    # "ny i klassen" = ja makes the follow-up on page 2 visible.
    second = client.get(reverse("answer:page", kwargs={"number": 1})).content.decode()
    assert 'name="tatt_imot"' in second
    client.post(reverse("answer:page", kwargs={"number": 1}), {"tatt_imot": "4", "go": "next"})
    client.post(reverse("answer:page", kwargs={"number": 2}), {"arbeidsro_1": "2", "go": "next"})
    assert client.post(reverse("answer:confirm")).status_code == 302
    assert Response.objects.count() == 1
    assert not Draft.objects.exists()
    # The browser's key to the draft is dropped with the submit.
    assert client.cookies["samla_svar"].value == ""
    again = client.post(ENTER, {"code": code, "language": "nb"}).content.decode()
    assert "Denne koden er allerede brukt" in again


def test_follow_up_is_hidden_when_not_relevant(code):
    client = Client()
    client.post(ENTER, {"code": code, "language": "nb"})
    client.post(reverse("answer:page", kwargs={"number": 0}), {"ny_i_klassen": "nei", "go": "next"})
    second = client.get(reverse("answer:page", kwargs={"number": 1})).content.decode()
    assert 'name="tatt_imot"' not in second


def test_resume_later_with_the_same_code(code):
    first = Client()
    first.post(ENTER, {"code": code, "language": "nb"})
    answer_page_1(first)
    later = Client()
    response = later.post(ENTER, {"code": code, "language": "nb"})
    page = later.get(response["Location"]).content.decode()
    assert (
        'value="3" id="q-trivsel_1-2" checked'
        in later.get(reverse("answer:page", kwargs={"number": 0})).content.decode()
    )
    assert "Side" in page


def test_wrong_code_is_friendly_and_guessing_is_throttled(survey_round):  # noqa: F811
    client = Client()
    page = client.post(ENTER, {"code": "ABCD-EFGH-JKM", "language": "nb"}).content.decode()
    assert "Vi fant ikke den koden" in page
    for _attempt in range(guessing.PER_TEN_MINUTES - 1):
        client.post(ENTER, {"code": "ABCD-EFGH-JKM", "language": "nb"})
    page = client.post(ENTER, {"code": "ABCD-EFGH-JKM", "language": "nb"}).content.decode()
    assert "For mange forsøk" in page


def test_window_messages(code, survey_round):  # noqa: F811
    Round.objects.filter(pk=survey_round.pk).update(
        opens_at=timezone.now() + timedelta(days=2), closes_at=timezone.now() + timedelta(days=3)
    )
    page = Client().post(ENTER, {"code": code, "language": "nb"}).content.decode()
    assert "Undersøkelsen har ikke åpnet ennå" in page
    Round.objects.filter(pk=survey_round.pk).update(
        opens_at=timezone.now() - timedelta(days=3), closes_at=timezone.now() - timedelta(days=2)
    )
    page = Client().post(ENTER, {"code": code, "language": "nb"}).content.decode()
    assert "Undersøkelsen er stengt" in page
    assert AccessCode.objects.get().state == "issued"


def test_pages_need_a_code():
    client = Client()
    assert client.get(reverse("answer:page", kwargs={"number": 0}))["Location"] == ENTER
    assert client.get(reverse("answer:confirm"))["Location"] == ENTER


def test_the_browser_keeps_the_codes_hmac_signed_never_the_code_and_no_server_session(code):
    client = Client()
    client.post(ENTER, {"code": code, "language": "nb"})
    cookie = client.cookies["samla_svar"]
    assert cookie["httponly"] and cookie["path"] == "/svar/" and not cookie["max-age"]
    stored = bytes(AccessCode.objects.get().code_hmac).hex()
    assert stored in cookie.value and code.replace("-", "") not in cookie.value.upper()
    assert "sessionid" not in client.cookies
    # A tampered cookie is no key: back to code entry.
    client.cookies["samla_svar"] = cookie.value[:-2] + "xx"
    response = client.get(reverse("answer:page", kwargs={"number": 0}))
    assert response.status_code == 302 and response["Location"] == ENTER


def test_a_page_view_reads_only_and_a_save_is_one_short_transaction(
    code, django_assert_max_num_queries
):
    client = Client()
    client.post(ENTER, {"code": code, "language": "nb"})
    with django_assert_max_num_queries(2):
        client.get(reverse("answer:page", kwargs={"number": 0}))
    # BEGIN, the code, the draft (locked), the update, COMMIT (savepoints not counted)
    with django_assert_max_num_queries(5):
        answer_page_1(client)


def test_answers_come_back_ticked_and_typed_from_the_rendered_page(survey_round, demo_org):  # noqa: F811
    from samla.answer.questions import with_answers as _with_answers
    from samla.surveys.xlsform import read_xlsform
    from tests.surveys.xlsforms import choice, question, xlsform

    instrument = read_xlsform(
        xlsform(
            question("select_multiple fruit", "likes"),
            question("integer", "age"),
            question("text", "why"),
            choices=[choice("fruit", "eple"), choice("fruit", "banan"), choice("fruit", "pære")],
        )
    )
    html = (
        '<input name="likes" value="eple" id="q-likes-0"><input name="likes" value="banan" '
        'id="q-likes-1"><input name="likes" value="pære" id="q-likes-2">'
        '<input name="age" id="q-age" value=""><textarea name="why" id="q-why" rows="4"></textarea>'
    )
    filled = _with_answers(
        html,
        instrument,
        ("likes", "age", "why"),
        {"likes": ["eple", "pære"], "age": 12, "why": "<b>fordi</b>"},
    )
    assert 'id="q-likes-0" checked' in filled and 'id="q-likes-1">' in filled
    assert 'id="q-likes-2" checked' in filled
    assert 'id="q-age" value="12"' in filled
    assert ">&lt;b&gt;fordi&lt;/b&gt;</textarea>" in filled
