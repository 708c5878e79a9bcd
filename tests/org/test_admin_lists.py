"""The Django admin's lists and forms read the database a fixed number of times, however
many rows they show; lists too long to count are paged without counting."""

from __future__ import annotations

from datetime import timedelta
from itertools import count

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samla.org.models import (
    Membership,
    Owner,
    OwnerKind,
    Person,
    Programme,
    Region,
    RegionOwner,
    Role,
    Unit,
    UnitKind,
)
from samla.surveys.models import InstrumentVersion, Round, RoundInstrument
from tests.conftest import client_for

serial = count(1)


@pytest.fixture
def fresh(demo_org):
    """A programme of its own and its administrator, so that a list shows the rows a test
    adds and not the demo's hundreds."""
    programme = Programme.objects.create(name="Tomt program", slug="tomt", level="vgs")
    person = Person.objects.create(username="tomadmin")
    Membership.objects.create(person=person, role=Role.PROGRAMME_ADMIN, programme=programme)
    return programme


def _owner() -> Owner:
    return Owner.objects.create(name=f"Eier {next(serial)}", kind=OwnerKind.MUNICIPALITY)


def _unit(programme) -> Unit:
    unit = Unit.objects.create(name=f"Skole {next(serial)}", kind=UnitKind.PRIMARY, owner=_owner())
    unit.programmes.add(programme)
    return unit


def _programme(programme) -> Programme:
    number = next(serial)
    new = Programme.objects.create(name=f"Program {number}", slug=f"p{number}", level="vgs")
    admin = Membership.objects.get(role=Role.PROGRAMME_ADMIN, programme=programme).person
    Membership.objects.create(person=admin, role=Role.PROGRAMME_ADMIN, programme=new)
    return new


def _region(programme) -> Region:
    number = next(serial)
    return Region.objects.create(
        programme=programme, name=f"Region {number}", short_name=f"R{number}"
    )


def _membership(programme) -> Membership:
    person = Person.objects.create(username=f"ansatt{next(serial)}")
    return Membership.objects.create(person=person, role=Role.STAFF, unit=_unit(programme))


def _round(programme) -> Round:
    number = next(serial)
    now = timezone.now()
    return Round.objects.create(
        programme=programme,
        name=f"T{number}",
        slug=f"t{number}",
        opens_at=now,
        closes_at=now + timedelta(days=7),
    )


def _instrument_version(programme=None) -> InstrumentVersion:
    number = next(serial)
    return InstrumentVersion.objects.create(
        form_id=f"skjema{number}",
        version="1",
        content_hash=f"{number:064d}",
        respondent_group="teacher",
        definition={},
        source=b"",
    )


# One row more in the administrator's scope, for every model the admin lists.
NEW_ROW = {
    Programme: _programme,
    Region: _region,
    Owner: lambda programme: _unit(programme).owner,
    Unit: _unit,
    Person: lambda programme: _membership(programme).person,
    Membership: _membership,
    Round: _round,
    InstrumentVersion: _instrument_version,
}


def _read(client, url: str) -> tuple[int, int]:
    """How many queries the page made, and how many rows it listed."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), len(response.context["cl"].result_list)


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _ours(model) -> bool:
    return model._meta.app_label in {"org", "surveys"}


def test_every_list_of_ours_has_rows_to_add():
    assert {model for model in admin.site._registry if _ours(model)} == set(NEW_ROW)


@pytest.mark.parametrize("model", list(NEW_ROW), ids=lambda model: model._meta.model_name)
def test_list_reads_the_same_with_1_or_30_rows(fresh, model):
    client = client_for("tomadmin")
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    NEW_ROW[model](fresh)
    client.get(url)  # the first request of a session reads a little more
    queries, rows = _read(client, url)
    for _ in range(29):
        NEW_ROW[model](fresh)
    assert _read(client, url) == (queries, rows + 29)


def test_inline_rows_read_their_options_once(fresh):
    client = client_for("tomadmin")
    region = _region(fresh)
    RegionOwner.objects.create(region=region, owner=_owner())
    url = reverse("admin:org_region_change", args=[region.pk])
    client.get(url)
    before = _queries(client, url)
    for _ in range(15):
        RegionOwner.objects.create(region=region, owner=_owner())
    assert _queries(client, url) == before

    round = _round(fresh)
    url = reverse("admin:surveys_round_change", args=[round.pk])
    RoundInstrument.objects.create(
        round=round, respondent_group="teacher", version=_instrument_version()
    )
    client.get(url)
    before = _queries(client, url)
    for group in ("guardian", "assistant", "school_leader"):
        RoundInstrument.objects.create(
            round=round, respondent_group=group, version=_instrument_version()
        )
    assert _queries(client, url) == before


def test_a_list_too_long_to_count_is_paged_without_counting(demo_org, settings):
    settings.SAMLA_ADMIN_COUNTED_ROWS = -1  # every table counts as too long
    Person.objects.bulk_create(Person(username=f"mange{n:03}") for n in range(120))
    scope = admin.site._registry[Person].scope(demo_org.user("admin"), Person)
    client = client_for("admin")
    url = reverse("admin:org_person_changelist")
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        first = client.get(url)
    # No count of the list; the size of the whole table is a cheap estimate or count.
    assert not [q for q in queries if "COUNT(" in q["sql"] and "WHERE" in q["sql"]]
    pages = [q["sql"] for q in queries if 'ORDER BY "org_person"."last_name"' in q["sql"]]
    assert len(pages) == 1 and pages[0].endswith("LIMIT 101")  # the page and one more row
    cl = first.context["cl"]
    assert cl.paginator.uncounted and not cl.can_show_all
    assert len(cl.result_list) == 100
    assert f"{cl.paginator.shown_up_to} {Person._meta.verbose_name_plural}" in first.text
    total = scope.count()
    pages = -(-total // 100)
    last = client.get(f"{url}?p={pages}").context["cl"]
    assert not last.paginator.uncounted
    assert last.result_count == total > 120
    assert f"{total} {Person._meta.verbose_name_plural}" in client.get(f"{url}?p={pages}").text
    # No such page: the admin's answer.
    assert client.get(f"{url}?p={pages + 1}").status_code == 302
