"""Reads for the results pages and exports, as plain data.

Every function reads built rows (anonymity already applied: a hidden cell has no
figures, see ``packing.py``) through :func:`read_cells`, so nothing here can show a
hidden value. Which nodes a person may open is
decided in ``results/access.py``; these functions take the node as given. Each runs a fixed
number of queries, whatever the number of units."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from samla.core.time import oslo_today, school_year_of
from samla.org.models import Group, Owner, Programme, Region, RegionOwner, Unit
from samla.surveys.instrument import Instrument
from samla.surveys.models import (
    AccessCode,
    CodeState,
    Round,
    RoundInstrument,
)

from .models import Build, NodeKind, ResultRow, ResultSheet
from .packing import Cell, Layout, Measure, hidden_figures, layout, unpack

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


def named_nodes(keys: Iterable[tuple[str, int]]) -> list[Node]:
    """The nodes of ``keys`` ((kind, id) pairs) with their names, level by level from the
    programme down and by name within a level: one query per level asked for."""
    wanted: dict[str, set[int]] = {}
    for kind, pk in keys:
        wanted.setdefault(kind, set()).add(pk)
    models = {"programme": Programme, "region": Region, "owner": Owner, "unit": Unit}
    found = []
    for kind in reversed(LEVEL_ORDER):
        if kind not in wanted:
            continue
        if kind == "group":
            rows = Group.objects.filter(pk__in=wanted[kind]).values_list("pk", "unit__name", "name")
            named = [(pk, f"{unit} – {name}") for pk, unit, name in rows]
        else:
            named = list(models[kind].objects.filter(pk__in=wanted[kind]).values_list("pk", "name"))
        found += [Node(kind, pk, name) for pk, name in sorted(named, key=lambda r: (r[1], r[0]))]
    return found


def lineage(round: Round, start: Node) -> list[Node]:
    """The node and the nodes above it, up to the programme (its comparisons)."""
    chain = [start]
    kind, node_id = start.kind, start.id
    unit = owner = region = None
    if kind == "group":
        unit = Group.objects.select_related("unit__owner").get(pk=node_id).unit
        chain.append(Node("unit", unit.pk, unit.name))
    if kind in ("group", "unit"):
        unit = unit or Unit.objects.select_related("owner").get(pk=node_id)
        owner = unit.owner
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


def _there_during(round: Round) -> Q:
    """The classes a round could ask: not closed before it opened (a class that has moved
    on keeps its results) and not made for a later school year (its successor)."""
    opened = oslo_today(round.opens_at)
    year = int(school_year_of(opened)[:4])
    return (Q(closed_on__isnull=True) | Q(closed_on__gte=opened)) & (
        Q(school_year__isnull=True) | Q(school_year__lte=year)
    )


def children(round: Round, at: Node, allowed: dict[str, set[int]]) -> list[Node]:
    """The nodes right under ``at`` that the person may open (one query)."""
    if at.kind == "unit":
        allowed_classes = allowed.get("group", ())
        # An administrator's "every class of the round" reads only this unit's.
        if hasattr(allowed_classes, "of_unit"):
            allowed_classes = allowed_classes.of_unit(at.id)
        rows = Group.objects.filter(_there_during(round), unit_id=at.id, pk__in=allowed_classes)
        level = "group"
    elif at.kind == "owner":
        rows = Unit.objects.filter(owner_id=at.id, pk__in=allowed.get("unit", ()))
        level = "unit"
    elif at.kind == "region":
        rows = Owner.objects.filter(
            regionowner__region_id=at.id, pk__in=allowed.get("owner", ())
        ).distinct()
        level = "owner"
    elif at.kind == "programme":
        rows = Region.objects.filter(programme_id=at.id, pk__in=allowed.get("region", ()))
        level = "region"
    else:
        return []
    # The names only: a large school has a hundred and fifty classes.
    return [Node(level, pk, name) for pk, name in rows.order_by("name").values_list("pk", "name")]


def _node_condition(round: Round, nodes: Iterable[tuple[str, int]]) -> Q | None:
    """The rows of ``nodes`` in the round: one term per level, each naming the round, so
    that every term is a search of the (round, level, node) index. A single term is split
    in two: otherwise SQLite, which has no statistics of its own, prefers the round's index
    and reads every row of the round (a national round: 30 000 rows of 1.6 kB) to pick a
    hundred. None when no node is named."""
    wanted: dict[str, set[int]] = {}
    for level, pk in nodes:
        wanted.setdefault(level, set()).add(int(pk))
    terms = [(level, sorted(ids)) for level, ids in sorted(wanted.items())]
    if len(terms) == 1 and len(terms[0][1]) > 1:
        level, ids = terms[0]
        terms = [(level, ids[: len(ids) // 2]), (level, ids[len(ids) // 2 :])]
    condition = None
    for level, ids in terms:
        term = Q(round=round, node_kind=level, node_id__in=ids)
        condition = term if condition is None else condition | term
    return condition


def read_cells(
    round: Round,
    nodes: Iterable[tuple[str, int]] | None = None,
    *,
    respondent_group: str | None = None,
    grade_band: str | Collection[str] | None = "",
    codes: Iterable[str] | None = None,
    kind: str | None = None,
) -> list[Cell]:
    """The round's built cells, in two queries: of ``nodes`` (``(level, id)`` pairs; all
    when None), one respondent group or all, one grade band (``""``: all respondents;
    several: a collection of bands; None: every band), only the measures named in
    ``codes``, only indices (``kind="scale"``) or items (``kind="item"``). Cells nobody is
    in are left out."""
    return list(
        iter_cells(
            round,
            nodes,
            respondent_group=respondent_group,
            grade_band=grade_band,
            codes=codes,
            kind=kind,
        )
    )


def iter_cells(
    round: Round,
    nodes: Iterable[tuple[str, int]] | None = None,
    *,
    respondent_group: str | None = None,
    grade_band: str | Collection[str] | None = "",
    codes: Iterable[str] | None = None,
    kind: str | None = None,
) -> Iterator[Cell]:
    """:func:`read_cells` one stored row at a time, for a reader that keeps something
    smaller than the cells."""
    sheets: dict[int, tuple[str, Layout]] = {}
    query = ResultSheet.objects.filter(round=round)
    if respondent_group is not None:
        query = query.filter(respondent_group=respondent_group)
    for pk, group, measures in query.values_list("pk", "respondent_group", "measures"):
        sheets[pk] = (group, layout([Measure(*m) for m in measures]))
    if not sheets:
        return
    if nodes is None:
        rows = ResultRow.objects.filter(round=round, sheet_id__in=list(sheets))
    else:
        # The sheets are picked below, not in the query: a condition on the sheet would
        # draw SQLite to the sheet's index, every row of the round again.
        condition = _node_condition(round, nodes)
        if condition is None:
            return
        rows = ResultRow.objects.filter(condition)
    if isinstance(grade_band, str):
        rows = rows.filter(grade_band=grade_band)
    elif grade_band is not None:
        rows = rows.filter(grade_band__in=sorted(set(grade_band)))
    names = None if codes is None else set(codes)
    for sheet_id, level, pk, band, n, figures, counts in rows.order_by("pk").values_list(
        "sheet_id", "node_kind", "node_id", "grade_band", "n", "figures", "counts"
    ):
        sheet = sheets.get(sheet_id)
        if sheet is None:  # another respondent group's row
            continue
        group, shape = sheet
        yield from unpack(
            shape, level, pk, group, band, bytes(n), bytes(figures), bytes(counts), names, kind
        )


# Above this many nodes a selection's rows are picked from the round's in Python: a
# query naming tens of thousands of ids is slower, and SQLite limits its parameters.
LARGE_SELECTION = 5000


@dataclass
class StoredRows:
    """A round's stored rows of a selection, every grade band, as packed: for exports that
    make the cells themselves (``exports.stream``). ``sheets``: sheet id → (respondent
    group, layout); ``sizes``: sheet id → at most this many rows; iterating reads the rows
    in chunks, as (sheet id, level, node id, band, n, figures, counts)."""

    sheets: dict[int, tuple[str, Layout]]
    sizes: dict[int, int]
    rows: object  # a QuerySet of ResultRow
    chosen: set[tuple[str, int]] | None  # pick these nodes in Python (None: every row read)

    def __iter__(self) -> Iterator[tuple[int, str, int, str, bytes, bytes, bytes]]:
        fields = ("sheet_id", "node_kind", "node_id", "grade_band", "n", "figures", "counts")
        for sheet_id, level, pk, band, n, figures, counts in self.rows.values_list(
            *fields
        ).iterator(chunk_size=2000):
            if sheet_id in self.sheets and (self.chosen is None or (level, pk) in self.chosen):
                yield sheet_id, level, pk, band, bytes(n), bytes(figures), bytes(counts)


def stored_rows(round: Round, nodes: Iterable[tuple[str, int]] | None = None) -> StoredRows:
    """The round's stored rows of ``nodes`` (``(level, id)`` pairs; all when None): see
    :class:`StoredRows`. Three queries, the rows read in chunks."""
    sheets: dict[int, tuple[str, Layout]] = {
        pk: (group, layout([Measure(*m) for m in measures]))
        for pk, group, measures in ResultSheet.objects.filter(round=round).values_list(
            "pk", "respondent_group", "measures"
        )
    }
    chosen = None
    if nodes is None:
        rows = ResultRow.objects.filter(round=round)
    else:
        pairs = {(level, int(pk)) for level, pk in nodes}
        condition = _node_condition(round, pairs)
        if condition is None:
            rows = ResultRow.objects.none()
        elif len(pairs) > LARGE_SELECTION:
            chosen, rows = pairs, ResultRow.objects.filter(round=round)
        else:
            rows = ResultRow.objects.filter(condition)
    sizes = dict.fromkeys(sheets, 0)
    if sheets:
        sizes.update(
            rows.order_by()
            .values("sheet_id")
            .annotate(rows=Count("pk"))
            .values_list("sheet_id", "rows")
        )
    return StoredRows(sheets, sizes, rows.order_by(), chosen)


def rows_at(round: Round, level: str, ids: Collection[int]) -> int:
    """How many stored rows of all respondents (no grade band) the nodes ``ids`` of
    ``level`` have, over the respondent groups (one query)."""
    if not ids:
        return 0
    return ResultRow.objects.filter(
        round=round, node_kind=level, node_id__in=sorted(ids), grade_band=""
    ).count()


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


def released() -> Q:
    """Rounds whose results are open to everyone with access: released by the
    administrator, or past their release date after closing (as ``access.results_released``
    decides for one round)."""
    by_date = Q(results_release_on__lte=timezone.localdate(), closes_at__lte=timezone.now())
    return Q(published=True) & (Q(results_released_at__isnull=False) | by_date)


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
