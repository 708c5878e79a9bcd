"""Needs reports: who writes them, when they can be submitted, what is locked after, and
evidence that never offers a hidden figure."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from samla.core.time import OSLO
from samla.org.models import Owner, Unit
from samla.partnership.demo import base
from samla.partnership.demo import needs as needs_demo
from samla.partnership.models import Evidence, NeedsPriority, NeedsReport, SubmissionStatus
from samla.partnership.queries import needs as queries
from samla.partnership.queries import needs_evidence
from samla.partnership.services import needs as services
from samla.results.build import build_round
from samla.results.queries import read_cells
from samla.selfassessment import demo as selfassessment_demo
from samla.selfassessment import services as selfassessment
from samla.selfassessment.models import SelfAssessment
from samla.surveys import services as survey_services
from samla.surveys.models import Round, RoundInstrument
from samla.surveys.simulate import simulate_responses

LIBRARY = Path(settings.BASE_DIR) / "samla" / "surveys" / "library"
BEFORE = date(2027, 1, 10)
BEFORE_AT = datetime(2027, 1, 10, 12, 0, tzinfo=OSLO)
AFTER_AT = datetime(2027, 2, 2, 9, 0, tzinfo=OSLO)


@pytest.fixture
def school(demo_org):
    base.build()
    return demo_org.school_programme


@pytest.fixture
def hamar(demo_org):
    return demo_org.school.owner


@pytest.fixture
def draft(demo_org, school, hamar):
    report = services.start_report(demo_org.user("eier"), school, hamar, BEFORE)
    return report


def _snapshot(report):
    report.refresh_from_db()
    return (
        report.status,
        report.submitted_at,
        report.summary,
        list(report.priorities.values_list("theme", flat=True)),
        Evidence.objects.filter(priority__report=report).count(),
    )


def test_the_report_is_for_the_coming_deadline(draft):
    assert (draft.year, draft.first_school_year, draft.school_years) == (2027, "2027/2028", 3)
    assert queries.deadline(queries.scheme(draft.programme), 2027) == date(2027, 2, 1)
    assert queries.year_due(queries.scheme(draft.programme), date(2027, 2, 2)) == 2028


def test_only_the_owners_people_start_a_report(demo_org, school, hamar):
    with pytest.raises(ValidationError):
        services.start_report(demo_org.user("rektor"), school, hamar, BEFORE)
    assert not NeedsReport.objects.exists()


def test_an_owner_submits_before_the_deadline_and_it_is_locked(demo_org, draft):
    eier = demo_org.user("eier")
    priority = services.add_priority(eier, draft, "Lesing", "Lærere 5.–10.", "Fordi …")

    services.submit_report(eier, draft, BEFORE_AT)

    draft.refresh_from_db()
    assert (draft.status, draft.submitted_at, draft.submitted_by) == (
        SubmissionStatus.SUBMITTED,
        BEFORE_AT,
        eier,
    )
    before = _snapshot(draft)
    for change in (
        lambda: services.update_report(eier, draft, summary="Endret"),
        lambda: services.add_priority(eier, draft, "Ny", "", ""),
        lambda: services.update_priority(eier, priority, theme="Endret"),
        lambda: services.delete_priority(eier, priority),
        lambda: services.submit_report(eier, draft, BEFORE_AT),
    ):
        with pytest.raises(ValidationError, match="submitted"):
            change()
    assert _snapshot(draft) == before


def test_a_late_report_is_refused_naming_the_deadline(demo_org, draft):
    eier = demo_org.user("eier")
    services.add_priority(eier, draft, "Lesing", "", "")
    before = _snapshot(draft)

    with pytest.raises(ValidationError) as refused:
        services.submit_report(eier, draft, AFTER_AT)

    assert "01.02.2027" in refused.value.messages[0]
    assert "administrator" in refused.value.messages[0]
    assert _snapshot(draft) == before


def test_an_empty_report_is_refused(demo_org, draft):
    before = _snapshot(draft)
    with pytest.raises(ValidationError, match="at least one priority"):
        services.submit_report(demo_org.user("eier"), draft, BEFORE_AT)
    assert _snapshot(draft) == before


def test_another_owner_cannot_submit_or_change(demo_org, draft):
    services.add_priority(demo_org.user("eier"), draft, "Lesing", "", "")
    before = _snapshot(draft)
    for username in ("admin", "forsker", "statsforvalter", "rektor"):
        with pytest.raises(ValidationError):
            services.submit_report(demo_org.user(username), draft, BEFORE_AT)
        with pytest.raises(ValidationError):
            services.update_report(demo_org.user(username), draft, summary="Nei")
    assert _snapshot(draft) == before


def test_who_reads_a_submitted_report(demo_org, draft, school):
    eier = demo_org.user("eier")
    services.add_priority(eier, draft, "Lesing", "", "")
    readers = {"admin", "forsker", "statsforvalter", "tillitsvalgt", "eier"}
    others = {"region", "rektor", "laerer", "ppt", "gruppeleder"}
    assert {u for u in readers | others if _reads(demo_org, u, school, draft)} == {"eier"}

    services.submit_report(eier, draft, BEFORE_AT)

    assert {u for u in readers | others if _reads(demo_org, u, school, draft)} == readers


def _reads(demo_org, username, school, report) -> bool:
    return queries.readable_reports(demo_org.user(username), school).filter(pk=report.pk).exists()


def test_submitted_reports_for_the_forum(demo_org, school, draft):
    services.add_priority(demo_org.user("eier"), draft, "Lesing", "", "")
    assert queries.submitted_reports(school, 2027) == []
    services.submit_report(demo_org.user("eier"), draft, BEFORE_AT)
    assert queries.submitted_reports(school, 2027) == [draft]
    lines = {line.owner.name: line.submitted for line in queries.overview(school, 2027)}
    assert lines["Hamar kommune"] is True
    assert lines["Stange kommune"] is False


def _teacher_round(demo_org):
    """A released teacher survey: 4 answers at the demo school (hidden), 5 and 12 at two
    more of Hamar's schools."""
    now = timezone.now()
    round = Round.objects.create(
        programme=demo_org.school_programme, name="T9", slug="t9-needs",
        opens_at=now - timedelta(days=30), closes_at=now + timedelta(days=1), published=True,
    )  # fmt: skip
    others = list(
        Unit.objects.filter(owner=demo_org.school.owner, kind=demo_org.school.kind)
        .exclude(pk=demo_org.school.pk)
        .order_by("pk")[:2]
    )
    schools = [demo_org.school, *others]
    round.units.add(*schools)
    version = survey_services.publish_instrument((LIBRARY / "laerer.xlsx").read_bytes())
    RoundInstrument.objects.create(round=round, respondent_group="teacher", version=version)
    for number, (unit, count) in enumerate(zip(schools, [4, 5, 12], strict=True)):
        simulate_responses(round, count, seed=number, unit=unit)
    Round.objects.filter(pk=round.pk).update(
        closes_at=now - timedelta(days=1), results_released_at=now
    )
    round.refresh_from_db()
    build_round(round)
    return round


