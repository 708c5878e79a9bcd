"""samla.results.stats against independent computations: hand-worked examples, the
``statistics`` module, plain numpy per group and scipy."""

import math
import statistics
from collections import Counter

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as scipy_stats

from samla.results.scores import item_values, min_answered, scale_from_bytes, scale_scores
from samla.results.stats import (
    Summary,
    cohens_d,
    cohens_d_from_summaries,
    combine_summaries,
    cronbach_alpha,
    distribution,
    grouped_cronbach_alpha,
    grouped_distribution,
    grouped_lowest_band_share,
    grouped_summary,
    lowest_band_cut,
    lowest_band_share,
    score500,
    summarise,
    summary_exprs,
)
from samla.surveys.answers import BYTE_DONT_KNOW, BYTE_MISSING

NAN = float("nan")
M, DK = BYTE_MISSING, BYTE_DONT_KNOW


def same(actual, expected) -> bool:
    """Equal floats or arrays, NaN equal to NaN, up to rounding."""
    return bool(np.allclose(actual, expected, rtol=1e-12, atol=1e-12, equal_nan=True))


def reference_score(row, points, reversed_items):
    """One respondent's scale score, written out the slow way."""
    answered = []
    for value, p, turn in zip(row, points, reversed_items, strict=True):
        if value in (M, DK) or (isinstance(value, float) and math.isnan(value)):
            continue
        answered.append(p + 1 - value if turn else value)
    if 2 * len(answered) < len(row):
        return NAN
    return statistics.fmean(answered)


def reference_alpha(rows):
    """Cronbach's alpha from complete rows, by the textbook formula."""
    k = len(rows[0])
    item_variances = sum(statistics.variance([row[i] for row in rows]) for i in range(k))
    total_variance = statistics.variance([sum(row) for row in rows])
    return k / (k - 1) * (1 - item_variances / total_variance)


# --- scale scores ------------------------------------------------------------------------


def test_scale_score_reverses_reversed_items():
    # 4-point items, the second reversed: 4 → 1, 1 → 4, 3 → 2.
    values = np.array([[4, 4, 4], [1, 1, 1], [2, 3, 4]], dtype=np.uint8)

    scores = scale_scores(values, 4, [False, True, False])

    assert scores.tolist() == [3.0, 2.0, (2 + 2 + 4) / 3]


def test_scale_score_with_points_per_item():
    # A 5-point reversed item next to a 4-point item: 5 + 1 − 2 = 4.
    values = np.array([[3, 2]], dtype=np.uint8)

    scores = scale_scores(values, [4, 5], [False, True])

    assert scores.tolist() == [3.5]


@pytest.mark.parametrize(
    ("k", "answered", "scored"),
    [
        (4, 2, True),  # exactly half
        (4, 1, False),  # one below half
        (5, 3, True),  # 3 ≥ 2.5
        (5, 2, False),
        (6, 3, True),
        (6, 2, False),
        (1, 1, True),
        (2, 1, True),
    ],
)
def test_scale_score_needs_at_least_half_the_items(k, answered, scored):
    row = [3] * answered + [M] * (k - answered)

    score = scale_scores(np.array([row], dtype=np.uint8), 4)[0]

    assert (score == 3.0) if scored else math.isnan(score)


def test_min_answered_is_half_rounded_up():
    assert [min_answered(k) for k in range(1, 9)] == [1, 1, 2, 2, 3, 3, 4, 4]


def test_dont_know_counts_as_missing():
    # "vet ikke" neither adds to the mean nor counts as answered.
    values = np.array([[2, DK, 4, M], [DK, DK, DK, 4], [2, 4, DK, DK]], dtype=np.uint8)

    scores = scale_scores(values, 4)

    assert same(scores, [3.0, NAN, 3.0])


def test_nan_counts_as_missing_in_float_input():
    values = np.array([[2.0, NAN, 4.0], [NAN, NAN, 1.0]])

    scores = scale_scores(values, 5, [True, False, False])

    assert same(scores, [(4 + 4) / 2, NAN])


def test_item_values_turn_sentinels_into_nan():
    values = np.array([[1, M, DK, 5]], dtype=np.uint8)

    assert same(item_values(values, 5), [[1.0, NAN, NAN, 5.0]])


@pytest.mark.parametrize("bad", [6, 254, -1, 2.5])
def test_a_value_outside_the_scale_is_refused(bad):
    values = np.array([[1.0, bad]])

    with pytest.raises(ValueError, match="row 0, column 1"):
        scale_scores(values, 5)


