"""The self-assessment's pages: only the unit leader's buttons act, refusals change
nothing, hidden results say why, and the list costs the same queries for 1 and 3."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samla.selfassessment import demo, services
from samla.selfassessment.models import Phase, SelfAssessment
from tests.conftest import client_for
from tests.selfassessment.support import planned, rating_open


def _action(pk: int) -> str:
    return reverse("portal:selfassessment_action", kwargs={"pk": pk})


def _english(username: str):
    client = client_for(username)
    client.cookies["samla_language"] = "en"
    return client


def test_only_the_unit_leader_moves_it_on_or_shares_it(demo_org):
    assessment = planned(demo_org)

    for name in ("gruppeleder", "laerer", "eier", "admin"):
        response = client_for(name).post(_action(assessment.pk), {"action": "move_on"})
        assert response.status_code == 404, name
    assessment.refresh_from_db()
    assert assessment.phase == Phase.PLAN

    response = client_for("rektor").post(_action(assessment.pk), {"action": "move_on"})
    assessment.refresh_from_db()
    assert (response.status_code, assessment.phase) == (302, Phase.FACTS)


def test_sharing_before_the_rating_has_closed_is_refused_with_a_message(demo_org):
    assessment = rating_open(demo_org, count=7)

    response = _english("rektor").post(_action(assessment.pk), {"action": "share"}, follow=True)

    assessment.refresh_from_db()
    assert assessment.shared_with_owner_at is None
    assert "Share the self-assessment once the rating has closed." in response.content.decode()


def test_hidden_results_say_how_many_must_answer(demo_org):
    assessment = rating_open(demo_org, count=7)
    services.move_on(assessment)

    page = _english("laerer").get(reverse("portal:selfassessment", kwargs={"pk": assessment.pk}))

    assert "Hidden: fewer than 7 answered." in page.content.decode()
    assert page.context["results"].blocks[0].statements == []


def test_the_owner_reads_the_shared_results_but_not_the_facts(demo_org):
    demo.build()
    assessment = SelfAssessment.objects.get(title=demo.TITLE)

    page = _english("eier").get(reverse("portal:selfassessment", kwargs={"pk": assessment.pk}))

    assert page.status_code == 200
    assert page.context["facts"] is None
    assert page.context["results"].shown is True
    assert demo.GOALS in page.content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_the_list_costs_the_same_queries_for_1_and_3(demo_org, count):
    for number in range(count):
        planned(demo_org, title=f"Ståsted {number}")
    client = client_for("rektor")
    client.get(reverse("portal:selfassessments"))  # warm the session

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("portal:selfassessments"))

    assert len(response.context["assessments"]) == count
    assert len(queries) == 9