def test_evidence_never_offers_a_hidden_figure(demo_org, draft, school, hamar):
    round = _teacher_round(demo_org)
    unit = demo_org.school
    (hidden,) = read_cells(round, [("unit", unit.pk)], codes={"samarbeid"}, kind="scale")
    (shown,) = read_cells(round, [("owner", hamar.pk)], codes={"samarbeid"}, kind="scale")
    assert hidden.suppressed and not shown.suppressed
    eier = demo_org.user("eier")

    choices = needs_evidence.result_choices(eier, hamar, school, "nb")

    keys = {c.key for c in choices}
    assert f"result|{round.pk}|owner:{hamar.pk}|teacher|samarbeid" in keys
    assert not any(f"|unit:{unit.pk}|" in key for key in keys)
    hidden_cells = {
        (c.node_kind, c.node_id, c.scale)
        for c in read_cells(round, None, kind="scale")
        if c.suppressed and c.grade_band == ""
    }
    offered = set()
    for key in keys:
        _result, _round, node, _group, scale = key.split("|")
        kind, pk = node.split(":")
        offered.add((kind, int(pk), scale))
    assert hidden_cells and not (hidden_cells & offered)


def test_linking_freezes_the_text_and_refuses_what_is_not_offered(demo_org, draft, school, hamar):
    round = _teacher_round(demo_org)
    eier = demo_org.user("eier")
    priority = services.add_priority(eier, draft, "Samarbeid", "Lærere", "")
    key = f"result|{round.pk}|owner:{hamar.pk}|teacher|samarbeid"
    hidden = f"result|{round.pk}|unit:{demo_org.school.pk}|teacher|samarbeid"

    with pytest.raises(ValidationError):
        services.link_evidence(eier, priority, [hidden], "nb", timezone.now())
    assert not priority.evidence.exists()
    (made,) = services.link_evidence(eier, priority, [key], "nb", timezone.now())

    assert (made.kind, made.source_id) == ("result", round.pk)
    assert made.text.startswith("T9, Hamar kommune")
    (shown,) = read_cells(round, [("owner", hamar.pk)], codes={"samarbeid"}, kind="scale")
    assert made.text.endswith(f"(n = {shown.n})")


def test_the_demo_has_a_submitted_and_a_draft_report(demo_org, school):
    selfassessment_demo.build()
    needs_demo.build()
    needs_demo.build()
    reports = {r.owner.name: r for r in NeedsReport.objects.filter(programme=school)}
    assert reports["Hamar kommune"].status == SubmissionStatus.SUBMITTED
    assert reports["Stange kommune"].status == SubmissionStatus.DRAFT
    assert NeedsPriority.objects.filter(report__in=reports.values()).count() == 5
    assert Evidence.objects.filter(priority__report__in=reports.values()).count() == 5
    assert Owner.objects.filter(name="Stange kommune").exists()
    linked = Evidence.objects.get(kind="self_assessment")
    assert (linked.priority.report.owner.name, linked.priority.order) == ("Hamar kommune", 1)


def test_a_self_assessment_shared_with_the_owner_is_evidence_with_a_link(demo_org, draft, school):
    selfassessment_demo.build()
    assessment = SelfAssessment.objects.get()
    eier = demo_org.user("eier")
    priority = services.add_priority(eier, draft, "Læringsmiljø", "", "")
    key = f"self_assessment|{assessment.pk}"
    assert key in {c.key for c in needs_evidence.self_assessment_choices(draft.owner)}

    (made,) = services.link_evidence(eier, priority, [key], "nb", timezone.now())

    assert made.text.startswith(assessment.title)
    url = needs_evidence.source_url(eier, school, made)
    assert url == f"/egenvurdering/{assessment.pk}/"
    selfassessment.withdraw_sharing(assessment)
    assert key not in {c.key for c in needs_evidence.self_assessment_choices(draft.owner)}
    # Withdrawn, its results leave the draft (a submitted report keeps what it was given).
    assert not Evidence.objects.filter(pk=made.pk).exists()
