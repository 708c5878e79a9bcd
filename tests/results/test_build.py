"""The results build on a simulated round: figures reproduced independently, anonymity
applied before anything is stored, old results kept when a build fails."""

from __future__ import annotations

import math
import statistics
from datetime import timedelta
from io import StringIO
from pathlib import Path

import numpy as np
import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from samla.org.models import Unit, UnitKind
from samla.results import build as results_build
from samla.results.models import Build, BuildState, NodeKind, Reference, Reliability, ResultRow
from samla.results.packing import read_numbers
from samla.results.queries import read_cells
from samla.results.services import BuildRefused, run_build, start_build
from samla.surveys import services
from samla.surveys.answers import unpack_answers
from samla.surveys.models import Response, Round, RoundInstrument
from samla.surveys.simulate import simulate_responses

LIBRARY = Path(settings.BASE_DIR) / "samla" / "surveys" / "library"


@pytest.fixture
def closed_round(demo_org):
    """Pupils 5–7 at four schools of Hamar; the round closed yesterday."""
    version = services.publish_instrument((LIBRARY / "elev_5_7.xlsx").read_bytes())
    now = timezone.now()
    round = Round.objects.create(
        programme=demo_org.school_programme, name="T3", slug="t3-build",
        opens_at=now - timedelta(days=10), closes_at=now + timedelta(days=1), published=True,
    )  # fmt: skip
    schools = list(
        Unit.objects.filter(kind=UnitKind.PRIMARY, owner__name="Hamar kommune", groups__grade=6)
        .distinct()
        .order_by("pk")[:4]
    )
    round.units.add(*schools)
    RoundInstrument.objects.create(round=round, respondent_group="pupil_5_7", version=version)
    for number, school in enumerate(schools):
        # One school with very few answers, so that anonymity has work to do.
        simulate_responses(round, 5 if number == 3 else 60, seed=number, unit=school)
    Round.objects.filter(pk=round.pk).update(closes_at=now - timedelta(days=1))
    round.refresh_from_db()
    return round


def _scores_by_unit(round: Round, scale: str) -> dict[int, list[float]]:
    """Every respondent's index score, worked out again from the stored answers."""
    version = round.instruments.get().version
    instrument = version.instrument()
    codes = next(each for each in instrument.scales if each.code == scale).item_codes
    items = [instrument.item(code) for code in codes]
    scores: dict[int, list[float]] = {}
    for response in Response.objects.filter(round=round):
        answers = unpack_answers(instrument, bytes(response.answers))
        values = []
        for item in items:
            value = answers.get(item.code)
            if value in (None, "dk"):
                continue
            number = int(value)
            values.append(item.likert_points + 1 - number if item.reversed else number)
        if len(values) * 2 >= len(items):
            scores.setdefault(response.unit_id, []).append(sum(values) / len(values))
    return scores


def _index_cells(round: Round, scale: str) -> dict[tuple[str, int], object]:
    return {
        (cell.node_kind, cell.node_id): cell
        for cell in read_cells(round, respondent_group="pupil_5_7", codes={scale}, kind="scale")
    }


def test_unit_figures_match_an_independent_computation(closed_round):
    cells = results_build.build_round(closed_round)
    assert cells == len(read_cells(closed_round, grade_band=None))
    built = _index_cells(closed_round, "trivsel")
    for unit_id, scores in _scores_by_unit(closed_round, "trivsel").items():
        cell = built[(NodeKind.UNIT, unit_id)]
        if len(scores) < 7:
            assert cell.suppressed and cell.n is None and cell.mean is None
            continue
        if cell.suppressed:  # hidden to protect another cell: no figures either
            assert cell.n is None and cell.mean is None
            continue
        assert cell.n == len(scores)
        assert cell.mean == pytest.approx(statistics.fmean(scores))
        assert cell.sd == pytest.approx(statistics.stdev(scores))
    (programme,) = [cell for key, cell in built.items() if key[0] == NodeKind.PROGRAMME]
    everyone = [s for scores in _scores_by_unit(closed_round, "trivsel").values() for s in scores]
    assert programme.n == len(everyone)
    assert programme.mean == pytest.approx(statistics.fmean(everyone))
    # The first round built is the programme's reference: its own programme score is 500.
    assert programme.score500 == pytest.approx(500)
    assert Reference.objects.get(scale="trivsel").n == len(everyone)
    assert Reliability.objects.filter(round=closed_round, scale="trivsel").get().alpha is not None


def test_no_hidden_cell_holds_a_figure_and_small_cells_are_hidden(closed_round):
    results_build.build_round(closed_round)
    cells = read_cells(closed_round, grade_band=None)
    hidden = [cell for cell in cells if cell.suppressed]
    assert hidden
    assert all(
        cell.n is None and cell.mean is None and cell.distribution is None for cell in hidden
    )
    assert not [cell for cell in cells if not cell.suppressed and cell.n < 7]
    # In storage too: a hidden cell is marked, and NaN for every figure.
    rows = ResultRow.objects.filter(round=closed_round).values_list(
        "n", "figures", "sheet__measures"
    )
    marked = 0
    for n_bytes, figure_bytes, measures in rows:
        n, mark = read_numbers(bytes(n_bytes), len(measures))
        floats = np.frombuffer(bytes(figure_bytes), dtype="<f4").tolist()
        for index, measure in enumerate(measures):
            scales = sum(1 for m in measures if m[0])
            width = 4 if measure[0] else 3
            start = 4 * min(index, scales) + 3 * max(0, index - scales)
            if n[index] == mark:
                marked += 1
                assert all(math.isnan(v) for v in floats[start : start + width])
    assert marked == len(hidden)


def test_a_failed_build_keeps_the_previous_results(closed_round):
    results_build.build_round(closed_round)
    before = list(ResultRow.objects.filter(round=closed_round).values_list("pk", flat=True))
    # A response whose stored answers were damaged: the build cannot read the round.
    damaged = Response.objects.filter(round=closed_round).first()
    Response.objects.filter(pk=damaged.pk).update(answers=b"\x01")
    build = Build.objects.create(round=closed_round)
    with pytest.raises(ValueError):
        run_build(build)
    build.refresh_from_db()
    assert build.state == BuildState.FAILED and build.error == "ValueError"
    assert list(ResultRow.objects.filter(round=closed_round).values_list("pk", flat=True)) == before


def test_the_command_builds_with_progress_and_the_portal_queues(closed_round, demo_org):
    out = StringIO()
    call_command("build_results", round=closed_round.slug, stdout=out)
    text = out.getvalue()
    assert "100%" in text and "cells from" in text
    assert Build.objects.get().state == BuildState.DONE
    open_round = demo_org.survey_round()
    with pytest.raises(BuildRefused):
        start_build(open_round)
    queued = start_build(closed_round, demo_org.user("admin"))
    assert queued.state == BuildState.QUEUED
    with pytest.raises(BuildRefused):
        start_build(closed_round)


def test_ids_too_large_for_the_row_key_are_refused_not_overflowed(closed_round):
    school = Unit.objects.filter(rounds=closed_round).first()
    Unit.objects.create(pk=2**40, name="Stor id skole", kind=school.kind, owner=school.owner)
    with pytest.raises(ValueError, match="too large"):
        results_build.build_round(closed_round)