def test_scale_scores_match_the_slow_reference():
    rng = np.random.default_rng(5)
    points = [4, 4, 5, 5, 4]
    reversed_items = [False, True, False, True, True]
    choices = np.array([M, DK, 1, 2, 3, 4], dtype=np.uint8)
    values = rng.choice(choices, size=(300, 5))

    scores = scale_scores(values, points, reversed_items)

    expected = [reference_score(row.tolist(), points, reversed_items) for row in values]
    assert same(scores, expected)


# --- summaries ---------------------------------------------------------------------------


def test_summary_matches_the_statistics_module():
    values = [3.5, 2.0, NAN, 4.0, 1.25, 3.0]
    present = [v for v in values if not math.isnan(v)]

    summary = summarise(values)

    assert summary.n == 5
    assert same(summary.mean, statistics.fmean(present))
    assert same(summary.sd, statistics.stdev(present))


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([2.5], Summary(1, 2.5, NAN)),
        ([NAN, 2.5, NAN], Summary(1, 2.5, NAN)),
        ([], Summary(0, NAN, NAN)),
        ([NAN, NAN], Summary(0, NAN, NAN)),
        ([3.0, 3.0], Summary(2, 3.0, 0.0)),
    ],
)
def test_summary_of_few_values(values, expected):
    summary = summarise(values)

    assert summary.n == expected.n
    assert same([summary.mean, summary.sd], [expected.mean, expected.sd])


def test_grouped_summary_matches_numpy_per_group():
    rng = np.random.default_rng(7)
    groups = rng.integers(0, 6, size=2000)
    groups[groups == 4] = 5  # group 4 stays empty
    values = rng.normal(3, 0.7, size=2000)
    values[rng.random(2000) < 0.1] = np.nan
    values[groups == 2] = np.nan  # group 2 has only missing values
    one = np.flatnonzero(groups == 3)
    values[one[1:]] = np.nan  # group 3 has one value

    result = grouped_summary(groups, values, n_groups=7)

    for g in range(7):
        x = values[(groups == g) & ~np.isnan(values)]
        assert result.n[g] == x.size
        assert same(result.mean[g], x.mean() if x.size else NAN)
        assert same(result.sd[g], x.std(ddof=1) if x.size > 1 else NAN)
    assert result.n.tolist()[2:5] == [0, 1, 0] and result.n[6] == 0


def test_grouped_summary_refuses_bad_group_ids():
    with pytest.raises(ValueError, match=r"0\.\.G-1"):
        grouped_summary([0, -1], [1.0, 2.0])
    with pytest.raises(ValueError, match="not below n_groups=2"):
        grouped_summary([0, 2], [1.0, 2.0], n_groups=2)


def test_summary_exprs_give_the_grouped_summary_in_polars():
    rng = np.random.default_rng(11)
    groups = rng.integers(0, 5, size=500)
    scores = rng.uniform(1, 4, size=500)
    scores[rng.random(500) < 0.2] = np.nan
    scores[groups == 3] = np.nan
    scores[np.flatnonzero(groups == 4)[1:]] = np.nan
    frame = pl.DataFrame({"g": groups, "score": scores})

    result = frame.group_by("g").agg(summary_exprs("score", lowest_band_cut(4))).sort("g")

    expected = grouped_summary(groups, scores)
    assert result["n"].to_list() == expected.n.tolist()
    assert same(result["mean"].to_numpy(), expected.mean)
    assert same(result["sd"].to_numpy(), expected.sd)
    assert same(result["lowest_band"].to_numpy(), grouped_lowest_band_share(groups, scores, 4))


def test_combine_summaries_rolls_classes_up_to_units():
    rng = np.random.default_rng(3)
    classes = rng.integers(0, 8, size=400)
    values = rng.normal(500, 100, size=400)
    values[classes == 5] = np.nan  # an empty class
    values[np.flatnonzero(classes == 6)[1:]] = np.nan  # a class of one
    unit_of_class = np.array([0, 0, 0, 1, 1, 1, 2, 3])
    children = grouped_summary(classes, values, n_groups=8)

    units = combine_summaries(unit_of_class, children.n, children.mean, children.sd, n_parents=5)

    direct = grouped_summary(unit_of_class[classes], values, n_groups=5)
    assert units.n.tolist() == direct.n.tolist()
    assert same(units.mean, direct.mean)
    assert same(units.sd, direct.sd)


# --- distributions and the lowest band ---------------------------------------------------


def test_distribution_counts_each_answer():
    answers = [1, 4, DK, 2, 4, M, 4, 1]

    counts = distribution(np.array(answers, dtype=np.uint8), 5)

    tally = Counter(answers)
    assert counts.tolist() == [tally[1], tally[2], tally[3], tally[4], tally[5]] == [2, 1, 0, 3, 0]


