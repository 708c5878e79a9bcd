"""Issue 22: choosing a round's units — all, none, a region's or an owner's units, and a
filter by name — works by posting the form (no JavaScript): each button brings the page
back with the choice changed and saves nothing; Save keeps the choice, the units hidden by
the filter included."""

# ruff: noqa: F811 (pytest fixtures imported from the surveys tests)

from __future__ import annotations

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samla.org.models import Owner, Region, Unit
from tests.conftest import client_for
from tests.surveys.test_issue22_round_fit import school_round  # noqa: F401


def _admin():
    admin = client_for("admin")
    admin.cookies["samla_language"] = "en"
    return admin


def _url(round) -> str:
    return reverse("portal:round_units", kwargs={"slug": round.slug})


def _checked(page: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'name="units" value="(\d+)" checked', page)}


def _shown(page: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'type="checkbox" name="units" value="(\d+)"', page)}


def _programme_units(programme, **filters) -> set[int]:
    return set(
        Unit.objects.filter(enrolment__programme=programme, **filters).values_list("pk", flat=True)
    )


def test_the_page_groups_units_by_region_and_owner_with_a_button_for_each(school_round, demo_org):
    page = _admin().get(_url(school_round)).content.decode()

    programme = demo_org.school_programme
    assert _shown(page) == _programme_units(programme)
    for region in Region.objects.filter(programme=programme):
        assert f"<legend>{region.name}</legend>" in page
        assert f'value="region-{region.pk}"' in page and f"Choose all in {region.name}<" in page
    hamar = Owner.objects.get(name="Hamar kommune")
    assert (
        f'<fieldset class="field field--choices round-units__owner" id="owner-{hamar.pk}"' in page
    )
    assert "Choose all in Hamar kommune<" in page
    assert "Chosen: <span data-chosen-count>0</span> of 66 units." in page


def test_choosing_a_region_then_an_owner_adds_to_the_choice_and_saves_nothing(
    school_round, demo_org
):
    programme = demo_org.school_programme
    region = Region.objects.get(programme=programme, name="Hamarregionen")
    trysil = Owner.objects.get(name="Trysil kommune")
    admin = _admin()

    first = admin.post(_url(school_round), {"action": f"region-{region.pk}"}).content.decode()
    in_region = _programme_units(programme, owner__regionowner__region=region)
    assert _checked(first) == in_region
    assert "Not saved yet: press Save to keep the choice." in first
    assert f"Chosen: <span data-chosen-count>{len(in_region)}</span> of 66 units." in first

    second = admin.post(
        _url(school_round), {"action": f"owner-{trysil.pk}", "units": sorted(in_region)}
    ).content.decode()
    assert _checked(second) == in_region | _programme_units(programme, owner=trysil)
    assert not school_round.units.exists()


def test_choose_all_then_none(school_round, demo_org):
    admin = _admin()
    every = _programme_units(demo_org.school_programme)

    page = admin.post(_url(school_round), {"action": "all"}).content.decode()
    assert _checked(page) == every

    page = admin.post(_url(school_round), {"action": "none", "units": sorted(every)})
    assert _checked(page.content.decode()) == set()
    assert not school_round.units.exists()


def test_the_name_filter_shows_matching_units_and_keeps_the_hidden_choice(school_round, demo_org):
    admin = _admin()
    programme = demo_org.school_programme
    matching = _programme_units(programme, name__icontains="ungdomsskole")
    other = demo_org.school  # Bjørkely skole: chosen, then hidden by the filter
    assert other.pk not in matching

    page = admin.post(
        _url(school_round), {"action": "filter", "navn": "Ungdomsskole", "units": [other.pk]}
    ).content.decode()
    assert _shown(page) == matching
    assert f'<input type="hidden" name="units" value="{other.pk}">' in page
    assert "1 chosen unit is not shown by the filter. It stays chosen." in page

    page = admin.post(
        _url(school_round),
        {"action": "all", "navn": "Ungdomsskole", "units": [other.pk]},
    ).content.decode()
    assert "Choose all shown" in page
    assert _checked(page) == matching

    response = admin.post(
        _url(school_round),
        {"action": "save", "navn": "Ungdomsskole", "units": [other.pk, *sorted(matching)]},
    )
    assert response.status_code == 302
    assert set(school_round.units.values_list("pk", flat=True)) == matching | {other.pk}


def test_the_filter_works_from_the_address_too(school_round, demo_org):
    page = _admin().get(_url(school_round) + "?navn=tunheim").content.decode()

    assert _shown(page) == _programme_units(demo_org.school_programme, name__icontains="tunheim")
    assert 'value="tunheim"' in page and "Show all units" in page


def test_a_filter_that_matches_nothing_says_so(school_round):
    page = _admin().get(_url(school_round) + "?navn=zzz").content.decode()

    assert _shown(page) == set()
    assert "No unit has that in its name." in page


def test_the_page_works_in_a_fixed_number_of_queries(school_round, demo_org):
    admin = _admin()

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert admin.get(_url(school_round)).status_code == 200
        return len(captured.captured_queries)

    school_round.units.set([demo_org.school])
    one = queries()
    school_round.units.set(
        list(Unit.objects.filter(enrolment__programme=demo_org.school_programme)[:3])
    )
    three = queries()
    assert one == three


def test_not_saved_is_said_only_when_the_choice_differs_from_the_round(school_round, demo_org):
    school_round.units.set([demo_org.school])
    admin = _admin()

    same = admin.post(
        _url(school_round), {"action": "filter", "navn": "skole", "units": [demo_org.school.pk]}
    ).content.decode()
    changed = admin.post(_url(school_round), {"action": "none", "units": [demo_org.school.pk]})

    assert "<span data-unsaved hidden>" in same
    assert "<span data-unsaved>" in changed.content.decode()
    assert list(school_round.units.all()) == [demo_org.school]
