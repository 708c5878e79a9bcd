"""A node's built results as stored: one row per node × grade band, its figures packed.

Pure (numpy, no Django). A round's build writes, per respondent group, the list of its
measures (its indices, then its single-choice items, in questionnaire order) once, and
then one row per node × grade band whose figures are three little-endian arrays in that
order:

``n``        respondents per measure, 0 for nobody; a hidden cell holds the largest value
             of the type (65 535 or 2 147 483 647), never a count
``figures``  float32: per index mean, SD, 500-scale score and share in the lowest band,
             per item mean, SD and share in the lowest band; NaN where there is no such
             figure — always for a hidden cell
``counts``   per item × answer option (positions 1..P, "vet ikke" not counted): the count,
             or the largest value of the type where it is withheld or the cell hidden; a
             distribution is shown whole or not at all (a cell that shows its n only has
             every count withheld and NaN figures; see ``suppression.protect_figures``)

``n`` and ``counts`` are uint16 in a row whose numbers all fit (every class and unit, most
owners) and int32 otherwise; the length of the bytes says which. So a hidden cell holds no
figure in storage, and a page reads one row per node instead of one per figure: ~30 000
rows of ~1.6 kB for a national round, rather than two million rows. float32 keeps seven
significant digits, far more than any page or export shows; :func:`clean` gives a stored
float back as the shortest decimal that reads back the same, so exports print 3.4567
rather than 3.4567000865936279."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

HIDDEN = -1
"""What the build marks a hidden cell or withheld count with, before packing."""

FIGURE_TYPE = np.dtype("<f4")
SMALL, LARGE = np.dtype("<u2"), np.dtype("<i4")
_MARK = {SMALL: np.iinfo(SMALL).max, LARGE: np.iinfo(LARGE).max}
SCALE_FIGURES = ("mean", "sd", "score500", "low_share")
ITEM_FIGURES = ("mean", "sd", "low_share")


@dataclass(frozen=True)
class Measure:
    """An index (``scale``) or a single-choice item (``item``, with its answer options)."""

    scale: str
    item: str
    points: int

    @property
    def code(self) -> str:
        return self.scale or self.item


@dataclass
class Cell:
    """One node's figures for one measure, as every page and export reads them."""

    node_kind: str
    node_id: int
    respondent_group: str
    grade_band: str
    scale: str
    item: str
    suppressed: bool
    n: int | None = None
    mean: float | None = None
    sd: float | None = None
    score500: float | None = None
    low_share: float | None = None
    # Items: {"counts": {"1": 12, "2": None …}, "percents": {"1": 40, …}}, None withheld.
    distribution: dict | None = None


def _whole_numbers(values: np.ndarray) -> list[bytes]:
    """Rows of whole numbers (HIDDEN marks a hidden value) as bytes: uint16 for a row whose
    numbers are all below 65 535, int32 for the rest."""
    rows = values.shape[0]
    small = values.max(axis=1, initial=0) < _MARK[SMALL] if values.shape[1] else np.ones(rows, bool)
    out: list[bytes] = [b""] * rows
    for kind, chosen in ((SMALL, small), (LARGE, ~small)):
        index = np.flatnonzero(chosen)
        if not index.size:
            continue
        block = values[index]
        packed = np.where(block == HIDDEN, _MARK[kind], block).astype(kind)
        width = packed.shape[1] * kind.itemsize
        data = packed.tobytes()
        for position, row in enumerate(index.tolist()):
            out[row] = data[position * width : (position + 1) * width]
    return out


def figure_table(
    mean: np.ndarray,
    sd: np.ndarray,
    score500: np.ndarray,
    low_share: np.ndarray,
    hidden: np.ndarray,
    scales: int,
) -> np.ndarray:
    """The stored floats of every row: rows × (4 per index + 3 per item), float32, NaN for
    a hidden cell. The inputs are rows × measures, the first ``scales`` measures indices."""
    rows, measures = mean.shape
    items = measures - scales
    out = np.empty((rows, 4 * scales + 3 * items), dtype=FIGURE_TYPE)
    indices = out[:, : 4 * scales].reshape(rows, scales, 4)
    for position, values in enumerate((mean, sd, score500, low_share)):
        indices[:, :, position] = values[:, :scales]
    indices[hidden[:, :scales]] = np.nan
    per_item = out[:, 4 * scales :].reshape(rows, items, 3)
    for position, values in enumerate((mean, sd, low_share)):
        per_item[:, :, position] = values[:, scales:]
    per_item[hidden[:, scales:]] = np.nan
    return out


