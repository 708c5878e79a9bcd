"""The programme plan lists, under a learning caravan, the analyses presented there; the
title links to the analysis only for those who may open it."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samla.analysis import services
from samla.plans import services as plan_services
from samla.plans.services import ActivityInput
from tests.conftest import client_for


@pytest.fixture
def caravan(demo_org):
    """A learning caravan in the school programme's plan 2026/2027."""
    return plan_services.add_activity(
        demo_org.plan(),
        ActivityInput(title="Læringskaravane: analyser deles", term="spring", when_text="Mars"),
    )


def _plan_page(demo_org, username: str, **headers):
    client = client_for(username)
    client.cookies["samla_language"] = "en"
    return client.get(reverse("portal:plan", kwargs=demo_org.plan_kwargs()), **headers)


def _row(html: str, activity) -> str:
    """The plan table's row of the activity."""
    start = html.index(f'<tr id="activity-{activity.pk}"')
    return html[start : html.index("</tr>", start)]


def test_the_caravan_lists_the_analysis_with_a_link_for_the_unit(demo_org, caravan):
    analysis = demo_org.analysis()
    services.link_caravan(analysis, demo_org.user("rektor"), caravan.pk)

    response = _plan_page(demo_org, "rektor")

    assert response.status_code == 200
    row = _row(response.content.decode(), caravan)
    link = reverse("portal:analysis", args=[analysis.pk])
    assert "Analyses presented:" in row
    assert f'{demo_org.school.name} – <a href="{link}">Trivsel på mellomtrinnet</a>' in row
    other = demo_org.plan_activity()
    assert "Analyses presented:" not in _row(response.content.decode(), other)


def test_the_htmx_table_lists_it_too(demo_org, caravan):
    analysis = demo_org.analysis()
    services.link_caravan(analysis, demo_org.user("rektor"), caravan.pk)

    response = _plan_page(demo_org, "ppt", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="plan-body")

    link = reverse("portal:analysis", args=[analysis.pk])
    assert f'<a href="{link}">Trivsel på mellomtrinnet</a>' in _row(
        response.content.decode(), caravan
    )


def test_the_owner_sees_the_title_and_gets_the_link_only_while_shared(demo_org, caravan):
    analysis = demo_org.analysis()
    rektor = demo_org.user("rektor")
    services.link_caravan(analysis, rektor, caravan.pk)
    link = reverse("portal:analysis", args=[analysis.pk])

    unshared = _row(_plan_page(demo_org, "eier").content.decode(), caravan)
    services.share_with_owner(analysis, rektor)
    shared = _row(_plan_page(demo_org, "eier").content.decode(), caravan)

    assert f"{demo_org.school.name} – Trivsel på mellomtrinnet" in unshared
    assert link not in unshared
    assert f'<a href="{link}">Trivsel på mellomtrinnet</a>' in shared


def test_a_reader_outside_the_unit_sees_no_link(demo_org, caravan):
    analysis = demo_org.analysis()
    services.link_caravan(analysis, demo_org.user("rektor"), caravan.pk)

    response = _plan_page(demo_org, "admin")

    row = _row(response.content.decode(), caravan)
    assert f"{demo_org.school.name} – Trivsel på mellomtrinnet" in row
    assert reverse("portal:analysis", args=[analysis.pk]) not in row


def _count(demo_org, username: str) -> int:
    client = client_for(username)
    url = reverse("portal:plan", kwargs=demo_org.plan_kwargs())
    client.get(url)  # warm sessions and caches
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("username", ["rektor", "eier"])
def test_the_plan_page_reads_as_many_queries_for_one_presentation_as_for_three(
    demo_org, caravan, username
):
    rektor = demo_org.user("rektor")
    second = plan_services.add_activity(
        demo_org.plan(),
        ActivityInput(title="Læringskaravane 2", term="spring", when_text="Mai"),
    )
    services.link_caravan(demo_org.analysis("Analyse 1"), rektor, caravan.pk)
    with_one = _count(demo_org, username)

    services.link_caravan(demo_org.analysis("Analyse 2"), rektor, caravan.pk)
    shared = demo_org.analysis("Analyse 3")
    services.share_with_owner(shared, rektor)
    services.link_caravan(shared, rektor, second.pk)
    with_three = _count(demo_org, username)

    assert with_three == with_one
