"""Reads for the results pages and exports, as plain data.

Every function reads built rows (anonymity already applied: a hidden cell has no
figures, see ``packing.py``) through :func:`read_cells`, so nothing here can show a
hidden value. Which nodes a person may open is
decided in ``results/access.py``; these functions take the node as given. Each runs a fixed
number of queries, whatever the number of units."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from samla.core.text import label_in
from samla.org.models import Group, Owner, Programme, Region, RegionOwner, Unit
from samla.surveys.instrument import Instrument, compare
from samla.surveys.models import (
    RESPONDENT_GROUP_LABELS,
    AccessCode,
    CodeState,
    Round,
    RoundInstrument,
)

from . import stats
from .aggregate import band_order
from .anonymity import is_staff_group
from .models import Build, NodeKind, ResultRow, ResultSheet
from .packing import Cell, Measure, hidden_figures, unpack

LEVEL_ORDER = ["group", "unit", "owner", "region", "programme"]


@dataclass(frozen=True)
class Node:
    kind: str
    id: int
    name: str

    @property
    def key(self) -> tuple[str, int]:
        return (self.kind, self.id)


def node(round: Round, kind: str, node_id: int) -> Node | None:
    """The named node, or None if no such node belongs to the round's programme."""
    model = {
        "programme": Programme,
        "region": Region,
        "owner": Owner,
        "unit": Unit,
        "group": Group,
    }.get(kind)
    if model is None:
        return None
    rows = model.objects.select_related("unit") if kind == "group" else model.objects
    found = rows.filter(pk=node_id).first()
    if found is None:
        return None
    name = f"{found.unit.name} – {found.name}" if kind == "group" else found.name
    return Node(kind, node_id, name)


def lineage(round: Round, start: Node) -> list[Node]:
    """The node and the nodes above it, up to the programme (its comparisons)."""
    chain = [start]
    kind, node_id = start.kind, start.id
    unit = owner = region = None
    if kind == "group":
        unit = Group.objects.select_related("unit").get(pk=node_id).unit
        chain.append(Node("unit", unit.pk, unit.name))
    if kind in ("group", "unit"):
        unit = unit or Unit.objects.select_related("owner").get(pk=node_id)
        owner = Owner.objects.get(pk=unit.owner_id)
        chain.append(Node("owner", owner.pk, owner.name))
    if kind in ("group", "unit", "owner"):
        owner_id = owner.pk if owner else node_id
        link = (
            RegionOwner.objects.filter(programme_id=round.programme_id, owner_id=owner_id)
            .select_related("region")
            .first()
        )
        if link is not None:
            region = link.region
            chain.append(Node("region", region.pk, region.name))
    if kind != "programme":
        chain.append(Node("programme", round.programme_id, round.programme.name))
    return chain


def children(round: Round, at: Node, allowed: dict[str, set[int]]) -> list[Node]:
    """The nodes right under ``at`` that the person may open (one query)."""
    if at.kind == "unit":
        rows = Group.objects.filter(unit_id=at.id, pk__in=allowed.get("group", ()))
        return [Node("group", g.pk, g.name) for g in rows.order_by("name")]
    if at.kind == "owner":
        rows = Unit.objects.filter(owner_id=at.id, pk__in=allowed.get("unit", ()))
        return [Node("unit", u.pk, u.name) for u in rows.order_by("name")]
    if at.kind == "region":
        rows = Owner.objects.filter(
            regionowner__region_id=at.id, pk__in=allowed.get("owner", ())
        ).distinct()
        return [Node("owner", o.pk, o.name) for o in rows.order_by("name")]
    if at.kind == "programme":
        rows = Region.objects.filter(programme_id=at.id, pk__in=allowed.get("region", ()))
        return [Node("region", r.pk, r.name) for r in rows.order_by("name")]
    return []


