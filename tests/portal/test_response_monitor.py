import re

from django.urls import reverse

from samla.org.models import Enrolment, Group, GroupKind, Unit, UnitKind
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
    assert partial.lstrip().startswith('<section class="rates"')
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


def _unit_totals(page: str, name: str) -> list[str]:
    """The codes column of every unit heading row named ``name``."""
    return re.findall(
        rf'<th scope="rowgroup" colspan="2">{re.escape(name)}[^<]*(?:<span[^>]*>[^<]*</span>)?'
        r'</th><td class="num">(\d+)</td>',
        page,
    )


def test_schools_of_the_same_name_are_counted_apart_and_totalled_per_level(demo_org):
    round = demo_org.survey_round()  # 2 codes at the demo school's 6A
    stange = _namesake(demo_org, "Stange", 5)  # Hamarregionen, like the demo school
    trysil = _namesake(demo_org, "Trysil", 7)  # Sør-Østerdal
    url = reverse("portal:response_monitor", kwargs={"slug": round.slug})

    admin_page = client_for("admin").get(url).content.decode()
    region_page = client_for("region").get(url).content.decode()
    owner_page = client_for("eier").get(url).content.decode()

    name = demo_org.school.name
    assert sorted(_unit_totals(admin_page, name)) == ["2", "5", "7"]
    assert sorted(_unit_totals(region_page, name)) == ["2", "5"]  # Trysil is not theirs
    assert _unit_totals(owner_page, name) == ["2"]
    assert f"{stange.owner.name} <span" in admin_page and trysil.owner.name in admin_page
    assert "I alt: 0 av 14 koder sendt inn (0 %)" in admin_page

    monitor = rates.response_monitor(round, {demo_org.school.pk, stange.pk, trysil.pk})
    assert monitor.total.issued == 14
    assert {region.name: region.total.issued for region in monitor.regions} == {
        "Hamarregionen": 7, "Sør-Østerdal": 7,
    }  # fmt: skip
    hamar = next(region for region in monitor.regions if region.name == "Hamarregionen")
    assert sorted(owner.total.issued for owner in hamar.owners) == [2, 5]


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
