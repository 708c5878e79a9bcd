import pytest
from django.test import Client

from samla.org import tokens
from samla.org.models import Person


class ApiClient:
    """Calls the API as a person, with a real token made through the token service."""

    def __init__(self, username: str | None):
        self.client = Client()
        self.headers = {}
        if username:
            _row, token = tokens.create_token(Person.objects.get(username=username), "test", 30)
            self.headers = {"Authorization": f"Bearer {token}"}

    def get(self, path: str, **params):
        return self.client.get(f"/api/v1{path}", params, headers=self.headers)


@pytest.fixture
def api_as(demo_org):
    return ApiClient