def read_cells(
    round: Round,
    nodes: Iterable[tuple[str, int]] | None = None,
    *,
    respondent_group: str | None = None,
    grade_band: str | None = "",
    codes: Iterable[str] | None = None,
    kind: str | None = None,
) -> list[Cell]:
    """The round's built cells, in two queries: of ``nodes`` (``(level, id)`` pairs; all
    when None), one respondent group or all, one grade band (``""``: all respondents;
    None: every band), only the measures named in ``codes``, only indices
    (``kind="scale"``) or items (``kind="item"``). Cells nobody is in are left out."""
    sheets: dict[int, tuple[str, list[Measure]]] = {}
    query = ResultSheet.objects.filter(round=round)
    if respondent_group is not None:
        query = query.filter(respondent_group=respondent_group)
    for pk, group, measures in query.values_list("pk", "respondent_group", "measures"):
        chosen = [Measure(*m) for m in measures]
        sheets[pk] = (group, chosen)
    if not sheets:
        return []
    rows = ResultRow.objects.filter(round=round, sheet_id__in=list(sheets))
    if nodes is not None:
        wanted: dict[str, set[int]] = {}
        for level, pk in nodes:
            wanted.setdefault(level, set()).add(int(pk))
        if not wanted:
            return []
        condition = Q()
        for level, ids in wanted.items():
            condition |= Q(node_kind=level, node_id__in=sorted(ids))
        rows = rows.filter(condition)
    if grade_band is not None:
        rows = rows.filter(grade_band=grade_band)
    names = None if codes is None else set(codes)
    found: list[Cell] = []
    for sheet_id, level, pk, band, n, figures, counts in rows.order_by("pk").values_list(
        "sheet_id", "node_kind", "node_id", "grade_band", "n", "figures", "counts"
    ):
        group, measures = sheets[sheet_id]
        found += unpack(
            measures, level, pk, group, band, bytes(n), bytes(figures), bytes(counts), names, kind
        )
    return found


def has_results(round: Round) -> bool:
    """Whether the round has been built (one query)."""
    return ResultSheet.objects.filter(round=round).exists()


def instruments_of(round: Round) -> dict[str, Instrument]:
    """The round's questionnaire per respondent group (one query; kept on the round object,
    so that the parts of one page share it)."""
    cached = getattr(round, "_instruments_of", None)
    if cached is None:
        cached = {
            ri.respondent_group: ri.version.instrument()
            for ri in RoundInstrument.objects.filter(round=round).select_related("version")
        }
        round._instruments_of = cached
    return cached


@dataclass
class Figure:
    """One cell as a page shows it: figures, or hidden, or nobody (no cell at all)."""

    n: int | None = None
    mean: float | None = None
    sd: float | None = None
    score500: float | None = None
    low_share: float | None = None
    hidden: bool = False
    distribution: dict | None = None

    @property
    def shown(self) -> bool:
        return not self.hidden and self.n is not None


def _figure(cell: Cell | None) -> Figure:
    if cell is None:
        return Figure()
    if cell.suppressed:
        return Figure(hidden=True)
    return Figure(
        cell.n, cell.mean, cell.sd, cell.score500, cell.low_share, distribution=cell.distribution
    )


@dataclass
class Comparison:
    node: Node
    figure: Figure
    d: float | None  # Cohen's d, the node against this comparison
    band: str  # "same", "higher", "lower", "much_higher", "much_lower", ""


def difference_band(d: float | None) -> str:
    """Words, not ranks: under 0.2 SD about the same; 0.2–0.5 somewhat; 0.5 and more
    clearly different."""
    if d is None:
        return ""
    if abs(d) < 0.2:
        return "same"
    if abs(d) < 0.5:
        return "higher" if d > 0 else "lower"
    return "much_higher" if d > 0 else "much_lower"


def _d(a: Figure, b: Figure) -> float | None:
    if not (a.shown and b.shown) or a.sd is None or b.sd is None:
        return None
    value = float(stats.cohens_d_from_summaries(a.n, a.mean, a.sd, b.n, b.mean, b.sd))
    return None if math.isnan(value) else value


CHART_FROM, CHART_TO, CHART_WIDTH = 300, 700, 320  # the 500 scale, drawn 300–700


def bar_width(score: float | None) -> int | None:
    """Pixels of a bar for a 500-scale score in the results charts (None: no bar)."""
    if score is None:
        return None
    share = (min(max(score, CHART_FROM), CHART_TO) - CHART_FROM) / (CHART_TO - CHART_FROM)
    return round(share * CHART_WIDTH)


