"""Stored result rows: packed and read back, small and large numbers, hidden cells."""

from __future__ import annotations

import math

import numpy as np
import pytest

from samla.results.packing import (
    HIDDEN,
    Measure,
    clean,
    figure_table,
    pack,
    read_numbers,
    unpack,
)

MEASURES = [Measure("trivsel", "", 5), Measure("", "q1", 4), Measure("", "q2", 2)]


def packed_rows(n, counts):
    n = np.asarray(n)
    rows = n.shape[0]
    mean = np.tile([3.25, 2.5, 1.5], (rows, 1))
    sd = np.tile([0.75, 1.0, 0.5], (rows, 1))
    score = np.tile([512.5, np.nan, np.nan], (rows, 1))
    low = np.tile([0.125, 0.25, 0.5], (rows, 1))
    floats = figure_table(mean, sd, score, low, n == HIDDEN, scales=1)
    return list(pack(n, floats, np.asarray(counts)))


@pytest.mark.parametrize("size", [20, 70_000])  # a class, and the whole country
def test_a_row_reads_back_as_it_was_built(size):
    counts = [[size // 4, size // 4, size // 4, size - 3 * (size // 4), size // 2, size // 2]]
    ((n_bytes, figure_bytes, count_bytes),) = packed_rows([[size, size, size]], counts)
    assert len(n_bytes) == 3 * (2 if size < 65_535 else 4)

    index, first, second = unpack(MEASURES, "unit", 7, "pupil_5_7", "", n_bytes, figure_bytes,
                                  count_bytes)  # fmt: skip

    assert (index.scale, index.n, index.mean, index.sd) == ("trivsel", size, 3.25, 0.75)
    assert (index.score500, index.low_share, index.distribution) == (512.5, 0.125, None)
    assert (first.item, first.n, first.mean, first.score500, first.low_share) == (
        "q1", size, 2.5, None, 0.25,
    )  # fmt: skip
    assert first.distribution["counts"] == {str(k + 1): c for k, c in enumerate(counts[0][:4])}
    assert first.distribution["percents"]["1"] == 25
    assert second.distribution["counts"] == {"1": size // 2, "2": size // 2}


def test_a_hidden_cell_and_a_withheld_count_hold_no_number():
    rows = packed_rows([[HIDDEN, 9, 0]], [[HIDDEN] * 4 + [0, 0]])
    ((n_bytes, figure_bytes, count_bytes),) = rows
    n, mark = read_numbers(n_bytes, 3)
    assert n == [mark, 9, 0]
    assert all(math.isnan(v) for v in np.frombuffer(figure_bytes, "<f4")[:4])

    index, item = unpack(MEASURES, "group", 3, "pupil_5_7", "", n_bytes, figure_bytes,
                         count_bytes)  # fmt: skip

    assert index.suppressed and index.n is index.mean is index.score500 is None
    assert not item.suppressed and item.distribution["counts"] == dict.fromkeys("1234")
    assert (index.scale, item.item) == ("trivsel", "q1")  # q2 had nobody: no cell at all


def test_only_the_wanted_measures_and_a_row_that_does_not_fit_is_refused():
    ((n_bytes, figure_bytes, count_bytes),) = packed_rows([[8, 8, 8]], [[2, 2, 2, 2, 4, 4]])
    cells = unpack(MEASURES, "unit", 1, "guardian", "5-7", n_bytes, figure_bytes, count_bytes,
                   {"q2"})  # fmt: skip
    assert [(c.item, c.grade_band) for c in cells] == [("q2", "5-7")]
    with pytest.raises(ValueError, match="bytes"):
        unpack(MEASURES[:2], "unit", 1, "guardian", "", n_bytes, figure_bytes, count_bytes)


def test_a_stored_float_prints_as_its_shortest_decimal():
    stored = float(np.float32(3.4567))
    assert stored != 3.4567 and clean(stored) == 3.4567
