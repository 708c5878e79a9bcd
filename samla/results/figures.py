"""The figures the results pages show, as plain data: a node's indices beside its
comparisons (:func:`overview`), the level below (:func:`below`), the respondent groups
side by side (:func:`triangulation`) and an index opened to its items
(:func:`scale_detail`); an index across rounds is :mod:`trends`. Read from the stored cells only
(:func:`queries.read_cells`); the nodes come from :mod:`queries`."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from samla.core.text import label_in, label_language
from samla.surveys.models import (
    RESPONDENT_GROUP_LABELS,
    Round,
)

from . import stats
from .aggregate import band_order
from .models import ResultRow
from .packing import Cell
from .queries import Node, instruments_of, iter_cells, read_cells, response_counts


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


def shown_above(own: Figure, above: list[tuple[Node, Figure]]) -> Node | None:
    """Where to look for a hidden figure: the first of ``above`` (nearest first) whose
    figure is shown with its mean (not its n only); None for a figure that is not hidden,
    or hidden all the way up.

    Whether a figure was hidden because fewer than the threshold answered or to protect
    another hidden one is not stored and never told: told apart, two hidden siblings would
    say which is the small one (docs/architecture.md, "Why is this hidden?")."""
    if not own.hidden:
        return None
    return next((node for node, figure in above if figure.shown and figure.mean is not None), None)


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


CHART_FROM, CHART_TO = 300, 700  # the 500 scale, drawn 300–700 (results.charts)


@dataclass
class ScaleRow:
    code: str
    label: str
    figure: Figure
    comparisons: list[Comparison] = field(default_factory=list)
    label_language: str | None = None  # the label's language, when it fell back to another

    @property
    def shown_at(self) -> Node | None:
        """For a hidden figure: the nearest node above whose same figure (respondent group,
        index, grade band) is shown, from the comparisons the page has read anyway."""
        return shown_above(self.figure, [(c.node, c.figure) for c in self.comparisons])


@dataclass
class GroupBlock:
    respondent_group: str
    label: str
    rows: list[ScaleRow]
    issued: int = 0  # codes made for the node (not revoked)
    submitted: int = 0
    chart_svg: str = ""  # the block's chart, drawn by results.charts for the page

    @property
    def rate(self) -> int | None:
        return round(100 * self.submitted / self.issued) if self.issued else None


def bands_at(round: Round, at: Node) -> list[str]:
    """The grade bands the node has results for, in school order (one query)."""
    found = (
        ResultRow.objects.filter(round=round, node_kind=at.kind, node_id=at.id)
        .exclude(grade_band="")
        .values_list("grade_band", flat=True)
        .distinct()
    )
    return sorted(set(found), key=band_order)


ScaleCells = dict[str, dict[tuple[str, int, str, str], Figure]]
"""Index cells as figures, by grade band, then by (level, node, respondent group, index)."""


def scale_cells(round: Round, nodes: list[Node], bands: list[str]) -> ScaleCells:
    """The index cells of ``nodes`` in each of ``bands`` as figures, in one read (two
    queries): a node's page reads its own, its comparisons' and the level below's once and
    hands them to :func:`overview`, :func:`below` and :func:`triangulation`. Each cell is
    made a figure at once (a large school's page holds 1 600), so the page keeps one object
    per figure, not two."""
    found: ScaleCells = {band: {} for band in bands}
    for c in iter_cells(round, [n.key for n in nodes], kind="scale", grade_band=list(found)):
        found[c.grade_band][(c.node_kind, c.node_id, c.respondent_group, c.scale)] = _figure(c)
    return found


def _scale_cells_in(
    round: Round, nodes: list[Node], band: str, cells: ScaleCells | None
) -> dict[tuple[str, int, str, str], Figure]:
    """The band's index cells of ``nodes``: from ``cells`` when it has read the band (it
    holds those nodes), otherwise read now."""
    if cells is not None and band in cells:
        return cells[band]
    return scale_cells(round, nodes, [band])[band]


def overview(
    round: Round,
    chain: list[Node],
    language: str,
    band: str = "",
    cells: ScaleCells | None = None,
) -> list[GroupBlock]:
    """Every index of every respondent group for the node (``chain[0]``), with the nodes
    above it side by side and the difference in standard deviations; all respondents, or
    one grade band (then the comparisons are the same band above). A hidden figure's row
    names the nearest node above that shows it (:attr:`ScaleRow.shown_at`). ``cells``:
    the page's :func:`scale_cells`, when read already."""
    found = _scale_cells_in(round, chain, band, cells)
    rates = response_counts(round, chain[0]) if not band else {}
    blocks = []
    for group, instrument in sorted(instruments_of(round).items()):
        rows = []
        for scale in instrument.scales:
            own = found.get((chain[0].kind, chain[0].id, group, scale.code)) or Figure()
            comparisons = []
            for other in chain[1:]:
                figure = found.get((other.kind, other.id, group, scale.code)) or Figure()
                d = _d(own, figure)
                comparisons.append(Comparison(other, figure, d, difference_band(d)))
            rows.append(
                ScaleRow(
                    scale.code,
                    label_in(scale.label, language),
                    own,
                    comparisons,
                    label_language(scale.label, language),
                )
            )
        if rows:
            label = str(RESPONDENT_GROUP_LABELS.get(group, group))
            issued, submitted = rates.get(group, (0, 0))
            blocks.append(GroupBlock(group, label, rows, issued, submitted))
    return blocks