@dataclass
class ScaleRow:
    code: str
    label: str
    figure: Figure
    comparisons: list[Comparison] = field(default_factory=list)
    counted_in: Node | None = None  # a staff group's hidden unit figure, in the owner's

    @property
    def bars(self) -> list[tuple[str, float | None, int | None]]:
        """(who, score, width) for the node and each comparison, for the chart."""
        rows = [("", self.figure.score500 if self.figure.shown else None)]
        rows += [
            (c.node.name, c.figure.score500 if c.figure.shown else None) for c in self.comparisons
        ]
        return [(name, score, bar_width(score)) for name, score in rows]


@dataclass
class GroupBlock:
    respondent_group: str
    label: str
    rows: list[ScaleRow]
    issued: int = 0  # codes made for the node (not revoked)
    submitted: int = 0

    @property
    def rate(self) -> int | None:
        return round(100 * self.submitted / self.issued) if self.issued else None

    @property
    def chart(self) -> dict:
        """Geometry of the block's bar chart (the template only draws it): per index a
        label and one bar per node, the node's first; the 500 line across."""
        left, bar, gap = 190, 12, 10
        rows, y = [], 4
        for row in self.rows:
            bars = []
            for position, (_name, _score, width) in enumerate(row.bars):
                if width is not None:
                    bars.append(
                        {"y": y + position * (bar + 2), "width": width, "first": position == 0}
                    )
            rows.append({"label": row.label, "y": y + bar, "bars": bars})
            y += len(row.bars) * (bar + 2) + gap
        mark = left + bar_width(500)
        return {"left": left, "height": y, "rows": rows, "mark": mark, "bar": bar}


def bands_at(round: Round, at: Node) -> list[str]:
    """The grade bands the node has results for, in school order (one query)."""
    found = (
        ResultRow.objects.filter(round=round, node_kind=at.kind, node_id=at.id)
        .exclude(grade_band="")
        .values_list("grade_band", flat=True)
        .distinct()
    )
    return sorted(set(found), key=band_order)


def overview(round: Round, chain: list[Node], language: str, band: str = "") -> list[GroupBlock]:
    """Every index of every respondent group for the node (``chain[0]``), with the nodes
    above it side by side and the difference in standard deviations; all respondents, or
    one grade band (then the comparisons are the same band above). Staff groups whose
    small unit figure is hidden say that it counts in the owner's figure."""
    found = {
        (c.node_kind, c.node_id, c.respondent_group, c.scale): c
        for c in read_cells(round, [n.key for n in chain], kind="scale", grade_band=band)
    }
    rates = response_counts(round, chain[0]) if not band else {}
    blocks = []
    for group, instrument in sorted(instruments_of(round).items()):
        rows = []
        for scale in instrument.scales:
            own = _figure(found.get((chain[0].kind, chain[0].id, group, scale.code)))
            comparisons = []
            for other in chain[1:]:
                figure = _figure(found.get((other.kind, other.id, group, scale.code)))
                d = _d(own, figure)
                comparisons.append(Comparison(other, figure, d, difference_band(d)))
            row = ScaleRow(scale.code, label_in(scale.label, language), own, comparisons)
            if own.hidden and chain[0].kind == "unit" and is_staff_group(group):
                row.counted_in = next(
                    (c.node for c in comparisons if c.node.kind == "owner" and c.figure.shown),
                    None,
                )
            rows.append(row)
        if rows:
            label = str(RESPONDENT_GROUP_LABELS.get(group, group))
            issued, submitted = rates.get(group, (0, 0))
            blocks.append(GroupBlock(group, label, rows, issued, submitted))
    return blocks


def response_counts(round: Round, at: Node) -> dict[str, tuple[int, int]]:
    """Codes made and answered per respondent group at the node (one query): counts of
    codes only, never who answered."""
    codes = AccessCode.objects.filter(round=round).exclude(state=CodeState.REVOKED)
    if at.kind == "group":
        codes = codes.filter(group_id=at.id)
    elif at.kind == "unit":
        codes = codes.filter(unit_id=at.id)
    elif at.kind == "owner":
        codes = codes.filter(unit__owner_id=at.id)
    elif at.kind == "region":
        codes = codes.filter(
            unit__owner__regionowner__region_id=at.id,
            unit__owner__regionowner__programme_id=round.programme_id,
        )
    rows = codes.values("respondent_group").annotate(
        issued=Count("pk"), submitted=Count("pk", filter=Q(state=CodeState.SUBMITTED))
    )
    return {row["respondent_group"]: (row["issued"], row["submitted"]) for row in rows}


