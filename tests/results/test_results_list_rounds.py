"""The results list asks who sees what for every round at once: the same rounds as asking
``result_nodes`` round by round, for every role, in a number of queries that does not grow
with the rounds."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samla.results.access import result_nodes, rounds_with_results_for
from samla.results.queries import has_results
from samla.surveys import access as survey_access
from samla.surveys.models import Round
from tests.conftest import client_for
from tests.role_matrix_support import LOGGED_IN


def _one_by_one(user) -> list[Round]:
    return [
        round
        for round in survey_access.rounds_for(user).select_related("programme")
        if has_results(round) and any(result_nodes(user, round).values())
    ]


@pytest.mark.parametrize("released", [True, False])
@pytest.mark.parametrize("role", LOGGED_IN)
def test_the_same_rounds_as_asked_round_by_round(demo_org, role, released):
    built = demo_org.results_round()
    demo_org.survey_round()
    if not released:  # built, not yet released: administrators and researchers only
        Round.objects.filter(pk=built.pk).update(results_released_at=None)
    user = demo_org.user(role)
    rounds = survey_access.rounds_for(user).select_related("programme")
    assert rounds_with_results_for(user, rounds) == _one_by_one(user)


def test_the_list_reads_the_same_queries_for_more_rounds(demo_org):
    round = demo_org.results_round()
    client = client_for("admin")
    url = reverse("portal:results")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert round.name in client.get(url).content.decode()
    for number in range(3):
        copy = Round.objects.get(pk=round.pk)
        copy.pk = None
        copy.slug = f"kopi-{number}"
        copy.opens_at = timezone.now() - timedelta(days=90 + number)
        copy.save()
        copy.units.set(round.units.all())
    with CaptureQueriesContext(connection) as more:
        client.get(url)
    assert len(more) == len(one)