def test_grouped_distribution_per_group():
    groups = [0, 0, 2, 2, 2, 0]
    answers = np.array([1, 3, 3, DK, 3, M], dtype=np.uint8)

    counts = grouped_distribution(groups, answers, 3)

    assert counts.tolist() == [[1, 0, 1], [0, 0, 0], [0, 0, 2]]


def test_lowest_band_is_the_lowest_quarter_of_the_scale():
    assert (lowest_band_cut(4), lowest_band_cut(5)) == (1.75, 2.0)


def test_lowest_band_share_counts_scores_below_the_cut():
    # On a 5-point scale 2.0 is the cut: 1.0 and 1.9 are below it, 2.0 is not.
    scores = [1.0, 1.9, 2.0, 3.0, NAN]

    assert lowest_band_share(scores, 5) == 2 / 4
    assert lowest_band_share(scores, 5, cut=3.5) == 4 / 4
    assert math.isnan(lowest_band_share([NAN], 4))


def test_grouped_lowest_band_share():
    share = grouped_lowest_band_share([0, 0, 1, 1, 1], [1.5, 3.0, 1.0, 1.75, NAN], 4, n_groups=3)

    assert same(share, [0.5, 0.5, NAN])


# --- standardised score and Cohen's d ----------------------------------------------------


@pytest.mark.parametrize(
    ("mean", "ref_mean", "ref_sd", "expected"),
    [
        (3.0, 3.0, 0.5, 500.0),
        (3.5, 3.0, 0.5, 600.0),
        (2.75, 3.0, 0.5, 450.0),
        (2.0, 3.0, 0.4, 250.0),
        (3.0, 3.0, 0.0, NAN),
        (NAN, 3.0, 0.5, NAN),
    ],
)
def test_score500(mean, ref_mean, ref_sd, expected):
    assert same(score500(mean, ref_mean, ref_sd), expected)


def test_score500_on_arrays():
    assert same(score500(np.array([3.0, 3.5, NAN]), 3.0, 0.5), [500.0, 600.0, NAN])


def test_cohens_d_by_hand():
    # a: mean 4, variance 4 (n 3); b: mean 2, variance 2 (n 2).
    # pooled variance (2·4 + 1·2) / 3 = 10/3, d = 2 / √(10/3).
    assert same(cohens_d([2, 4, 6], [1, 3]), 2 / math.sqrt(10 / 3))


def test_cohens_d_matches_scipys_t_statistic():
    rng = np.random.default_rng(13)
    a, b = rng.normal(3.1, 0.6, size=40), rng.normal(2.8, 0.5, size=70)

    d = cohens_d(a, b)

    t = scipy_stats.ttest_ind(a, b, equal_var=True).statistic
    assert same(d, t * math.sqrt(1 / 40 + 1 / 70))


def test_cohens_d_from_summaries_equals_the_raw_version():
    rng = np.random.default_rng(17)
    a, b = rng.normal(3.0, 0.5, size=25), rng.normal(3.3, 0.8, size=90)

    d = cohens_d_from_summaries(a.size, a.mean(), a.std(ddof=1), b.size, b.mean(), b.std(ddof=1))

    assert same(d, cohens_d(a, b))


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ([3.0], [1.0, 3.0], (3.0 - 2.0) / math.sqrt(2.0)),  # a side of one adds no spread
        ([3.0], [1.0], NAN),  # no spread to estimate
        ([], [1.0, 2.0, 3.0], NAN),
        ([2.0, 2.0], [2.0, 2.0], NAN),  # pooled SD 0
        ([NAN, 2.0, 4.0], [1.0, 3.0], (3.0 - 2.0) / math.sqrt(2.0)),
    ],
)
def test_cohens_d_edge_cases(a, b, expected):
    assert same(cohens_d(a, b), expected)


def test_cohens_d_from_summaries_on_arrays():
    d = cohens_d_from_summaries(
        [3, 1], [4.0, 3.0], [2.0, NAN], [2, 2], [2.0, 1.0], [2**0.5, 2**0.5]
    )

    assert same(d, [2 / math.sqrt(10 / 3), 2 / math.sqrt(2.0)])


# --- Cronbach's alpha --------------------------------------------------------------------


def test_cronbach_alpha_matches_the_textbook_formula():
    rows = [[1, 2, 3], [2, 3, 3], [4, 4, 3], [3, 3, 1], [4, 3, 4]]

    alpha = cronbach_alpha(np.array(rows, dtype=np.uint8), 4)

    assert same(alpha, reference_alpha(rows))


def test_cronbach_alpha_matches_the_covariance_form():
    # alpha = k/(k−1) · (1 − trace(C) / sum(C)), C the items' covariance matrix.
    rng = np.random.default_rng(19)
    trait = rng.normal(0, 1, size=(500, 1))
    rows = np.clip(np.rint(2.5 + trait + rng.normal(0, 0.8, size=(500, 5))), 1, 4)
    covariance = np.cov(rows, rowvar=False)

    alpha = cronbach_alpha(rows, 4)

    assert same(alpha, 5 / 4 * (1 - np.trace(covariance) / covariance.sum()))