@dataclass
class ChildTable:
    """One respondent group's indices at each node right under a node, side by side."""

    respondent_group: str
    label: str
    scales: list[tuple[str, str]]  # (code, label)
    rows: list[tuple[Node, list[Figure]]]


def below(round: Round, nodes: list[Node], language: str, band: str = "") -> list[ChildTable]:
    """The indices of the given nodes (those right under a page's node that the person may
    open), per respondent group, in the nodes' order — by name, never by result. Classes
    have no grade bands of their own: they are shown whatever the band. Two queries."""
    if not nodes:
        return []
    if nodes[0].kind == "group":
        band = ""
    found = {
        (c.node_kind, c.node_id, c.respondent_group, c.scale): c
        for c in read_cells(round, [n.key for n in nodes], kind="scale", grade_band=band)
    }
    present = {(group, kind, pk) for kind, pk, group, _scale in found}
    tables = []
    for group, instrument in sorted(instruments_of(round).items()):
        rows = [
            (node, [_figure(found.get((*node.key, group, s.code))) for s in instrument.scales])
            for node in nodes
            if (group, *node.key) in present
        ]
        if rows and instrument.scales:
            tables.append(
                ChildTable(
                    group,
                    str(RESPONDENT_GROUP_LABELS.get(group, group)),
                    [(s.code, label_in(s.label, language)) for s in instrument.scales],
                    rows,
                )
            )
    return tables


@dataclass
class Triangle:
    """One index seen by several respondent groups at the same node."""

    code: str
    label: str
    figures: list[tuple[str, Figure]]


def triangulation(round: Round, at: Node, language: str, band: str = "") -> list[Triangle]:
    """Indices that more than one respondent group answers (same index code), side by side."""
    instruments = instruments_of(round)
    seen: dict[str, list[str]] = {}
    labels: dict[str, str] = {}
    for group, instrument in sorted(instruments.items()):
        for scale in instrument.scales:
            seen.setdefault(scale.code, []).append(group)
            labels.setdefault(scale.code, label_in(scale.label, language))
    shared = {code: groups for code, groups in seen.items() if len(groups) > 1}
    if not shared:
        return []
    cells = {
        (c.respondent_group, c.scale): c
        for c in read_cells(round, [at.key], codes=shared, kind="scale", grade_band=band)
    }
    return [
        Triangle(
            code,
            labels[code],
            [
                (str(RESPONDENT_GROUP_LABELS.get(g, g)), _figure(cells.get((g, code))))
                for g in groups
            ],
        )
        for code, groups in shared.items()
    ]


def released() -> Q:
    """Rounds whose results are open to everyone with access: released by the
    administrator, or past their release date after closing (as ``access.results_released``
    decides for one round)."""
    by_date = Q(results_release_on__lte=timezone.localdate(), closes_at__lte=timezone.now())
    return Q(published=True) & (Q(results_released_at__isnull=False) | by_date)


def _trend_cells(
    rounds: list[Round], at: Node, respondent_group: str, scale: str
) -> dict[int, Cell]:
    """The node's index cell in each of ``rounds`` (two queries, whatever their number)."""
    sheets = {
        pk: (round_id, [Measure(*m) for m in measures])
        for pk, round_id, measures in ResultSheet.objects.filter(
            round__in=rounds, respondent_group=respondent_group
        ).values_list("pk", "round_id", "measures")
    }
    found: dict[int, Cell] = {}
    rows = ResultRow.objects.filter(
        sheet_id__in=list(sheets), node_kind=at.kind, node_id=at.id, grade_band=""
    ).values_list("sheet_id", "n", "figures", "counts")
    for sheet_id, n, figures, counts in rows:
        round_id, measures = sheets[sheet_id]
        cells = unpack(
            measures, at.kind, at.id, respondent_group, "", bytes(n), bytes(figures),
            bytes(counts), {scale},
        )  # fmt: skip
        for cell in cells:
            found[round_id] = cell
    return found


