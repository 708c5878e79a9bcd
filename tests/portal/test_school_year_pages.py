"""The new school year page: a preview per unit, a confirmation that rolls the year, no
page for anyone but the programme's administrators, and no roll without a CSRF token."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samla.core.time import school_year_of, school_year_text
from samla.org.models import ChangeAction, Group, OrgChange
from tests.conftest import client_for


def next_year() -> int:
    return int(school_year_of(timezone.localdate())[:4]) + 1


def page_url(org) -> str:
    return reverse("portal:school_year", kwargs={"slug": org.school_programme.slug})


def snapshot() -> tuple:
    return (
        sorted(Group.objects.values_list("pk", "name", "closed_on")),
        OrgChange.objects.count(),
    )


def test_the_preview_shows_each_unit_and_changes_nothing(demo_org):
    before = snapshot()
    response = client_for("admin").get(page_url(demo_org))
    text = response.content.decode()
    assert response.status_code == 200
    assert demo_org.school.name in text
    assert "6A → 7A" in text
    assert school_year_text(next_year()) in text
    assert reverse("portal:unit_learning", kwargs={"pk": demo_org.school.pk}) in text
    plan = response.context["plan"]
    school = next(u for u in plan.units if u.unit_id == demo_org.school.pk)
    assert [s.name for s in school.leaving] == ["7A", "7B"]
    assert response.context["moving"] == plan.count("moving") > 0
    assert snapshot() == before


def test_the_kindergarten_preview_keeps_its_departments(demo_org):
    url = reverse("portal:school_year", kwargs={"slug": demo_org.kindergarten_programme.slug})
    response = client_for("admin").get(url)
    assert response.status_code == 200
    assert response.context["plan"].nothing_to_do
    assert demo_org.kindergarten.groups.first().name in response.content.decode()
    assert 'name="confirm"' not in response.content.decode()


def test_confirming_rolls_the_year_once(demo_org):
    admin = client_for("admin")
    data = {"to_year": next_year(), "confirm": "on"}
    response = admin.post(page_url(demo_org), data, follow=True)
    assert response.status_code == 200
    assert "7A" in dict(demo_org.school.groups.open().values_list("name", "grade"))
    assert not demo_org.school.groups.open().filter(name="1A").exists()
    assert Group.objects.filter(unit=demo_org.school, closed_on__isnull=False).count() == 14
    change = OrgChange.objects.get(action=ChangeAction.SCHOOL_YEAR, place=demo_org.school.name)
    assert change.actor == demo_org.user("admin")
    assert response.context["plan"].nothing_to_do
    after = snapshot()
    admin.post(page_url(demo_org), data)
    assert snapshot() == after


def test_without_the_tick_nothing_is_rolled_and_the_form_says_why(demo_org):
    before = snapshot()
    response = client_for("admin").post(page_url(demo_org), {"to_year": next_year()})
    assert response.status_code == 200
    assert "Kryss av" in response.content.decode() or "Tick the box" in response.content.decode()
    assert snapshot() == before


def test_others_do_not_find_the_page_and_change_nothing(demo_org):
    before = snapshot()
    for username in ("rektor", "eier", "forsker", "styrer"):
        client = client_for(username)
        assert client.get(page_url(demo_org)).status_code == 404
        data = {"to_year": next_year(), "confirm": "on"}
        assert client.post(page_url(demo_org), data).status_code == 404
    assert snapshot() == before


def test_a_post_without_a_csrf_token_is_refused(demo_org):
    before = snapshot()
    client = Client(enforce_csrf_checks=True)
    client.force_login(demo_org.user("admin"))
    response = client.post(page_url(demo_org), {"to_year": next_year(), "confirm": "on"})
    assert response.status_code == 403
    assert snapshot() == before


def test_the_units_are_paged_and_the_totals_count_them_all(demo_org, monkeypatch):
    from samla.portal.views import school_year

    monkeypatch.setattr(school_year, "UNITS_PER_PAGE", 2)
    admin = client_for("admin")
    first = admin.get(page_url(demo_org), {"aar": next_year()})
    page = first.context["page"]
    assert page.paginator.num_pages > 1
    assert len(page.object_list) == 2
    text = first.content.decode()
    assert f"?aar={next_year()}&amp;side=2" in text
    assert 'rel="next"' in text
    second = admin.get(page_url(demo_org), {"aar": next_year(), "side": 2})
    assert {u.unit_id for u in second.context["page"].object_list}.isdisjoint(
        u.unit_id for u in page.object_list
    )
    # The totals above the table count every unit, whichever page is shown.
    assert (
        second.context["moving"] == first.context["moving"] == first.context["plan"].count("moving")
    )
    assert admin.get(page_url(demo_org), {"side": "x"}).status_code == 200