def test_cronbach_alpha_reverses_and_leaves_out_incomplete_rows():
    rows = [[1, 4, 3], [2, 3, 3], [4, 1, 3], [3, 2, 1], [4, 2, 4]]
    incomplete = [[DK, 1, 2], [3, M, 3]]
    turned = [[a, 5 - b, c] for a, b, c in rows]

    alpha = cronbach_alpha(np.array(rows + incomplete, dtype=np.uint8), 4, [False, True, False])

    assert same(alpha, reference_alpha(turned))


@pytest.mark.parametrize(
    "rows",
    [
        [[1, 2], [M, 3], [2, DK]],  # one complete respondent
        [[1], [2], [3]],  # one item
        [[2, 2], [2, 2], [2, 2]],  # no variance
        [],
    ],
)
def test_cronbach_alpha_is_nan_when_undefined(rows):
    values = np.array(rows, dtype=np.uint8).reshape(len(rows), len(rows[0]) if rows else 2)

    assert math.isnan(cronbach_alpha(values, 4))


def test_grouped_cronbach_alpha():
    first = [[1, 2, 3], [2, 3, 3], [4, 4, 3], [3, 3, 1]]
    second = [[1, 1, 2], [4, 3, 4], [2, 2, 2]]
    groups = [0, 0, 0, 0, 2, 2, 2]

    alpha = grouped_cronbach_alpha(groups, np.array(first + second, dtype=np.uint8), 4)

    assert same(alpha, [reference_alpha(first), NAN, reference_alpha(second)])


# --- properties and speed ----------------------------------------------------------------

group_and_value = st.tuples(
    st.integers(0, 4),
    st.one_of(st.just(NAN), st.integers(1, 5).map(float), st.floats(1, 5, allow_nan=False)),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(group_and_value, max_size=60))
def test_grouped_stats_equal_ungrouped_stats_per_group(pairs):
    groups = np.array([g for g, _ in pairs], dtype=np.int64)
    values = np.array([v for _, v in pairs], dtype=np.float64)

    result = grouped_summary(groups, values, n_groups=5)
    parents = np.array([0, 0, 1, 1, 1])
    rolled = combine_summaries(parents, result.n, result.mean, result.sd, n_parents=2)

    for g in range(5):
        alone = summarise(values[groups == g])
        present = [v for v in values[groups == g] if not math.isnan(v)]
        assert result.n[g] == alone.n == len(present)
        assert same(result.mean[g], alone.mean)
        assert same(result.sd[g], alone.sd)
        if present:
            assert math.isclose(alone.mean, statistics.fmean(present), rel_tol=1e-12)
        if len(present) > 1:
            assert math.isclose(alone.sd, statistics.stdev(present), rel_tol=1e-9, abs_tol=1e-12)
    for parent in range(2):
        alone = summarise(values[parents[groups] == parent])
        assert rolled.n[parent] == alone.n
        assert np.allclose(rolled.mean[parent], alone.mean, rtol=1e-12, equal_nan=True)
        assert np.allclose(rolled.sd[parent], alone.sd, rtol=1e-9, atol=1e-12, equal_nan=True)


@settings(max_examples=200, deadline=None)
@given(
    st.integers(1, 6).flatmap(
        lambda k: st.tuples(
            st.lists(
                st.lists(st.sampled_from([0, 1, 2, 3, 4, 255]), min_size=k, max_size=k),
                min_size=0,
                max_size=40,
            ),
            st.lists(st.booleans(), min_size=k, max_size=k),
        )
    )
)
def test_scale_from_bytes_gives_the_scores_and_alpha_of_the_float_functions(case):
    rows, turned = case
    k = len(turned)
    matrix = np.asarray(rows, dtype=np.uint8).reshape(-1, k)

    scores, alpha = scale_from_bytes(matrix, 4, turned)

    expected = scale_scores(matrix, 4, turned)
    assert np.array_equal(np.isnan(scores), np.isnan(expected))
    assert np.allclose(scores[~np.isnan(scores)], expected[~np.isnan(expected)])
    reference = cronbach_alpha(matrix, 4, turned)
    assert (math.isnan(alpha) and math.isnan(reference)) or math.isclose(
        alpha, reference, rel_tol=1e-9, abs_tol=1e-9
    )


def test_scale_from_bytes_refuses_a_value_off_the_scale():
    with pytest.raises(ValueError, match="row 1, column 0"):
        scale_from_bytes(np.asarray([[1, 2], [7, 1]], dtype=np.uint8), 4)
