"""Response rates through the API: a page of units with their classes, the total of all,
and the same counts as the monitor, at a cost that does not grow with the units."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from samla.org.models import Enrolment, Region, Unit, UnitKind
from samla.surveys import services


def test_rates_come_a_page_of_units_at_a_time_with_the_total_of_all(api_as, demo_org):
    round = demo_org.survey_round()  # 2 codes at the demo school
    owner = demo_org.school.owner
    units = Unit.objects.bulk_create(
        Unit(name=f"Skole {n:02d}", kind=UnitKind.PRIMARY, owner=owner) for n in range(30)
    )
    Enrolment.objects.bulk_create(Enrolment(unit=u, programme=round.programme) for u in units)
    round.units.add(*units)
    for unit in units[:5]:
        codes = services.issue_codes(round, unit, "pupil_5_7", 3)
        services.save_page(codes[0], 0, {"trivsel_1": "3"})
        services.submit(codes[0])
    api = api_as("admin")
    path = f"/rounds/{round.slug}/response-rates"
    with CaptureQueriesContext(connection) as small:
        first = api.get(path, page_size=10).json()
    assert first["count"] == 31 and first["pages"] == 4 and len(first["items"]) == 10
    assert first["total"] == {"issued": 17, "started": 5, "submitted": 5, "rate": 29}
    everything = [u for p in (1, 2, 3, 4) for u in api.get(path, page_size=10, page=p).json()[
        "items"]]  # fmt: skip
    assert len({u["id"] for u in everything}) == 31
    assert sum(u["total"]["issued"] for u in everything) == 17
    school = next(u for u in everything if u["id"] == demo_org.school.pk)
    assert school["classes"][0]["group"] == "6A" and school["region"] == "Hamarregionen"
    with CaptureQueriesContext(connection) as large:
        api.get(path, page_size=100)
    assert len(large) == len(small)
    hamar = Region.objects.get(programme=round.programme, name="Hamarregionen")
    assert api.get(path, region=hamar.pk).json()["count"] == 31
    other = Region.objects.filter(programme=round.programme).exclude(pk=hamar.pk).first()
    assert api.get(path, region=other.pk).json() | {"next": None} == {
        "count": 0, "page": 1, "pages": 1, "next": None, "items": [],
        "total": {"issued": 0, "started": 0, "submitted": 0, "rate": 0},
    }  # fmt: skip
