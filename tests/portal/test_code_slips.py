import re
import shutil
import subprocess

import pytest
from django.urls import reverse

from samla.surveys import services
from samla.surveys.models import AccessCode
from tests.conftest import client_for


def test_leader_gets_a_pdf_with_one_slip_per_code_that_works(demo_org, tmp_path):
    round = demo_org.survey_round()
    group = demo_org.school.groups.get(name="7A")
    before = AccessCode.objects.count()
    response = client_for("rektor").post(
        reverse("portal:code_slips", kwargs={"slug": round.slug}),
        {"group": group.pk, "respondent_group": "pupil_5_7", f"count_{group.pk}": 3},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert AccessCode.objects.count() == before + 3
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is missing")
    path = tmp_path / "slips.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    printed = [
        line.strip()
        for line in text.splitlines()
        if line.count("-") == 2 and len(line.strip()) == 13
    ]
    assert len(printed) == 3
    assert "7A" in text and "Elever, 5.–7. trinn" in text
    session = services.start(printed[0])
    assert session.code.group == group


def test_slips_only_for_leaders_of_taking_part_units(demo_org):
    round = demo_org.survey_round()
    url = reverse("portal:code_slips", kwargs={"slug": round.slug})
    assert client_for("laerer").get(url).status_code == 403
    assert client_for("eier").get(url).status_code == 403
    assert client_for("styrer").get(url).status_code == 404
    page = client_for("rektor").get(url).content.decode()
    assert "6A" in page and "Trysil" not in page


def _codes_per_page(pdf: bytes, tmp_path) -> list[int]:
    path = tmp_path / "slips.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [
        sum(1 for word in page.split() if word.count("-") == 2 and len(word) == 13)
        for page in text.split("\f")
        if page.strip()
    ]


def test_a_long_run_of_slips_fills_the_first_page_too(demo_org, tmp_path):
    round = demo_org.survey_round()
    group = demo_org.school.groups.get(name="6B")
    response = client_for("rektor").post(
        reverse("portal:code_slips", kwargs={"slug": round.slug}),
        {"group": group.pk, "respondent_group": "pupil_5_7", f"count_{group.pk}": 23},
    )

    per_page = _codes_per_page(response.content, tmp_path)

    assert sum(per_page) == 23
    assert per_page[0] >= 8  # the title and (nearly) a full page of slips, not the title alone
    assert len(per_page) == 3


def test_an_administrator_finds_the_unit_by_search_among_pages_of_fifty(demo_org):
    from samla.org.models import Enrolment, Unit, UnitKind

    round = demo_org.survey_round()
    owner = demo_org.unit_in("Trysil").owner
    made = Unit.objects.bulk_create(
        Unit(name=f"Fjellskolen {n:02d}", kind=UnitKind.PRIMARY, owner=owner) for n in range(70)
    )
    Enrolment.objects.bulk_create(Enrolment(unit=u, programme=round.programme) for u in made)
    round.units.add(*made)
    url = reverse("portal:code_slips", kwargs={"slug": round.slug})
    client = client_for("admin")

    def listed(page: str) -> int:
        found = re.search(r'<ul class="unit-list">(.*?)</ul>', page, re.S)
        return found[1].count("<li>") if found else 0

    first = client.get(url).content.decode()
    assert listed(first) == 50 and 'rel="next"' in first
    assert "Side 1 av 2" in first
    second = client.get(url, {"side": 2}).content.decode()
    assert listed(second) == 71 - 50
    found = client.get(url, {"sok": "  fjellskolen 0 "}).content.decode()
    assert listed(found) == 10  # Fjellskolen 00–09
    by_owner = client.get(url, {"sok": owner.name.upper()}).content.decode()
    assert listed(by_owner) == 50  # 70 of Trysil's, paged
    nothing = client.get(url, {"sok": "<b>x</b>"}).content.decode()
    assert "&lt;b&gt;x&lt;/b&gt;" in nothing and listed(nothing) == 0
