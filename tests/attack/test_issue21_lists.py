"""Attack on issue 21's paged pages: the response monitor's levels (other roles' ids in
?region=, ?eier=, ?enhet=, hostile values, paging, the 30 s refresh with a forged
X-Samla-Digest, units with the same name) and the organisation lists (the units page's
search, the programme page's ?eier=, the home page's owned units, the code slips' unit
chooser) as people who should see less than the list holds."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samla.org.models import Enrolment, Owner, Unit, UnitKind
from samla.surveys import services
from tests.conftest import client_for

HOSTILE_IDS = ["-1", "1e3", "0x10", "١٢", "1\x00", "99999999999", "9999999999", "1 ", "+1", ""]


def _client(role: str):
    client = client_for(role)
    client.raise_request_exception = False
    return client


def _monitor(round) -> str:
    return f"/kartlegging/{round.slug}/svarprosent/"


def _links(html: str, param: str) -> set[int]:
    """The ids of the links of the page that lead to a level (``href="?enhet=…"``)."""
    return {int(pk) for pk in re.findall(rf'href="\?{param}=(\d+)', html)}


@pytest.fixture
def spread_round(demo_org):
    """The open demo round at the demo school, two more Hamar schools and one in Trysil."""
    round = demo_org.survey_round()
    hamar = list(
        Unit.objects.filter(owner=demo_org.school.owner, kind=demo_org.school.kind)
        .exclude(pk=demo_org.school.pk)
        .order_by("pk")[:2]
    )
    trysil = demo_org.unit_in("Trysil")
    round.units.add(*hamar, trysil)
    for unit in (*hamar, trysil):
        services.issue_codes(round, unit, "pupil_5_7", 2)
    return round


# --- The response monitor ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "param", "target"),
    [
        ("eier", "enhet", "trysil_school"),
        ("eier", "eier", "trysil_owner"),
        ("eier", "region", "trysil_region"),
        ("region", "enhet", "trysil_school"),
        ("region", "eier", "trysil_owner"),
        ("rektor", "enhet", "hamar_school"),
        ("rektor", "region", "trysil_region"),
        ("rektor", "eier", "trysil_owner"),
    ],
)
def test_another_roles_ids_in_the_monitors_address_are_404(
    spread_round, demo_org, role, param, target
):
    trysil = demo_org.unit_in("Trysil")
    other_hamar = spread_round.units.filter(owner=demo_org.school.owner).exclude(
        pk=demo_org.school.pk
    )[0]
    ids = {
        "trysil_school": trysil.pk,
        "trysil_owner": trysil.owner_id,
        "trysil_region": trysil.owner.regionowner_set.get(
            programme=spread_round.programme
        ).region_id,
        "hamar_school": other_hamar.pk,
    }
    response = _client(role).get(_monitor(spread_round), {param: ids[target]})
    assert response.status_code == 404
    htmx = _client(role).get(
        _monitor(spread_round), {param: ids[target]}, headers={"HX-Request": "true"}
    )
    assert htmx.status_code == 404


@pytest.mark.parametrize("param", ["region", "eier", "enhet"])
@pytest.mark.parametrize("value", HOSTILE_IDS)
def test_hostile_level_values_give_the_persons_own_top_level_or_404(spread_round, param, value):
    top = _client("eier").get(_monitor(spread_round))
    response = _client("eier").get(_monitor(spread_round), {param: value})
    assert response.status_code in (200, 404)
    if response.status_code == 200:
        assert _links(response.content.decode(), "enhet") <= _links(top.content.decode(), "enhet")


@pytest.mark.parametrize("side", ["-1", "0", "99999999999999999999", "x", "1.5", "2"])
@pytest.mark.parametrize("extra", [{}, {"gruppe": "\x00"}, {"sorter": "<script>"}])
def test_hostile_paging_and_filters_on_the_monitor(spread_round, side, extra):
    response = _client("admin").get(_monitor(spread_round), {"side": side, **extra})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("</header>", 1)[-1]


def test_a_stranger_to_the_round_gets_no_204_for_any_digest(spread_round):
    path = _monitor(spread_round)
    for role in ("laerer", "gruppeleder", "ppt", "tillitsvalgt", "forsker"):
        response = _client(role).get(
            path, headers={"HX-Request": "true", "X-Samla-Digest": "0" * 16}
        )
        assert response.status_code in (403, 404), role


def _digest(html: str) -> str:
    return re.search(r'data-digest="([0-9a-f]+)"', html).group(1)


def test_the_refresh_redraws_when_a_code_is_answered_and_not_before(spread_round, demo_org):
    path = _monitor(spread_round)
    client = _client("rektor")
    digest = _digest(client.get(path).content.decode())
    headers = {"HX-Request": "true", "X-Samla-Digest": digest}
    assert client.get(path, headers=headers).status_code == 204
    forged = client.get(path, headers={**headers, "X-Samla-Digest": digest[::-1]})
    assert forged.status_code == 200 and "<html" not in forged.content.decode()
    (code,) = services.issue_codes(spread_round, demo_org.school, "pupil_5_7", 1)
    assert client.get(path, headers=headers).status_code == 200  # a new code is a figure
    digest = _digest(client.get(path).content.decode())
    headers["X-Samla-Digest"] = digest
    assert client.get(path, headers=headers).status_code == 204
    services.save_page(code, 0, {"trivsel_1": "3"})
    services.submit(code)
    assert client.get(path, headers=headers).status_code == 200


def test_the_refresh_redraws_when_a_class_size_on_the_page_changes(spread_round, demo_org):
    path = _monitor(spread_round)
    client = _client("rektor")
    page = client.get(path).content.decode()
    assert " of " in page or " av " in page
    headers = {"HX-Request": "true", "X-Samla-Digest": _digest(page)}
    demo_org.school.groups.filter(name="6A").update(size=3)
    assert client.get(path, headers=headers).status_code == 200


def test_units_with_the_same_name_stay_apart_in_the_monitor(spread_round, demo_org):
    """Three schools called "Tvilling skole" under three owners of Hamarregionen: the region
    coordinator finds each under its own owner, with its own figures."""
    names = ("Hamar kommune", "Løten kommune", "Stange kommune")
    twins = [
        Unit.objects.create(name="Tvilling skole", kind=UnitKind.PRIMARY, owner=owner)
        for owner in Owner.objects.filter(name__in=names).order_by("name")
    ]
    assert len(twins) == 3
    Enrolment.objects.bulk_create(
        Enrolment(unit=u, programme=spread_round.programme) for u in twins
    )
    spread_round.units.add(*twins)
    for number, unit in enumerate(twins, start=1):
        services.issue_codes(spread_round, unit, "pupil_5_7", number)
    client = _client("region")
    for number, unit in enumerate(twins, start=1):
        owner_page = client.get(_monitor(spread_round), {"eier": unit.owner_id}).content.decode()
        assert unit.pk in _links(owner_page, "enhet")
        assert not {u.pk for u in twins if u != unit} & _links(owner_page, "enhet")
        one = client.get(_monitor(spread_round), {"enhet": unit.pk}).content.decode()
        total = re.search(r'<h2 id="rates-total">(.*?)</h2>', one, re.S).group(1)
        assert re.findall(r"\d+", total)[:2] == ["0", str(number)]


# --- Organisation lists -----------------------------------------------------------------


@pytest.mark.parametrize("role", ["admin", "laerer"])
def test_a_nul_byte_in_the_unit_search_is_not_a_server_error(demo_org, role):
    assert _client(role).get("/enheter/", {"sok": "Hamar\x00"}).status_code == 200


@pytest.mark.parametrize("asked", ["%", "_", "\\", "%%%", "' OR 1=1 --", "*", "x" * 5000])
def test_like_wildcards_in_the_unit_search_are_letters(demo_org, asked):
    html = _client("admin").get("/enheter/", {"sok": asked}).content.decode()
    assert not re.findall(r'href="/enheter/\d+/"', html)


@pytest.mark.parametrize("role", ["rektor", "eier", "region", "laerer", "ppt"])
def test_the_unit_search_finds_only_units_the_person_may_open(demo_org, role):
    """A search on an owner's name never lists that owner's other units."""
    client = _client(role)
    mine = set(re.findall(r'href="/enheter/(\d+)/"', client.get("/enheter/").content.decode()))
    for asked in ("kommune", "skole", "barnehage", "Trysil", "Hamar", "a"):
        found = client.get("/enheter/", {"sok": asked}).content.decode()
        assert set(re.findall(r'href="/enheter/(\d+)/"', found)) <= mine, asked


def test_the_programme_page_opens_only_its_own_owners_units(demo_org):
    school_p, kg_p = demo_org.school_programme, demo_org.kindergarten_programme
    hamar = demo_org.school.owner
    page = _client("laerer").get(f"/program/{school_p.slug}/", {"eier": hamar.pk})
    html = page.content.decode()
    assert demo_org.school.name in html
    assert demo_org.kindergarten.name not in html  # enrolled in the other programme only
    stranger = Owner.objects.create(name="Ukjent kommune", kind="kommune")
    Unit.objects.create(name="Skjult skole", kind=UnitKind.PRIMARY, owner=stranger)
    for asked in (stranger.pk, f"{hamar.pk}\x00", f"-{hamar.pk}", f"{hamar.pk}.0"):
        html = _client("laerer").get(f"/program/{school_p.slug}/", {"eier": asked})
        assert html.status_code == 200
        assert demo_org.school.name not in html.content.decode()
        assert "Skjult skole" not in html.content.decode()
    # The programme a person is not in stays a 404 whatever the owner.
    assert (
        _client("styrer").get(f"/program/{school_p.slug}/", {"eier": hamar.pk}).status_code == 404
    )
    assert _client("laerer").get(f"/program/{kg_p.slug}/").status_code == 404


def test_units_on_the_programme_page_link_only_where_the_person_may_go(demo_org):
    hamar = demo_org.school.owner
    html = (
        _client("laerer")
        .get(f"/program/{demo_org.school_programme.slug}/", {"eier": hamar.pk})
        .content.decode()
    )
    linked = {int(pk) for pk in re.findall(r'href="/enheter/(\d+)/"', html)}
    assert linked == {demo_org.school.pk}


def test_the_home_page_reads_no_more_owned_units_than_it_shows(demo_org):
    owner = demo_org.school.owner
    more = Unit.objects.bulk_create(
        Unit(name=f"Ekstra {n:03d}", kind=UnitKind.PRIMARY, owner=owner) for n in range(60)
    )
    Enrolment.objects.bulk_create(
        Enrolment(unit=u, programme=demo_org.school_programme) for u in more
    )
    client = _client("eier")
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/").content.decode()
    assert "Ekstra 059" not in html
    reads = [
        q["sql"] for q in queries.captured_queries if '"org_unit"."closed_on", COUNT(' in q["sql"]
    ]
    assert reads and all("LIMIT" in sql for sql in reads)


def _chosen(html: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'href="[^"?]*\?enhet=(\d+)"', html)}


def test_the_code_slips_chooser_lists_only_the_rounds_units(spread_round, demo_org):
    path = f"/kartlegging/{spread_round.slug}/kodelapper/"
    round_units = set(spread_round.units.values_list("pk", flat=True))
    html = _client("admin").get(path).content.decode()
    assert _chosen(html) == round_units
    for asked in ("%", "_", "a\x00b", "x" * 5000):
        found = _client("admin").get(path, {"sok": asked})
        assert found.status_code == 200 and _chosen(found.content.decode()) == set()
    outside = demo_org.unit_in("Løten") or demo_org.kindergarten
    for role, pk in (("admin", outside.pk), ("rektor", demo_org.unit_in("Trysil").pk)):
        assert _client(role).get(path, {"enhet": pk}).status_code == 404
    for value in HOSTILE_IDS[:-1]:
        assert _client("admin").get(path, {"enhet": value}).status_code == 404
