"""A region's municipalities, kept by the programme administrator in Samla's own pages:
saved from what was written, wrong numbers and numbers of another region refused with
what to do, and an imported owner placed by them."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from samla.org.models import Region
from tests.conftest import client_for


def _url(region: Region) -> str:
    return reverse(
        "portal:directory_region", kwargs={"slug": region.programme.slug, "pk": region.pk}
    )


def test_the_administrator_sets_the_municipalities_of_a_region(demo_org):
    region = demo_org.school_programme.regions.get(short_name="HR")
    admin = client_for("admin")

    page = admin.get(_url(region))
    assert page.status_code == 200
    assert " ".join(region.municipality_numbers) in page.content.decode()

    saved = admin.post(_url(region), {"numbers": "3413, 3403\n3412 3411 3403"})

    assert saved.status_code == 302
    region.refresh_from_db()
    assert region.municipality_numbers == ["3403", "3411", "3412", "3413"]
    listing = admin.get(
        reverse("portal:directory_regions", kwargs={"slug": region.programme.slug})
    ).content.decode()
    assert "3403 3411 3412 3413" in listing


def test_wrong_numbers_and_another_regions_numbers_are_refused_and_nothing_changes(demo_org):
    region = demo_org.school_programme.regions.get(short_name="HR")
    other = (
        demo_org.school_programme.regions.exclude(pk=region.pk)
        .exclude(municipality_numbers=[])
        .first()
    )
    before = list(region.municipality_numbers)
    admin = client_for("admin")
    admin.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    wrong = admin.post(_url(region), {"numbers": "3403 34O5 12345"})
    taken = admin.post(_url(region), {"numbers": f"3403 {other.municipality_numbers[0]}"})

    assert wrong.status_code == 400
    assert "12345, 34O5: a municipality number has four digits" in wrong.content.decode()
    assert taken.status_code == 400
    assert f"already belong to {other.name}" in taken.content.decode()
    region.refresh_from_db()
    assert region.municipality_numbers == before


def test_only_the_administrator_may_change_a_region(demo_org):
    region = demo_org.school_programme.regions.get(short_name="HR")
    before = list(region.municipality_numbers)

    for username in ("eier", "rektor", "region"):
        answer = client_for(username).post(_url(region), {"numbers": "0301"})
        assert answer.status_code == 404

    region.refresh_from_db()
    assert region.municipality_numbers == before
