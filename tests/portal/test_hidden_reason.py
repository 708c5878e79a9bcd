""" "Why is this hidden?": a hidden figure of a page's own node says why in words beside it
and where the same figure is shown — a link to the nearest level above that the person
may open, its name otherwise. Screen readers hear "hidden", not a dash. The two reasons
(too few answered; it would reveal another hidden figure) are never told apart: a figure
hidden because few answered and one hidden to protect it read exactly the same."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from samla.results.build import build_round
from samla.results.queries import instruments_of, read_cells
from samla.surveys import services
from samla.surveys.models import Response, Round, RoundInstrument
from samla.surveys.simulate import simulate_responses
from tests.conftest import client_for
from tests.portal.test_results_views import LIBRARY, _released_round, node_url

REASON = "Fewer than 7 answered, or it could reveal another hidden figure."
NOTE = re.compile(r'<span class="muted hidden-reason">(.*?)</span>', re.S)
HIDDEN = (
    '<span class="hidden-figure"><span aria-hidden="true">–</span>'
    '<span class="visually-hidden">hidden for anonymity</span></span>'
)


def english(username: str):
    client = client_for(username)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def scale_url(round, kind, pk, group, scale):
    kwargs = {"slug": round.slug, "kind": kind, "pk": pk, "group": group, "scale": scale}
    return reverse("portal:scale_results", kwargs=kwargs)


@pytest.fixture
def teachers(demo_org):
    """Teachers at three schools of Hamar: 4 at the demo school (too few), 12 and 12 at
    the others. The owner's 28 are shown, so one of the twelves is hidden too: else the
    owner's figure minus it would give the four away."""
    round, schools = _released_round(demo_org, "t9-why", {"teacher": "laerer.xlsx"}, [4, 12, 12])
    counts = [Response.objects.filter(round=round, unit=s).count() for s in schools]
    assert counts == [4, 12, 12]
    hidden = {
        s.pk
        for s in schools
        if all(c.suppressed for c in read_cells(round, [("unit", s.pk)], kind="scale"))
    }
    small, protecting = schools[0], next(s for s in schools[1:] if s.pk in hidden)
    assert hidden == {small.pk, protecting.pk}, "one school too small, one hidden to protect it"
    return round, small, protecting


def test_a_hidden_figure_is_read_as_hidden_and_explained_in_words(teachers):
    round, small, _protecting = teachers

    page = english("rektor").get(node_url(round, "unit", small.pk)).content.decode()

    figures = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert figures.count(HIDDEN) == 6  # the teachers' six indices
    assert "title=" not in figures  # the reason is text, never a tooltip
    notes = NOTE.findall(page)
    # The leader may not open the owner's page: its name, beside its figure in the row.
    assert notes == [f"{REASON} Shown for {small.owner.name}."] * 6


def test_the_note_links_to_the_nearest_level_that_shows_the_same_figure(teachers):
    round, small, _protecting = teachers
    owner_page = node_url(round, "owner", small.owner_id)

    page = english("eier").get(node_url(round, "unit", small.pk)).content.decode()

    link = f'<a href="{owner_page}#g-teacher">Shown for {small.owner.name}</a>'
    assert NOTE.findall(page) == [f"{REASON} {link}"] * 6
    there = english("eier").get(owner_page).content.decode()
    assert 'id="g-teacher"' in there
    (owner_cell,) = read_cells(round, [("owner", small.owner_id)], codes={"samarbeid"})
    assert f"<strong>{owner_cell.score500:.0f}</strong>" in there


def test_too_few_and_protecting_another_read_the_same(teachers):
    """Told apart, the two hidden schools would say which of them is the small one; with
    the owner's n shown, that narrows both counts (here: 4 + 12 = 16, one under 7)."""
    round, small, protecting = teachers
    eier = english("eier")

    notes = {
        school.pk: NOTE.findall(eier.get(node_url(round, "unit", school.pk)).content.decode())
        for school in (small, protecting)
    }
    owner_page = eier.get(node_url(round, "owner", small.owner_id)).content.decode()

    assert notes[small.pk] == notes[protecting.pk] and len(notes[small.pk]) == 6
    rows = {
        school.pk: re.search(
            rf'<tr><th scope="row"><a href="{node_url(round, "unit", school.pk)}">'
            rf"[^<]+</a></th>(.*?)</tr>",
            owner_page,
        ).group(1)
        for school in (small, protecting)
    }
    assert rows[small.pk] == rows[protecting.pk] == f"<td>{HIDDEN}</td>" * 6


def test_the_table_of_the_level_below_explains_its_hidden_figures(teachers):
    round, small, _protecting = teachers

    page = english("eier").get(node_url(round, "owner", small.owner_id)).content.decode()

    section = page.split('id="below-teacher"', 1)[1].split("</section>", 1)[0]
    assert (
        f'<p class="muted">– hidden: fewer than 7 answered, or it could reveal another hidden '
        f'figure. <a href="#g-teacher">The same indices for {small.owner.name} as a whole</a></p>'
    ) in section