@dataclass
class ChildTable:
    """One respondent group's indices at each node right under a node, side by side."""

    respondent_group: str
    label: str
    scales: list[tuple[str, str]]  # (code, label)
    rows: list[tuple[Node, list[Figure]]]

    @property
    def has_hidden(self) -> bool:
        """Whether any figure of the table is hidden (the table then explains why)."""
        return any(figure.hidden for _node, figures in self.rows for figure in figures)


def below(
    round: Round,
    nodes: list[Node],
    language: str,
    band: str = "",
    cells: ScaleCells | None = None,
) -> list[ChildTable]:
    """The indices of the given nodes (those right under a page's node that the person may
    open), per respondent group, in the nodes' order — by name, never by result. Classes
    have no grade bands of their own: they are shown whatever the band. Two queries, none
    with the page's ``cells`` (:func:`scale_cells`)."""
    if not nodes:
        return []
    if nodes[0].kind == "group":
        band = ""
    found = _scale_cells_in(round, nodes, band, cells)
    present = {(group, kind, pk) for kind, pk, group, _scale in found}
    tables = []
    for group, instrument in sorted(instruments_of(round).items()):
        rows = [
            (node, [found.get((*node.key, group, s.code)) or Figure() for s in instrument.scales])
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


def triangulation(
    round: Round, at: Node, language: str, band: str = "", cells: ScaleCells | None = None
) -> list[Triangle]:
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
    found = _scale_cells_in(round, [at], band, cells)
    return [
        Triangle(
            code,
            labels[code],
            [
                (str(RESPONDENT_GROUP_LABELS.get(g, g)), found.get((*at.key, g, code)) or Figure())
                for g in groups
            ],
        )
        for code, groups in shared.items()
    ]


@dataclass
class ItemRow:
    code: str
    label: str
    reversed: bool
    figure: Figure
    options: list[tuple[str, int | None]]  # (answer label, percent or None when withheld)
    comparisons: list[tuple[Node, Figure]]
    label_language: str | None = None  # the label's language, when it fell back to another

    @property
    def shown_at(self) -> Node | None:
        """For a hidden item figure: the nearest node above that shows it."""
        return shown_above(self.figure, self.comparisons)


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
            ItemRow(
                code,
                label_in(item.label, language),
                item.reversed,
                own,
                options,
                comparisons,
                label_language(item.label, language),
            )
        )
    return label_in(scale.label, language), rows
