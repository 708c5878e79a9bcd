"""The results build: a round's responses → anonymised aggregate cells, in one transaction.

Per respondent group (one questionnaire version each in a round) the responses are read
in chunks straight from the database as packed bytes, decoded into one numpy matrix, and
scored (``stats.py``). Then every node — class or department, unit, owner, region and the
whole programme — gets n, mean, SD, the share in the lowest band and (for indices) the
500-scale score, for all respondents and per grade band, for every index and every
single-choice item. The anonymity rules (``anonymity.py``) decide, per index or item,
which cells are hidden; a hidden cell is written without any figure. The round's old
cells are replaced in one transaction, so a failed build leaves them as they were.

Progress is reported through a callback (the background task writes it to ``Build``; the
command draws a bar)."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np
from django.db import connection, transaction

from samla.org.models import Group, RegionOwner, Unit
from samla.surveys.answers import answer_slots, packed_size
from samla.surveys.instrument import Instrument
from samla.surveys.models import InstrumentVersion, Response, Round

from . import anonymity, stats
from .models import Cell, NodeKind, Reference, Reliability

CHUNK = 50_000
# Levels from the finest to the whole programme.
LEVELS = (NodeKind.GROUP, NodeKind.UNIT, NodeKind.OWNER, NodeKind.REGION, NodeKind.PROGRAMME)
ALL_BANDS = ""

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
    _band_of_group: dict[int, str] | None = None

    def band_of_group(self) -> dict[int, str]:
        """Each class's grade band (worked out once per frame, not once per measure)."""
        if self._band_of_group is None:
            found: dict[int, str] = {}
            if self.bands:
                pairs = np.unique(np.stack([self.group, self.band]), axis=1)
                for group_id, band in pairs.T:
                    if group_id >= 0 and band >= 0:
                        found[int(group_id)] = self.bands[int(band)]
            self._band_of_group = found
        return self._band_of_group


@dataclass
class Hierarchy:
    """Where each unit sits: owner and region in the round's programme."""

    owner_of_unit: dict[int, int]
    region_of_owner: dict[int, int]
    unit_of_group: dict[int, int]


def _hierarchy(round: Round) -> Hierarchy:
    units = dict(Unit.objects.filter(rounds=round).values_list("pk", "owner_id"))
    regions = dict(
        RegionOwner.objects.filter(programme=round.programme_id).values_list(
            "owner_id", "region_id"
        )
    )
    groups = dict(Group.objects.filter(unit_id__in=units).values_list("pk", "unit_id"))
    return Hierarchy(units, regions, groups)


def _chunks(round: Round, respondent_group: str) -> Iterator[list[tuple]]:
    """The respondent group's responses as (group, unit, band, bytes), CHUNK rows at a time,
    read with a plain cursor: this is the build's largest cost."""
    table = Response._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT group_id, unit_id, grade_band, answers FROM {table} "  # noqa: S608
            "WHERE round_id = %s AND respondent_group = %s ORDER BY id",
            [round.pk, respondent_group],
        )
        while rows := cursor.fetchmany(CHUNK):
            yield rows


def read_frame(round: Round, respondent_group: str, version: InstrumentVersion) -> Frame:
    instrument = version.instrument()
    size = packed_size(instrument)
    bands: list[str] = []
    band_index: dict[str, int] = {}
    blobs: list[bytes] = []
    groups: list[int] = []
    units: list[int] = []
    band_ids: list[int] = []
    for rows in _chunks(round, respondent_group):
        for group_id, unit_id, band, answers in rows:
            blobs.append(bytes(answers))
            groups.append(group_id if group_id is not None else -1)
            units.append(unit_id)
            if band:
                if band not in band_index:
                    band_index[band] = len(bands)
                    bands.append(band)
                band_ids.append(band_index[band])
            else:
                band_ids.append(-1)
    matrix = np.frombuffer(b"".join(blobs), dtype=np.uint8)
    matrix = matrix.reshape(len(blobs), size) if size else np.zeros((len(blobs), 0), np.uint8)
    return Frame(
        respondent_group,
        version,
        instrument,
        matrix,
        np.asarray(groups, dtype=np.int64),
        np.asarray(units, dtype=np.int64),
        np.asarray(band_ids, dtype=np.int64),
        bands,
    )


@dataclass(frozen=True)
class Measure:
    """An index or a single-choice item: one value per respondent (NaN when missing)."""

    scale: str
    item: str
    points: int
    values: np.ndarray
    item_values: np.ndarray | None = None  # the raw answers of an item, for distributions


def measures(frame: Frame) -> Iterator[Measure]:
    instrument = frame.instrument
    slots = {slot.code: slot for slot in answer_slots(instrument) if slot.choice is None}
    for scale in instrument.scales:
        items = [instrument.item(code) for code in scale.item_codes]
        columns = frame.answers[:, [slots[item.code].offset for item in items]]
        points = [item.likert_points or 0 for item in items]
        scores = stats.scale_scores(columns, points, [item.reversed for item in items])
        yield Measure(scale.code, "", max(points), scores)
    for item in instrument.items:
        if item.kind != "single" or item.code not in slots:
            continue
        points = len([c for c in item.choices if not c.is_dont_know])
        raw = frame.answers[:, slots[item.code].offset]
        yield Measure(
            "", item.code, points, stats.item_values(raw.reshape(-1, 1), points)[:, 0], raw
        )


