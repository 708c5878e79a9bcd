"""Item values and scale scores for :mod:`stats`, vectorised for a national round.

Pure (numpy, no Django). The rules (which values are missing, how a reversed item is
turned round, how many answered items a scale score needs) are described in
:mod:`stats`'s docstring, under "Item values" and "Scale score"."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from samla.surveys.answers import BYTE_DONT_KNOW, BYTE_MISSING

__all__ = ["item_values", "min_answered", "scale_from_bytes", "scale_scores"]

Floats = NDArray[np.float64]
Ints = NDArray[np.int64]


def min_answered(k: int) -> int:
    """How many of a scale's ``k`` items a respondent must answer to be scored: half,
    rounded up (``answered ≥ k / 2``)."""
    if k < 1:
        raise ValueError("a scale has at least one item")
    return (k + 1) // 2


def _points_per_item(points: int | Sequence[int] | ArrayLike, k: int) -> Ints:
    per_item = np.broadcast_to(np.asarray(points, dtype=np.int64), (k,))
    if np.any(per_item < 2):
        raise ValueError("an answer scale has at least 2 points")
    return per_item


def _matrix(values: ArrayLike) -> NDArray[Any]:
    matrix = np.asarray(values)
    if matrix.ndim != 2:
        raise ValueError("item values are a 2-D array: respondents × items")
    return matrix


def item_values(values: ArrayLike, points: int | Sequence[int] | ArrayLike) -> Floats:
    """Item values as floats, NaN for missing and "vet ikke".

    ``values`` is respondents × items (stored bytes or floats, see the module); ``points`` is
    one number of answer options for all items or one per item. Raises ValueError for a
    value that is neither an answer ``1..P`` nor a missing marker.
    """
    matrix = _matrix(values)
    per_item = _points_per_item(points, matrix.shape[1])
    if matrix.dtype == np.uint8:  # stored bytes: one pass (missing, 0, wraps round to 255)
        valid = (matrix - np.uint8(1)) < per_item
        if not valid.all():
            _refuse(
                ~valid & (matrix != BYTE_MISSING) & (matrix != BYTE_DONT_KNOW), matrix, per_item
            )
        return np.where(valid, matrix, np.nan)
    floats = matrix.astype(np.float64, copy=True)
    missing = np.isnan(floats) | (floats == BYTE_MISSING) | (floats == BYTE_DONT_KNOW)
    floats[missing] = np.nan
    _refuse(
        ~missing & ((floats < 1) | (floats > per_item) | (floats != np.floor(floats))),
        matrix,
        per_item,
    )
    return floats


def _refuse(invalid: NDArray[np.bool_], matrix: NDArray[Any], per_item: Ints) -> None:
    """Raise ValueError naming the first value that is no answer on its scale, if any."""
    if invalid.any():
        row, column = (int(i) for i in np.argwhere(invalid)[0])
        raise ValueError(
            f"{int(invalid.sum())} item values are not answers on their scale, the first at "
            f"row {row}, column {column}: {matrix[row, column]!r} "
            f"(answers are 1..{per_item[column]}; 0, 255 and NaN mean missing)"
        )


def _reversed_values(
    values: ArrayLike,
    points: int | Sequence[int] | ArrayLike,
    reversed_items: bool | Sequence[bool] | ArrayLike,
) -> Floats:
    floats = item_values(values, points)
    k = floats.shape[1]
    turn = np.broadcast_to(np.asarray(reversed_items, dtype=bool), (k,))
    if turn.any():
        per_item = _points_per_item(points, k)
        floats[:, turn] = (per_item[turn] + 1) - floats[:, turn]  # NaN stays NaN
    return floats


def scale_scores(
    values: ArrayLike,
    points: int | Sequence[int] | ArrayLike,
    reversed_items: bool | Sequence[bool] | ArrayLike = False,
) -> Floats:
    """Each respondent's score on one scale (NaN when fewer than half its items are answered).

    ``values``: respondents × the scale's items; ``points``: answer options, one for all
    items or one per item; ``reversed_items``: one flag for all or one per item.
    """
    floats = _reversed_values(values, points, reversed_items)
    k = floats.shape[1]
    answered = ~np.isnan(floats)
    count = answered.sum(axis=1)
    total = np.where(answered, floats, 0.0).sum(axis=1)
    scored = count >= min_answered(k)
    scores = np.full(floats.shape[0], np.nan)
    np.divide(total, count, out=scores, where=scored)
    return scores


def scale_from_bytes(
    columns: NDArray[np.uint8],
    points: int | Sequence[int] | ArrayLike,
    reversed_items: bool | Sequence[bool] | ArrayLike = False,
) -> tuple[Floats, float]:
    """:func:`scale_scores` and :func:`cronbach_alpha` of a scale at once, from the stored
    answer bytes (respondents × the scale's items), in whole-number arithmetic item by item:
    the results build's path, the same figures with a fraction of the memory traffic. Give
    the matrix in column order (``np.asfortranarray``, or the transpose of a row-ordered
    items × respondents array) and each item is read as one contiguous run."""
    matrix = _matrix(columns)
    if matrix.dtype != np.uint8:
        raise ValueError("stored answers are bytes (uint8)")
    respondents, k = matrix.shape
    per_item = _points_per_item(points, k)
    turn = np.broadcast_to(np.asarray(reversed_items, dtype=bool), (k,))
    count = np.zeros(respondents, dtype=np.int16)
    total = np.zeros(respondents, dtype=np.int32)
    complete = np.ones(respondents, dtype=bool)
    values = []
    for j in range(k):
        raw = matrix[:, j]
        valid = (raw - np.uint8(1)) < per_item[j]  # missing (0) wraps round to 255
        bad = ~valid & (raw != BYTE_MISSING) & (raw != BYTE_DONT_KNOW)
        if bad.any():
            item_values(matrix, per_item)  # raises, naming the first value off its scale
        value = raw.astype(np.int16)
        if turn[j]:
            value = np.int16(per_item[j] + 1) - value
        value[~valid] = 0
        count += valid
        total += value
        complete &= valid
        values.append(value)
    scores = np.full(respondents, np.nan)
    np.divide(total, count, out=scores, where=count >= min_answered(k))
    n = int(complete.sum())
    if k < 2 or n < 2:
        return scores, float("nan")
    item_variance = 0.0
    for value in values:
        x = value[complete].astype(np.int64)
        item_variance += (float(x @ x) - float(x.sum()) ** 2 / n) / (n - 1)
    totals = total[complete].astype(np.int64)
    total_variance = (float(totals @ totals) - float(totals.sum()) ** 2 / n) / (n - 1)
    if not total_variance > 0:
        return scores, float("nan")
    return scores, k / (k - 1) * (1 - item_variance / total_variance)
