"""An administrator may open every class of a round: the set is read as far as a page asks,
never all of it for a page about one region, owner or unit."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samla.org.models import Group, Person
from samla.results.access import RoundClasses, result_nodes
from tests.conftest import client_for


def test_the_classes_are_asked_about_one_unit_at_a_time(demo_org):
    round = demo_org.results_round()
    round_units = set(round.units.values_list("pk", flat=True))
    nodes = result_nodes(Person.objects.get(username="admin"), round)
    classes = nodes["group"]
    assert isinstance(classes, RoundClasses)
    inside = Group.objects.filter(unit=demo_org.school).first()
    outside = Group.objects.exclude(unit_id__in=round_units).first()
    with CaptureQueriesContext(connection) as first:
        assert inside.pk in classes
    assert len(first) == 2  # the class's unit, then that unit's classes
    sibling = Group.objects.filter(unit=demo_org.school).exclude(pk=inside.pk).first()
    with CaptureQueriesContext(connection) as second:
        assert sibling.pk in classes
    assert len(second) == 0
    assert outside.pk not in classes and "x" not in classes and True not in classes
    every = set(Group.objects.filter(unit_id__in=round_units).values_list("pk", flat=True))
    assert set(classes) == every and len(classes) == len(every) and classes


def test_an_owner_page_reads_no_class_and_a_unit_page_only_its_own(demo_org):
    round = demo_org.results_round()
    client = client_for("admin")
    owner_url = reverse(
        "portal:node_results",
        kwargs={"slug": round.slug, "kind": "owner", "pk": demo_org.school.owner_id},
    )
    with CaptureQueriesContext(connection) as captured:
        assert client.get(owner_url).status_code == 200
    assert not [q for q in captured if 'FROM "org_group"' in q["sql"]]
    unit_url = reverse(
        "portal:node_results", kwargs={"slug": round.slug, "kind": "unit", "pk": demo_org.school.pk}
    )
    with CaptureQueriesContext(connection) as captured:
        page = client.get(unit_url).content.decode()
    reads = [q["sql"] for q in captured if 'FROM "org_group"' in q["sql"]]
    assert reads and all("IN (" not in sql or str(demo_org.school.pk) in sql for sql in reads)
    for group in Group.objects.filter(unit=demo_org.school, grade=6):
        assert group.name in page
