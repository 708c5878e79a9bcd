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


def test_the_units_are_paged(demo_org, monkeypatch):
    from samla.portal.views import results

    monkeypatch.setattr(results, "UNITS_PER_PAGE", 1)
    round = demo_org.results_round()
    url = reverse("portal:round_results", kwargs={"slug": round.slug})
    names = sorted(u.name for u in round.units.all())
    assert len(names) == 2
    _count, first = _queries(url)
    _count, second = _queries(url + "?side=2")
    assert 'href="?side=2"' in first and 'rel="next"' in first
    assert 'rel="prev"' in second
    assert names[0] in first and names[0] not in second
    assert names[1] in second and names[1] not in first
    # The owners above are on every page.
    assert demo_org.school.owner.name in first and demo_org.school.owner.name in second
