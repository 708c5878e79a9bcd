"""The results build: a round's responses → anonymised figures per node, in one transaction.

Per respondent group (one questionnaire version each in a round) the responses are read
in chunks straight from the database as packed bytes and decoded into one numpy matrix;
the indices are scored (``scores.py``, ``stats.py``); every node — class or department, unit, owner,
region and the whole programme, for all respondents and per grade band — gets n, mean,
SD, the share in the lowest band and (for indices) the 500-scale score of every index and
every single-choice item (``aggregate.py``). One call decides, for all measures at once,
which cells are hidden and which show their n only (``suppression.protect_figures``). The
round's old rows are replaced in one transaction, so a failed build leaves them as they
were: one ``ResultSheet`` per respondent group and one ``ResultRow`` per node × band, a
hidden cell written without any figure, a blank cell with its n only.

Progress is reported through a callback (the background task writes it to ``Build``; the
command draws a bar)."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from operator import itemgetter

import numpy as np
from django.db import connection, transaction
from django.db.models import Max

from samla.org.models import Group, RegionOwner, Unit
from samla.surveys.answers import answer_slots, packed_size
from samla.surveys.instrument import Instrument
from samla.surveys.models import InstrumentVersion, Response, Round

from . import aggregate, layout, scores, stats
from .aggregate import LEVEL_NAMES, NO_BAND, PROGRAMME
from .models import Reference, Reliability, ResultRow, ResultSheet
from .packing import HIDDEN, Measure, figure_table, pack
from .suppression import protect_figures

CHUNK = 50_000
WRITE_BATCH = 2_000

Progress = Callable[[int, str], None]


@dataclass
class Frame:
    """One respondent group's responses, decoded: a row per response."""

    respondent_group: str
    version: InstrumentVersion
    instrument: Instrument
    answers: np.ndarray  # responses × packed bytes (uint8)
    group: np.ndarray  # class or department id, -1 for none
    unit: np.ndarray
    band: np.ndarray  # index into bands, -1 for none
    bands: list[str] = field(default_factory=list)


GROUP_SPAN = 1 << 32  # group ids below 2³²; unit ids small enough that the key fits 63 bits


def _check_key_room(bands: int) -> None:
    """Refuse, rather than overflow, ids too large for the one-number key of _chunks."""
    highest_unit = Unit.objects.aggregate(top=Max("pk"))["top"] or 0
    highest_group = Group.objects.aggregate(top=Max("pk"))["top"] or 0
    if highest_group >= GROUP_SPAN or (highest_unit + 1) * GROUP_SPAN * (bands + 1) >= 1 << 63:
        raise ValueError("unit or group ids too large for the results build's row key")


def _bands(round: Round, respondent_group: str) -> list[str]:
    """The grade bands the respondent group's responses name, in school order."""
    found = (
        Response.objects.filter(round=round, respondent_group=respondent_group)
        .exclude(grade_band="")
        .values_list("grade_band", flat=True)
        .distinct()
    )
    return sorted(found, key=aggregate.band_order)


def _chunks(round: Round, respondent_group: str, bands: list[str]) -> Iterator[list[tuple]]:
    """The respondent group's responses as (where, bytes), CHUNK rows at a time, read with
    a plain cursor: reading is the largest single cost of the build. ``where`` is unit,
    class and band in one number, ``(unit · 2³² + class) · (bands + 1) + band`` (class 0:
    none; band ``len(bands)``: none), so that each row is two Python objects, not four."""
    table = Response._meta.db_table
    cases = " ".join(f"WHEN %s THEN {index}" for index in range(len(bands)))
    band = f"CASE grade_band {cases} ELSE {len(bands)} END" if bands else "0"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (unit_id * {GROUP_SPAN} + COALESCE(group_id, 0)) * {len(bands) + 1} "  # noqa: S608
            f"+ {band}, answers FROM {table} WHERE round_id = %s AND respondent_group = %s",
            [*bands, round.pk, respondent_group],
        )
        while rows := cursor.fetchmany(CHUNK):
            yield rows


def read_frame(round: Round, respondent_group: str, version: InstrumentVersion) -> Frame:
    instrument = version.instrument()
    size = packed_size(instrument)
    bands = _bands(round, respondent_group)
    _check_key_room(len(bands))
    keys: list[np.ndarray] = []
    blobs: list[bytes] = []
    count = 0
    for rows in _chunks(round, respondent_group, bands):  # columns taken apart in C
        keys.append(np.fromiter(map(itemgetter(0), rows), np.int64, len(rows)))
        answers = list(map(itemgetter(1), rows))
        if min(map(len, answers)) != size or max(map(len, answers)) != size:
            raise ValueError(
                f"stored answers of {respondent_group} do not fit its questionnaire "
                f"({size} bytes each)"
            )
        blobs.append(b"".join(answers))
        count += len(rows)
    matrix = np.frombuffer(b"".join(blobs), dtype=np.uint8).reshape(count, size)
    key = np.concatenate(keys) if keys else np.zeros(0, dtype=np.int64)
    band = key % (len(bands) + 1)
    place = key // (len(bands) + 1)
    group = place % GROUP_SPAN
    return Frame(
        respondent_group,
        version,
        instrument,
        matrix,
        np.where(group == 0, -1, group),
        place // GROUP_SPAN,
        np.where(band == len(bands), NO_BAND, band),
        bands,
    )


