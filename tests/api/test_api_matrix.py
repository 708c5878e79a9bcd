"""Every API operation as every demo role, with the role's own token, and without one."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from samla.org import tokens
from samla.org.models import Person
from tests.api.matrix import CASES, OPEN, ApiCase
from tests.role_matrix_support import ROLES
from tests.test_role_matrix import _all_url_names, _state


def _token_headers() -> dict[str | None, dict]:
    headers: dict[str | None, dict] = {None: {}}
    for role in ROLES[1:]:
        _row, token = tokens.create_token(Person.objects.get(username=role), "matrix", 30)
        headers[role] = {"Authorization": f"Bearer {token}"}
    return headers


def test_every_api_operation_is_in_the_matrix():
    covered = {case.url_name for case in CASES} | OPEN
    missing = {n for n in _all_url_names() if n.startswith("api:")} - covered
    assert missing == set(), f"API operations with no decision on who may call them: {missing}"


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.url_name}[{c.label}]")
def test_api_role_matrix(demo_org, case: ApiCase):
    url = reverse(case.url_name, kwargs=case.kwargs(demo_org))
    headers = _token_headers()
    before = _state()
    got = {role: Client().get(url, headers=headers[role]).status_code for role in ROLES}
    assert got == case.expected
    assert _state() == before, "a GET changed data"


def test_the_description_and_root_are_open(db):
    assert Client().get(reverse("api:openapi-json")).status_code == 200
    response = Client().get("/api/v1/")
    assert response.status_code == 302 and response["Location"] == "/api/v1/openapi.json"
