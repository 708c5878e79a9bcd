"""What the answer pages do for speed changes nothing a respondent sees: a page kept per
process (answer.shells) gives the bytes its template gives, with each respondent's own
token, child and answers; the answer paths resolve first and to the same views."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import Resolver404, URLResolver, get_resolver, resolve, reverse
from django.utils import translation
from django.utils.safestring import mark_safe

from samla.answer import shells, views
from tests.answer.test_issue22_child import rating_code, rating_round
from tests.surveys.test_collection import class_6a, pupil_version, survey_round  # noqa: F401

ENTER = "/svar/"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

PAGE = {
    "title": "Trivsel <5.–7.>",
    "page_title": "Side & ting",
    "number": 1,
    "position": 2,
    "count": 3,
    "has_back": True,
    "welcome_back": False,
    "language": "nb",
    "languages": views.LANGUAGES,
    "speech_language": "nb-NO",
}
CONFIRM = {
    "last_page": 2,
    "count": 3,
    "welcome_back": True,
    "language": "nb",
    "languages": views.LANGUAGES,
}


@pytest.fixture
def code(survey_round, demo_org, class_6a):  # noqa: F811
    from samla.surveys import services

    [code] = services.issue_codes(survey_round, demo_org.school, "pupil_5_7", 1, group=class_6a)
    return code


def _request():
    return RequestFactory().get("/svar/side/1/")


@pytest.mark.parametrize("language", ["nb", "en"])
@pytest.mark.parametrize(
    ("template", "context", "child", "questions"),
    [
        ("answer/page.html", PAGE, "", '<p class="note">Å & <b>svar</b></p>'),
        ("answer/page.html", {**PAGE, "welcome_back": True}, "Ola <N.> & co", "<p>q</p>"),
        # Text that looks like a slot is the respondent's: it is not filled in.
        ("answer/page.html", PAGE, shells.CSRF, f"<textarea>{shells.CHILD}</textarea>"),
        ("answer/confirm.html", CONFIRM, "", None),
        ("answer/confirm.html", CONFIRM, "Aksel B.", None),
        ("answer/done.html", {}, "", None),
    ],
)
def test_a_kept_page_is_what_its_template_gives(language, template, context, child, questions):
    with translation.override(language):
        for _twice in range(2):  # rendered, then from the kept page
            response = shells.page(_request(), template, context, child=child, questions=questions)
            html = response.content.decode()
            tokens = set(TOKEN.findall(html))
            assert len(tokens) == (0 if template == "answer/done.html" else 1)
            expected = render_to_string(
                template,
                {
                    **context,
                    "csrf_token": next(iter(tokens), ""),
                    "child": child,
                    "questions": mark_safe(questions or ""),
                },
            )
            assert html == expected


def test_every_request_gets_its_own_csrf_token():
    first = shells.page(_request(), "answer/confirm.html", CONFIRM).content.decode()
    second = shells.page(_request(), "answer/confirm.html", CONFIRM).content.decode()
    assert TOKEN.findall(first) != TOKEN.findall(second)


def test_pages_differ_wherever_their_context_does():
    seen = {
        shells.page(_request(), "answer/page.html", {**PAGE, name: value}, questions="").content
        for name, value in [("count", 4), ("position", 3), ("has_back", False), ("number", 2)]
    }
    assert len(seen) == 4


def test_respondents_see_their_own_answers_on_a_kept_page(code, survey_round, demo_org):  # noqa: F811
    from samla.surveys import services

    [other] = services.issue_codes(survey_round, demo_org.school, "pupil_5_7", 1)
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    for client, typed in ((first, code), (second, other)):
        token = TOKEN.search(client.get(ENTER).content.decode()).group(1)
        response = client.post(
            ENTER, {"code": typed, "language": "nb", "csrfmiddlewaretoken": token}
        )
        assert response.status_code == 302
    page = reverse("answer:page", kwargs={"number": 0})
    html = first.get(page).content.decode()
    # The kept page's token is the first respondent's: posting with it is accepted.
    response = first.post(
        page,
        {"csrfmiddlewaretoken": TOKEN.search(html).group(1), "trivsel_1": "3", "go": "next"},
    )
    assert response.status_code == 302
    assert 'id="q-trivsel_1-2" checked' in first.get(page).content.decode()
    assert " checked" not in second.get(page).content.decode()


def test_a_typed_code_is_shown_back_but_never_kept(code):
    refused = Client().post(ENTER, {"code": "<b>QQWW-ZZXX", "language": "nb"}).content.decode()
    assert 'value="&lt;b&gt;QQWW-ZZXX"' in refused and 'aria-invalid="true"' not in refused
    assert "QQWW" not in Client().get(ENTER).content.decode()
    assert not any("QQWW" in "".join(parts) for parts in shells._SHELLS.values())


def test_the_child_is_named_escaped_on_a_kept_page(demo_org):
    round = rating_round(demo_org.kindergarten, demo_org.kindergarten_programme, "t3-speed")
    typed = rating_code(round, demo_org.kindergarten, "<i>Aksel</i> Berg")
    client = Client()
    location = client.post(ENTER, {"code": typed, "language": "nb"})["Location"]
    html = client.get(location).content.decode()
    assert "&lt;i&gt;Aksel&lt;/i&gt; B." in html and "<i>Aksel" not in html
    other = rating_code(round, demo_org.kindergarten, "Ida Lie")
    client = Client()
    location = client.post(ENTER, {"code": other, "language": "nb"})["Location"]
    html = client.get(location).content.decode()
    assert "Ida L." in html and "Aksel" not in html


def test_the_answer_paths_resolve_first_and_nowhere_else():
    top = get_resolver().url_patterns
    assert isinstance(top[0], URLResolver) and top[0].urlconf_name.__name__ == "samla.answer.urls"
    for path in ("/svar/", "/svar/side/0/", "/svar/side/12/", "/svar/send/", "/svar/takk/"):
        assert resolve(path).func.__module__ == "samla.answer.views"
        assert not any(_matches(pattern, path.lstrip("/")) for pattern in top[1:]), path


def _matches(pattern, path: str) -> bool:
    try:
        return pattern.resolve(path) is not None
    except Resolver404:
        return False


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL prepares statements")
def test_postgresql_plans_the_answer_pages_statements_once(code):
    from samla.surveys import services

    services.start(code)
    for _view in range(6):  # psycopg prepares a statement on its fifth run
        services.resume(code)
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [statement for (statement,) in cursor.fetchall()]
    assert any("c.code_hmac" in statement for statement in prepared)