@dataclass
class Nodes:
    """Dense ids per level for a frame's rows, and the node id each dense id stands for."""

    ids: dict[str, np.ndarray]  # level -> dense id per row (-1: the row has no such node)
    keys: dict[str, np.ndarray]  # level -> node id per dense id


def nodes_for(frame: Frame, hierarchy: Hierarchy, programme_id: int) -> Nodes:
    owner = np.asarray([hierarchy.owner_of_unit.get(int(u), -1) for u in frame.unit])
    region = np.asarray([hierarchy.region_of_owner.get(int(o), -1) for o in owner])
    per_level = {
        NodeKind.GROUP: frame.group,
        NodeKind.UNIT: frame.unit,
        NodeKind.OWNER: owner,
        NodeKind.REGION: region,
        NodeKind.PROGRAMME: np.full(frame.unit.shape, programme_id, dtype=np.int64),
    }
    ids, keys = {}, {}
    for level, values in per_level.items():
        keys[level], dense = np.unique(values, return_inverse=True)
        dense = dense.astype(np.int64)
        if keys[level].size and keys[level][0] == -1:  # rows without this node
            dense = dense - 1
            keys[level] = keys[level][1:]
        ids[level] = dense
    return Nodes(ids, keys)


@dataclass
class Figures:
    n: int
    mean: float
    sd: float
    low: float
    counts: np.ndarray | None = None