def pack(
    n: np.ndarray, floats: np.ndarray, counts: np.ndarray
) -> Iterator[tuple[bytes, bytes, bytes]]:
    """Rows of (n, figures, counts) bytes from rows × measures ``n`` (HIDDEN where hidden),
    the rows' :func:`figure_table` and rows × options ``counts`` (HIDDEN where withheld)."""
    floats = np.ascontiguousarray(floats, dtype=FIGURE_TYPE)
    width = floats.shape[1] * FIGURE_TYPE.itemsize
    data = floats.tobytes()
    yield from zip(
        _whole_numbers(n),
        (data[row * width : (row + 1) * width] for row in range(n.shape[0])),
        _whole_numbers(counts),
        strict=True,
    )


def read_numbers(data: bytes, length: int) -> tuple[list[int], int]:
    """``length`` whole numbers back from stored bytes, and the value that marks a hidden
    one in them."""
    kind = SMALL if len(data) == length * SMALL.itemsize else LARGE
    if len(data) != length * kind.itemsize:
        raise ValueError(f"a stored row holds {len(data)} bytes for {length} numbers")
    return np.frombuffer(data, dtype=kind).tolist(), _MARK[kind]


def clean(value: float) -> float:
    """A stored float32 as the shortest decimal that reads back as the same float32."""
    return float(np.format_float_positional(np.float32(value), unique=True, trim="-"))


def percent(count: int, n: int) -> int:
    """Whole percent of ``n``, rounded half up (as :func:`distributions.published_counts`)."""
    return (200 * count + n) // (2 * n)


@dataclass(frozen=True)
class Layout:
    """Where each measure of a sheet sits in a stored row, worked out once per sheet:
    ``scales`` and ``items`` hold (position, measure, first float, first answer count)."""

    measures: tuple[Measure, ...]
    scales: tuple[tuple[int, Measure, int, int], ...]
    items: tuple[tuple[int, Measure, int, int], ...]
    floats: int
    options: int


def layout(measures: Sequence[Measure]) -> Layout:
    """The positions of a sheet's measures in its rows (see :class:`Layout`)."""
    scales, items = [], []
    figure = option = 0
    for index, measure in enumerate(measures):
        (items if measure.item else scales).append((index, measure, figure, option))
        figure += len(ITEM_FIGURES if measure.item else SCALE_FIGURES)
        option += measure.points if measure.item else 0
    return Layout(tuple(measures), tuple(scales), tuple(items), figure, option)


def _check_numbers(data: bytes, length: int) -> None:
    """As :func:`read_numbers` checks a row's bytes, without reading them."""
    if len(data) not in (length * SMALL.itemsize, length * LARGE.itemsize):
        raise ValueError(f"a stored row holds {len(data)} bytes for {length} numbers")


def unpack(
    measures: Sequence[Measure] | Layout,
    node_kind: str,
    node_id: int,
    respondent_group: str,
    grade_band: str,
    n_bytes: bytes,
    figure_bytes: bytes,
    count_bytes: bytes,
    wanted: set[str] | None = None,
    kind: str | None = None,
) -> list[Cell]:
    """The row's cells with anyone in them (``wanted``: only these measure codes; ``kind``
    "scale" or "item": only indices or only items). ``measures`` may be the sheet's
    :func:`layout`, worked out once for all its rows."""
    shape = measures if isinstance(measures, Layout) else layout(measures)
    ns, hidden = read_numbers(n_bytes, len(shape.measures))
    if kind == "scale":  # no answer counts wanted: only check that they fit
        _check_numbers(count_bytes, shape.options)
        option_counts, withheld = [], 0
    else:
        option_counts, withheld = read_numbers(count_bytes, shape.options)
    if len(figure_bytes) != shape.floats * FIGURE_TYPE.itemsize:
        raise ValueError("a stored row does not fit its sheet's measures")
    values = np.frombuffer(figure_bytes, dtype=FIGURE_TYPE).tolist()
    if kind is None:
        chosen = sorted(shape.scales + shape.items)
    else:
        chosen = shape.items if kind == "item" else shape.scales
    found: list[Cell] = []
    for index, measure, first, start in chosen:
        count = ns[index]
        if count == 0 or (wanted is not None and measure.code not in wanted):
            continue
        if count == hidden:
            found.append(hidden_cell(node_kind, node_id, respondent_group, grade_band, measure))
            continue
        shown = None
        if measure.item:
            shown = [
                None if c == withheld else c for c in option_counts[start : start + measure.points]
            ]
        found.append(
            shown_cell(
                node_kind,
                node_id,
                respondent_group,
                grade_band,
                measure,
                count,
                values[first : first + 4],
                shown,
            )
        )
    return found


