"""The services' refusals are read in English here (the messages' own words); pages pick
their language per request as always."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield
