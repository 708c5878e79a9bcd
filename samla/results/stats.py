"""The statistics the results portal shows, vectorised for a national round.

Pure (numpy, Polars, no Django): the results build calls these on 500 000 respondents ×
60 items, so every function works on whole arrays, never respondent by respondent.
Rounding is the pages' business: everything here returns exact floats.

Item values
    A 2-D array, respondents × items, as the answers are stored
    (:mod:`samla.surveys.answers`): ``1..P`` is the answer on a ``P``-point Likert item,
    ``0`` (missing) and ``255`` ("vet ikke") are missing; NaN is missing too, so float arrays
    work as well. Any other value raises :class:`ValueError`.

Scale score (:func:`scale_scores`)
    The mean of the respondent's answered items of the scale, a reversed item counted as
    ``P + 1 − value``. A respondent gets a score only when at least half of the scale's
    ``k`` items are answered: ``answered ≥ k / 2``, i.e. at least ``ceil(k / 2)``
    (:func:`min_answered`: 2 of 3, 2 of 4, 3 of 5, 3 of 6). Otherwise NaN.

Summaries (:func:`summarise`, :func:`grouped_summary`, :func:`combine_summaries`)
    ``n`` counts the non-NaN values; ``mean`` is NaN when ``n = 0``; ``sd`` is the sample
    standard deviation (``ddof = 1``) and NaN when ``n < 2`` — one answer has no spread that
    can be estimated, and NaN keeps it from being shown as a real 0.

Lowest band (:func:`lowest_band_cut`, :func:`lowest_band_share`)
    Scores in the lowest quarter of the answer scale's range: ``score < 1 + (P − 1) / 4``
    (below 1.75 on a 4-point scale, below 2.0 on a 5-point scale). The cut is a parameter.

Standardised score (:func:`score500`)
    ``500 + 100 · (mean − ref_mean) / ref_sd``, where ``ref_mean`` and ``ref_sd`` are the
    mean and SD of *respondents'* scale scores in the reference (the programme's first round
    by default), so a node's score500 of 550 is half a respondent SD above the reference.

Cohen's d (:func:`cohens_d`, :func:`cohens_d_from_summaries`)
    ``(mean_a − mean_b) / pooled SD``, pooled with ``n − 1`` weights. The two sides are
    taken as given: when the node is part of its comparison (a school within its owner),
    the caller decides whether to take it out first.

Cronbach's alpha (:func:`cronbach_alpha`, :func:`grouped_cronbach_alpha`)
    ``k / (k − 1) · (1 − Σ var_i / var_total)`` with sample variances, over the respondents
    who answered every item of the scale (listwise), reversed items turned round first. NaN
    when ``k < 2``, fewer than 2 complete respondents, or no variance in the total.

Group ids
    Grouped functions take dense non-negative integer group ids ``0..G−1`` (map node ids
    with ``numpy.unique(..., return_inverse=True)`` or a Polars ``rank("dense")``) and return
    arrays indexed by group id; a group without values gets ``n = 0`` and NaN statistics.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl
from numpy.typing import ArrayLike, NDArray

from .scores import _reversed_values, item_values

__all__ = [
    "GroupedSummary",
    "Summary",
    "cohens_d",
    "cohens_d_from_summaries",
    "combine_summaries",
    "cronbach_alpha",
    "distribution",
    "grouped_cronbach_alpha",
    "grouped_distribution",
    "grouped_lowest_band_share",
    "grouped_summary",
    "lowest_band_cut",
    "lowest_band_share",
    "score500",
    "summarise",
    "summary_exprs",
]

Floats = NDArray[np.float64]
Ints = NDArray[np.int64]


@dataclass(frozen=True)
class Summary:
    """n, mean and sample SD of one set of values (NaN where undefined, see the module)."""

    n: int
    mean: float
    sd: float


@dataclass(frozen=True)
class GroupedSummary:
    """n, mean and sample SD per group id (arrays of equal length, indexed by group id)."""

    n: Ints
    mean: Floats
    sd: Floats


# --- summaries ---------------------------------------------------------------------------


def _vector(values: ArrayLike) -> Floats:
    vector = np.asarray(values, dtype=np.float64)
    if vector.ndim != 1:
        raise ValueError("values are a 1-D array")
    return vector


def _group_ids(groups: ArrayLike, length: int, n_groups: int | None) -> tuple[Ints, int]:
    ids = np.asarray(groups)
    if ids.ndim != 1 or ids.shape[0] != length:
        raise ValueError("group ids are a 1-D array, one per value")
    if ids.size and not np.issubdtype(ids.dtype, np.integer):
        raise ValueError("group ids are integers 0..G-1")
    ids = ids.astype(np.int64, copy=False)
    if ids.size and ids.min() < 0:
        raise ValueError("group ids are integers 0..G-1")
    highest = int(ids.max()) + 1 if ids.size else 0
    if n_groups is None:
        n_groups = highest
    elif highest > n_groups:
        raise ValueError(f"group id {highest - 1} is not below n_groups={n_groups}")
    return ids, n_groups


def _grouped_moments(ids: Ints, x: Floats, n_groups: int) -> GroupedSummary:
    """n, mean and sample SD per group of finite values (two passes, for accuracy)."""
    n = np.bincount(ids, minlength=n_groups).astype(np.int64)
    sums = np.bincount(ids, weights=x, minlength=n_groups)
    mean = np.full(n_groups, np.nan)
    np.divide(sums, n, out=mean, where=n > 0)
    deviation = x - mean[ids]
    squares = np.bincount(ids, weights=deviation * deviation, minlength=n_groups)
    variance = np.full(n_groups, np.nan)
    np.divide(squares, n - 1, out=variance, where=n > 1)
    return GroupedSummary(n=n, mean=mean, sd=np.sqrt(variance))


def grouped_summary(
    groups: ArrayLike, values: ArrayLike, n_groups: int | None = None
) -> GroupedSummary:
    """n, mean and sample SD of ``values`` per group id, NaN values left out.

    ``n_groups`` fixes the length of the result (default: highest id + 1).
    """
    x = _vector(values)
    ids, n_groups = _group_ids(groups, x.shape[0], n_groups)
    present = ~np.isnan(x)
    return _grouped_moments(ids[present], x[present], n_groups)


def summarise(values: ArrayLike) -> Summary:
    """n, mean and sample SD of ``values``, NaN values left out."""
    x = _vector(values)
    grouped = grouped_summary(np.zeros(x.shape[0], dtype=np.int64), x, n_groups=1)
    return Summary(n=int(grouped.n[0]), mean=float(grouped.mean[0]), sd=float(grouped.sd[0]))


def combine_summaries(
    parents: ArrayLike,
    n: ArrayLike,
    mean: ArrayLike,
    sd: ArrayLike,
    n_parents: int | None = None,
) -> GroupedSummary:
    """Roll child summaries up to their parents (classes → unit, units → owner …).

    Exact: the result equals :func:`grouped_summary` over the children's values together,
    provided each value belongs to exactly one child. ``parents[i]`` is child ``i``'s parent
    id; a child with ``n < 2`` may have a NaN ``sd``, one with ``n = 0`` a NaN ``mean``.
    """
    counts = np.asarray(n, dtype=np.int64)
    means = _vector(mean)
    sds = _vector(sd)
    if not counts.shape == means.shape == sds.shape:
        raise ValueError("n, mean and sd have one value per child")
    ids, n_parents = _group_ids(parents, counts.shape[0], n_parents)
    if np.any(counts < 0):
        raise ValueError("counts are not negative")
    total = np.bincount(ids, weights=counts, minlength=n_parents).astype(np.int64)
    weighted = np.where(counts > 0, counts * np.nan_to_num(means), 0.0)
    parent_mean = np.full(n_parents, np.nan)
    sums = np.bincount(ids, weights=weighted, minlength=n_parents)
    np.divide(sums, total, out=parent_mean, where=total > 0)
    within = np.where(counts > 1, (counts - 1) * np.nan_to_num(sds) ** 2, 0.0)
    offset = np.where(counts > 0, np.nan_to_num(means) - np.nan_to_num(parent_mean[ids]), 0.0)
    squares = np.bincount(ids, weights=within + counts * offset * offset, minlength=n_parents)
    variance = np.full(n_parents, np.nan)
    np.divide(squares, total - 1, out=variance, where=total > 1)
    return GroupedSummary(n=total, mean=parent_mean, sd=np.sqrt(variance))


def summary_exprs(column: str, lowest_band_below: float | None = None) -> list[pl.Expr]:
    """Polars aggregations giving the same figures as :func:`grouped_summary`.

    For ``frame.group_by(keys).agg(summary_exprs("score"))``: columns ``n`` (UInt32),
    ``mean`` and ``sd`` (NaN, never null, where undefined), and ``lowest_band`` (the share
    of values below ``lowest_band_below``) when a cut is given. NaN and null are missing.
    """
    value = pl.col(column).cast(pl.Float64).fill_nan(None)
    n = value.count()
    exprs = [
        n.alias("n"),
        value.mean().fill_null(float("nan")).alias("mean"),
        pl.when(n > 1).then(value.std(ddof=1)).otherwise(float("nan")).alias("sd"),
    ]
    if lowest_band_below is not None:
        below = (value < lowest_band_below).cast(pl.Float64).mean()  # nulls are left out
        exprs.append(below.fill_null(float("nan")).alias("lowest_band"))
    return exprs


# --- distributions and the lowest band ---------------------------------------------------


def grouped_distribution(
    groups: ArrayLike, values: ArrayLike, points: int, n_groups: int | None = None
) -> Ints:
    """Counts of each answer ``1..points`` of one item per group: shape (groups, points).

    Column ``j`` counts answer ``j + 1``; missing and "vet ikke" are not counted.
    """
    answers = item_values(np.asarray(values).reshape(-1, 1), points)[:, 0]
    ids, n_groups = _group_ids(groups, answers.shape[0], n_groups)
    present = ~np.isnan(answers)
    cells = ids[present] * points + (answers[present].astype(np.int64) - 1)
    counts = np.bincount(cells, minlength=n_groups * points).astype(np.int64)
    return counts.reshape(n_groups, points)


def distribution(values: ArrayLike, points: int) -> Ints:
    """Counts of each answer ``1..points`` of one item (index ``j`` counts answer ``j + 1``)."""
    answers = np.asarray(values).reshape(-1)
    return grouped_distribution(np.zeros(answers.shape[0], dtype=np.int64), answers, points, 1)[0]


def lowest_band_cut(points: int) -> float:
    """The default lowest-band cut for a ``points``-point scale: its lowest quarter."""
    return 1 + (points - 1) / 4


def grouped_lowest_band_share(
    groups: ArrayLike,
    scores: ArrayLike,
    points: int,
    n_groups: int | None = None,
    cut: float | None = None,
) -> Floats:
    """Per group, the share of scores below ``cut`` (default :func:`lowest_band_cut`),
    NaN scores left out; NaN for a group without scores."""
    below = lowest_band_cut(points) if cut is None else cut
    x = _vector(scores)
    ids, n_groups = _group_ids(groups, x.shape[0], n_groups)
    present = ~np.isnan(x)
    n = np.bincount(ids[present], minlength=n_groups)
    low = np.bincount(ids[present], weights=x[present] < below, minlength=n_groups)
    share = np.full(n_groups, np.nan)
    np.divide(low, n, out=share, where=n > 0)
    return share


def lowest_band_share(scores: ArrayLike, points: int, cut: float | None = None) -> float:
    """The share of scores below ``cut`` (default :func:`lowest_band_cut`), NaN left out."""
    x = _vector(scores)
    share = grouped_lowest_band_share(np.zeros(x.shape[0], dtype=np.int64), x, points, 1, cut)
    return float(share[0])


# --- comparisons -------------------------------------------------------------------------


def _result(value: Floats) -> Floats | float:
    return float(value) if value.ndim == 0 else value


def score500(mean: ArrayLike, ref_mean: ArrayLike, ref_sd: ArrayLike) -> Floats | float:
    """``500 + 100 · (mean − ref_mean) / ref_sd``; NaN when ``ref_sd`` is not positive.

    Works elementwise on arrays (a float for scalar inputs).
    """
    m, rm, rs = (np.asarray(v, dtype=np.float64) for v in (mean, ref_mean, ref_sd))
    usable = np.isfinite(rs) & (rs > 0)
    z = np.divide(m - rm, rs, out=np.full(np.broadcast(m, rm, rs).shape, np.nan), where=usable)
    return _result(500 + 100 * z)


def cohens_d_from_summaries(
    n_a: ArrayLike,
    mean_a: ArrayLike,
    sd_a: ArrayLike,
    n_b: ArrayLike,
    mean_b: ArrayLike,
    sd_b: ArrayLike,
) -> Floats | float:
    """Cohen's d of side a against side b from their n, mean and sample SD.

    Pooled SD: ``sqrt(((n_a − 1) sd_a² + (n_b − 1) sd_b²) / (n_a + n_b − 2))``; a side with
    ``n = 1`` adds no spread (its NaN SD is fine). NaN when ``n_a + n_b < 3`` (no spread can
    be estimated), a side is empty, or the pooled SD is 0. Elementwise on arrays.
    """
    na, nb = (np.asarray(v, dtype=np.float64) for v in (n_a, n_b))
    ma, sa, mb, sb = (np.asarray(v, dtype=np.float64) for v in (mean_a, sd_a, mean_b, sd_b))
    squares = np.where(na > 1, (na - 1) * sa**2, 0.0) + np.where(nb > 1, (nb - 1) * sb**2, 0.0)
    shape = np.broadcast(na, ma, sa, nb, mb, sb).shape
    dof = na + nb - 2
    variance = np.divide(squares, dof, out=np.full(shape, np.nan), where=dof > 0)
    pooled = np.sqrt(variance)
    usable = (na > 0) & (nb > 0) & np.isfinite(pooled) & (pooled > 0)
    d = np.divide(ma - mb, pooled, out=np.full(shape, np.nan), where=usable)
    return _result(d)


def cohens_d(a: ArrayLike, b: ArrayLike) -> float:
    """Cohen's d of values ``a`` against values ``b`` (NaN values left out)."""
    sa, sb = summarise(a), summarise(b)
    return float(cohens_d_from_summaries(sa.n, sa.mean, sa.sd, sb.n, sb.mean, sb.sd))


