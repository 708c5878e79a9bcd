"""Attack on issue 21's read API as a careless or hostile client: methods other than GET,
addresses the API does not have, paging and ids out of bounds, odd Authorization and
Accept-Language headers, a browser session instead of a token, a forged Host, and
whether a token ever comes back in an answer or a log line. Every answer under
``/api/v1/`` is meant to be a problem detail (RFC 9457) with the status it declares."""

from __future__ import annotations

import json
import logging
import time

import pytest
from django.test import Client

from samla.org import tokens
from samla.org.models import Person
from samla.org.tokens import PREFIX

PROBLEM = "application/problem+json"


@pytest.fixture
def token(demo_org) -> str:
    return tokens.create_token(Person.objects.get(username="rektor"), "attack", 30)[1]


def _bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def _client() -> Client:
    client = Client()
    client.raise_request_exception = False
    return client


def _is_problem(response, status: int) -> bool:
    if response.status_code != status or response["Content-Type"] != PROBLEM:
        return False
    body = json.loads(response.content)
    return body["status"] == status and body["type"].startswith("https://") and body["title"]


# --- Methods ----------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_a_write_method_is_refused_with_405_and_allow_get(token, method):
    response = getattr(_client(), method)("/api/v1/me", headers=_bearer(token))
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options"])
def test_a_refused_method_is_a_problem_detail(token, method):
    response = getattr(_client(), method)("/api/v1/units", headers=_bearer(token))
    assert _is_problem(response, 405)


def test_head_answers_like_get_without_a_body(token):
    get = _client().get("/api/v1/me", headers=_bearer(token))
    head = _client().head("/api/v1/me", headers=_bearer(token))
    assert head.status_code == get.status_code == 200
    assert head.content == b""


def test_the_description_answers_only_get(db):
    assert _client().post("/api/v1/openapi.json").status_code == 405


