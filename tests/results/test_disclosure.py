"""The attacker: can a withheld answer count be worked out from what is published?

For every item cell, every vector of whole-number answer counts is enumerated that agrees
with everything the cell publishes (n; mean, SD and lowest-band share to the precision
stored, which the JSON export prints; shown counts and whole percentages), and then with
its related cells: the same item at the node above and beside it (a relation with no
remainder, its total shown) and the index the item belongs to (for respondents who answer
every item, the index's mean is the mean of its items' means). No withheld count may be the
same in every solution, unless that value is 0 — a count known to be 0 says only that
nobody in a group chose the option, as a published 0 of a group around it already says.
Run over random hierarchies (Hypothesis) and over the demo organisation's results round."""

from __future__ import annotations

import math
import os

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samla.results import aggregate, stats
from samla.results.packing import FIGURE_TYPE
from samla.results.queries import instruments_of, read_cells
from samla.results.suppression import protect_figures

THRESHOLD = 7


def _close(stored: float | None, exact: float) -> bool:
    """Whether an exact figure agrees with a stored float32 (what the JSON prints), to
    within the float32's last place (the build's own float64 rounding may move that)."""
    if stored is None:
        return True
    if math.isnan(exact):
        return False
    return math.isclose(exact, stored, rel_tol=2.5e-7, abs_tol=1e-7)


def _moments(counts: tuple[int, ...]) -> tuple[float, float, float]:
    n = sum(counts)
    points = len(counts)
    total = sum(v * c for v, c in zip(range(1, points + 1), counts, strict=True))
    mean = total / n
    squares = sum((v - mean) ** 2 * c for v, c in zip(range(1, points + 1), counts, strict=True))
    sd = math.sqrt(squares / (n - 1)) if n > 1 else math.nan
    cut = stats.lowest_band_cut(points)
    low = sum(c for v, c in zip(range(1, points + 1), counts, strict=True) if v < cut) / n
    return mean, sd, low


def cell_solutions(cell: dict, most: int = THRESHOLD - 1) -> list[tuple[int, ...]]:
    """Every count vector the cell's own published figures allow. ``cell``: points, n
    (None: hidden, then anything from 1 to ``most``: a complement may be large), mean, sd,
    low, counts (None: withheld), percents."""
    points = cell["points"]
    counts = cell["counts"] or [None] * points
    sizes = [cell["n"]] if cell["n"] is not None else range(1, most + 1)
    moments = any(cell.get(name) is not None for name in ("mean", "sd", "low"))
    found = []
    for n in sizes:
        free = [k for k in range(points) if counts[k] is None]
        rest = n - sum(c for c in counts if c is not None)
        if rest < 0:
            continue
        for values in _compositions(rest, len(free)):
            vector = list(counts)
            for k, value in zip(free, values, strict=True):
                vector[k] = value
            if moments and n:
                mean, sd, low = _moments(tuple(vector))
                if not (
                    _close(cell.get("mean"), mean)
                    and (cell.get("sd") is None or n < 2 or _close(cell["sd"], sd))
                    and _close(cell.get("low"), low)
                ):
                    continue
            percents = cell.get("percents") or {}
            if any(
                p is not None and (200 * vector[k] + n) // (2 * n) != p
                for k, p in enumerate(percents)
            ):
                continue
            found.append(tuple(vector))
    return found


def _compositions(total: int, parts: int):
    if parts == 0:
        if total == 0:
            yield ()
        return
    if parts == 1:
        yield (total,)
        return
    for first in range(total + 1):
        for rest in _compositions(total - first, parts - 1):
            yield (first, *rest)


def _fixed(solutions, withheld: list[int]) -> list[tuple[int, int]]:
    """(option, value) of withheld options with one positive value in every solution."""
    out = []
    for k in withheld:
        values = {s[k] for s in solutions}
        if len(values) == 1 and next(iter(values)) > 0:
            out.append((k, next(iter(values))))
    return out