def _hierarchy(round: Round) -> aggregate.Hierarchy:
    units = dict(Unit.objects.filter(rounds=round).values_list("pk", "owner_id"))
    regions = dict(
        RegionOwner.objects.filter(programme=round.programme_id).values_list(
            "owner_id", "region_id"
        )
    )
    return aggregate.Hierarchy(units, regions, round.programme_id)


@dataclass
class GroupResult:
    """One respondent group's build, ready to be written."""

    respondent_group: str
    measures: list[Measure]
    rows: aggregate.Rows
    bands: list[str]
    n: np.ndarray  # rows × measures, −1 hidden
    figures: np.ndarray  # rows × stored floats (packing.figure_table), NaN hidden
    counts: np.ndarray  # rows × options, −1 withheld or hidden
    reliabilities: list[Reliability]
    references: list[Reference]

    @property
    def cells(self) -> int:
        """Cells with anyone in them, hidden ones included."""
        return int(np.count_nonzero(self.n))


def _score_scales(
    instrument: Instrument, slots: dict, answers: np.ndarray
) -> list[tuple[str, int, np.ndarray, float]]:
    """Every index's scores per respondent and its Cronbach's alpha: (code, points, scores,
    alpha) in questionnaire order."""
    found = []
    for scale in instrument.scales:
        items = [instrument.item(code) for code in scale.item_codes]
        columns = answers[:, [slots[item.code].offset for item in items]]
        points = [item.likert_points or 0 for item in items]
        values, alpha = scores.scale_from_bytes(columns, points, [i.reversed for i in items])
        found.append((scale.code, max(points), values, alpha))
    return found


def compute(
    round: Round,
    frame: Frame,
    hierarchy: aggregate.Hierarchy,
    threshold: int,
    known: dict[tuple[str, str], Reference],
    report: Progress = lambda _percent, _step: None,
) -> GroupResult:
    """Every node's figures for one respondent group, anonymity applied."""
    instrument = frame.instrument
    slots = {slot.code: slot for slot in answer_slots(instrument) if slot.choice is None}
    # Column order: each item's answers lie in one run, as every step reads them by item.
    answers = np.asfortranarray(frame.answers)
    items = [
        aggregate.ItemSpec(
            item.code,
            slots[item.code].offset,
            len([c for c in item.choices if not c.is_dont_know]),
        )
        for item in instrument.items
        if item.kind == "single" and item.code in slots
    ]
    position = {item.code: offset for offset, item in enumerate(items)}
    # Two cores: the scales are scored beside the atoms' item counts (numpy lets go of
    # the GIL).
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="results-build") as helper:
        scored = helper.submit(_score_scales, instrument, slots, answers)
        report(0, "sums")
        atom_of_row, row_of_atom, rows = layout.layout_rows(
            frame.unit, frame.group, frame.band, len(frame.bands), hierarchy
        )
        atoms = row_of_atom.shape[0]
        counted = aggregate.item_counts(atom_of_row, atoms, answers, items)
        scales = scored.result()
        scale_points = [points for _code, points, _values, _alpha in scales]
        scores = [values for _code, _points, values, _alpha in scales]
        atom_sums = aggregate.Sums(
            aggregate.scale_sums(atom_of_row, atoms, scores, scale_points), counted
        )
        sums = aggregate.roll_up(row_of_atom, len(rows), atom_sums)
        figures = aggregate.figures(sums, scale_points, [item.points for item in items])
        report(40, "anonymity")
        index_items = [
            [position[code] for code in scale.item_codes if code in position]
            for scale in instrument.scales
        ]
        hidden, blank = protect_figures(
            rows.structure, figures.n, figures.counts, index_items, threshold
        )
        report(80, "figures")
    measures = [Measure(code, "", points) for code, points, _values, _alpha in scales]
    measures += [Measure("", item.code, item.points) for item in items]
    reliabilities = [
        Reliability(
            round=round,
            respondent_group=frame.respondent_group,
            scale=code,
            alpha=None if math.isnan(alpha) else alpha,
            n=int(np.isfinite(values).sum()),
        )
        for code, _points, values, alpha in scales
    ]

    # The 500 scale: against the programme's reference, made from this round the first
    # time an index is built (the programme's whole-round mean and SD of its scores).
    score = np.full(figures.mean.shape, np.nan)
    references: list[Reference] = []
    everyone = np.flatnonzero((rows.level == PROGRAMME) & (rows.band == NO_BAND))
    for index, measure in enumerate(measures[: len(scale_points)]):
        reference = known.get((frame.respondent_group, measure.scale))
        if reference is None and everyone.size:
            row = int(everyone[0])
            n, mean, sd = figures.n[row, index], figures.mean[row, index], figures.sd[row, index]
            if n >= 2 and sd > 0:
                reference = Reference(
                    programme_id=round.programme_id,
                    round=round,
                    respondent_group=frame.respondent_group,
                    scale=measure.scale,
                    mean=float(mean),
                    sd=float(sd),
                    n=int(n),
                )
                known[(frame.respondent_group, measure.scale)] = reference
                references.append(reference)
        if reference is not None:
            score[:, index] = stats.score500(figures.mean[:, index], reference.mean, reference.sd)

    n_out = np.where(hidden, HIDDEN, figures.n)
    floats = figure_table(figures.mean, figures.sd, score, figures.low, blank, len(scale_points))
    blocks = [
        np.where(blank[:, len(scale_points) + offset, None], HIDDEN, counts)
        for offset, counts in enumerate(figures.counts)
    ]
    counts_out = (
        np.concatenate(blocks, axis=1) if blocks else np.zeros((len(rows), 0), dtype=np.int64)
    )
    return GroupResult(
        frame.respondent_group,
        measures,
        rows,
        frame.bands,
        n_out,
        floats,
        counts_out,
        reliabilities,
        references,
    )


