"""Reads for the analysis pages, as plain data, each in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from samla.org.models import Owner, RegionOwner, Unit

from .models import (
    Analysis,
    CaravanPresentation,
    Comment,
    Evaluation,
    Measure,
    MeasureStatus,
    Phase,
    SnapshotKind,
    Status,
)
from .phases import PHASES


@dataclass
class OverviewLine:
    """One unit (or, for a region, one owner): analyses per phase, measures running,
    evaluations due. Counts only."""

    pk: int
    name: str
    phases: dict[str, int] = field(default_factory=lambda: dict.fromkeys(PHASES, 0))
    closed: int = 0
    running: int = 0
    due: int = 0

    @property
    def total(self) -> int:
        return sum(self.phases.values()) + self.closed

    @property
    def phase_counts(self) -> list[int]:
        return [self.phases[p] for p in PHASES]


def _due_measures(today: date) -> Q:
    """A measure is due for evaluation when it has ended and has no evaluation yet."""
    evaluated = Evaluation.objects.filter(measure=OuterRef("pk"))
    return Q(ends_on__lt=today) & ~Q(Exists(evaluated))


def overview(analyses: QuerySet[Analysis], by: str, today: date) -> list[OverviewLine]:
    """Counts of the given analyses per unit (``by="unit"``) or per owner (``by="owner"``),
    in name order: five queries whatever the number of units."""
    key = "unit_id" if by == "unit" else "unit__owner_id"
    lines: dict[int, OverviewLine] = {}
    ids = set(analyses.values_list(key, flat=True).distinct())
    names = (
        Unit.objects.filter(pk__in=ids) if by == "unit" else Owner.objects.filter(pk__in=ids)
    ).values_list("pk", "name")
    # Two units (or owners) may share a name: the id keeps the order fixed.
    for pk, name in sorted(names, key=lambda row: (row[1], row[0])):
        lines[pk] = OverviewLine(pk, name)
    for row in analyses.values(key, "phase", "status").annotate(n=Count("pk")):
        line = lines[row[key]]
        if row["status"] == Status.CLOSED:
            line.closed += row["n"]
        else:
            line.phases[row["phase"]] += row["n"]
    measures = Measure.objects.filter(analysis__in=analyses.filter(status=Status.OPEN))
    measure_key = f"analysis__{key}"
    for row in (
        measures.filter(status=MeasureStatus.RUNNING).values(measure_key).annotate(n=Count("pk"))
    ):
        lines[row[measure_key]].running = row["n"]
    for row in measures.filter(_due_measures(today)).values(measure_key).annotate(n=Count("pk")):
        lines[row[measure_key]].due = row["n"]
    return list(lines.values())


def unit_overview(unit_ids, today: date) -> list[OverviewLine]:
    """The overview of all analyses of the given units (a leader's units), per unit."""
    return overview(Analysis.objects.filter(unit_id__in=unit_ids), "unit", today)


def _shared() -> QuerySet[Analysis]:
    return Analysis.objects.filter(shared_with_owner_at__isnull=False)


def owner_overview(owner_ids, today: date) -> list[OverviewLine]:
    """The overview of the analyses shared with the given owners, per unit."""
    return overview(_shared().filter(unit__owner_id__in=owner_ids), "unit", today)


def region_overview(region_ids, today: date) -> list[OverviewLine]:
    """The overview of the analyses shared with the owners of the given regions, per
    owner (counts only)."""
    owners = RegionOwner.objects.filter(region_id__in=region_ids).values("owner_id")
    return overview(_shared().filter(unit__owner_id__in=owners), "owner", today)


def units_by_name(unit_ids) -> QuerySet[Unit]:
    """The given units in name order (the units a person may start an analysis at)."""
    return Unit.objects.filter(pk__in=unit_ids).order_by("name")


@dataclass
class AnalysisLine:
    analysis: Analysis
    measures: int
    running: int
    due: int


def _line_rows(analyses: QuerySet[Analysis], today: date) -> QuerySet[Analysis]:
    return (
        analyses.select_related("unit", "learning_group")
        .annotate(
            n_measures=Count("measures", distinct=True),
            n_running=Count(
                "measures", filter=Q(measures__status=MeasureStatus.RUNNING), distinct=True
            ),
            n_due=Count(
                "measures",
                filter=Q(
                    status=Status.OPEN,
                    measures__ends_on__lt=today,
                    measures__evaluations__isnull=True,
                ),
                distinct=True,
            ),
        )
        .order_by("unit__name", "unit_id", "-created_at", "-pk")
    )


def analysis_lines(
    analyses: QuerySet[Analysis], today: date, limit: int | None = None
) -> list[AnalysisLine]:
    """The analyses by unit, newest first, each with its measures counted (one query);
    the first ``limit`` only, when given. As in ``overview``, nothing is due in a closed
    analysis: it can no longer be evaluated."""
    rows = _line_rows(analyses, today)
    if limit is not None:
        rows = rows[:limit]
    return [AnalysisLine(a, a.n_measures, a.n_running, a.n_due) for a in rows]


LINES_PER_PAGE = 50  # analyses a page on the analyses page


def analysis_lines_page(analyses: QuerySet[Analysis], today: date, number) -> Page:
    """A page (``number`` as typed; a wrong one is the first or last) of
    :func:`analysis_lines`, the lines of the page in ``object_list`` (two queries: the
    count and the page): an owner's shared analyses grow year by year."""
    page = Paginator(_line_rows(analyses, today), LINES_PER_PAGE).get_page(number)
    page.object_list = [
        AnalysisLine(a, a.n_measures, a.n_running, a.n_due) for a in page.object_list
    ]
    return page


@dataclass
class ComparedIndex:
    """A result the analysis holds beside the same index in a later round."""

    before: object  # EvidenceSnapshot
    after: object | None

    @property
    def rows(self) -> list[dict]:
        """Per node of the first result: its figures then and in the later round."""
        later = {}
        if self.after is not None:
            later = {(r["kind"], r["id"]): r for r in self.after.figures["rows"]}
        rows = []
        for row in self.before.figures["rows"]:
            after = later.get((row["kind"], row["id"]))
            change = None
            shown = after and not row.get("hidden") and not after.get("hidden")
            if shown and row.get("score500") is not None and after.get("score500") is not None:
                change = round(after["score500"] - row["score500"])
            rows.append({"name": row["name"], "before": row, "after": after, "change": change})
        return rows


def comparisons(analysis: Analysis) -> list[ComparedIndex]:
    """Each result the analysis started from or used, with its follow-up if taken
    (one query)."""
    snapshots = list(analysis.snapshots.all())
    later = {s.compares_to_id: s for s in snapshots if s.kind == SnapshotKind.FOLLOW_UP}
    return [
        ComparedIndex(s, later.get(s.pk)) for s in snapshots if s.kind != SnapshotKind.FOLLOW_UP
    ]


def comment_threads(analysis: Analysis, phase: str) -> list[tuple[Comment, list[Comment]]]:
    """The phase's comments as threads: each first comment with its answers (one query)."""
    rows = list(analysis.comments.filter(phase=phase).select_related("author"))
    replies: dict[int, list[Comment]] = {}
    for row in rows:
        if row.parent_id:
            replies.setdefault(row.parent_id, []).append(row)
    return [(row, replies.get(row.pk, [])) for row in rows if row.parent_id is None]


def phase_rows(analysis: Analysis, phase: str) -> dict:
    """What a phase page lists of the analysis: sources, factors, measures, the log, the
    analyses that continue it — only those the phase shows."""
    rows: dict = {}
    if phase == Phase.INFORMATION:
        rows["sources"] = list(analysis.sources.select_related("snapshot"))
    if phase in (Phase.ANALYSIS, Phase.MEASURES):
        rows["factors"] = list(analysis.factors.prefetch_related("sources", "measures"))
    if phase in (Phase.MEASURES, Phase.IMPLEMENTATION, Phase.EVALUATION):
        rows["measures"] = list(
            analysis.measures.prefetch_related("factors", "evaluations__author")
        )
    if phase == Phase.IMPLEMENTATION:
        rows["log"] = list(analysis.log.select_related("measure", "author"))
    if phase == Phase.REVISE:
        rows["followers"] = list(analysis.followers.all())
    return rows


def baseline(analysis: Analysis):
    """The result the analysis starts from (its baseline snapshot), or None."""
    return analysis.snapshots.filter(kind=SnapshotKind.BASELINE).first()


def presented_activity_ids(analysis: Analysis) -> set[int]:
    """The plan activities (learning caravans) the analysis is presented at."""
    return set(analysis.presentations.values_list("activity_id", flat=True))


@dataclass(frozen=True)
class Presentation:
    """An analysis presented at a learning caravan: the unit's name and the title for
    everyone who reads the plan, ``can_open`` for those who may open the analysis."""

    activity_id: int
    analysis_id: int
    unit: str
    title: str
    can_open: bool


def caravan_presentations(plan, activity_ids, readable: QuerySet[Analysis]) -> list[Presentation]:
    """The analyses presented at the plan's activities among ``activity_ids``, by unit and
    title; ``readable`` is the analyses the reader may open (analysis.access.analyses_for).
    Two queries at most, whatever the number of activities and analyses."""
    presentations = [
        presentation
        for presentation in CaravanPresentation.objects.filter(activity__plan=plan)
        .select_related("analysis__unit")
        .order_by("analysis__unit__name", "analysis__title", "pk")
        if presentation.activity_id in activity_ids
    ]
    if not presentations:
        return []
    visible = set(
        readable.filter(pk__in={p.analysis_id for p in presentations}).values_list("pk", flat=True)
    )
    return [
        Presentation(
            p.activity_id,
            p.analysis_id,
            p.analysis.unit.name,
            p.analysis.title,
            p.analysis_id in visible,
        )
        for p in presentations
    ]
