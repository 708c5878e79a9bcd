"""A node's built results as stored: one row per node × grade band, its figures packed.

Pure (numpy, no Django). A round's build writes, per respondent group, the list of its
measures (its indices, then its single-choice items, in questionnaire order) once, and
then one row per node × grade band whose figures are three little-endian arrays in that
order:

``n``        int32 per measure: respondents, 0 for nobody, −1 when the cell is hidden
``figures``  float32 per measure × (mean, SD, 500-scale score, share in the lowest band),
             NaN where there is no such figure — always for a hidden cell
``counts``   int32 per item × answer option (positions 1..P, "vet ikke" not counted):
             the count, −1 where it is withheld or the cell hidden

So a hidden cell holds no figure in storage, and a page reads one row per node instead of
one per figure: ~30 000 rows for a national round rather than two million. float32 keeps
seven significant digits, far more than any page or export shows; :func:`clean` gives a
stored float back as the shortest decimal that round-trips, so exports print 3.4567 rather
than 3.4567000865936279."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

HIDDEN = -1
FIGURES = ("mean", "sd", "score500", "low_share")

N_TYPE = np.dtype("<i4")
FIGURE_TYPE = np.dtype("<f4")
COUNT_TYPE = np.dtype("<i4")


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


def pack(n: np.ndarray, figures: np.ndarray, counts: np.ndarray) -> Iterator[tuple[bytes, ...]]:
    """Rows of (n, figures, counts) bytes from rows × measures ``n``, rows × measures × 4
    ``figures`` and rows × options ``counts``. The caller has already written −1 and NaN
    into hidden cells."""
    n_bytes = np.ascontiguousarray(n, dtype=N_TYPE)
    figure_bytes = np.ascontiguousarray(figures, dtype=FIGURE_TYPE).reshape(n.shape[0], -1)
    count_bytes = np.ascontiguousarray(counts, dtype=COUNT_TYPE)
    for row in range(n.shape[0]):
        yield n_bytes[row].tobytes(), figure_bytes[row].tobytes(), count_bytes[row].tobytes()


def clean(value: float) -> float:
    """A stored float32 as the shortest decimal that reads back as the same float32."""
    return float(np.format_float_positional(np.float32(value), unique=True, trim="-"))


def percent(count: int, n: int) -> int:
    """Whole percent of ``n``, rounded half up (as :func:`anonymity.published_counts`)."""
    return (200 * count + n) // (2 * n)


def unpack(
    measures: Sequence[Measure],
    node_kind: str,
    node_id: int,
    respondent_group: str,
    grade_band: str,
    n_bytes: bytes,
    figure_bytes: bytes,
    count_bytes: bytes,
    wanted: set[str] | None = None,
) -> list[Cell]:
    """The row's cells with anyone in them (``wanted``: only these measure codes)."""
    n = np.frombuffer(n_bytes, dtype=N_TYPE)
    if n.shape[0] != len(measures):
        raise ValueError(f"a stored row holds {n.shape[0]} measures, its sheet {len(measures)}")
    figures = np.frombuffer(figure_bytes, dtype=FIGURE_TYPE).reshape(len(measures), 4)
    counts = np.frombuffer(count_bytes, dtype=COUNT_TYPE)
    ns, values, option_counts = n.tolist(), figures.tolist(), counts.tolist()
    found: list[Cell] = []
    offset = 0
    for index, measure in enumerate(measures):
        start, offset = offset, offset + (measure.points if measure.item else 0)
        count = ns[index]
        if count == 0 or (wanted is not None and measure.code not in wanted):
            continue
        cell = Cell(
            node_kind, node_id, respondent_group, grade_band, measure.scale, measure.item,
            suppressed=count == HIDDEN,
        )  # fmt: skip
        if count != HIDDEN:
            cell.n = count
            mean, sd, score500, low = (None if math.isnan(v) else v for v in values[index])
            cell.mean, cell.sd, cell.score500, cell.low_share = mean, sd, score500, low
            if measure.item:
                shown = [None if c == HIDDEN else c for c in option_counts[start:offset]]
                keys = [str(position) for position in range(1, measure.points + 1)]
                cell.distribution = {
                    "counts": dict(zip(keys, shown, strict=True)),
                    "percents": {
                        key: None if c is None else percent(c, count)
                        for key, c in zip(keys, shown, strict=True)
                    },
                }
        found.append(cell)
    return found
