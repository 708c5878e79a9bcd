import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samla.org.models import Enrolment, Group, GroupKind, Region, Unit, UnitKind
from samla.surveys import rates, services
from tests.conftest import client_for


def test_leader_follows_rates_without_anything_about_who(demo_org):
    round = demo_org.survey_round()
    codes = services.issue_codes(
        round, demo_org.school, "pupil_5_7", 3, group=demo_org.school.groups.get(name="6A")
    )
    services.save_page(codes[0], 0, {"trivsel_1": "3"})
    services.submit(codes[0])
    services.start(codes[1])
    url = reverse("portal:response_monitor", kwargs={"slug": round.slug})
    page = client_for("rektor").get(url).content.decode()
    # 2 codes from the fixture + 3 here; one started, one submitted.
    assert (
        '<td class="num">5</td><td class="num">2</td><td class="num">1</td>'
        '<td class="num">20 %</td>' in page
    )
    assert "Elever, 5.–7. trinn" in page and "6A" in page
    partial = client_for("rektor").get(url, HTTP_HX_REQUEST="true").content.decode()
    assert partial.lstrip().startswith('<div id="rates"')
    assert "<html" not in partial


def test_monitor_is_refused_to_staff_and_hidden_outside_the_programme(demo_org):
    url = reverse("portal:response_monitor", kwargs={"slug": demo_org.survey_round().slug})
    assert client_for("laerer").get(url).status_code == 403
    assert client_for("styrer").get(url).status_code == 404


def _namesake(org, municipality: str, codes: int) -> Unit:
    """A school called like the demo school, with another owner in another municipality."""
    other = org.unit_in(municipality)
    unit = Unit.objects.create(
        name=org.school.name, kind=UnitKind.PRIMARY, owner=other.owner,
        municipality_number=other.municipality_number,
    )  # fmt: skip
    Enrolment.objects.create(unit=unit, programme=org.school_programme)
    six_a = Group.objects.create(unit=unit, name="6A", kind=GroupKind.CLASS, grade=6, size=20)
    round = org.survey_round()
    round.units.add(unit)
    services.issue_codes(round, unit, "pupil_5_7", codes, group=six_a)
    return unit


def _rows(page: str) -> dict[str, str]:
    """Each row's name (with a unit's municipality number) → its number of codes."""
    found = re.findall(
        r'<th scope="row">(?:<a href="[^"]*"(?: id="[^"]*")?>)?([^<]+)(?:</a>)?'
        r'(?: <span class="muted">\(([^)]*)\)</span>)?</th>'
        r'(?:<td>[^<]*</td>)?<td class="num">(\d+)</td>',
        page.replace("\n      ", ""),
    )
    return {f"{name} ({number})" if number else name: codes for name, number, codes in found}


def test_schools_of_the_same_name_are_counted_apart_and_totalled_per_level(demo_org):
    round = demo_org.survey_round()  # 2 codes at the demo school's 6A
    stange = _namesake(demo_org, "Stange", 5)  # Hamarregionen, like the demo school
    trysil = _namesake(demo_org, "Trysil", 7)  # Sør-Østerdal
    url = reverse("portal:response_monitor", kwargs={"slug": round.slug})
    hamar_region = Region.objects.get(programme=round.programme, name="Hamarregionen")

    # The administrator starts at the regions, the coordinator at the region's owners, the
    # owner (one school in the round) at the school's classes.
    admin_page = client_for("admin").get(url).content.decode()
    assert _rows(admin_page) == {"Hamarregionen": "7", "Sør-Østerdal": "7"}
    assert "I alt: 0 av 14 koder sendt inn (0 %)" in admin_page
    region_page = client_for("region").get(url).content.decode()
    assert _rows(region_page) == {demo_org.school.owner.name: "2", stange.owner.name: "5"}
    owner_page = client_for("eier").get(url).content.decode()
    assert _rows(owner_page) == {"6A": "2"}

    # Down from the region to an owner: the school is told apart by its municipality.
    down = client_for("admin").get(url, {"region": hamar_region.pk}).content.decode()
    assert _rows(down) == {demo_org.school.owner.name: "2", stange.owner.name: "5"}
    stange_page = client_for("admin").get(url, {"eier": stange.owner_id}).content.decode()
    name = demo_org.school.name
    assert _rows(stange_page) == {f"{name} ({stange.municipality_number})": "5"}
    assert 'class="breadcrumbs"' in stange_page and "Hamarregionen</a>" in stange_page
    # Somebody else's owner is no level of the coordinator's.
    assert client_for("region").get(url, {"eier": trysil.owner_id}).status_code == 404
    assert client_for("region").get(url, {"enhet": 99999999999}).status_code == 200  # ignored

    monitor = rates.response_monitor(round, {demo_org.school.pk, stange.pk, trysil.pk})
    assert monitor.total.issued == 14
    assert {region.name: region.total.issued for region in monitor.regions} == {
        "Hamarregionen": 7, "Sør-Østerdal": 7,
    }  # fmt: skip