def hidden_cell(
    node_kind: str, node_id: int, respondent_group: str, grade_band: str, measure: Measure
) -> Cell:
    """A hidden cell: no figure at all."""
    return Cell(
        node_kind, node_id, respondent_group, grade_band, measure.scale, measure.item,
        suppressed=True,
    )  # fmt: skip


def shown_cell(
    node_kind: str,
    node_id: int,
    respondent_group: str,
    grade_band: str,
    measure: Measure,
    count: int,
    values: Sequence[float],
    shown: list[int | None] | None,
) -> Cell:
    """A cell with ``count`` respondents from its stored floats (``values``, from the
    measure's first: NaN where there is no figure) and, for an item, its answer counts
    (None where withheld)."""
    mean, sd = values[0], values[1]
    cell = Cell(
        node_kind, node_id, respondent_group, grade_band, measure.scale, measure.item,
        False, count, None if math.isnan(mean) else mean, None if math.isnan(sd) else sd,
    )  # fmt: skip
    if not measure.item:
        score, low = values[2], values[3]
        cell.score500 = None if math.isnan(score) else score
        cell.low_share = None if math.isnan(low) else low
        return cell
    low = values[2]
    cell.low_share = None if math.isnan(low) else low
    if None in shown:
        # A distribution is shown whole or not at all, and an item's mean, SD and share
        # only beside it; rows built before that rule kept some counts and the mean, from
        # which the withheld counts follow.
        shown = [None] * len(shown)
        cell.mean = cell.sd = cell.low_share = None
    keys = [str(position) for position in range(1, measure.points + 1)]
    cell.distribution = {
        "counts": dict(zip(keys, shown, strict=True)),
        "percents": {
            key: None if c is None else percent(c, count)
            for key, c in zip(keys, shown, strict=True)
        },
    }
    return cell


def hidden_figures(
    measures: Sequence[Measure], n_bytes: bytes, figure_bytes: bytes, count_bytes: bytes
) -> tuple[int, int]:
    """(published, withheld) figures of one stored row, over the cells with anyone in them:
    a cell's n, its floats (an index's mean, SD, score and lowest-band share; an item's
    mean, SD and lowest-band share) and an item's answer counts. A hidden cell withholds
    them all; a shown item cell withholds its counts marked withheld and its mean, SD and
    share when its mean is blank. For the bench's account of what the rules cost."""
    ns, hidden = read_numbers(n_bytes, len(measures))
    options = sum(m.points for m in measures if m.item)
    option_counts, withheld = read_numbers(count_bytes, options)
    values = np.frombuffer(figure_bytes, dtype=FIGURE_TYPE)
    shown = kept = 0
    figure = option = 0
    for index, measure in enumerate(measures):
        width = len(ITEM_FIGURES if measure.item else SCALE_FIGURES)
        first, figure = figure, figure + width
        start, option = option, option + (measure.points if measure.item else 0)
        count = ns[index]
        if count == 0:
            continue
        slots = 1 + width + (option - start)
        if count == hidden:
            kept += slots
            continue
        blank = (width if math.isnan(values[first]) else 0) + sum(
            1 for c in option_counts[start:option] if c == withheld
        )
        kept += blank
        shown += slots - blank
    return shown, kept
