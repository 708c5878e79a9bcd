"""Attack on issue 19's self-assessment: can who rated what be read back, can a person rate
twice, can someone else withdraw the sharing, and does a withdrawal really withdraw?"""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from samla.org.demo import SCHOOL_SLUG
from samla.org.models import Programme
from samla.partnership.demo import base
from samla.partnership.models import Evidence, EvidenceKind
from samla.partnership.services import needs as needs_services
from samla.selfassessment import services
from samla.selfassessment.models import Phase, RatingCount
from samla.selfassessment.statements import blocks
from tests.selfassessment.support import all_answers, participants, rating_open

PEOPLE = 6


@pytest.fixture(autouse=True)
def _threshold_five(demo_org):
    Programme.objects.filter(slug=SCHOOL_SLUG).update(anonymity_threshold=5)


def _answers_of(assessment, number: int) -> dict[str, str]:
    """Answers that tell participant ``number`` apart: the first two statements encode it."""
    codes = [s.code for b in blocks(assessment.blocks) for s in b.statements]
    answers = {code: "3" for code in codes}
    answers[codes[0]] = str(number // 4 + 1)
    answers[codes[1]] = str(number % 4 + 1)
    return answers


def _storage_order_sql() -> str:
    """How someone with the database file or a dump reads rows in the order written."""
    if connection.vendor == "sqlite":
        return "rowid"
    return "ctid"


def test_storage_holds_counts_only_so_nothing_pairs_a_person_with_answers(demo_org):
    """Was a defect (high, privacy): each answer set was a row written right after its
    person's sequential done mark, so the rows' storage order (SQLite's rowid, PostgreSQL's
    ctid) paired every person with their answers. Now only counts per statement and point
    are stored, and every rating rewrites every count of the assessment: the rows are the
    same whoever rated, in whatever order, and (on PostgreSQL) all were last written by
    the same transaction."""
    assessment = rating_open(demo_org, count=PEOPLE)
    people = participants(demo_org, PEOPLE)
    for number, person in enumerate(people):
        services.submit_rating(assessment, person, _answers_of(assessment, number))
    statements_rated = len(all_answers(assessment))

    rows = list(
        RatingCount.objects.filter(assessment=assessment).values_list("statement", "point", "count")
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {_storage_order_sql()} FROM {RatingCount._meta.db_table} "  # noqa: S608
            "WHERE assessment_id = %s",
            [assessment.pk],
        )
        stored = cursor.fetchall()
        last_writers = None
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT DISTINCT xmin::text FROM {RatingCount._meta.db_table} "  # noqa: S608
                "WHERE assessment_id = %s",
                [assessment.pk],
            )
            last_writers = cursor.fetchall()

    assert len(rows) == len(stored) == statements_rated * 4  # not one row per person
    assert sum(count for _s, _p, count in rows) == PEOPLE * statements_rated
    assert last_writers is None or len(last_writers) == 1


def test_two_tabs_rate_once(demo_org, client):
    """Regression: the same participant posting the rating from two tabs gets one rating."""
    assessment = rating_open(demo_org, count=PEOPLE)
    laerer = demo_org.user("laerer")
    client.force_login(laerer)
    url = reverse("portal:selfassessment_rate", kwargs={"pk": assessment.pk})
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200  # the second tab
    first = client.post(url, all_answers(assessment, "4"))
    second = client.post(url, all_answers(assessment, "1"))

    assert first.status_code == 302
    assert second.status_code == 200
    chosen = assessment.counts.filter(statement="hoved_1", count__gt=0)
    assert assessment.done.count() == 1
    assert list(chosen.values_list("point", "count")) == [(4, 1)]


def _discussed_and_shared(org):
    assessment = rating_open(org, count=PEOPLE)
    for number, person in enumerate(participants(org, PEOPLE)):
        services.submit_rating(assessment, person, _answers_of(assessment, number))
    services.move_on(assessment)
    assert assessment.phase == Phase.GOALS
    services.share_with_owner(assessment, org.user("rektor"))
    return assessment


@pytest.mark.parametrize("who", ["eier", "laerer", "gruppeleder", "admin", "statsforvalter"])
def test_only_the_leader_withdraws_the_sharing(demo_org, client, who):
    """Regression: an owner, a participant, staff or admin posting "withdraw" gets 404 and
    the sharing stays."""
    assessment = _discussed_and_shared(demo_org)
    client.force_login(demo_org.user(who))
    url = reverse("portal:selfassessment_action", kwargs={"pk": assessment.pk})

    response = client.post(url, {"action": "withdraw"})

    assert response.status_code == 404
    assessment.refresh_from_db()
    assert assessment.shared_with_owner_at is not None


def test_withdrawing_takes_the_results_out_of_a_draft_needs_report(demo_org):
    """Was a defect (medium, privacy/consent): the unit shares its results "revocably"; the
    owner
    links them as needs evidence (text frozen: "6 answered. Mean per block …"); the leader
    withdraws. The owner's page loses the link, but the draft still carries the results
    and the owner submits them to the forum, the county governor and the university."""
    base.build()
    assessment = _discussed_and_shared(demo_org)
    eier = demo_org.user("eier")
    programme = demo_org.school_programme
    now = timezone.now()
    report = needs_services.start_report(eier, programme, demo_org.school.owner, now.date())
    priority = needs_services.add_priority(eier, report, "Arbeidsro", "Lærere", "")
    needs_services.link_evidence(eier, priority, [f"self_assessment|{assessment.pk}"], "en", now)
    assert Evidence.objects.filter(priority=priority, kind=EvidenceKind.SELF_ASSESSMENT).exists()

    services.withdraw_sharing(assessment)

    left = Evidence.objects.filter(priority=priority, kind=EvidenceKind.SELF_ASSESSMENT)
    assert not left.exists(), [e.text for e in left]


def test_a_report_submitted_while_shared_keeps_what_it_was_given(demo_org):
    """The other half of the rule: what went to the forum while the sharing stood is the
    forum's record; withdrawing later does not rewrite a submitted needs report."""
    base.build()
    assessment = _discussed_and_shared(demo_org)
    eier = demo_org.user("eier")
    now = timezone.now()
    report = needs_services.start_report(
        eier, demo_org.school_programme, demo_org.school.owner, now.date()
    )
    priority = needs_services.add_priority(eier, report, "Arbeidsro", "Lærere", "")
    needs_services.link_evidence(eier, priority, [f"self_assessment|{assessment.pk}"], "en", now)
    needs_services.submit_report(eier, report, now)

    services.withdraw_sharing(assessment)

    assert Evidence.objects.filter(priority=priority, kind=EvidenceKind.SELF_ASSESSMENT).exists()