def test_a_level_is_paged_costs_the_same_queries_and_refreshes_only_on_change(demo_org):
    round = demo_org.survey_round()
    owner = demo_org.school.owner
    url = reverse("portal:response_monitor", kwargs={"slug": round.slug})
    client = client_for("admin")

    def queries(params) -> tuple[int, str]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, params)
        assert response.status_code == 200
        return len(captured), response.content.decode()

    before, _page = queries({"eier": owner.pk})
    units = Unit.objects.bulk_create(
        Unit(name=f"Skole {n:02d}", kind=UnitKind.PRIMARY, owner=owner) for n in range(60)
    )
    Enrolment.objects.bulk_create(Enrolment(unit=u, programme=round.programme) for u in units)
    round.units.add(*units)
    for unit in units[:3]:
        services.issue_codes(round, unit, "pupil_5_7", 2)
    first, page = queries({"eier": owner.pk})
    assert "Side 1 av 2" in page and 'rel="next"' in page and len(_rows(page)) == 50
    second, page2 = queries({"eier": owner.pk, "side": 2})
    assert len(_rows(page2)) == 11 and 'rel="prev"' in page2
    assert first == second == before  # 61 units cost what one did

    refresh = {"HTTP_HX_REQUEST": "true"}
    partial = client.get(url, {"eier": owner.pk}, **refresh)
    digest = re.search(r'data-digest="([0-9a-f]+)"', partial.content.decode())[1]
    same = client.get(url, {"eier": owner.pk}, HTTP_X_SAMLA_DIGEST=digest, **refresh)
    assert same.status_code == 204 and same.content == b""
    services.issue_codes(round, units[0], "pupil_5_7", 1)
    changed = client.get(url, {"eier": owner.pk}, HTTP_X_SAMLA_DIGEST=digest, **refresh)
    assert changed.status_code == 200 and digest not in changed.content.decode()


def test_the_rate_against_the_class_size_filters_and_the_lowest_first(demo_org):
    round = demo_org.survey_round()
    stange = _namesake(demo_org, "Stange", 4)
    codes = services.issue_codes(round, stange, "pupil_5_7", 1, group=stange.groups.get())
    services.save_page(codes[0], 0, {"trivsel_1": "3"})
    services.submit(codes[0])
    units = {demo_org.school.pk, stange.pk}

    monitor = rates.response_monitor(round, units)
    (row,) = next(
        unit for region in monitor.regions for owner in region.owners for unit in owner.units
        if unit.pk == stange.pk
    ).rows  # fmt: skip
    assert (row.counts.issued, row.counts.submitted, row.size, row.size_rate) == (5, 1, 20, 5)

    lowest_first = rates.response_monitor(round, units, sort="rate")
    (hamar,) = [region for region in lowest_first.regions if region.name == "Hamarregionen"]
    assert [owner.total.rate for owner in hamar.owners] == [0, 20]

    pupils = rates.response_monitor(round, units, respondent_group="pupil_5_7")
    assert (pupils.respondent_group, pupils.total.issued) == ("pupil_5_7", 7)
    unknown = rates.response_monitor(round, units, respondent_group="staff")
    assert (unknown.respondent_group, unknown.total.issued) == ("", 7)  # not in the round
    page = client_for("admin").get(
        reverse("portal:response_monitor", kwargs={"slug": round.slug}),
        {"gruppe": "pupil_5_7", "sorter": "rate", "region": "x"},
    )
    assert page.status_code == 200
    assert 'value="rate" selected' in page.content.decode()
