"""A round's results overview reads the names of the nodes a person may open level by
level: its query count does not grow with the number of units."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samla.org.models import Unit
from tests.conftest import client_for


def _queries(url: str) -> tuple[int, str]:
    client = client_for("admin")
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_the_overview_costs_the_same_with_more_units(demo_org):
    round = demo_org.results_round()
    url = reverse("portal:round_results", kwargs={"slug": round.slug})
    before, html = _queries(url)
    units = list(round.units.all())
    assert all(unit.name in html for unit in units)
    more = Unit.objects.filter(owner=demo_org.school.owner).exclude(pk__in=[u.pk for u in units])
    round.units.add(*more)
    after, html = _queries(url)
    assert more.count() >= 3 and all(unit.name in html for unit in more)
    assert after == before