@dataclass
class TrendPoint:
    round: Round
    figure: Figure
    changed: bool  # an item of the index changed since the round before: compare with care


def trend(round: Round, at: Node, respondent_group: str, scale: str) -> list[TrendPoint]:
    """The index at the node in this and the programme's earlier rounds whose results are
    released, oldest first, with a warning where the index's items changed between rounds.
    (The round itself is whoever asks' business: pages and exports have checked it.)"""
    earlier = Q(opens_at__lt=round.opens_at) & released()
    rounds = list(
        Round.objects.filter(earlier | Q(pk=round.pk), programme_id=round.programme_id).order_by(
            "opens_at"
        )
    )
    cells = _trend_cells(rounds, at, respondent_group, scale)
    versions = {
        ri.round_id: ri.version.instrument()
        for ri in RoundInstrument.objects.filter(
            round__in=rounds, respondent_group=respondent_group
        ).select_related("version")
    }
    points, before = [], None
    for each in rounds:
        if each.pk not in cells:
            continue
        changed = False
        current = versions.get(each.pk)
        if before is not None and current is not None:
            codes = next((s.item_codes for s in current.scales if s.code == scale), ())
            changes = {c.code: c for c in compare(before, current)}
            changed = any(code not in changes or not changes[code].comparable for code in codes)
        points.append(TrendPoint(each, _figure(cells[each.pk]), changed))
        before = current or before
    return points


@dataclass
class ItemRow:
    code: str
    label: str
    reversed: bool
    figure: Figure
    options: list[tuple[str, int | None]]  # (answer label, percent or None when withheld)
    comparisons: list[tuple[Node, Figure]]


def scale_detail(
    round: Round, chain: list[Node], respondent_group: str, scale_code: str, language: str
) -> tuple[str, list[ItemRow]] | None:
    """The index's items at the node: mean, n and the answer distribution (percent), with
    the nodes above it."""
    instrument = instruments_of(round).get(respondent_group)
    if instrument is None:
        return None
    scale = next((s for s in instrument.scales if s.code == scale_code), None)
    if scale is None:
        return None
    cells = {
        (c.node_kind, c.node_id, c.item): c
        for c in read_cells(
            round,
            [n.key for n in chain],
            respondent_group=respondent_group,
            codes=scale.item_codes,
            kind="item",
        )
    }
    rows = []
    for code in scale.item_codes:
        item = instrument.item(code)
        own = _figure(cells.get((chain[0].kind, chain[0].id, code)))
        labels = [label_in(c.label, language) for c in item.choices if not c.is_dont_know]
        percents = (own.distribution or {}).get("percents", {}) if own.shown else {}
        options = [(label, percents.get(str(i))) for i, label in enumerate(labels, 1)]
        comparisons = [
            (other, _figure(cells.get((other.kind, other.id, code)))) for other in chain[1:]
        ]
        rows.append(
            ItemRow(code, label_in(item.label, language), item.reversed, own, options, comparisons)
        )
    return label_in(scale.label, language), rows


NODE_KINDS = [kind for kind, _label in NodeKind.choices]


def figure_account(round: Round) -> dict[str, int]:
    """How many figures of the round's build are published and how many withheld (see
    ``packing.hidden_figures``), read row by row: for the bench and the privacy notes."""
    measures = {
        pk: [Measure(*m) for m in chosen]
        for pk, chosen in ResultSheet.objects.filter(round=round).values_list("pk", "measures")
    }
    shown = withheld = 0
    rows = ResultRow.objects.filter(round=round).values_list("sheet_id", "n", "figures", "counts")
    for sheet_id, n, figures, counts in rows.iterator(chunk_size=2000):
        published, kept = hidden_figures(
            measures[sheet_id], bytes(n), bytes(figures), bytes(counts)
        )
        shown += published
        withheld += kept
    return {"figures_shown": shown, "figures_withheld": withheld}


def build_of(round: Round) -> Build | None:
    """The round's results build (its latest), for the build's progress on the page."""
    return Build.objects.filter(round=round).first()
