"""The stages of the analysis demo that ``seed_demo`` runs: build the analyses (collect
stage), let the demo school answer T3 and follow the first analysis up (results stage),
and count what there is."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from samla.surveys.demo import ROUND_SLUG as CURRENT_ROUND_SLUG
from samla.surveys.models import Response, Round, RoundState
from samla.surveys.simulate import simulate_responses

from .. import services
from ..models import (
    Analysis,
    CaravanPresentation,
    Comment,
    Evaluation,
    EvidenceSnapshot,
    LogEntry,
    Measure,
    MeasureStatus,
    Phase,
    SnapshotKind,
    Status,
)
from ..phases import PHASES
from .calm import build_calm, judge_measure
from .common import (
    BASELINE_ROUND_SLUG,
    BREAKS,
    CALM,
    DEMO_SCHOOL_RESPONDENTS,
    DEMO_SCHOOL_SEED,
    HOME_INFORMATION,
    HOMEWORK,
    analysis_exists,
    demo_person,
    demo_school,
)
from .others import build_breaks, build_home_information, build_homework


@transaction.atomic
def build_analyses(today: date | None = None) -> dict[str, int]:
    """The collect stage: create the analyses that are missing; return counts."""
    today = today or timezone.localdate()
    round = Round.objects.filter(slug=BASELINE_ROUND_SLUG).first()
    if round is not None:
        school = demo_school()
        if not analysis_exists(school, CALM):
            build_calm(school, round, today)
        if not analysis_exists(school, BREAKS):
            build_breaks(school, round)
        other = round.units.filter(owner=school.owner).exclude(pk=school.pk).order_by("pk").first()
        if other is not None and not analysis_exists(other, HOME_INFORMATION):
            build_home_information(other, round)
        if other is not None and not analysis_exists(other, HOMEWORK):
            build_homework(other, round)
    return counts()


def answer_at_demo_school() -> int:
    """The results stage, before T3 closes: the demo school's respondents answer (once),
    so that its results can be compared with T2. Returns how many answered now."""
    round = Round.objects.filter(slug=CURRENT_ROUND_SLUG).first()
    if round is None or round.state() != RoundState.OPEN:
        return 0
    school = demo_school()
    # The collect stage leaves the school's answers to the visitor: a handful of theirs does
    # not stand for the school, more means this has been done.
    if (
        Response.objects.filter(round=round, unit=school).count()
        >= round.programme.anonymity_threshold
    ):
        return 0
    result = simulate_responses(round, DEMO_SCHOOL_RESPONDENTS, seed=DEMO_SCHOOL_SEED, unit=school)
    return result.total


@transaction.atomic
def follow_up_analyses() -> dict[str, int]:
    """The results stage, after T3 is released: the first analysis takes the same indices
    from T3, evaluates its measures that are done or running and moves on to the
    evaluation phase (once); return counts."""
    analysis = Analysis.objects.filter(unit=demo_school(), title=CALM).first()
    if analysis is None or analysis.status != Status.OPEN:
        return counts()
    leader = demo_person("gruppeleder")
    services.take_follow_ups(analysis, leader)
    if Evaluation.objects.filter(measure__analysis=analysis).exists():
        return counts()
    baseline = analysis.snapshots.get(kind=SnapshotKind.BASELINE)
    later = baseline.follow_ups.first()
    measures = analysis.measures.filter(status__in=[MeasureStatus.DONE, MeasureStatus.RUNNING])
    for measure in measures:
        verdict, text = judge_measure(measure, baseline, later)
        services.evaluate_measure(measure, leader, verdict, text)
    if PHASES.index(analysis.phase) < PHASES.index(Phase.EVALUATION):
        services.set_phase(analysis, Phase.EVALUATION)
    services.add_log_entry(
        analysis,
        leader,
        timezone.localdate(),
        "Gruppe 1 gikk gjennom resultatene fra T3 og vurderte tiltakene mot "
        "suksesskriteriene. Vurderingen legges fram for hele personalet.",
    )
    return counts()


def counts() -> dict[str, int]:
    analyses = Analysis.objects.all()
    return {
        "analyses": analyses.count(),
        "units": analyses.values("unit").distinct().count(),
        "shared": analyses.filter(shared_with_owner_at__isnull=False).count(),
        "measures": Measure.objects.count(),
        "log entries": LogEntry.objects.count(),
        "comments": Comment.objects.count(),
        "at learning caravans": CaravanPresentation.objects.count(),
        "follow-ups": EvidenceSnapshot.objects.filter(kind=SnapshotKind.FOLLOW_UP).count(),
        "evaluations": Evaluation.objects.count(),
    }