def aggregate(frame: Frame, nodes: Nodes, measure: Measure) -> dict[tuple[str, int, str], Figures]:
    """Every node's figures for one measure, for all respondents and per grade band."""
    result: dict[tuple[str, int, str], Figures] = {}
    bands = len(frame.bands)
    for level in LEVELS:
        dense = nodes.ids[level]
        count = len(nodes.keys[level])
        present = dense >= 0
        variants = [(ALL_BANDS, dense, count)]
        if level != NodeKind.GROUP and bands:
            banded = np.where(present & (frame.band >= 0), dense * bands + frame.band, -1)
            variants.append(("by band", banded, count * bands))
        for name, ids, total in variants:
            keep = ids >= 0
            summary = stats.grouped_summary(ids[keep], measure.values[keep], total)
            low = stats.grouped_lowest_band_share(
                ids[keep], measure.values[keep], measure.points, total
            )
            counts = None
            if measure.item_values is not None:
                counts = stats.grouped_distribution(
                    ids[keep], measure.item_values[keep], measure.points, total
                )
            for index in np.flatnonzero(summary.n):
                if name == ALL_BANDS:
                    node, band = int(nodes.keys[level][index]), ALL_BANDS
                else:
                    node = int(nodes.keys[level][index // bands])
                    band = frame.bands[index % bands]
                result[(level, node, band)] = Figures(
                    int(summary.n[index]),
                    float(summary.mean[index]),
                    float(summary.sd[index]),
                    float(low[index]),
                    counts[index] if counts is not None else None,
                )
    return result


def relations(
    cells: dict[tuple[str, int, str], Figures],
    frame: Frame,
    hierarchy: Hierarchy,
    programme_id: int,
) -> list[anonymity.Relation]:
    """How the cells add up: every parent is its children plus (maybe) respondents who are
    in no child (a unit's respondents without a class), and every node's total is its grade
    bands plus those without a band — the overlapping cuts anonymity must see."""
    parent_of = {
        NodeKind.GROUP: lambda node: (NodeKind.UNIT, hierarchy.unit_of_group.get(node)),
        NodeKind.UNIT: lambda node: (NodeKind.OWNER, hierarchy.owner_of_unit.get(node)),
        NodeKind.OWNER: lambda node: (NodeKind.REGION, hierarchy.region_of_owner.get(node)),
        NodeKind.REGION: lambda node: (NodeKind.PROGRAMME, programme_id),
    }
    band_of_group = frame.band_of_group()
    parts: dict[tuple[str, int, str], list[tuple[str, int, str]]] = {}
    for key in cells:
        level, node, band = key
        if level == NodeKind.PROGRAMME:
            continue
        parent_level, parent = parent_of[level](node)
        if parent is None or (parent_level, parent, band) not in cells:
            continue
        parts.setdefault((parent_level, parent, band), []).append(key)
        if level == NodeKind.GROUP and node in band_of_group:
            banded = (NodeKind.UNIT, parent, band_of_group[node])
            if banded in cells:
                parts.setdefault(banded, []).append(key)
    for key in cells:  # a node's bands add up to its total (plus rows without a band)
        level, node, band = key
        if band != ALL_BANDS:
            parts.setdefault((level, node, "__bands__"), []).append(key)
    found = []
    for total, children in parts.items():
        if total[2] == "__bands__":
            total = (total[0], total[1], ALL_BANDS)
            if total not in cells:
                continue
        found.append(anonymity.Relation(total, tuple(children)))
    return found


def build_round(
    round: Round, progress: Progress | None = None, threshold: int | None = None
) -> int:
    """Build the round's results; returns the number of cells written.

    Side effects: replaces the round's Cell and Reliability rows (one transaction); writes
    the programme's Reference rows the first time an index is built (the reference round).
    """
    report = progress or (lambda _percent, _step: None)
    threshold = threshold or round.programme.anonymity_threshold
    hierarchy = _hierarchy(round)
    instruments = list(round.instruments.select_related("version"))
    rows: list[tuple] = []
    reliabilities: list[Reliability] = []
    references: list[Reference] = []
    known = {
        (r.respondent_group, r.scale): r
        for r in Reference.objects.filter(programme_id=round.programme_id)
    }
    for position, link in enumerate(instruments):
        share = 90 / max(len(instruments), 1)
        report(int(position * share), link.respondent_group)
        frame = read_frame(round, link.respondent_group, link.version)
        if not frame.answers.shape[0]:
            continue
        nodes = nodes_for(frame, hierarchy, round.programme_id)
        scales = {scale.code: scale for scale in frame.instrument.scales}
        for measure in measures(frame):
            cells = aggregate(frame, nodes, measure)
            hidden = anonymity.suppress(
                {key: figures.n for key, figures in cells.items()},
                relations(cells, frame, hierarchy, round.programme_id),
                threshold,
            )
            reference = None
            if measure.scale:
                reference = known.get((link.respondent_group, measure.scale))
                if reference is None:
                    whole = stats.summarise(measure.values)
                    if whole.n >= 2 and whole.sd > 0:
                        reference = Reference(
                            programme_id=round.programme_id,
                            round=round,
                            respondent_group=link.respondent_group,
                            scale=measure.scale,
                            mean=whole.mean,
                            sd=whole.sd,
                            n=whole.n,
                        )
                        known[(link.respondent_group, measure.scale)] = reference
                        references.append(reference)
                items = [frame.instrument.item(c) for c in scales[measure.scale].item_codes]
                slots = {s.code: s for s in answer_slots(frame.instrument) if s.choice is None}
                columns = frame.answers[:, [slots[i.code].offset for i in items]]
                alpha = stats.cronbach_alpha(
                    columns, [i.likert_points or 0 for i in items], [i.reversed for i in items]
                )
                reliabilities.append(
                    Reliability(
                        round=round,
                        respondent_group=link.respondent_group,
                        scale=measure.scale,
                        alpha=None if math.isnan(alpha) else alpha,
                        n=int(np.isfinite(measure.values).sum()),
                    )
                )
            for key, figures in cells.items():
                rows.append(
                    _cell(
                        round,
                        link.respondent_group,
                        measure,
                        key,
                        figures,
                        key in hidden,
                        reference,
                    )
                )
    report(92, "save")
    with transaction.atomic():
        Cell.objects.filter(round=round).delete()
        Reliability.objects.filter(round=round).delete()
        _write_cells(rows)
        Reliability.objects.bulk_create(reliabilities)
        Reference.objects.bulk_create(references)
    report(100, "done")
    return len(rows)


def _number(value: float) -> float | None:
    return None if value is None or math.isnan(value) else value


CELL_COLUMNS = (
    "round_id", "node_kind", "node_id", "respondent_group", "grade_band", "scale", "item",
    "suppressed", "n", "mean", "sd", "score500", "low_share", "distribution",
)  # fmt: skip


def _cell(round, respondent_group, measure, key, figures, hidden, reference) -> tuple:
    """One cell as the row written to the database (see _write_cells)."""
    level, node, band = key
    common = (round.pk, str(level), node, respondent_group, band, measure.scale, measure.item)
    if hidden:  # a hidden cell holds no figure at all
        return (*common, True, None, None, None, None, None, None)
    score = None
    if reference is not None:
        score = _number(stats.score500(figures.mean, reference.mean, reference.sd))
    distribution = None
    if figures.counts is not None:
        # Keys are answer positions 1..P (the item's choices without "vet ikke", in order).
        counts, percents = anonymity.published_counts([int(c) for c in figures.counts])
        keys = [str(position) for position in range(1, len(counts) + 1)]
        distribution = {
            "counts": dict(zip(keys, counts, strict=True)),
            "percents": dict(zip(keys, percents, strict=True)),
        }
    return (
        *common,
        False,
        figures.n,
        _number(figures.mean),
        _number(figures.sd),
        score,
        _number(figures.low),
        distribution,
    )


def _write_cells(rows: list[tuple]) -> None:
    """Insert the cells with plain statements (model objects and per-value SQL building
    were most of the build's time). Runs inside the build's transaction."""
    field = Cell._meta.get_field("distribution")
    columns = ", ".join(CELL_COLUMNS)
    marks = ", ".join(["%s"] * len(CELL_COLUMNS))
    sql = f"INSERT INTO {Cell._meta.db_table} ({columns}) VALUES ({marks})"  # noqa: S608
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            batch = [
                (
                    *row[:-1],
                    None if row[-1] is None else field.get_db_prep_save(row[-1], connection),
                )
                for row in rows[start : start + 5000]
            ]
            cursor.executemany(sql, batch)
