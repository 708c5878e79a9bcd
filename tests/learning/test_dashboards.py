"""Dashboards against hand counts at group, unit, owner, region and programme level, with
a fixed number of queries, and no names outside one's own unit."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samla.learning import queries, services
from samla.learning.models import GroupMember
from samla.learning.semester import AUTUMN, OSLO, SPRING, RuleStatus, Semester
from samla.org.models import RegionOwner, Unit
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

AUTUMN_2025 = Semester(2025, AUTUMN)
YEAR = "2025/2026"
NOW = datetime(2026, 2, 1, 12, 0, tzinfo=OSLO)  # the autumn is over


def _group(unit, name, size, meetings, leader=None):
    """A group of ``size`` of the unit's staff that held ``meetings`` in autumn 2025: a list
    of (minutes, how many present)."""
    placed = set(GroupMember.objects.filter(unit=unit).values_list("person_id", flat=True))
    people = [p for p in services.unit_staff(unit) if p.pk not in placed][:size]
    assert len(people) == size, f"{unit} has too few staff"
    group, _warning = services.create_group(unit, YEAR, name, members=people, leader=leader)
    for i, (minutes, present) in enumerate(meetings):
        day = date(2025, 9, 1 + 7 * i)
        end = (datetime.combine(day, time(14, 0)) + timedelta(minutes=minutes)).time()
        data = services.MeetingInput(day, time(14, 0), end)
        meeting = services.plan_meeting(group, data)
        services.record_meeting(meeting, data, people[:present], now=NOW)
    return group


@pytest.fixture
def counted(demo_org):
    school = demo_org.school
    hamar_other = (
        Unit.objects.filter(owner=school.owner, kind="grunnskole").exclude(pk=school.pk).first()
    )
    stange, trysil = demo_org.unit_in("Stange"), demo_org.unit_in("Trysil")
    package = demo_org.learning_package()
    services.choose_package(school, package, YEAR, None)
    g1 = _group(school, "G1", 5, [(90, 5), (90, 4), (95, 5), (90, 3)])
    services.mark_module_done(g1, package.modules.get(number=1), date(2025, 9, 1))
    services.mark_module_done(g1, package.modules.get(number=2), date(2025, 9, 8))
    g2 = _group(school, "G2", 3, [(90, 3), (90, 3), (60, 2)])
    _group(hamar_other, "G3", 5, [])
    _group(stange, "G4", 5, [(120, 5)] * 4)
    _group(trysil, "G5", 5, [(90, 4)])
    # A planned meeting in the future does not count as held.
    services.plan_meeting(g2, services.MeetingInput(date(2025, 12, 1), time(14), time(15, 30)))
    return {"school": school, "hamar_other": hamar_other, "stange": stange, "g1": g1, "g2": g2}


def _board(demo_org, kind, pk, names=False):
    return queries.dashboard(demo_org.school_programme, kind, pk, AUTUMN_2025, NOW, names=names)


def test_group_lines_at_the_unit(demo_org, counted):
    board = _board(demo_org, "unit", counted["school"].pk)
    g1, g2 = board.lines
    assert (g1.name, g1.status, g1.figures.members, g1.figures.held) == ("G1", RuleStatus.MET, 5, 4)
    assert (g1.figures.qualifying, g1.figures.minutes) == (4, 365)
    assert (g1.figures.present, g1.figures.seats, g1.figures.attendance_percent) == (17, 20, 85)
    assert (g1.figures.modules_done, g1.figures.modules_total) == (2, 3)
    assert (g2.status, g2.figures.held, g2.figures.qualifying, g2.figures.minutes) == (
        RuleStatus.MISSED,
        3,
        2,
        240,
    )
    assert (g2.figures.present, g2.figures.seats, g2.figures.groups_in_size) == (8, 9, 0)
    assert board.total.met == 1 and board.total.missed == 1
    assert g1.leader == ""  # names only when asked for


def test_unit_lines_at_the_owner(demo_org, counted):
    board = _board(demo_org, "owner", counted["school"].owner_id)
    lines = {line.name: line for line in board.lines}
    school = lines[counted["school"].name]
    assert (school.figures.groups, school.figures.met, school.figures.missed) == (2, 1, 1)
    assert (school.figures.held, school.figures.minutes) == (7, 605)
    other = lines[counted["hamar_other"].name]
    assert (other.figures.groups, other.figures.held, other.figures.missed) == (1, 0, 1)
    assert board.units_with_groups == 2
    assert board.total.groups == 3 and board.total.met == 1


def test_owner_lines_at_the_region_and_regions_at_the_programme(demo_org, counted):
    region = demo_org.school_programme.regions.get(short_name="HR")
    board = _board(demo_org, "region", region.pk)
    lines = {line.name: line for line in board.lines}
    assert lines["Hamar kommune"].figures.groups == 3
    assert lines["Hamar kommune"].units_with_groups == 2
    assert (lines["Stange kommune"].figures.met, lines["Stange kommune"].figures.minutes) == (
        1,
        480,
    )
    assert board.total.met == 2 and board.total.groups == 4
    board = _board(demo_org, "programme", demo_org.school_programme.pk)
    lines = {line.name: line for line in board.lines}
    assert (lines["Hamarregionen"].figures.groups, lines["Hamarregionen"].figures.met) == (4, 2)
    assert (lines["Sør-Østerdal"].figures.groups, lines["Sør-Østerdal"].figures.missed) == (1, 1)
    assert lines["Nord-Østerdal"].figures.groups == 0
    assert board.total.groups == 5 and board.total.met_percent == 40


@pytest.mark.parametrize("kind", ["programme", "region", "owner", "unit"])
def test_fixed_number_of_queries(demo_org, counted, kind, django_assert_num_queries):
    pk = {
        "programme": demo_org.school_programme.pk,
        "region": demo_org.school_programme.regions.get(short_name="HR").pk,
        "owner": counted["school"].owner_id,
        "unit": counted["school"].pk,
    }[kind]
    with django_assert_num_queries(10):
        _board(demo_org, kind, pk)


def test_page_queries_do_not_grow_with_groups(demo_org, counted):
    url = (
        reverse(
            "portal:learning_dashboard",
            kwargs={
                "slug": demo_org.school_programme.slug,
                "kind": "programme",
                "pk": demo_org.school_programme.pk,
            },
        )
        + "?semester=2025H"
    )
    client = client_for("admin")
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    _group(demo_org.unit_in("Tynset"), "G6", 5, [(90, 5), (90, 5)])
    with CaptureQueriesContext(connection) as after:
        page = client.get(url)
    assert len(after) == len(before)
    assert "Nord-Østerdal" in page.content.decode()


def test_no_names_above_the_unit(demo_org, counted):
    leader = counted["g1"].members.first().person
    services.set_group_leader(counted["g1"], leader)
    url = (
        reverse(
            "portal:learning_dashboard",
            kwargs={
                "slug": demo_org.school_programme.slug,
                "kind": "unit",
                "pk": counted["school"].pk,
            },
        )
        + "?semester=2025H"
    )
    assert str(leader) in client_for("rektor").get(url).content.decode()
    for outsider in ("eier", "region", "admin"):
        page = client_for(outsider).get(url)
        assert page.status_code == 200
        assert str(leader) not in page.content.decode(), outsider


def test_the_programme_total_is_the_sum_of_its_regions(demo_org, counted):
    RegionOwner.objects.filter(owner__name="Trysil kommune").delete()  # no region yet
    board = _board(demo_org, "programme", demo_org.school_programme.pk)
    assert board.total.groups == sum(line.figures.groups for line in board.lines) == 4


def test_the_rule_is_judged_by_the_day_in_oslo(demo_org, counted):
    # 30 June 22:30 UTC is 1 July 00:30 in Oslo: spring 2026 is over.
    late = datetime(2026, 6, 30, 22, 30, tzinfo=UTC)
    board = queries.dashboard(
        demo_org.school_programme, "unit", counted["school"].pk, Semester(2026, SPRING), late
    )
    assert len(board.lines) == 2
    assert all(line.status == RuleStatus.MISSED for line in board.lines)


def test_an_owner_with_many_units_is_paged(demo_org, counted):
    """An owner's hundreds of units are not one table: 40 lines a page in the table and the
    chart, the figures above counting them all, a page number that is not one read as the
    nearest page."""
    import re

    from samla.org.models import Enrolment
    from samla.portal.views.learning import LINES_PER_PAGE

    school = counted["school"]
    programme = demo_org.school_programme
    for n in range(LINES_PER_PAGE + 1):
        unit = Unit.objects.create(name=f"Ekstraskole {n:02}", owner=school.owner, kind=school.kind)
        Enrolment.objects.create(unit=unit, programme=programme)
    board = _board(demo_org, "owner", school.owner_id)
    assert len(board.lines) > LINES_PER_PAGE
    url = reverse(
        "portal:learning_dashboard",
        kwargs={"slug": programme.slug, "kind": "owner", "pk": school.owner_id},
    )
    client = client_for("eier")
    row = re.compile(r'<th scope="row">(?:<a href="[^"]*">)?([^<]+)<')
    facts = re.compile(r'<dl class="facts">.*?</dl>', re.S)
    seen: list[str] = []
    pages = -(-len(board.lines) // LINES_PER_PAGE)
    first_facts = None
    for number in range(1, pages + 1):
        html = client.get(url, {"semester": "2025H", "side": number}).content.decode()
        names = row.findall(html)
        assert len(names) == min(LINES_PER_PAGE, len(board.lines) - len(seen))
        seen += names
        assert f"Page {number} of {pages}" in html or f"Side {number} av {pages}" in html
        if number < pages:  # the pager's next link keeps the chosen semester
            assert f'href="?semester=2025H&amp;side={number + 1}" rel="next"' in html
        chart = html[html.index("<svg") : html.index("</svg>")]
        assert all(name in chart for name in names)
        assert not any(name in chart for name in seen[: -len(names)])
        first_facts = first_facts or facts.search(html).group(0)
        assert facts.search(html).group(0) == first_facts  # the totals count every line
    assert sorted(seen) == sorted(line.name for line in board.lines)
    for hostile in ("0", "-1", "abc", "10" * 30):
        page = client.get(url, {"semester": "2025H", "side": hostile})
        assert page.status_code == 200
        assert len(row.findall(page.content.decode())) in (
            LINES_PER_PAGE,
            len(board.lines) - (pages - 1) * LINES_PER_PAGE,
        )