# --- reliability -------------------------------------------------------------------------


def grouped_cronbach_alpha(
    groups: ArrayLike,
    values: ArrayLike,
    points: int | Sequence[int] | ArrayLike,
    reversed_items: bool | Sequence[bool] | ArrayLike = False,
    n_groups: int | None = None,
) -> Floats:
    """Cronbach's alpha of one scale per group (respondent group × round, say).

    Listwise: only respondents who answered every item count. NaN for a group with fewer
    than 2 of them, for ``k < 2`` items, or when the total score does not vary.
    """
    floats = _reversed_values(values, points, reversed_items)
    respondents, k = floats.shape
    ids, n_groups = _group_ids(groups, respondents, n_groups)
    if k < 2:
        return np.full(n_groups, np.nan)
    complete = ~np.isnan(floats).any(axis=1)
    ids, floats = ids[complete], floats[complete]
    item_variance = np.zeros(n_groups)
    for column in range(k):  # a loop over items, not respondents
        item_variance += _grouped_moments(ids, floats[:, column], n_groups).sd ** 2
    total = _grouped_moments(ids, floats.sum(axis=1), n_groups)
    total_variance = total.sd**2
    alpha = np.full(n_groups, np.nan)
    usable = (total.n > 1) & (total_variance > 0)
    np.divide(item_variance, total_variance, out=alpha, where=usable)
    return np.where(usable, k / (k - 1) * (1 - alpha), np.nan)


def cronbach_alpha(
    values: ArrayLike,
    points: int | Sequence[int] | ArrayLike,
    reversed_items: bool | Sequence[bool] | ArrayLike = False,
) -> float:
    """Cronbach's alpha of one scale over the complete cases (see the module)."""
    floats = _reversed_values(values, points, reversed_items)
    k = floats.shape[1]
    complete = floats[~np.isnan(floats).any(axis=1)]
    if k < 2 or complete.shape[0] < 2:
        return float("nan")
    total_variance = complete.sum(axis=1).var(ddof=1)
    if not total_variance > 0:
        return float("nan")
    return float(k / (k - 1) * (1 - complete.var(axis=0, ddof=1).sum() / total_variance))
