"""The organisation's long lists at a country's size: the programme page lists owners with
their numbers of units and opens one owner's units; the units page comes in pages of 50
with a search; the home page lists what is the person's own. None of them grows in
queries with the number of units."""

from __future__ import annotations

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samla.org.models import Enrolment, Unit, UnitKind
from tests.conftest import client_for


def _get(username: str, url: str, params=None) -> tuple[int, str]:
    client = client_for(username)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured), response.content.decode()


def _more_units(org, count: int, name: str = "Nyskolen") -> list[Unit]:
    owner = org.school.owner
    units = Unit.objects.bulk_create(
        Unit(name=f"{name} {n:03d}", kind=UnitKind.PRIMARY, owner=owner) for n in range(count)
    )
    Enrolment.objects.bulk_create(Enrolment(unit=u, programme=org.school_programme) for u in units)
    return units


def test_the_programme_page_counts_units_per_owner_and_opens_one(demo_org):
    url = reverse("portal:programme", kwargs={"slug": demo_org.school_programme.slug})
    owner = demo_org.school.owner
    before, page = _get("eier", url)
    assert demo_org.school.name not in page  # no owner opened: no unit listed
    counted = rf"{owner.name}</a>\s*<span class=\"muted\">\((\d+) enheter?\)"
    count = int(re.search(counted, page)[1])
    _more_units(demo_org, 120)
    after, page = _get("eier", url)
    assert after == before
    assert int(re.search(counted, page)[1]) == count + 120
    _count, opened = _get("eier", url, {"eier": owner.pk})
    assert opened.count("<li>") >= count + 120 and "Nyskolen 119" in opened
    # The owner opens their own units; a coordinator elsewhere sees the names only.
    assert f'href="/enheter/{demo_org.school.pk}/"' in opened
    _q, elsewhere = _get("region", url, {"eier": demo_org.unit_in("Trysil").owner_id})
    assert f'href="/enheter/{demo_org.unit_in("Trysil").pk}/"' not in elsewhere
    assert demo_org.unit_in("Trysil").name in elsewhere


def test_the_units_page_is_paged_and_searchable(demo_org):
    url = reverse("portal:units")
    first_queries, first = _get("admin", url)
    _more_units(demo_org, 120)
    more_queries, first = _get("admin", url)
    assert more_queries == first_queries
    rows = re.findall(r'<tr><th scope="row"><a href="/enheter/', first)
    assert len(rows) == 50 and 'rel="next"' in first
    _q, found = _get("admin", url, {"sok": "nyskolen 11"})
    assert len(re.findall(r'<th scope="row"><a href="/enheter/', found)) == 10
    _q, none = _get("admin", url, {"sok": "<i>zz</i>"})
    assert "&lt;i&gt;zz&lt;/i&gt;" in none


def test_the_home_page_lists_an_owners_first_units_and_links_the_rest(demo_org):
    url = reverse("portal:home")
    _more_units(demo_org, 25, "Eldre skole")  # more than the 20 shown: the rest are counted
    before, _page = _get("eier", url)
    _more_units(demo_org, 60)
    after, page = _get("eier", url)
    assert after == before
    section = page[page.index('id="owned-heading"') :]
    section = section[: section.index("</section>")]
    assert len(re.findall(r'<th scope="row">', section)) == 20
    assert re.search(r"Alle \d+ enheter", section)
    admin_queries, _admin = _get("admin", url)
    assert admin_queries <= after + 10  # an administrator's units are not loaded here
