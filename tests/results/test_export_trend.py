"""The exports' trend: the top node's indices in this and the programme's earlier rounds
(T1 → T2 → T3), the figures the stored cells hold, "–" where a cell is hidden, and a warning
where an item of the index changed since the round before."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.utils import timezone

from samla.core.pdf import PdfUnavailable
from samla.org.models import Unit, UnitKind
from samla.results import exports
from samla.results.build import build_round
from samla.results.packing import clean
from samla.results.queries import read_cells
from samla.surveys import services
from samla.surveys.instrument import compare
from samla.surveys.models import Round, RoundInstrument
from samla.surveys.simulate import simulate_responses
from samla.surveys.xlsform import read_xlsform
from tests.plans.test_exports import poppler

LIBRARY = Path(settings.BASE_DIR) / "samla" / "surveys" / "library"
GROUP = "pupil_5_7"
SCALES = ["trivsel", "laererstotte", "arbeidsro"]  # questionnaire order
LABELS = ["Wellbeing at school", "Support from teachers", "Calm to work in lessons"]
CHANGED_NOTE = "Items of the index changed since the round before: compare with care."


def _reworded(source: bytes) -> bytes:
    """The questionnaire as a new version whose first wellbeing item is worded otherwise."""
    book = openpyxl.load_workbook(io.BytesIO(source))
    survey = book["survey"]
    header = [cell.value for cell in survey[1]]
    for row in survey.iter_rows(min_row=2):
        if row[header.index("name")].value == "trivsel_1":
            for language in ("nb", "nn", "en"):
                cell = row[header.index(f"label::{language}")]
                cell.value = f"{cell.value} (ny)"
    settings_sheet = book["settings"]
    column = [c.value for c in settings_sheet[1]].index("version") + 1
    settings_sheet.cell(row=2, column=column, value="2026.2")
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def _school(owner: str, position: int = 0, **where) -> Unit:
    units = Unit.objects.filter(kind=UnitKind.PRIMARY, groups__grade=6, **where)
    return list(units.filter(owner__name=owner).distinct().order_by("pk"))[position]


@pytest.fixture
def rounds(demo_org):
    """T1, T2 and T3 of the school programme at two schools of Hamar and one of Løten; the
    Løten school has five answers in T2 only (hidden there); each released after it closed
    (only released earlier rounds make a trend); T3 uses a new version of the
    questionnaire where a wellbeing item is worded otherwise. Each built in turn."""
    source = (LIBRARY / "elev_5_7.xlsx").read_bytes()
    first = services.publish_instrument(source)
    reworded = services.publish_instrument(_reworded(source))
    programme = demo_org.school_programme
    schools = [
        _school("Hamar kommune", 0),
        _school("Hamar kommune", 1),
        _school("Løten kommune", 0),
    ]
    now = timezone.now()
    made = []
    for number, (name, days, version, small) in enumerate(
        [("T1", 90, first, 30), ("T2", 50, first, 5), ("T3", 10, reworded, 30)]
    ):
        round = Round.objects.create(
            programme=programme, name=name, slug=f"{name.lower()}-trend",
            opens_at=now - timedelta(days=days), closes_at=now + timedelta(days=1),
            published=True,
        )  # fmt: skip
        round.units.add(*schools)
        RoundInstrument.objects.create(round=round, respondent_group=GROUP, version=version)
        for position, (school, count) in enumerate(zip(schools, (40, 40, small), strict=True)):
            simulate_responses(
                round, count, seed=10 * number + position, unit=school, shift=0.2 * number
            )
        Round.objects.filter(pk=round.pk).update(
            closes_at=now - timedelta(days=days - 5),
            results_released_at=now - timedelta(days=days - 6),
        )
        round.refresh_from_db()
        build_round(round)
        made.append(round)
    return made


def _cell(round: Round, node: tuple[str, int], scale: str):
    (cell,) = read_cells(round, [node], respondent_group=GROUP, codes={scale}, kind="scale")
    return cell


def _small_school(rounds) -> Unit:
    return Unit.objects.get(rounds=rounds[0], owner__name="Løten kommune")


def test_the_reworded_item_is_the_only_change():
    source = (LIBRARY / "elev_5_7.xlsx").read_bytes()
    changes = compare(read_xlsform(source), read_xlsform(_reworded(source)))
    assert [c.code for c in changes if not c.comparable] == ["trivsel_1"]


def test_the_json_trend_holds_the_stored_cells_and_warns_where_an_item_changed(rounds):
    t1, t2, t3 = rounds
    school = _small_school(rounds)
    node = ("unit", school.pk)
    assert _cell(t2, node, "trivsel").suppressed  # five answers
    assert not _cell(t1, node, "trivsel").suppressed and not _cell(t3, node, "trivsel").suppressed

    exported = json.loads(
        json.dumps(exports.results_json(t3, exports.parse_node(t3, f"unit:{school.pk}")))
    )

    expected = []
    for scale in SCALES:
        points = []
        for each in rounds:
            cell = _cell(each, node, scale)
            point = {"round": each.slug}
            if not cell.suppressed:
                point.update(n=cell.n, mean=clean(cell.mean), score500=clean(cell.score500))
            point.update(suppressed=cell.suppressed, changed=each == t3 and scale == "trivsel")
            points.append(point)
        expected.append(
            {"node": f"unit:{school.pk}", "respondent_group": GROUP, "scale": scale,
             "points": points}
        )  # fmt: skip
    assert exported["trend"] == expected
    hidden = expected[0]["points"][1]
    assert hidden == {"round": "t2-trend", "suppressed": True, "changed": False}


def test_the_whole_programme_trend_is_the_programmes(rounds):
    t1, t2, t3 = rounds
    exported = exports.results_json(t3)
    node = ("programme", t3.programme_id)
    assert [line["node"] for line in exported["trend"]] == [f"programme:{t3.programme_id}"] * 3
    assert [line["scale"] for line in exported["trend"]] == SCALES
    wellbeing = exported["trend"][0]["points"]
    assert [p["score500"] for p in wellbeing] == [
        clean(_cell(each, node, "trivsel").score500) for each in rounds
    ]
    assert [p["changed"] for p in wellbeing] == [False, False, True]
    # T2 looks back on T1 only; T1 has nothing to look back on, so no trend at all.
    assert [p["round"] for p in exports.results_json(t2)["trend"][0]["points"]] == [
        "t1-trend", "t2-trend",
    ]  # fmt: skip
    assert "trend" not in exports.results_json(t1)


def test_the_trend_sheet_shows_scores_n_and_changes_with_hidden_cells_as_dashes(rounds):
    t1, _t2, t3 = rounds
    school = _small_school(rounds)
    node = ("unit", school.pk)
    content = exports.results_xlsx(t3, exports.parse_node(t3, f"unit:{school.pk}"), "en")
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert book.sheetnames == [
        "README", "Pupils, grades 5–7", "Trend", "Item distributions", "Questions",
    ]  # fmt: skip
    sheet = book["Trend"]
    assert sheet["A1"].value == f"Trend for {school.name} (500 scale) – unit:{school.pk}"
    assert "fewer than 7 respondents" in sheet["A2"].value
    assert sheet["A3"].value == CHANGED_NOTE
    header = [cell.value for cell in sheet[4]]
    per_round = ["500 scale", "n", "changed since the round before"]
    assert header == [
        "Respondent group", "Index",
        *[f"{each.name}: {name}" for each in rounds for name in per_round],
    ]  # fmt: skip

    rows = list(sheet.iter_rows(min_row=5, values_only=True))
    assert [row[:2] for row in rows] == [("Pupils, grades 5–7", label) for label in LABELS]
    for row, scale in zip(rows, SCALES, strict=True):
        expected = []
        for each in rounds:
            cell = _cell(each, node, scale)
            changed = "yes" if each == t3 and scale == "trivsel" else None
            if cell.suppressed:
                expected += ["–", "–", changed]
            else:
                expected += [pytest.approx(cell.score500), cell.n, changed]
        assert list(row[2:]) == expected
    assert rows[0][5:7] == ("–", "–")  # T2 at the small school: hidden, no figure

    # One round only: no trend sheet.
    single = openpyxl.load_workbook(io.BytesIO(exports.results_xlsx(t1, language="en")))
    assert "Trend" not in single.sheetnames


def test_the_pdf_has_a_trend_table_per_respondent_group_with_a_marked_note(rounds, tmp_path):
    t1, _t2, t3 = rounds
    school = _small_school(rounds)
    node = ("unit", school.pk)
    nodes = exports.parse_node(t3, f"unit:{school.pk}")

    context = exports.pdf_context(t3, nodes, "en")

    assert context["subject"] == school.name
    (section,) = context["sections"]
    rows = []
    for scale, label in zip(SCALES, LABELS, strict=True):
        cells = []
        for each in rounds:
            cell = _cell(each, node, scale)
            text = "–" if cell.suppressed else f"{cell.score500:.0f}"
            cells.append({"text": text, "changed": each == t3 and scale == "trivsel"})
        rows.append({"label": label, "cells": cells})
    assert section["trend"] == {
        "caption": f"Trend for {school.name} (500 scale)",
        "rounds": ["T1", "T2", "T3"],
        "rows": rows,
        "changed": True,
    }
    assert rows[0]["cells"][1] == {"text": "–", "changed": False}
    assert context["changed_note"] == CHANGED_NOTE
    (single,) = exports.pdf_context(t1, exports.parse_node(t1, f"unit:{school.pk}"), "en")[
        "sections"
    ]
    assert single["trend"] is None

    try:
        pdf = exports.results_pdf(t3, nodes, "en")
    except PdfUnavailable:
        pytest.skip("WeasyPrint is not installed here")
    text = " ".join(poppler("pdftotext", pdf, tmp_path, "-enc", "UTF-8", "-").split())
    wellbeing = " ".join(cell["text"] for cell in rows[0]["cells"])
    assert f"Trend for {school.name} (500 scale) – Pupils, grades 5–7" in text
    # The table stands beside the chart, whose words the text extraction may put between
    # the table's header cells: the rounds and the first row in order.
    assert f"T1 T2 T3 Wellbeing at school {wellbeing} †" in text
    assert f"† {CHANGED_NOTE}" in text
    assert "Tagged: yes" in " ".join(poppler("pdfinfo", pdf, tmp_path).split())


def test_the_trend_costs_a_fixed_number_of_queries(rounds, django_assert_num_queries):
    t3 = rounds[-1]
    school = _small_school(rounds)
    hamar = exports.parse_node(t3, f"owner:{_school('Hamar kommune').owner_id}")
    assert len(hamar["unit"]) == 2
    selections = [exports.parse_node(t3, f"unit:{school.pk}"), hamar, None]  # 1, 2, 3 units
    for selection in selections:
        # The export's own ten (with how many rows each sheet has, read before the rows so
        # that their figures go straight into tables of that size); whether an earlier
        # round exists (1); per index of the round, four for its trend (rounds, sheets,
        # rows, questionnaires): 3 × 4.
        with django_assert_num_queries(10 + 1 + 3 * 4):
            exported = exports.results_json(t3, selection)
        assert len(exported["trend"]) == 3


def test_an_earlier_round_whose_results_are_not_released_stays_out_of_the_trend(rounds):
    from samla.results.queries import Node
    from samla.results.trends import trend

    first, second, third = rounds
    Round.objects.filter(pk=second.pk).update(results_released_at=None)
    school = Unit.objects.get(rounds=first, owner__name="Løten kommune")

    points = trend(third, Node("unit", school.pk, school.name), GROUP, "trivsel")

    assert [point.round.slug for point in points] == [first.slug, third.slug]


def test_an_earlier_round_released_by_its_date_is_in_the_trend(rounds):
    from datetime import date

    from samla.results.queries import Node
    from samla.results.trends import trend

    first, second, third = rounds
    Round.objects.filter(pk=second.pk).update(
        results_released_at=None, results_release_on=date.today()
    )
    school = Unit.objects.get(rounds=first, owner__name="Løten kommune")

    points = trend(third, Node("unit", school.pk, school.name), GROUP, "trivsel")

    assert [point.round.slug for point in points] == [first.slug, second.slug, third.slug]
