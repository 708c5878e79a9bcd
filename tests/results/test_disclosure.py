"""The attacker: can a withheld answer count be worked out from what is published?

For every item cell, every vector of whole-number answer counts is enumerated that agrees
with everything the cell publishes (n; mean, SD and lowest-band share to the precision
stored, which the JSON export prints; shown counts and whole percentages), and then with
its related cells: the same item at the node above and beside it (a relation with no
remainder, its total shown) and the index the item belongs to (for respondents who answer
every item, the index's mean is the mean of its items' means). No withheld count may be the
same in every solution, unless that value is 0 — a count known to be 0 says only that
nobody in a group chose the option, as a published 0 of a group around it already says.
Run over random hierarchies (Hypothesis) and over the demo organisation's results round.

The search is exact but quick (a thousand hierarchies in seconds): a cell's candidates are
all compositions of its n at once (numpy, cached per n) filtered by what it shows; a cell
that shows no more than its n is kept as "every vector with its sum in lo..hi" rather than
listed, and such parts of a relation are merged by their sums (see
``relation_disclosures``)."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samla.results import aggregate, layout, stats
from samla.results.anonymity import DEFAULT_MIN_ANSWERS, DEFAULT_THRESHOLD
from samla.results.audit import _determined
from samla.results.packing import FIGURE_TYPE
from samla.results.queries import instruments_of, read_cells
from samla.results.scores import scale_from_bytes
from samla.results.suppression import protect_figures, suppress_matrix
from samla.results.suppression_run import _Identity, _without_free_rows

THRESHOLD = 7


def _close(stored: float | None, exact):
    """Whether exact figures (an array) agree with a stored float32 (what the JSON prints),
    to within the float32's last place (the build's own float64 rounding may move that)."""
    exact = np.asarray(exact, dtype=np.float64)
    if stored is None:
        return np.ones(exact.shape, dtype=bool)
    with np.errstate(invalid="ignore"):
        gap = np.abs(exact - stored)
        return gap <= np.maximum(2.5e-7 * np.maximum(np.abs(exact), abs(stored)), 1e-7)


@functools.cache
def compositions(n: int, points: int) -> np.ndarray:
    """Every vector of ``points`` whole numbers from 0 adding up to ``n``, one a row."""
    if points == 1:
        return np.asarray([[n]], dtype=np.int64)
    out = np.concatenate(
        [
            np.column_stack([np.full(len(rest), first), rest])
            for first in range(n + 1)
            for rest in [compositions(n - first, points - 1)]
        ]
    )
    out.flags.writeable = False
    return out


@dataclass(frozen=True)
class Simplex:
    """Every vector of whole numbers from 0 whose sum lies in ``lo..hi``: what a cell that
    shows no more than its n allows (``lo = hi = n``; a hidden cell: 1 to what is left)."""

    lo: int
    hi: int


def _shows_only_n(cell: dict) -> bool:
    return all(cell.get(name) is None for name in ("mean", "sd", "low")) and all(
        c is None for c in cell["counts"] or []
    )


def cell_solutions(cell: dict, most: int = THRESHOLD - 1) -> np.ndarray:
    """Every count vector the cell's own published figures allow, one a row. ``cell``:
    points, n (None: hidden, then anything from 1 to ``most``: a complement may be large),
    mean, sd, low, counts (None: withheld), percents."""
    points = cell["points"]
    sizes = [cell["n"]] if cell["n"] is not None else range(1, most + 1)
    if not sizes:
        return np.zeros((0, points), dtype=np.int64)
    vectors = np.concatenate([compositions(n, points) for n in sizes])
    keep = np.ones(vectors.shape[0], dtype=bool)
    for k, count in enumerate(cell["counts"] or []):
        if count is not None:
            keep &= vectors[:, k] == count
    vectors = vectors[keep]
    n = vectors.sum(axis=1)
    if any(cell.get(name) is not None for name in ("mean", "sd", "low")):
        values = np.arange(1, points + 1)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = (vectors @ values) / n
            squares = (((values[None, :] - mean[:, None]) ** 2) * vectors).sum(axis=1)
            sd = np.sqrt(squares / (n - 1))
            low = vectors[:, values < stats.lowest_band_cut(points)].sum(axis=1) / n
        agree = _close(cell.get("mean"), mean) & _close(cell.get("low"), low)
        if cell.get("sd") is not None:
            agree &= (n < 2) | _close(cell["sd"], sd)
        vectors, n = vectors[agree], n[agree]
    for k, percent in enumerate(cell.get("percents") or []):
        if percent is not None:
            right = (200 * vectors[:, k] + n) // (2 * n) == percent
            vectors, n = vectors[right], n[right]
    return vectors


def _fixed(solutions: np.ndarray, withheld) -> list[tuple[int, int]]:
    """(option, value) of withheld options with one positive value in every solution."""
    if not solutions.shape[0]:
        return []
    out = []
    for k in withheld:
        lowest, highest = int(solutions[:, k].min()), int(solutions[:, k].max())
        if lowest == highest and lowest > 0:
            out.append((k, lowest))
    return out


def _upto(total: np.ndarray, lo: int, hi: int) -> np.ndarray:
    """The vectors of ``Simplex(lo, hi)`` that fit under ``total``."""
    sums = range(max(lo, 0), min(hi, int(total.sum())) + 1)
    if not sums:
        return np.zeros((0, total.shape[0]), dtype=np.int64)
    vectors = np.concatenate([compositions(s, total.shape[0]) for s in sums])
    return vectors[(vectors <= total).all(axis=1)]


def relation_disclosures(total: tuple[int, ...], parts: list) -> dict:
    """For a shown total with no remainder: per part, the (option, value) pairs that every
    joint solution gives it. ``parts``: each part's allowed vectors, an array (one row for a
    shown part) or a :class:`Simplex`.

    Shown parts are taken off the total first. Any number of simplices add up to one,
    ``Simplex(Σ lo, Σ hi)`` (a vector with that sum splits into parts with any sums in their
    ranges), so the others of a part reach every ``g + s``: ``g`` a sum of one vector from
    each other array, ``s`` a vector with its sum in that range. A simplex part beside no
    other array is a box (up to the rest of the total) cut by two sums, and its least and
    largest value of each option follow directly."""
    rest = np.asarray(total, dtype=np.int64).copy()
    for part in parts:
        if not isinstance(part, Simplex) and part.shape[0] == 1:
            rest -= part[0]
    assert (rest >= 0).all(), "the published figures must allow the true counts"
    whole = int(rest.sum())
    found = {}
    for index, part in enumerate(parts):
        if not isinstance(part, Simplex) and part.shape[0] == 1:
            continue
        others = [p for i, p in enumerate(parts) if i != index]
        lo = sum(p.lo for p in others if isinstance(p, Simplex))
        hi = sum(p.hi for p in others if isinstance(p, Simplex))
        arrays = [p for p in others if not isinstance(p, Simplex) and p.shape[0] > 1]
        if isinstance(part, Simplex) and not arrays:
            low, high = max(part.lo, whole - hi), min(part.hi, whole - lo)
            assert low <= high and low <= whole, "the published figures must allow the counts"
            least = np.maximum(0, low - (whole - rest))
            most = np.minimum(rest, high)
            fixed = [(k, int(least[k])) for k in range(rest.size) if least[k] == most[k] > 0]
        else:
            reached = np.zeros((1, rest.size), dtype=np.int64)
            for options in arrays:
                sums = (reached[:, None, :] + options[None, :, :]).reshape(-1, rest.size)
                reached = np.unique(sums[(sums <= rest).all(axis=1)], axis=0)
            own = _upto(rest, part.lo, part.hi) if isinstance(part, Simplex) else part
            own = own[(own <= rest).all(axis=1)]
            left = rest - own
            room = left.sum(axis=1)[:, None] - reached.sum(axis=1)[None, :]
            fits = (reached[None, :, :] <= left[:, None, :]).all(axis=2)
            possible = own[(fits & (room >= lo) & (room <= hi)).any(axis=1)]
            assert possible.shape[0], "the published figures must allow the true counts"
            fixed = _fixed(possible, range(rest.size))
        if fixed:
            found[index] = fixed
    return found


def index_disclosures(target: int, items: list[np.ndarray]):
    """Blank items of an index whose sum of answer values is known (``target``): the
    (item, option, value) every joint solution gives, and items whose sum follows."""
    values = [options @ np.arange(1, options.shape[1] + 1) for options in items]
    found = []
    for index, options in enumerate(items):
        rest = np.zeros(1, dtype=bool)
        rest[0] = True
        for other, sums in enumerate(values):
            if other != index:
                step = np.zeros(int(sums.max()) + 1, dtype=np.int64)
                step[sums] = 1
                rest = np.convolve(rest.astype(np.int64), step) > 0
        need = target - values[index]
        inside = (need >= 0) & (need < rest.size)
        allowed = np.zeros(need.shape, dtype=bool)
        allowed[inside] = rest[need[inside]]
        possible, sums = options[allowed], values[index][allowed]
        assert possible.shape[0], "the published figures must allow the true counts"
        found += [(index, k, value) for k, value in _fixed(possible, range(options.shape[1]))]
        if np.unique(sums).size == 1:
            found.append((index, "sum", int(sums[0])))
    return found


# --- the layer, as the build computes it ---------------------------------------------------


def build_layer(unit, group, band, bands, owner_of_unit, answers, points, index_items):
    """The published figures of one respondent group, as ``build.compute`` decides them."""
    hierarchy = aggregate.Hierarchy(owner_of_unit, dict.fromkeys(owner_of_unit.values(), 1), 1)
    atom_of_row, row_of_atom, rows = layout.layout_rows(unit, group, band, bands, hierarchy)
    atoms = row_of_atom.shape[0]
    items = [aggregate.ItemSpec(f"i{j}", j, points) for j in range(answers.shape[1])]
    counted = aggregate.item_counts(atom_of_row, atoms, answers, items)
    scores = [
        scale_from_bytes(np.asfortranarray(answers[:, members]), points)[0]
        for members in index_items
    ]
    sums = aggregate.roll_up(
        row_of_atom,
        len(rows),
        aggregate.Sums(
            aggregate.scale_sums(atom_of_row, atoms, scores, [points] * len(scores)), counted
        ),
    )
    figures = aggregate.figures(sums, [points] * len(scores), [points] * len(items))
    hidden, blank = protect_figures(rows.structure, figures.n, figures.counts, index_items)
    return rows, figures, hidden, blank


def _published(figures, hidden, blank, row, measure, item, points):
    """One item cell as published (stored figures are float32)."""
    if hidden[row, measure]:
        return {"points": points, "n": None, "counts": None}
    shown = not blank[row, measure]
    counts = [int(c) for c in figures.counts[item][row]] if shown else [None] * points
    n = int(figures.n[row, measure])
    return {
        "points": points,
        "n": n,
        "mean": float(FIGURE_TYPE.type(figures.mean[row, measure])) if shown else None,
        "sd": float(FIGURE_TYPE.type(figures.sd[row, measure])) if shown and n > 1 else None,
        "low": float(FIGURE_TYPE.type(figures.low[row, measure])) if shown else None,
        "counts": counts,
        "percents": [None if c is None else (200 * c + n) // (2 * n) for c in counts],
    }


def _relation_part(cell: dict, options: np.ndarray | None, room: int):
    """What a part of a relation allows: a cell that shows no more than its n is a
    :class:`Simplex` (a hidden one holds 1 to ``room`` people), any other its vectors."""
    if cell["n"] is None:
        return Simplex(1, room) if _shows_only_n(cell) else cell_solutions(cell, room)
    return Simplex(cell["n"], cell["n"]) if _shows_only_n(cell) else options


def attack(rows, figures, hidden, blank, points, index_items, complete: bool):
    """Every disclosure the attacker finds in the layer (empty when safe)."""
    scales = len(index_items)
    items = len(figures.counts)
    found = []
    published, solutions = {}, {}
    for item in range(items):
        measure = scales + item
        for row in range(len(rows)):
            if figures.n[row, measure] == 0:
                continue
            cell = _published(figures, hidden, blank, row, measure, item, points)
            published[row, item] = cell
            if cell["n"] is None:  # its vectors depend on the relation it is looked at in
                continue
            options = cell_solutions(cell)
            solutions[row, item] = options
            withheld = [
                k for k in range(points) if cell["counts"] is None or cell["counts"][k] is None
            ]
            for k, value in _fixed(options, withheld):
                found.append(("cell", row, item, k, value))
    structure = rows.structure
    for relation in range(structure.relations):
        total, parts = structure.relation(relation)
        parts = [int(p) for p in parts]
        for item in range(items):
            measure = scales + item
            if blank[total, measure] or figures.n[total, measure] == 0:
                continue
            if figures.n[total, measure] != sum(int(figures.n[p, measure]) for p in parts):
                continue  # a remainder: its counts are unknown
            members = [p for p in parts if figures.n[p, measure] > 0]
            if all(not blank[p, measure] for p in members):
                continue
            vector = tuple(int(c) for c in figures.counts[item][total])
            room = int(figures.n[total, measure]) - sum(
                int(figures.n[p, measure]) for p in members if not hidden[p, measure]
            )
            candidates = [
                _relation_part(published[p, item], solutions.get((p, item)), room) for p in members
            ]
            for index, fixed in relation_disclosures(vector, candidates).items():
                found.append(("relation", int(total), members[index], item, fixed))
    if complete:
        for index, members in enumerate(index_items):
            for row in range(len(rows)):
                if blank[row, index] or figures.n[row, index] == 0:
                    continue
                dark = [j for j in members if blank[row, scales + j]]
                if not dark:
                    continue
                n = int(figures.n[row, index])
                exact = float(FIGURE_TYPE.type(figures.mean[row, index])) * n * len(members)
                known = sum(
                    sum(v * int(c) for v, c in enumerate(figures.counts[j][row], 1))
                    for j in members
                    if j not in dark
                )
                target = round(exact) - known
                found += [
                    ("index", row, index, *hit)
                    for hit in index_disclosures(
                        target,
                        [
                            solutions[row, j]
                            if (row, j) in solutions
                            else cell_solutions(published[row, j])
                            for j in dark
                        ],
                    )
                ]
    return found


# --- random hierarchies ---------------------------------------------------------------------


@st.composite
def layers(draw, largest: int = 10):
    """A random owner → units → classes (some pupils without a class) with grade bands,
    three-point items in one or two indices, every item answered (the index's mean is then
    exactly the mean of its items' means)."""
    units = draw(st.integers(1, 3))
    unit, group, band = [], [], []
    next_class = 1
    for u in range(units):
        for _ in range(draw(st.integers(1, 3))):
            size = draw(st.integers(0, largest))
            grade = draw(st.integers(0, 1))
            unit += [u] * size
            group += [next_class] * size
            band += [grade] * size
            next_class += 1
        loose = draw(st.integers(0, 2))
        unit += [u] * loose
        group += [-1] * loose
        band += [draw(st.integers(0, 1))] * loose
    people = len(unit)
    item_count = draw(st.integers(2, 3))
    skew = draw(st.sampled_from([(1, 1, 1), (1, 3, 6), (6, 3, 1), (1, 8, 1)]))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    p = np.asarray(skew) / sum(skew)
    answers = (rng.choice(3, size=(people, item_count), p=p) + 1).astype(np.uint8)
    if draw(st.booleans()):
        index_items = [list(range(item_count))]
    else:
        index_items = [[0], list(range(1, item_count))]
    return (
        np.asarray(unit, dtype=np.int64),
        np.asarray(group, dtype=np.int64),
        np.asarray(band, dtype=np.int64),
        2,
        {u: 100 for u in range(units)},
        answers,
        3,
        index_items,
    )


@settings(
    max_examples=int(os.environ.get("SAMLA_DISCLOSURE_EXAMPLES", "1000")),
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
    database=None,
)
@given(layers())
def test_no_withheld_count_follows_from_the_published_figures(layer):
    unit, group, band, bands, owners, answers, points, index_items = layer
    if not unit.size:
        return
    rows, figures, hidden, blank = build_layer(
        unit, group, band, bands, owners, answers, points, index_items
    )

    found = attack(rows, figures, hidden, blank, points, index_items, complete=True)

    assert found == []


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(layers(largest=30))
def test_the_blank_cells_need_nothing_more(layer):
    """``protect_figures`` blanks in one run, going on from the hidden cells: what it gives
    is what the rules give from scratch — the hidden cells are the first pass's, and from
    the blank cells a fresh pass at the answer threshold blanks nothing more, nor does the
    index rule."""
    unit, group, band, bands, owners, answers, points, index_items = layer
    if not unit.size:
        return
    rows, figures, hidden, blank = build_layer(
        unit, group, band, bands, owners, answers, points, index_items
    )
    n = figures.n.astype(np.int64)

    again = suppress_matrix(rows.structure, n, DEFAULT_MIN_ANSWERS, hidden=blank)

    assert (hidden == suppress_matrix(rows.structure, n, DEFAULT_THRESHOLD)).all()
    assert (again == blank).all()
    for index, members in enumerate(index_items):
        shown = ~blank[:, index] & (n[:, index] > 0)
        dark = blank[:, [len(index_items) + j for j in members]].sum(axis=1)
        assert not (shown & (dark == 1)).any()


@st.composite
def systems(draw):
    """Up to 7 equations over up to 9 cells, coefficients ±1 (some 2)."""
    cells = draw(st.integers(2, 9))
    return [
        draw(st.dictionaries(st.integers(0, cells - 1), st.sampled_from([1, -1, 2]), min_size=1))
        for _ in range(draw(st.integers(1, 7)))
    ]


@settings(max_examples=500, deadline=None, derandomize=True, database=None)
@given(systems())
def test_the_audit_without_free_equations_fixes_the_same_cells(equations):
    """The audit solves a system without the equations that hold two cells of their own
    (``suppression._without_free_rows``): the cells fixed are the same."""
    rows = np.asarray([r for r, e in enumerate(equations) for _c in e], dtype=np.int64)
    cells = np.asarray([c for e in equations for c in e], dtype=np.int64)

    kept = _without_free_rows(rows, cells, len(equations))

    core = [e for e, keep in zip(equations, kept, strict=True) if keep]
    assert _determined(core, _Identity()) == _determined(equations, _Identity())


def test_the_worked_example_is_safe_now():
    """Issue 14's example: n = 28, mean 3.4642856, options 3 and 4 shown (7 and 18),
    options 1 and 2 withheld. The cell now shows its n only, and every withheld count
    takes several values."""
    counts = (2, 1, 7, 18)  # 1·2 + 2·1 + 3·7 + 4·18 = 97
    group = np.zeros(28, dtype=np.int64)
    answers = np.repeat(np.arange(1, 5, dtype=np.uint8), counts)[:, None]
    rows, figures, hidden, blank = build_layer(
        np.zeros(28, dtype=np.int64), group + 1, np.zeros(28, dtype=np.int64), 1, {0: 5},
        answers, 4, [[0]],
    )  # fmt: skip
    unit_row = int(np.flatnonzero((rows.level == aggregate.UNIT) & (rows.band == -1))[0])
    before = {
        "points": 4, "n": 28, "mean": 97 / 28, "sd": None, "low": 2 / 28,
        "counts": [None, None, 7, 18], "percents": [None, None, 25, 64],
    }  # fmt: skip

    cell = _published(figures, hidden, blank, unit_row, 1, 0, 4)

    assert _fixed(cell_solutions(before), [0, 1]) == [(0, 2), (1, 1)]
    assert cell["n"] == 28
    assert (cell["mean"], cell["sd"], cell["low"]) == (None, None, None)
    assert cell["counts"] == [None, None, None, None]
    assert _fixed(cell_solutions(cell), [0, 1, 2, 3]) == []
    assert attack(rows, figures, hidden, blank, 4, [[0]], complete=True) == []


# --- the demo organisation's results round ----------------------------------------------


@pytest.mark.django_db
def test_the_demo_round_gives_no_withheld_count_away(demo_org):
    round = demo_org.results_round()
    instrument = instruments_of(round)["pupil_5_7"]
    cells = read_cells(round, grade_band=None, kind="item")
    found = []

    for cell in cells:
        if cell.suppressed or cell.distribution is None:
            continue
        counts = [
            cell.distribution["counts"][str(k)]
            for k in range(1, len(cell.distribution["counts"]) + 1)
        ]
        withheld = [k for k, c in enumerate(counts) if c is None]
        if not withheld:
            continue
        published = {
            "points": len(counts), "n": cell.n, "mean": cell.mean, "sd": cell.sd,
            "low": cell.low_share, "counts": counts,
            "percents": [cell.distribution["percents"][str(k)] for k in range(1, len(counts) + 1)],
        }  # fmt: skip
        for k, value in _fixed(cell_solutions(published), withheld):
            found.append((cell.node_kind, cell.node_id, cell.grade_band, cell.item, k, value))

    assert instrument.items
    assert found == []
