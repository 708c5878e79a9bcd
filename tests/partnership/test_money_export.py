"""The money workbook: totals and lines as numbers and dates with their formats, English or
Norwegian headings from the translations, no formulas from people's texts, only the lines
the reader may see; and it opens in LibreOffice Calc."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from samla.partnership.demo import base
from samla.partnership.demo import money as demo
from samla.partnership.models import Spending
from samla.partnership.queries.money_export import NOK_FORMAT
from tests.conftest import client_for
from tests.libreoffice import convert


@pytest.fixture
def school(demo_org):
    base.build()
    demo.build()
    return demo_org.school_programme


def _download(programme, username: str, language: str = "en") -> bytes:
    client = client_for(username)
    client.cookies["samla_language"] = language
    url = reverse("portal:partnership_money_export", kwargs={"slug": programme.slug})
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return response.content


def _rows(sheet) -> list[list]:
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_the_admin_gets_totals_and_every_line(school):
    book = load_workbook(io.BytesIO(_download(school, "admin")))
    assert book.sheetnames == ["Totals", "Spending"]
    totals = _rows(book["Totals"])
    assert totals[0][:5] == ["Level", "Name", "Region", "Year", "State grant"]
    by_name = {(row[0], row[1]): row for row in totals[1:]}
    assert by_name["Owner", "Hamar kommune"][2:] == [
        "Hamarregionen", 2026, 1_200_000, 100_000, 400_000, 392_500, 188_300, 807_500, 211_700, 0,
    ]  # fmt: skip
    assert by_name["Owner", "Stange kommune"][-1] == 40_000
    assert by_name["Region", "Hamarregionen"][4] == 2_000_000
    assert by_name["Programme", "All owners"][4:6] == [2_000_000, 100_000]
    grant_cell = book["Totals"]["E2"]
    assert (grant_cell.data_type, grant_cell.number_format) == ("n", NOK_FORMAT)
    lines = _rows(book["Spending"])
    assert len(lines) == 1 + 9
    first = lines[1]
    assert first[:6] == [
        "Hamar kommune", 2026, datetime(2026, 1, 20), "University services", "State grant",
        280_000,
    ]  # fmt: skip
    assert book["Spending"]["C2"].number_format == "DD.MM.YYYY"


def test_texts_that_look_like_formulas_stay_texts(school):
    hamar = Spending.objects.filter(allocation__owner__name="Hamar kommune")
    texts = ['=HYPERLINK("http://evil.example/","x")', "+1+2", "-3", "@SUM(A1)"]
    for line, text in zip(hamar, texts, strict=False):
        line.text = text
        line.save()
    book = load_workbook(io.BytesIO(_download(school, "eier")))
    cells = [row[6] for row in book["Spending"].iter_rows(min_row=2)]
    assert sorted(c.value for c in cells if c.value in texts) == sorted(texts)
    assert {c.data_type for c in cells} == {"s"}


def test_a_forum_member_gets_the_totals_but_no_lines(school):
    book = load_workbook(io.BytesIO(_download(school, "tillitsvalgt")))
    assert book.sheetnames == ["Totals"]
    names = {row[1] for row in _rows(book["Totals"])[1:]}
    assert {"Hamar kommune", "Stange kommune", "Hamarregionen"} <= names


def test_the_owner_gets_only_its_own_lines(school):
    book = load_workbook(io.BytesIO(_download(school, "eier")))
    owners = {row[0] for row in _rows(book["Spending"])[1:]}
    assert owners == {"Hamar kommune"}


def test_headings_follow_the_language(school):
    for language in ("en", "nb", "nn"):
        book = load_workbook(io.BytesIO(_download(school, "admin", language)))
        with translation.override(language):
            expected = [gettext("Totals"), gettext("Spending")], gettext("Amount")
        assert (book.sheetnames, book.worksheets[1]["F1"].value) == expected


def test_the_workbook_opens_in_libreoffice_calc(school, tmp_path):
    source = tmp_path / "okonomi.xlsx"
    source.write_bytes(_download(school, "admin"))
    convert([source], tmp_path, to="csv")
    rows = list(csv.reader((tmp_path / "okonomi.csv").read_text("utf-8").splitlines()))
    assert rows[0][:4] == ["Level", "Name", "Region", "Year"]
    hamar = next(row for row in rows if row[:2] == ["Owner", "Hamar kommune"])
    # Calc read the amounts as numbers (the CSV holds their values, not the text shown)
    assert hamar[2:] == [
        "Hamarregionen", "2026", "1200000", "100000", "400000", "392500", "188300", "807500",
        "211700", "0",
    ]  # fmt: skip
