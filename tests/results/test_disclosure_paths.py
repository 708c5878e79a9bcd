"""Every way out reads the rule of ``suppression.protect_figures``: a built round shows an
item's figures whole or its n only; a row stored before the rule (a distribution missing
an option beside its mean, as issue 14 found: n = 28, mean 3.46, options 3 and 4 shown)
is read the same way by the JSON export and the index page; frozen analysis evidence is
re-checked by a migration."""

from __future__ import annotations

import importlib
import json

import numpy as np
import pytest
from django.urls import reverse

from samla.results import exports
from samla.results.models import ResultRow
from samla.results.packing import FIGURE_TYPE, HIDDEN, pack, read_numbers
from samla.results.queries import instruments_of, read_cells
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _item_cells(data: dict) -> list[dict]:
    return [c for c in data["cells"] if c["item"] and not c["suppressed"]]


def test_a_built_round_shows_an_item_whole_or_its_n_only(demo_org):
    round = demo_org.results_round()

    cells = _item_cells(json.loads(exports.results_json_bytes(round)))

    blank = [c for c in cells if all(p is None for p in c["percents"].values())]
    whole = [c for c in cells if all(p is not None for p in c["percents"].values())]
    assert len(blank) + len(whole) == len(cells)
    assert blank and whole
    assert {(c["mean"], c["sd"], c["low_share"]) for c in blank} == {(None, None, None)}
    assert all(c["mean"] is not None for c in whole)


def _store_the_old_way(round, unit_id: int) -> str:
    """The school's row rewritten as a build before the rule stored it: the first item of
    the first index with its two lowest options withheld, its mean kept."""
    row = ResultRow.objects.select_related("sheet").get(
        round=round, node_kind="unit", node_id=unit_id, grade_band=""
    )
    measures = row.sheet.measure_list()
    instrument = instruments_of(round)[row.sheet.respondent_group]
    code = instrument.scales[0].item_codes[0]
    position = next(i for i, m in enumerate(measures) if m.item == code)
    ns, _mark = read_numbers(bytes(row.n), len(measures))
    options = sum(m.points for m in measures if m.item)
    counts, mark = read_numbers(bytes(row.counts), options)
    start = sum(m.points for m in measures[:position] if m.item)
    counts = [HIDDEN if c == mark else c for c in counts]
    counts[start] = counts[start + 1] = HIDDEN
    floats = np.frombuffer(bytes(row.figures), dtype=FIGURE_TYPE).copy()
    scales = sum(1 for m in measures if m.scale)
    first = 4 * scales + 3 * (position - scales)
    floats[first : first + 3] = (3.4642856, 0.9, 0.1)
    n_row = np.asarray([[HIDDEN if v == _mark else v for v in ns]], dtype=np.int64)
    n_bytes, figure_bytes, count_bytes = next(
        pack(n_row, floats[None, :], np.asarray([counts], dtype=np.int64))
    )
    ResultRow.objects.filter(pk=row.pk).update(n=n_bytes, figures=figure_bytes, counts=count_bytes)
    return code


def test_a_row_stored_before_the_rule_shows_n_only_in_the_json_export(demo_org):
    round = demo_org.results_round()
    school = demo_org.school
    code = _store_the_old_way(round, school.pk)

    data = json.loads(exports.results_json_bytes(round, [("unit", school.pk)]))

    cell = next(c for c in _item_cells(data) if c["item"] == code and not c["grade_band"])
    assert cell["n"] > 0
    assert (cell["mean"], cell["sd"], cell["low_share"]) == (None, None, None)
    assert set(cell["percents"].values()) == {None}
    stored = read_cells(round, [("unit", school.pk)], codes=[code])
    assert [(c.mean, c.sd, c.low_share) for c in stored] == [(None, None, None)]


def test_a_row_stored_before_the_rule_shows_no_mean_on_the_index_page(demo_org):
    round = demo_org.results_round()
    school = demo_org.school
    code = _store_the_old_way(round, school.pk)
    instrument = instruments_of(round)["pupil_5_7"]
    scale = instrument.scales[0]
    url = reverse(
        "portal:scale_results",
        kwargs={"slug": round.slug, "kind": "unit", "pk": school.pk, "group": "pupil_5_7",
                "scale": scale.code},
    )  # fmt: skip

    page = client_for("rektor").get(url)

    assert page.status_code == 200
    html = page.content.decode()
    assert "3,46" not in html and "3.46" not in html
    assert code in instrument.scales[0].item_codes


def test_frozen_evidence_is_rechecked_by_the_migration():
    recheck = importlib.import_module(
        "samla.analysis.migrations.0002_evidence_whole_distributions"
    ).whole_distributions_only
    labels = {"nb": "Helt uenig"}
    frozen = {
        "rows": [{"kind": "unit", "id": 1, "n": 28, "mean": 3.1, "hidden": False}],
        "items": [
            {"code": "trivsel_1", "n": 28, "mean": 3.4642856, "sd": 0.9, "low_share": 0.07,
             "hidden": False, "options": [[labels, None], [labels, None], [labels, 25],
                                          [labels, 64]]},
            {"code": "trivsel_2", "n": 28, "mean": 3.0, "sd": 1.0, "low_share": 0.1,
             "hidden": False, "options": [[labels, 25], [labels, 25], [labels, 25],
                                          [labels, 25]]},
            {"code": "trivsel_3", "n": None, "hidden": True, "options": [[labels, None]]},
        ],
    }  # fmt: skip

    checked = recheck(frozen)

    assert checked["rows"] == frozen["rows"]
    assert checked["items"][0] == {
        "code": "trivsel_1", "n": 28, "mean": None, "sd": None, "low_share": None,
        "hidden": False, "options": [[labels, None]] * 4,
    }  # fmt: skip
    assert checked["items"][1:] == frozen["items"][1:]