def relation_disclosures(total: tuple[int, ...], parts: list[list[tuple[int, ...]]]):
    """For a shown total with no remainder: per part, the (option, value) pairs that every
    joint solution gives it. ``parts``: each part's allowed vectors (one for a shown part)."""
    width = len(total)

    def reach(group):
        sums = {(0,) * width}
        for options in group:
            sums = {
                tuple(a + b for a, b in zip(s, v, strict=True))
                for s in sums
                for v in options
                if all(a + b <= t for a, b, t in zip(s, v, total, strict=True))
            }
        return sums

    found = {}
    for index, options in enumerate(parts):
        if len(options) == 1:
            continue
        others = reach(parts[:index] + parts[index + 1 :])
        possible = [
            v for v in options if tuple(t - a for t, a in zip(total, v, strict=True)) in others
        ]
        assert possible, "the published figures must allow the true counts"
        fixed = _fixed(possible, list(range(width)))
        if fixed:
            found[index] = fixed
    return found


def index_disclosures(target: int, items: list[list[tuple[int, ...]]]):
    """Blank items of an index whose sum of answer values is known (``target``): the
    (item, option, value) every joint solution gives, and items whose sum follows."""

    def total(v):
        return sum(value * count for value, count in enumerate(v, 1))

    sums = [sorted({total(v) for v in options}) for options in items]
    found = []
    for index, options in enumerate(items):
        rest = {0}
        for other, values in enumerate(sums):
            if other != index:
                rest = {a + b for a in rest for b in values}
        possible = [v for v in options if target - total(v) in rest]
        assert possible, "the published figures must allow the true counts"
        found += [(index, k, value) for k, value in _fixed(possible, list(range(len(options[0]))))]
        if len({total(v) for v in possible}) == 1:
            found.append((index, "sum", total(possible[0])))
    return found


# --- the layer, as the build computes it ---------------------------------------------------


def build_layer(unit, group, band, bands, owner_of_unit, answers, points, index_items):
    """The published figures of one respondent group, as ``build.compute`` decides them."""
    hierarchy = aggregate.Hierarchy(owner_of_unit, dict.fromkeys(owner_of_unit.values(), 1), 1)
    atom_of_row, row_of_atom, rows = aggregate.layout_rows(unit, group, band, bands, hierarchy)
    atoms = row_of_atom.shape[0]
    items = [aggregate.ItemSpec(f"i{j}", j, points) for j in range(answers.shape[1])]
    counted = aggregate.item_counts(atom_of_row, atoms, answers, items)
    scores = [
        stats.scale_from_bytes(np.asfortranarray(answers[:, members]), points)[0]
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


def attack(rows, figures, hidden, blank, points, index_items, complete: bool):
    """Every disclosure the attacker finds in the layer (empty when safe)."""
    scales = len(index_items)
    items = len(figures.counts)
    found = []
    solutions = {}
    for item in range(items):
        measure = scales + item
        for row in range(len(rows)):
            if figures.n[row, measure] == 0:
                continue
            cell = _published(figures, hidden, blank, row, measure, item, points)
            if cell["n"] is None:  # its vectors depend on the relation it is looked at in
                solutions[row, item] = cell
                continue
            options = cell_solutions(cell)
            solutions[row, item] = options
            withheld = [
                k for k in range(points) if cell["counts"] is None or cell["counts"][k] is None
            ]
            if cell["n"] is not None and withheld:
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
                cell_solutions(solutions[p, item], room)
                if isinstance(solutions[p, item], dict)
                else solutions[p, item]
                for p in members
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
                            cell_solutions(solutions[row, j])
                            if isinstance(solutions[row, j], dict)
                            else solutions[row, j]
                            for j in dark
                        ],
                    )
                ]
    return found


# --- random hierarchies ---------------------------------------------------------------------


@st.composite
def layers(draw):
    """A random owner → units → classes (some pupils without a class) with grade bands,
    three-point items in one or two indices, every item answered (the index's mean is then
    exactly the mean of its items' means)."""
    units = draw(st.integers(1, 3))
    unit, group, band = [], [], []
    next_class = 1
    for u in range(units):
        for _ in range(draw(st.integers(1, 3))):
            size = draw(st.integers(0, 10))
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
