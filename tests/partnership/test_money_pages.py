"""The money pages: what each reader sees, the forms' refusals and warnings, removing a
line after the question, the closed year, and a constant number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samla.org.models import Owner
from samla.partnership.demo import base
from samla.partnership.demo import money as demo
from samla.partnership.models import (
    Allocation,
    ForumMember,
    Spending,
    SubmissionStatus,
    YearlyReport,
)
from tests.conftest import client_for


@pytest.fixture
def school(demo_org):
    base.build()
    demo.build()
    return demo_org.school_programme


def _client(username: str):
    client = client_for(username)
    client.cookies["samla_language"] = "en"
    return client


def _url(name: str, programme, owner: str | None = None, **kwargs) -> str:
    kwargs["slug"] = programme.slug
    if owner:
        kwargs |= {"year": 2026, "owner": Owner.objects.get(name=owner).pk}
    return reverse(f"portal:partnership_money{name}", kwargs=kwargs)


def test_the_owner_in_the_forum_sees_every_owners_totals_and_its_own_lines(school):
    page = _client("eier").get(_url("", school)).content.decode()
    assert "Stange kommune" in page
    assert _url("_ledger", school, "Hamar kommune") in page
    assert _url("_ledger", school, "Stange kommune") not in page


def test_a_forum_member_sees_every_owners_totals_but_no_lines(school):
    page = _client("tillitsvalgt").get(_url("", school) + "?ar=2026").content.decode()
    assert "Hamar kommune" in page and "Stange kommune" in page and "Per region" in page
    assert "Stange kommune: the own share is 40,000 kr short" in page
    assert _url("_ledger", school, "Hamar kommune") not in page


def test_an_owner_outside_the_forum_sees_its_own_only(school):
    ForumMember.objects.filter(person__username="eier").delete()
    page = _client("eier").get(_url("", school)).content.decode()
    assert "Hamar kommune" in page and "Stange kommune" not in page
    assert _url("_ledger", school, "Hamar kommune") in page
    assert "Per region" not in page


def test_the_admin_sees_every_owner_of_the_programme_to_set_grants(school):
    page = _client("admin").get(_url("", school) + "?ar=2026").content.decode()
    assert _url("_allocation", school, "Kongsvinger kommune") in page
    assert "Set the grant" in page


def test_the_owner_records_spending_and_is_warned(school):
    client = _client("eier")
    response = client.post(
        _url("_spending_new", school, "Stange kommune"),
        {"day": "2026-03-01", "category": "courses", "source": "grant", "amount": "100"},
    )
    assert response.status_code == 404  # not its own ledger
    response = client.post(
        _url("_spending_new", school, "Hamar kommune"),
        {"day": "2026-10-01", "category": "courses", "source": "grant", "amount": "900 000"},
        follow=True,
    )
    page = response.content.decode()
    assert "The spending is recorded." in page
    assert "92,500 kr more is spent from the state grant than was allocated." in page
    assert Spending.objects.filter(amount=900_000, allocation__owner__name="Hamar kommune").exists()


def test_a_coordinator_above_the_cap_is_shown_and_nothing_changes(school):
    before = list(Allocation.objects.values_list("state_grant", "coordinator").order_by("pk"))
    response = _client("admin").post(
        _url("_allocation", school, "Hamar kommune"),
        {"state_grant": "1 200 000", "coordinator": "130000"},
    )
    assert response.status_code == 200
    assert (
        "at most 10 % of the state grant: 120,000 kr of 1,200,000 kr" in response.content.decode()
    )
    after = list(Allocation.objects.values_list("state_grant", "coordinator").order_by("pk"))
    assert after == before


def test_an_amount_of_nothing_is_refused_by_the_form(school):
    count = Spending.objects.count()
    response = _client("eier").post(
        _url("_spending_new", school, "Hamar kommune"),
        {"day": "2026-03-01", "category": "courses", "source": "grant", "amount": "0"},
    )
    assert response.status_code == 200 and 'class="field-error"' in response.content.decode()
    assert Spending.objects.count() == count


def test_removing_a_line_asks_first(school):
    line = Spending.objects.filter(allocation__owner__name="Hamar kommune").first()
    client = _client("eier")
    url = _url("_spending_delete", school, pk=line.pk)
    asked = client.post(url)
    assert asked.status_code == 200 and "Yes, remove the spending" in asked.content.decode()
    assert Spending.objects.filter(pk=line.pk).exists()
    client.post(url, {"confirm": "yes"})
    assert not Spending.objects.filter(pk=line.pk).exists()


def test_a_closed_year_shows_no_forms_and_refuses(school):
    hamar = Owner.objects.get(name="Hamar kommune")
    YearlyReport.objects.create(
        programme=school, owner=hamar, year=2026, status=SubmissionStatus.SUBMITTED,
        submitted_at=timezone.now(),
    )  # fmt: skip
    client = _client("eier")
    ledger = client.get(_url("_ledger", school, "Hamar kommune")).content.decode()
    assert "this ledger is closed" in ledger
    assert _url("_spending_new", school, "Hamar kommune") not in ledger
    count = Spending.objects.count()
    response = client.post(
        _url("_spending_new", school, "Hamar kommune"),
        {"day": "2026-03-01", "category": "courses", "source": "grant", "amount": "100"},
    )
    assert "is submitted" in response.content.decode()
    assert Spending.objects.count() == count


@pytest.mark.parametrize("name", ["", "_ledger"])
def test_pages_take_the_same_number_of_queries_for_more_owners_and_lines(school, name):
    client = _client("admin")
    url = _url(name, school, "Hamar kommune" if name else None)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    before = count()
    kongsvinger = Owner.objects.get(name="Kongsvinger kommune")
    Allocation.objects.create(programme=school, owner=kongsvinger, year=2026, state_grant=5)
    hamar = Allocation.objects.get(owner__name="Hamar kommune")
    for line in Spending.objects.filter(allocation=hamar)[:3]:
        line.pk = None
        line.save()
    assert count() == before


def test_the_hub_shows_the_money_to_those_who_may_open_it(school):
    money = _url("", school)
    hub = reverse("portal:partnership", kwargs={"slug": school.slug})
    for username in ("admin", "statsforvalter", "eier", "tillitsvalgt"):
        assert money in _client(username).get(hub).content.decode(), username
    ForumMember.objects.filter(person__username="forsker").delete()  # a university contact only
    page = _client("forsker").get(hub)
    assert page.status_code == 200 and money not in page.content.decode()
    assert _client("forsker").get(money).status_code == 404
