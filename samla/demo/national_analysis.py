"""The national dataset's pedagogical analyses: started from T3's results at units (larger
units more often), spread over the phases from the problem to implementation.

Each starts as the service does: a frozen copy of one index at the unit, as the results
pages show it (``analysis.evidence.index_figures``, anonymity kept), and a results source
holding it; history rows are written with the rows. From the analysis phase on the group
has maintaining factors tied to that source; from the measures phase on the analysis part
is complete and measures aim at the factors; some are shared with the owner."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from samla.analysis import evidence
from samla.analysis.models import (
    Analysis,
    EvidenceSnapshot,
    GoalKind,
    MaintainingFactor,
    Measure,
    Phase,
    SnapshotKind,
    Source,
    SourceKind,
)
from samla.analysis.phases import PHASES
from samla.org.models import Unit
from samla.results.queries import Node, instruments_of
from samla.surveys.models import Round

from .national_org import Nation

# Where analyses stand: problem … implementation, the first ones more often.
PHASE_SHARES = [0.2, 0.2, 0.15, 0.2, 0.15, 0.1]
SHARED = 0.4  # of those past the goal
# (respondent group, title, problem, goal), per kind of unit.
TOPICS = {
    True: [
        ("pupil_5_7", "Arbeidsro i timene", "Mange elever svarer at det ofte er uro i timene, "
         "og vi vet ikke hva som skaper uroen."),
        ("pupil_8_10", "Motivasjon på ungdomstrinnet", "Elevene på 9. trinn svarer at de "
         "sjelden gleder seg til timene, og vi vet ikke hvorfor."),
        ("guardian", "Samarbeidet med hjemmet", "Foresatte svarer at de får lite vite om hva "
         "barnet arbeider med."),
        ("teacher", "Kollektiv praksis", "Lærerne svarer at de sjelden planlegger og vurderer "
         "undervisningen sammen."),
    ],
    False: [
        ("kg_staff", "Språkmiljøet i hverdagen", "Personalet vurderer at barna får for få "
         "samtaler med voksne i løpet av dagen."),
        ("kg_guardian", "Trivsel ved levering", "Foresatte svarer at mange barn er urolige "
         "når de blir levert om morgenen."),
        ("kg_child_rating", "Barnas sosiale kompetanse", "Vurderingene viser at mange barn "
         "på avdelingen trenger støtte til å komme inn i leken."),
    ],
}  # fmt: skip
GOAL = "Ved neste kartlegging svarer flere enn nå at det går bedre, og vi vet hvorfor."
FACTORS = [
    ("Rutinene ved overgangene er ulike fra voksen til voksen.", "context", "likely"),
    ("Vi voksne følger ikke opp avtalene vi har gjort, likt over tid.", "actor", "possible"),
]
MEASURE = ("Felles rutiner ved overgangene", "Alle voksne bruker de samme rutinene.")


def build_analyses(nation: Nation, counts: dict[str, int], rounds: list[Round], rng) -> dict:
    wanted = counts["analyses"]
    by_programme = {r.programme_id: r for r in rounds}
    weight = nation.unit_staff / nation.unit_staff.sum()
    units = rng.choice(
        len(nation.unit_ids), wanted, replace=wanted > len(nation.unit_ids), p=weight
    )
    names = dict(Unit.objects.filter(pk__in=nation.unit_ids.tolist()).values_list("pk", "name"))
    scales = {}
    now = timezone.now()
    phases = rng.choice(6, len(units), p=PHASE_SHARES)
    made, figures = [], []
    seen: dict[tuple[int, str], int] = {}
    for unit, phase in zip(units.tolist(), phases.tolist(), strict=True):
        unit_id = int(nation.unit_ids[unit])
        round = by_programme[nation.programme_of_unit(unit).pk]
        topics = TOPICS[bool(nation.unit_school[unit])]
        code, title, problem = topics[int(rng.integers(len(topics)))]
        if round.pk not in scales:
            scales[round.pk] = {
                k: [s.code for s in v.scales] for k, v in instruments_of(round).items()
            }
        scale = scales[round.pk][code][int(rng.integers(len(scales[round.pk][code])))]
        found = evidence.index_figures(round, Node("unit", unit_id, names[unit_id]), code, scale)
        if found is None:
            continue
        number = seen[(unit_id, title)] = seen.get((unit_id, title), 0) + 1
        leader = int(nation.unit_first_person[unit])
        group = int(nation.learning_first[unit] + rng.integers(nation.learning_count[unit]))
        past_goal, complete = phase >= 1, phase >= 4
        shared = past_goal and rng.random() < SHARED
        made.append(
            Analysis(
                unit_id=unit_id, learning_group_id=group,
                title=title if number == 1 else f"{title} ({number})",
                phase=PHASES[phase], problem=problem,
                goal_kind=GoalKind.OPEN if past_goal else "", goal=GOAL if past_goal else "",
                analysis_completed_at=now - timedelta(days=10) if complete else None,
                analysis_completed_by_id=leader if complete else None,
                shared_with_owner_at=now - timedelta(days=5) if shared else None,
                shared_by_id=leader if shared else None, created_by_id=leader,
            )
        )  # fmt: skip
        figures.append((round, unit_id, names[unit_id], code, scale, found))
    analyses = bulk_create_with_history(made, Analysis, batch_size=2000)
    snapshots = EvidenceSnapshot.objects.bulk_create(
        (
            EvidenceSnapshot(
                analysis=analysis, kind=SnapshotKind.BASELINE, round=round,
                round_name=round.name, round_opened_at=round.opens_at, node_kind="unit",
                node_id=unit_id, node_name=name, respondent_group=code, scale=scale,
                scale_labels=labels, threshold=round.programme.anonymity_threshold,
                figures=data, taken_by_id=analysis.created_by_id,
            )
            for analysis, (round, unit_id, name, code, scale, (labels, data)) in zip(
                analyses, figures, strict=True
            )
        ),
        batch_size=2000,
    )  # fmt: skip
    sources = bulk_create_with_history(
        [
            Source(
                analysis=analysis, kind=SourceKind.RESULTS, snapshot=snapshot,
                title=f"{snapshot.label('nb')} – {snapshot.node_name}, {snapshot.round_name}"[:200],
                created_by_id=analysis.created_by_id,
            )
            for analysis, snapshot in zip(analyses, snapshots, strict=True)
        ],
        Source,
        batch_size=2000,
    )  # fmt: skip
    factors = _factors(analyses, sources)
    measures = _measures(analyses, factors, now)
    return {
        "analyses": len(analyses),
        "shared": sum(1 for a in analyses if a.shared_with_owner_at),
        "factors": len(factors),
        "measures": measures,
    }


def _factors(analyses: list[Analysis], sources: list[Source]) -> list[MaintainingFactor]:
    at_analysis = PHASES.index(Phase.ANALYSIS)
    pairs = [
        (analysis, source)
        for analysis, source in zip(analyses, sources, strict=True)
        if PHASES.index(analysis.phase) >= at_analysis
    ]
    if not pairs:
        return []
    factors = bulk_create_with_history(
        [
            MaintainingFactor(
                analysis=analysis, description=text, perspective=perspective,
                likelihood=likelihood,
            )
            for analysis, _source in pairs
            for text, perspective, likelihood in FACTORS
        ],
        MaintainingFactor,
        batch_size=2000,
    )  # fmt: skip
    through = MaintainingFactor.sources.through
    through.objects.bulk_create(
        (
            through(maintainingfactor_id=factor.pk, source_id=source.pk)
            for factor, (_analysis, source) in zip(
                factors, [p for p in pairs for _ in FACTORS], strict=True
            )
        ),
        batch_size=5000,
    )
    return factors


def _measures(analyses: list[Analysis], factors: list[MaintainingFactor], now) -> int:
    first_factor = {}
    for factor in factors:
        first_factor.setdefault(factor.analysis_id, factor)
    chosen = [
        a
        for a in analyses
        if PHASES.index(a.phase) >= PHASES.index(Phase.MEASURES) and a.pk in first_factor
    ]
    if not chosen:
        return 0
    today = now.date()
    measures = bulk_create_with_history(
        [
            Measure(
                analysis=analysis, title=MEASURE[0], description=MEASURE[1],
                responsible="Ledelsen og læringsgruppen", starts_on=today - timedelta(days=20),
                ends_on=today + timedelta(days=120), success_criteria=GOAL,
                status="running" if analysis.phase == Phase.IMPLEMENTATION else "planned",
            )
            for analysis in chosen
        ],
        Measure,
        batch_size=2000,
    )  # fmt: skip
    through = Measure.factors.through
    through.objects.bulk_create(
        through(measure_id=m.pk, maintainingfactor_id=first_factor[a.pk].pk)
        for m, a in zip(measures, chosen, strict=True)
    )
    return len(measures)