def test_a_browser_session_is_no_token_even_for_post(demo_org):
    """CSRF: a logged-in browser must not reach the API through its session cookie."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(Person.objects.get(username="admin"))
    assert _is_problem(client.get("/api/v1/me"), 401)
    assert _is_problem(client.get("/api/v1/units"), 401)
    # A write method is refused before anything else, and nothing can be written anyway.
    assert client.post("/api/v1/me").status_code in (403, 405)


# --- Addresses ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/v1/me/", "/api/v1/unit", "/api/v1/units/1/x"])
def test_an_unknown_api_address_is_a_problem_detail(token, path):
    assert _is_problem(_client().get(path, headers=_bearer(token)), 404)


def test_the_root_only_points_to_the_description(db):
    response = _client().get("/api/v1/")
    assert response.status_code == 302 and response["Location"] == "/api/v1/openapi.json"


# --- Paging and ids -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        {"page": "-1"},
        {"page": "0"},
        {"page": "1.5"},
        {"page": "1e3"},
        {"page": "1000001"},
        {"page": "99999999999999999999999999"},
        {"page": "NaN"},
        {"page_size": "0"},
        {"page_size": "-5"},
        {"page_size": "501"},
        {"page_size": "1e2"},
        {"owner": "0"},
        {"owner": "2147483648"},
        {"owner": "1 OR 1=1"},
        {"programme": "../../etc"},
        {"programme": "x" * 61},
    ],
)
def test_hostile_paging_and_filters_are_422_problems(token, params):
    response = _client().get("/api/v1/units", params, headers=_bearer(token))
    assert _is_problem(response, 422)
    errors = response.json()["errors"]
    assert errors and all(e["loc"][0] == "query" for e in errors)
    # The message names the parameter, never echoes the value sent.
    for value in params.values():
        if len(value) > 3:
            assert value not in json.dumps(errors)


def test_the_last_allowed_page_is_an_empty_page_not_an_error(token):
    response = _client().get(
        "/api/v1/units", {"page": "1000000", "page_size": "500"}, headers=_bearer(token)
    )
    assert response.status_code == 200
    body = response.json()
    assert body["items"] == [] and body["next"] is None and body["page"] == 1_000_000


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/units/0",
        "/api/v1/units/-1",
        "/api/v1/units/2147483648",
        "/api/v1/units/1e3",
        "/api/v1/programmes/a%00b",
        "/api/v1/rounds/t2-results/results/unit/99999999999",
        "/api/v1/rounds/t2-results/results/nation/1",
        "/api/v1/programmes/x/learning/group/1",
        "/api/v1/programmes/x/plans/2026-27/activities",
    ],
)
def test_ids_out_of_the_databases_bounds_never_reach_it(token, path):
    response = _client().get(path, headers=_bearer(token))
    assert _is_problem(response, 422) or _is_problem(response, 404)


def test_the_next_link_keeps_to_the_host_and_carries_no_token(demo_org):
    token = tokens.create_token(Person.objects.get(username="admin"), "attack", 30)[1]
    response = _client().get(
        "/api/v1/units", {"page_size": "1", "x": '"><script>'}, headers=_bearer(token)
    )
    body = response.json()
    assert body["count"] > 1
    assert body["next"].startswith("http://testserver/api/v1/units?")
    assert PREFIX not in body["next"]
    forged = _client().get(
        "/api/v1/units", {"page_size": "1"}, headers={**_bearer(token), "Host": "evil.example"}
    )
    assert forged.status_code == 400  # ALLOWED_HOSTS: the next link is never built for it


# --- Authorization headers -----------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        "Bearer {t} ",
        "Bearer  {t}",
        "Bearer {t}\t",
        "Bearer {t},{t}",
        "Bearer {t}\x00",
        "Bearer {t}x",
        "Bearer " + "A" * 200_000,
        "Bearer samla_" + "é" * 43,
        "Bearer samla_",
        "Bearer \u202e{t}",
        "Basic {t}",
        "{t}",
    ],
)
def test_odd_authorization_headers_are_401_problems(token, header):
    response = _client().get("/api/v1/me", headers={"Authorization": header.format(t=token)})
    assert _is_problem(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert token not in response.content.decode()


def test_the_scheme_is_case_insensitive_as_rfc_9110_says(token):
    for scheme in ("bearer", "BEARER", "Bearer"):
        response = _client().get("/api/v1/me", headers={"Authorization": f"{scheme} {token}"})
        assert response.status_code == 200, scheme


def test_a_token_never_appears_in_an_answer_or_a_log_line(token, caplog, settings):
    settings.SAMLA_API_RATE = 2
    revoked_row, revoked = tokens.create_token(Person.objects.get(username="rektor"), "r", 30)
    tokens.revoke_token(revoked_row.person, revoked_row.pk)
    caplog.set_level(logging.DEBUG)
    answers = [
        _client().get("/api/v1/units/2147483647", headers=_bearer(token)),  # 404
        _client().get("/api/v1/units", {"page": "x"}, headers=_bearer(token)),  # 422
        _client().get("/api/v1/me", headers=_bearer(token)),  # 429 (third call)
        _client().get("/api/v1/me", headers=_bearer(revoked)),  # 401
        _client().post("/api/v1/me", headers=_bearer(token)),  # 405
    ]
    assert [a.status_code for a in answers] == [404, 422, 429, 401, 405]
    logged = "\n".join(
        f"{r.getMessage()} {r.exc_text or ''} {getattr(r, 'request', '')}" for r in caplog.records
    )
    for secret in (token, revoked):
        assert all(secret not in a.content.decode() for a in answers)
        assert secret not in logged


# --- Accept-Language ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("*", "nb"),
        ("en;q=1e400", "en"),
        ("en;q=nan", "nb"),
        ("en;q=-1", "nb"),
        ("en;q=inf", "en"),
        ("nn-NO", "nn"),
        ("NB", "nb"),
        ("de," * 50 + "en", "nb"),  # only the first 20 tags are read
        ("x" * 100_000, "nb"),
        ("en\u0130", "nb"),
        (";q=1,,;,en", "en"),
    ],
)
def test_hostile_accept_language_picks_a_language_samla_has(token, accept, expected):
    response = _client().get("/api/v1/me", headers={**_bearer(token), "Accept-Language": accept})
    assert response.status_code == 200
    assert response["Content-Language"] == expected


def test_the_language_of_one_call_does_not_stay_for_the_next_page(token):
    english = _client().get("/api/v1/me", headers={**_bearer(token), "Accept-Language": "en"})
    assert english["Content-Language"] == "en"
    page = Client()
    page.force_login(Person.objects.get(username="rektor"))
    assert page.get("/")["Content-Language"] == "nb"


def test_an_answer_chosen_by_accept_language_says_so_in_vary(token):
    response = _client().get("/api/v1/me", headers={**_bearer(token), "Accept-Language": "en"})
    assert "accept-language" in response.get("Vary", "").lower()


def _fastest(call, times: int = 8) -> float:
    call()
    best = float("inf")
    for _ in range(times):
        started = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - started)
    return best


def test_the_description_costs_no_more_than_a_refused_call(db):
    client = _client()
    description = _fastest(lambda: client.get("/api/v1/openapi.json"))
    refused = _fastest(lambda: client.get("/api/v1/me", headers={"Authorization": "Bearer x"}))
    assert description <= 10 * refused