def test_hidden_all_the_way_up_says_so(demo_org):
    round, (school, *_others) = _released_round(
        demo_org, "t9-few", {"teacher": "laerer.xlsx"}, [3, 2, 1]
    )
    above = read_cells(round, [("owner", school.owner_id)], kind="scale")
    assert above and all(c.suppressed for c in above)

    page = english("eier").get(node_url(round, "unit", school.pk)).content.decode()

    assert NOTE.findall(page) == [f"{REASON} Not shown at any level above either."] * 6


def _pupils_at_the_demo_school(demo_org, count):
    """A released round of pupils 5–7 at the demo school only, ``count`` of them."""
    now = timezone.now()
    round = Round.objects.create(
        programme=demo_org.school_programme, name="T9", slug="t9-classes",
        opens_at=now - timedelta(days=30), closes_at=now + timedelta(days=1), published=True,
    )  # fmt: skip
    round.units.add(demo_org.school)
    version = services.publish_instrument((LIBRARY / "elev_5_7.xlsx").read_bytes())
    RoundInstrument.objects.create(round=round, respondent_group="pupil_5_7", version=version)
    simulate_responses(round, count, seed=1, unit=demo_org.school)
    Round.objects.filter(pk=round.pk).update(
        closes_at=now - timedelta(days=1), results_released_at=now
    )
    round.refresh_from_db()
    build_round(round)
    return round


def test_a_hidden_class_points_to_its_unit(demo_org):
    school = demo_org.school
    round = _pupils_at_the_demo_school(demo_org, 20)  # about 3 in each of six classes
    cells = read_cells(round, [("group", g.pk) for g in school.groups.all()], kind="scale")
    hidden_class = next(c.node_id for c in cells if c.suppressed)
    (unit_cell, *_rest) = read_cells(round, [("unit", school.pk)], kind="scale")
    assert not unit_cell.suppressed
    unit_page = node_url(round, "unit", school.pk)

    page = english("rektor").get(node_url(round, "group", hidden_class)).content.decode()

    link = f'<a href="{unit_page}#g-pupil_5_7">Shown for {school.name}</a>'
    assert f"{REASON} {link}" in NOTE.findall(page)
    # The unit's own page: its classes' hidden figures are explained under their table.
    unit = english("rektor").get(unit_page).content.decode()
    assert '<a href="#g-pupil_5_7">The same indices for ' + school.name in unit


def test_a_grade_bands_note_links_to_the_same_band_above(demo_org):
    round, (school, *_others) = _released_round(
        demo_org, "t9-bands", {"guardian": "foresatte_skole.xlsx"}, [12, 60, 60]
    )
    mine = read_cells(round, [("unit", school.pk)], grade_band=None, kind="scale")
    theirs = read_cells(round, [("owner", school.owner_id)], grade_band=None, kind="scale")
    shown_above = {(c.grade_band, c.scale) for c in theirs if not c.suppressed}
    band = next(
        c.grade_band
        for c in mine
        if c.grade_band and c.suppressed and (c.grade_band, c.scale) in shown_above
    )

    page = english("eier").get(node_url(round, "unit", school.pk, trinn=band)).content.decode()

    owner_page = node_url(round, "owner", school.owner_id)
    link = f'<a href="{owner_page}?trinn={band}#g-guardian">Shown for {school.owner.name}</a>'
    assert f"{REASON} {link}" in NOTE.findall(page)


def test_an_items_note_links_to_the_same_item_above(teachers):
    round, small, _protecting = teachers
    eier = english("eier")
    index = next(s for s in instruments_of(round)["teacher"].scales if s.code == "samarbeid")
    owner_items = {
        c.item: c
        for c in read_cells(
            round, [("owner", small.owner_id)], respondent_group="teacher", codes=index.item_codes
        )
    }
    shown = [code for code in index.item_codes if owner_items[code].mean is not None]
    assert shown, "the owner shows some of the index's items"
    owner_scale = scale_url(round, "owner", small.owner_id, "teacher", "samarbeid")

    page = eier.get(scale_url(round, "unit", small.pk, "teacher", "samarbeid")).content.decode()

    notes = NOTE.findall(page)
    assert len(notes) == len(index.item_codes)  # every item hidden at the small school
    for code in shown:
        link = f'<a href="{owner_scale}#item-{code}">Shown for {small.owner.name}</a>'
        assert f"{REASON} {link}" in notes
    assert f'id="item-{shown[0]}"' in eier.get(owner_scale).content.decode()


def test_a_teacher_sees_the_reason_and_no_link_to_levels_they_may_not_open(demo_org, teachers):
    round, small, _protecting = teachers
    assert small.pk == demo_org.school.pk  # the teacher's own school

    page = english("laerer").get(node_url(round, "unit", small.pk)).content.decode()

    assert NOTE.findall(page) == [f"{REASON} Shown for {small.owner.name}."] * 6
    assert node_url(round, "owner", small.owner_id) not in page
