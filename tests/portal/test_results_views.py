"""Results pages, part two: a node's figures for one grade band (also as an htmx fragment),
the nodes under it side by side, and a staff group too small at a school counted in the
owner's figure."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from samla.org.models import Unit
from samla.results.build import build_round
from samla.results.queries import read_cells
from samla.surveys import services
from samla.surveys.models import Round, RoundInstrument
from samla.surveys.simulate import simulate_responses
from tests.conftest import client_for

LIBRARY = Path(settings.BASE_DIR) / "samla" / "surveys" / "library"


def node_url(round, kind, pk, **query):
    url = reverse("portal:node_results", kwargs={"slug": round.slug, "kind": kind, "pk": pk})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _released_round(demo_org, slug, forms, per_school):
    """A released round of the school programme at the demo school and two more schools of
    its owner; ``per_school`` respondents at each (a list: one number per school)."""
    now = timezone.now()
    round = Round.objects.create(
        programme=demo_org.school_programme, name=slug.upper(), slug=slug,
        opens_at=now - timedelta(days=30), closes_at=now + timedelta(days=1), published=True,
    )  # fmt: skip
    others = list(
        Unit.objects.filter(owner=demo_org.school.owner, kind=demo_org.school.kind)
        .exclude(pk=demo_org.school.pk)
        .order_by("pk")[:2]
    )
    schools = [demo_org.school, *others]
    round.units.add(*schools)
    for group, form in forms.items():
        version = services.publish_instrument((LIBRARY / form).read_bytes())
        RoundInstrument.objects.create(round=round, respondent_group=group, version=version)
    for number, (school, count) in enumerate(zip(schools, per_school, strict=True)):
        simulate_responses(round, count, seed=number, unit=school)
    Round.objects.filter(pk=round.pk).update(
        closes_at=now - timedelta(days=1), results_released_at=now
    )
    round.refresh_from_db()
    build_round(round)
    return round, schools


@pytest.fixture
def guardian_round(demo_org):
    return _released_round(demo_org, "t9-guardians", {"guardian": "foresatte_skole.xlsx"},
                           [160, 60, 60])  # fmt: skip


def _score(cell) -> str:
    return f"{cell.score500:.0f}"


def test_one_grade_band_beside_the_same_band_above(guardian_round):
    round, (school, *_others) = guardian_round
    cells = read_cells(round, [("unit", school.pk)], grade_band=None, kind="scale")
    bands = sorted({c.grade_band for c in cells if c.grade_band})
    assert len(bands) >= 2, "guardians of classes in more than one grade band"
    band = next(b for b in bands if any(c.grade_band == b and not c.suppressed for c in cells))
    shown = next(c for c in cells if c.grade_band == band and not c.suppressed)
    owner = next(
        c
        for c in read_cells(round, [("owner", school.owner_id)], grade_band=band, kind="scale")
        if c.scale == shown.scale
    )
    rektor = client_for("rektor")

    page = rektor.get(node_url(round, "unit", school.pk, trinn=band)).content.decode()

    assert f'<option value="{band}" selected>' in page
    assert f"n = {shown.n})" in page
    assert owner.suppressed or f"<strong>{_score(owner)}</strong>" in page
    assert f"Bare trinn {band}; sammenligningene gjelder de samme trinnene." in page
    assert "Svarprosent" not in page  # response rates are for all respondents
    everyone = rektor.get(node_url(round, "unit", school.pk, trinn="no-such-band")).content
    assert b"Svarprosent" in everyone and b" selected>" not in everyone
    fragment = rektor.get(node_url(round, "unit", school.pk, trinn=band), HTTP_HX_REQUEST="true")
    assert fragment.content.decode().startswith('<div id="node-figures">')
    assert b"<html" not in fragment.content


def test_the_nodes_below_side_by_side_only_those_one_may_open(guardian_round, demo_org):
    round, schools = guardian_round
    owner_page = client_for("eier").get(node_url(round, "owner", demo_org.school.owner_id))
    text = owner_page.content.decode()
    unit_cells = read_cells(round, [("unit", s.pk) for s in schools], kind="scale")
    for school in schools:
        assert f'href="{node_url(round, "unit", school.pk)}"' in text
    for cell in unit_cells:
        if not cell.suppressed:
            assert f"n = {cell.n})" in text
    # In alphabetical order, not by result.
    names = re.findall(r'<th scope="row"><a href="/resultater/[^"]+/unit/\d+/">([^<]+)</a>', text)
    assert names == sorted(names) and set(names) == {s.name for s in schools}

    unit_page = client_for("rektor").get(node_url(round, "unit", demo_org.school.pk))
    text = unit_page.content.decode()
    classes = demo_org.school.groups.values_list("pk", flat=True)
    class_cells = read_cells(round, [("group", pk) for pk in classes], kind="scale")
    assert class_cells
    for cell in class_cells:
        assert f'href="{node_url(round, "group", cell.node_id)}"' in text
    if any(cell.suppressed for cell in class_cells):
        assert "skjult av personvernhensyn" in text
    other = schools[1].groups.first()
    assert f'href="{node_url(round, "group", other.pk)}"' not in text


def test_a_small_staff_groups_hidden_figure_points_to_the_owners(demo_org):
    round, (school, *_others) = _released_round(
        demo_org, "t9-teachers", {"teacher": "laerer.xlsx"}, [4, 5, 12]
    )
    (mine,) = read_cells(round, [("unit", school.pk)], codes={"samarbeid"}, kind="scale")
    (theirs,) = read_cells(round, [("owner", school.owner_id)], codes={"samarbeid"})
    assert mine.suppressed and not theirs.suppressed
    rektor = client_for("rektor")
    rektor.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    page = rektor.get(node_url(round, "unit", school.pk)).content.decode()

    note = (
        "Fewer than 7 answered, or it could reveal another hidden figure. "
        f"Shown for {school.owner.name}."
    )
    assert page.count(note) == 6  # each of the teachers' six indices
