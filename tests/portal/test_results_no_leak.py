"""Every results page and download of a round with small schools and classes, read as the
administrator (who sees every node): no figure of a group under the threshold anywhere,
and every hidden cell shown as hidden."""

from __future__ import annotations

import io
import json
import re

import openpyxl
import pytest
from django.urls import reverse

from samla.results import access as result_access
from samla.results.queries import read_cells
from tests.conftest import client_for

from .test_results_views import _released_round

SMALL_N = re.compile(r"n = (\d+)\)")


@pytest.fixture
def small_round(demo_org):
    forms = {"pupil_5_7": "elev_5_7.xlsx", "guardian": "foresatte_skole.xlsx"}
    return _released_round(demo_org, "t9-small", forms, [70, 30, 9])


def _pages(round, admin):
    """Every node page (each grade band too) and every index page the admin may open."""
    nodes = result_access.result_nodes(admin, round)
    cells = read_cells(round, grade_band=None, kind="scale")
    bands = {(c.node_kind, c.node_id): set() for c in cells}
    for cell in cells:
        if cell.grade_band:
            bands[(cell.node_kind, cell.node_id)].add(cell.grade_band)
    scales = {(c.respondent_group, c.scale) for c in cells}
    for kind, ids in nodes.items():
        for pk in ids:
            base = reverse(
                "portal:node_results", kwargs={"slug": round.slug, "kind": kind, "pk": pk}
            )
            yield base
            for band in sorted(bands.get((kind, pk), ())):
                yield f"{base}?trinn={band}"
            for group, scale in sorted(scales):
                yield reverse(
                    "portal:scale_results",
                    kwargs={"slug": round.slug, "kind": kind, "pk": pk, "group": group,
                            "scale": scale},
                )  # fmt: skip


def test_no_page_shows_a_small_group(small_round, demo_org):
    round, _schools = small_round
    threshold = round.programme.anonymity_threshold
    admin = client_for("admin")
    assert any(c.suppressed for c in read_cells(round, grade_band=None))
    seen = 0
    for url in [reverse("portal:round_results", kwargs={"slug": round.slug}),
                *_pages(round, demo_org.user("admin"))]:  # fmt: skip
        response = admin.get(url)
        assert response.status_code == 200, url
        small = [int(n) for n in SMALL_N.findall(response.content.decode()) if int(n) < threshold]
        assert small == [], url
        seen += 1
    assert seen > 50


def test_no_download_holds_a_small_group(small_round, demo_org):
    round, _schools = small_round
    threshold = round.programme.anonymity_threshold
    admin = client_for("admin")

    def export(fmt):
        url = reverse(
            "portal:node_export",
            kwargs={"slug": round.slug, "kind": "programme", "pk": round.programme_id, "fmt": fmt},
        )
        response = admin.get(url)
        assert response.status_code == 200
        return response.content

    data = json.loads(export("json"))
    hidden = [cell for cell in data["cells"] if cell["suppressed"]]
    assert hidden and all(set(cell) & {"n", "mean", "sd", "percents"} == set() for cell in hidden)
    assert all(cell["n"] >= threshold for cell in data["cells"] if not cell["suppressed"])
    workbook = openpyxl.load_workbook(io.BytesIO(export("xlsx")), read_only=True)
    for sheet in workbook.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        header = next((row for row in rows if row and "n" in [str(v).split(": ")[-1] for v in row]),
                      None)  # fmt: skip
        if header is None:
            continue
        columns = [i for i, v in enumerate(header) if str(v).split(": ")[-1] == "n"]
        for row in rows[rows.index(header) + 1 :]:
            for column in columns:
                value = row[column] if column < len(row) else None
                assert value in (None, "–") or value >= threshold, (sheet.title, row)
