"""The analysis demo: analyses at several units and phases from T2 at the collect stage, the
first one evaluated against T3 at the results stage, and nothing new when run again."""

from __future__ import annotations

from django.core.management import call_command
from django.utils import timezone

from samla.analysis.access import analyses_for
from samla.analysis.demo import BREAKS, CALM, HOME_INFORMATION, HOMEWORK
from samla.analysis.models import (
    Analysis,
    CaravanPresentation,
    Comment,
    Evaluation,
    EvidenceSnapshot,
    LogEntry,
    MaintainingFactor,
    Measure,
    SnapshotKind,
    Source,
)
from samla.surveys.models import Response


def _everything() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            Analysis, EvidenceSnapshot, Source, MaintainingFactor, Measure, LogEntry,
            Comment, Evaluation, CaravanPresentation, Response,
        )
    }  # fmt: skip


def _titles(queryset) -> set[str]:
    return set(queryset.values_list("title", flat=True))


def _assert_collect_stage(demo_org, out: str) -> None:
    today = timezone.localdate()
    phases = {
        (a.unit.name, a.title): (a.phase, a.shared, a.learning_group and a.learning_group.name)
        for a in Analysis.objects.select_related("unit", "learning_group")
    }
    assert phases == {
        ("Bjørkely skole", CALM): ("implementation", True, "Gruppe 1"),
        ("Bjørkely skole", BREAKS): ("analysis", False, "Gruppe 2"),
        ("Engtun skole", HOME_INFORMATION): ("goal", True, "Læringsgruppe 1"),
        ("Engtun skole", HOMEWORK): ("problem", False, None),
    }
    assert {a.unit.owner.name for a in Analysis.objects.select_related("unit__owner")} == {
        "Hamar kommune"
    }
    baselines = EvidenceSnapshot.objects.filter(kind=SnapshotKind.BASELINE)
    fields = ("analysis__title", "round__slug", "respondent_group", "scale")
    assert sorted(baselines.values_list(*fields)) == [
        (CALM, "kfl-skole-t2-2024", "pupil_5_7", "arbeidsro"),
        (HOME_INFORMATION, "kfl-skole-t2-2024", "guardian", "informasjon"),
        (HOMEWORK, "kfl-skole-t2-2024", "guardian", "stotte_hjemme"),
        (BREAKS, "kfl-skole-t2-2024", "pupil_5_7", "trivsel"),
    ]
    # Who sees what: the owner the shared ones, PPT and the school's people their school's.
    assert _titles(analyses_for(demo_org.user("eier"))) == {CALM, HOME_INFORMATION}
    for username in ("ppt", "rektor", "gruppeleder", "laerer"):
        assert _titles(analyses_for(demo_org.user(username))) == {CALM, BREAKS}
    assert not analyses_for(demo_org.user("region")).exists()

    calm = Analysis.objects.get(title=CALM)
    assert calm.learning_group.leader.username == "gruppeleder"
    assert calm.analysis_completed_at is not None and calm.shared_by.username == "rektor"
    assert Analysis.objects.get(title=BREAKS).analysis_completed_at is None
    assert not MaintainingFactor.objects.filter(sources__isnull=True).exists()
    assert sorted(calm.factors.values_list("perspective", flat=True)) == [
        "actor", "actor", "context", "context", "individual"
    ]  # fmt: skip
    for analysis in (calm, Analysis.objects.get(title=BREAKS)):
        kinds = {s.kind for s in analysis.sources.all() if s.note}
        assert {"observation", "conversation"} <= kinds
    measures = [(m.title, m.status) for m in calm.measures.order_by("starts_on")]
    assert measures == [
        ("Klassesamtaler om arbeidsro", "done"),
        ("Felles oppstart av timene", "running"),
        ("Hjelpekort og «neste oppgave»", "planned"),
    ]
    running = calm.measures.get(status="running")
    assert running.starts_on < today < running.ends_on
    assert all(m.factors.exists() for m in calm.measures.all())
    log = list(calm.log.all())
    assert len(log) == 6 and all(entry.day < today for entry in log)
    assert sum(1 for entry in log if entry.measure_id == running.pk) == 4
    comments = [
        (c.phase, c.author.username, c.parent.author.username if c.parent else None)
        for c in Comment.objects.select_related("author", "parent__author")
    ]
    assert comments == [
        ("analysis", "ppt", None),
        ("analysis", "rektor", "ppt"),
        ("analysis", "ppt", "ppt"),
        ("measures", "ppt", None),
        ("measures", "gruppeleder", "ppt"),
    ]
    assert set(Comment.objects.values_list("analysis__title", flat=True)) == {CALM}
    (presentation,) = CaravanPresentation.objects.select_related("activity__plan__programme")
    assert presentation.analysis == calm
    assert presentation.activity.title.startswith("Læringskaravane")
    assert presentation.activity.plan.programme == demo_org.school_programme
    assert (
        "Analyses: 4 analyses, 2 units, 2 shared, 3 measures, 6 log entries, 5 comments, "
        "1 at learning caravans, 0 follow-ups, 0 evaluations.\n"
    ) in out


def test_the_demo_holds_analyses_at_both_stages_and_running_again_adds_nothing(demo_org, capsys):
    call_command("seed_demo", stage="collect")
    _assert_collect_stage(demo_org, capsys.readouterr().out)

    call_command("seed_demo", stage="results")

    out = capsys.readouterr().out
    calm = Analysis.objects.get(title=CALM)
    assert calm.phase == "evaluation"
    baseline = calm.snapshots.get(kind=SnapshotKind.BASELINE)
    (later,) = baseline.follow_ups.all()
    assert later.round.slug == "kfl-skole-t3-2026"
    assert (later.node_kind, later.node_id, later.respondent_group, later.scale) == (
        baseline.node_kind, baseline.node_id, baseline.respondent_group, baseline.scale
    )  # fmt: skip
    assert later.own["n"] >= later.threshold and later.own["score500"] is not None
    assert calm.snapshots.filter(kind=SnapshotKind.FOLLOW_UP).count() == 2  # the source too
    verdicts = dict(Evaluation.objects.values_list("measure__title", "verdict"))
    improved = later.own["score500"] > baseline.own["score500"]
    assert verdicts == {
        "Klassesamtaler om arbeidsro": "met",
        "Felles oppstart av timene": "partly" if improved else "not_met",
    }
    assert calm.log.count() == 7
    assert Analysis.objects.exclude(pk=calm.pk).filter(snapshots__kind="follow_up").count() == 0
    assert "Analyses: 4 analyses, 2 units, 2 shared, 3 measures, 7 log entries, 5 comments, " in (
        out
    )
    assert "2 follow-ups, 2 evaluations.\n" in out
    everything = _everything()

    call_command("seed_demo", stage="collect")
    call_command("seed_demo", stage="results")

    assert _everything() == everything