def build_round(
    round: Round, progress: Progress | None = None, threshold: int | None = None
) -> int:
    """Build the round's results; returns the number of cells written (node × band ×
    measure with anyone in it, hidden ones included).

    Side effects: replaces the round's ResultSheet, ResultRow and Reliability rows (one
    transaction); writes the programme's Reference rows the first time an index is built
    (the reference round)."""
    report = progress or (lambda _percent, _step: None)
    threshold = threshold or round.programme.anonymity_threshold
    hierarchy = _hierarchy(round)
    instruments = list(round.instruments.select_related("version"))
    known = {
        (r.respondent_group, r.scale): r
        for r in Reference.objects.filter(programme_id=round.programme_id)
    }
    results: list[GroupResult] = []
    share = 85 / max(len(instruments), 1)
    for position, link in enumerate(instruments):
        base = int(position * share)
        group = link.respondent_group
        report(base, f"{group}: read")
        frame = read_frame(round, group, link.version)
        if not frame.answers.shape[0]:
            continue

        def step(percent: int, name: str, base=base, group=group) -> None:
            report(base + int(share * (0.2 + 0.8 * percent / 100)), f"{group}: {name}")

        results.append(compute(round, frame, hierarchy, threshold, known, step))
    report(88, "save")
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Derived data: should the server fail in the moment after the commit, the
            # build is lost whole (the old results stay), never half — and the Build row
            # marked done afterwards is flushed with it. Saves waiting for the disk.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        ResultRow.objects.filter(round=round).delete()
        ResultSheet.objects.filter(round=round).delete()
        Reliability.objects.filter(round=round).delete()
        for result in results:
            _write(round, result)
            Reliability.objects.bulk_create(result.reliabilities)
            Reference.objects.bulk_create(result.references)
    report(100, "done")
    return sum(result.cells for result in results)


ROW_COLUMNS = (
    "sheet_id", "round_id", "node_kind", "node_id", "grade_band", "n", "figures", "counts",
)  # fmt: skip


def _write(round: Round, result: GroupResult) -> None:
    """The sheet and its rows, with plain statements inside the build's transaction."""
    sheet = ResultSheet.objects.create(
        round=round,
        respondent_group=result.respondent_group,
        measures=[[m.scale, m.item, m.points] for m in result.measures],
    )
    rows = result.rows
    kinds = [LEVEL_NAMES[level] for level in rows.level.tolist()]
    bands = [result.bands[b] if b >= 0 else "" for b in rows.band.tolist()]
    nodes = rows.node.tolist()
    table = ResultRow._meta.db_table
    columns = ", ".join(ROW_COLUMNS)
    marks = ", ".join(["%s"] * len(ROW_COLUMNS))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
    packed = pack(result.n, result.figures, result.counts)
    values = (
        (sheet.pk, round.pk, kind, node, band, *blobs)
        for kind, node, band, blobs in zip(kinds, nodes, bands, packed, strict=True)
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # COPY in binary: no text escaping of bytea
            types = ["bigint", "bigint", "varchar", "bigint", "varchar", "bytea", "bytea", "bytea"]
            statement = f"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)"
            with cursor.cursor.copy(statement) as copy:
                copy.set_types(types)
                for row in values:
                    copy.write_row(row)
            return
        while batch := list(islice(values, WRITE_BATCH)):
            cursor.executemany(sql, batch)
