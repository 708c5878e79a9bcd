"""The API's shape: tokens, problem details, paging and the rate limit, through real
HTTP requests to the whole Django stack."""

from __future__ import annotations

import json

import pytest
from django.test import Client, override_settings

from samla.org import tokens
from samla.org.models import ApiToken, Person


def test_the_description_is_openapi_3_1_and_needs_no_token(db):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    assert spec["openapi"] == "3.1.0"
    assert "/api/v1/rounds/{slug}/results/{kind}/{node_id}" in spec["paths"]
    problem = spec["paths"]["/api/v1/units"]["get"]["responses"]["401"]["content"]
    assert list(problem) == ["application/problem+json"]


@pytest.mark.parametrize(
    "header",
    [None, "Bearer", "Bearer nope", "Bearer samla_" + "x" * 43, "Token samla_abc", "Basic eDp5"],
)
def test_no_valid_token_is_401_as_problem_details(demo_org, header):
    headers = {"Authorization": header} if header else {}
    response = Client().get("/api/v1/me", headers=headers)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"].startswith("Bearer")
    body = response.json()
    assert body["status"] == 401 and body["title"] and "Bearer" in body["detail"]


def test_a_token_acts_as_its_person_and_is_stored_only_hashed(api_as):
    rektor = Person.objects.get(username="rektor")
    row, token = tokens.create_token(rektor, "Dashboard", 90)
    response = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.json()["username"] == "rektor"
    stored = ApiToken.objects.get(pk=row.pk)
    assert token not in json.dumps(
        {f.name: str(getattr(stored, f.attname)) for f in ApiToken._meta.fields}
    )
    assert stored.prefix == token[: tokens.SHOWN] and stored.last_used_on is not None


def test_revoked_expired_and_deactivated_tokens_stop_at_once(api_as):
    rektor = Person.objects.get(username="rektor")
    row, token = tokens.create_token(rektor, "A", 30)
    headers = {"Authorization": f"Bearer {token}"}
    assert Client().get("/api/v1/me", headers=headers).status_code == 200
    assert tokens.revoke_token(rektor, row.pk)
    assert Client().get("/api/v1/me", headers=headers).status_code == 401

    row, token = tokens.create_token(rektor, "B", 30)
    headers = {"Authorization": f"Bearer {token}"}
    ApiToken.objects.filter(pk=row.pk).update(expires_at=row.created_at)
    assert Client().get("/api/v1/me", headers=headers).status_code == 401

    row, token = tokens.create_token(rektor, "C", 30)
    headers = {"Authorization": f"Bearer {token}"}
    Person.objects.filter(pk=rektor.pk).update(is_active=False)
    assert Client().get("/api/v1/me", headers=headers).status_code == 401


def test_a_person_cannot_revoke_another_persons_token(api_as):
    row, _token = tokens.create_token(Person.objects.get(username="rektor"), "A", 30)
    assert not tokens.revoke_token(Person.objects.get(username="admin"), row.pk)
    assert ApiToken.objects.get(pk=row.pk).revoked_at is None


def test_lists_come_in_pages_with_a_next_link(api_as):
    api = api_as("admin")
    first = api.get("/units", page_size=5)
    assert first.status_code == 200
    body = first.json()
    assert body["count"] > 5 and len(body["items"]) == 5 and body["page"] == 1
    assert body["pages"] == -(-body["count"] // 5)
    following = api.client.get(body["next"], headers=api.headers).json()
    assert following["page"] == 2
    assert not {u["id"] for u in body["items"]} & {u["id"] for u in following["items"]}
    last = api.get("/units", page_size=5, page=body["pages"]).json()
    assert last["next"] is None and last["items"]
    past = api.get("/units", page_size=5, page=body["pages"] + 1).json()
    assert past["items"] == []


@pytest.mark.parametrize(
    "params",
    [{"page": 0}, {"page_size": 501}, {"page": "x"}, {"owner": 2**40}, {"programme": "a\x00b"}],
)
def test_bad_parameters_are_422_problems_that_name_the_parameter(api_as, params):
    response = api_as("admin").get("/units", **params)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"]


def test_unknown_objects_are_404_problems(api_as):
    api = api_as("admin")
    for path in ("/units/2147483647", "/programmes/finnes-ikke", "/rounds/finnes-ikke/results"):
        response = api.get(path)
        assert response.status_code == 404, path
        assert response.json()["type"].endswith("/not-found")


@pytest.fixture
def _still_clock(monkeypatch):
    """No window of the rate or of the wrong-token budget turns over in the middle of a
    test: on a slow run the 21st wrong token once came in the next ten-minute window and was
    answered 401, not 429."""
    from samla.core import throttle

    monkeypatch.setattr(throttle, "clock", lambda: 1_800_000_030.0)


@pytest.mark.usefixtures("_still_clock")
@override_settings(SAMLA_API_RATE=3)
def test_calls_past_the_rate_are_429_with_retry_after(api_as):
    api = api_as("rektor")
    assert [api.get("/me").status_code for _ in range(3)] == [200, 200, 200]
    refused = api.get("/me")
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/problem+json"
    assert 1 <= int(refused["Retry-After"]) <= 60
    # Another person's budget is their own.
    assert api_as("admin").get("/me").status_code == 200


@pytest.mark.usefixtures("_still_clock")
def test_guessing_tokens_from_one_address_is_stopped(api_as):
    guesses = [
        Client().get("/api/v1/me", headers={"Authorization": f"Bearer samla_{n:043d}"})
        for n in range(21)
    ]
    assert [r.status_code for r in guesses[:20]] == [401] * 20
    assert guesses[20].status_code == 429
    # The right token from the same address is refused too while the budget is spent.
    assert api_as("rektor").get("/me").status_code == 429
