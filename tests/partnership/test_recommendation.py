"""The forum's recommendation: the grant split, approval into the action plan, the lock and
who may write."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from samla.org.models import Owner, Person, Role
from samla.org.services import grant_role
from samla.partnership.demo import base
from samla.partnership.demo import recommendation as demo_recommendation
from samla.partnership.models import (
    Decision,
    Forum,
    ForumMeeting,
    NeedsReport,
    Partner,
    PartnerContact,
    PartnerKind,
    Recommendation,
    RecommendedMeasure,
    SubmissionStatus,
)
from samla.partnership.queries import recommendation as queries
from samla.partnership.services import recommendation as services
from samla.plans.models import Activity, Plan

YEAR = "2028/2029"


@pytest.fixture
def forum(demo_org):
    base.build()
    return Forum.objects.get(name=base.FORUM)


def _owner(name: str) -> Owner:
    return Owner.objects.get(name=f"{name} kommune")


def _draft(forum, org, grant=1_000_000, needs=()):
    data = services.RecommendationInput(YEAR, Decimal(grant), "Vurdering", tuple(needs))
    return services.save_recommendation(forum, data, org.user("eier"))


def _measure(title="Lesing", grant=400_000, owners=("Hamar",), **extra):
    uh = Partner.objects.get(name=base.UNIVERSITY)
    return services.MeasureInput(
        title=title,
        participants="Alle lærere",
        starts=extra.get("starts", date(2028, 9, 1)),
        ends=extra.get("ends", date(2029, 5, 31)),
        owner_ids=tuple(_owner(name).pk for name in owners),
        partner_id=extra.get("partner_id", uh.pk),
        grant=Decimal(grant),
    )


def test_measures_over_the_state_grant_are_refused_saying_by_how_much(forum, demo_org):
    recommendation = _draft(forum, demo_org)
    services.save_measure(recommendation, _measure(grant=700_000), demo_org.user("eier"))

    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.save_measure(recommendation, _measure("Mer", 400_000), demo_org.user("eier"))

    assert refused.value.messages == [
        "The measures add up to 1,100,000 NOK, 100,000 NOK more than the state grant of "
        "1,000,000 NOK."
    ]
    assert list(recommendation.measures.values_list("title", "grant")) == [
        ("Lesing", Decimal(700_000))
    ]


def test_lowering_the_grant_below_the_measures_is_refused_and_changes_nothing(forum, demo_org):
    recommendation = _draft(forum, demo_org)
    services.save_measure(recommendation, _measure(grant=700_000), demo_org.user("eier"))
    data = services.RecommendationInput(YEAR, Decimal(500_000), "Ny tekst")

    with pytest.raises(ValidationError):
        services.save_recommendation(forum, data, demo_org.user("eier"), recommendation)

    recommendation.refresh_from_db()
    assert (recommendation.state_grant, recommendation.text) == (Decimal(1_000_000), "Vurdering")


def test_an_owner_outside_the_programme_or_a_partner_not_a_university_is_refused(forum, demo_org):
    recommendation = _draft(forum, demo_org)
    outsider = Owner.objects.create(name="Utenfor kommune", kind="kommune")
    ks = Partner.objects.get(programme=forum.programme, kind=PartnerKind.KS)
    wrong_owner = services.MeasureInput("X", owner_ids=(outsider.pk,), grant=Decimal(1))

    with pytest.raises(ValidationError, match="programme"):
        services.save_measure(recommendation, wrong_owner, demo_org.user("eier"))
    with pytest.raises(ValidationError, match="university"):
        services.save_measure(recommendation, _measure(partner_id=ks.pk), demo_org.user("eier"))

    assert not recommendation.measures.exists()


def test_approval_puts_each_measure_in_the_plan_once_and_locks(forum, demo_org):
    recommendation = _draft(forum, demo_org)
    services.save_measure(recommendation, _measure(), demo_org.user("eier"))
    services.save_measure(
        recommendation,
        _measure("Klasseledelse", 300_000, ("Hamar", "Stange"), starts=date(2029, 1, 7)),
        demo_org.user("eier"),
    )
    meeting = ForumMeeting.objects.create(forum=forum, date=date(2028, 3, 1))
    decision = Decision.objects.create(meeting=meeting, title="Innstilling", text="Vedtatt")

    activities = services.approve(recommendation, demo_org.user("forsker"), decision)

    plan = Plan.objects.get(programme=forum.programme, school_year=YEAR, region=None)
    assert plan.status == "draft"
    assert [(a.title, a.term, a.start_date, a.end_date) for a in activities] == [
        ("Lesing", "autumn", date(2028, 9, 1), date(2029, 5, 31)),
        ("Klasseledelse", "spring", date(2029, 1, 7), date(2029, 5, 31)),
    ]
    assert activities[1].responsible == "Hamar kommune, Stange kommune – Høgskolen i Innlandet"
    assert activities[1].audience == "Alle lærere"
    measures = RecommendedMeasure.objects.filter(recommendation=recommendation)
    assert sorted(m.activity_id for m in measures) == sorted(a.pk for a in activities)
    recommendation.refresh_from_db()
    assert recommendation.approved and recommendation.decision == decision

    with pytest.raises(ValidationError, match="approved"):
        services.approve(recommendation, demo_org.user("forsker"))
    with pytest.raises(ValidationError, match="approved"):
        services.save_measure(recommendation, _measure("Sent", 1), demo_org.user("eier"))
    with pytest.raises(ValidationError, match="approved"):
        services.delete_measure(measures.first(), demo_org.user("eier"))
    assert Activity.objects.filter(plan=plan).count() == 2
    assert measures.count() == 2


def test_approval_needs_a_measure_and_a_decision_of_the_forum(forum, demo_org):
    recommendation = _draft(forum, demo_org)
    other = Forum.objects.create(programme=forum.programme, name="Et annet forum")
    meeting = ForumMeeting.objects.create(forum=other, date=date(2028, 3, 1))
    foreign = Decision.objects.create(meeting=meeting, title="Annet", text="Annet")

    with pytest.raises(ValidationError, match="at least one measure"):
        services.approve(recommendation, demo_org.user("eier"))
    services.save_measure(recommendation, _measure(), demo_org.user("eier"))
    with pytest.raises(ValidationError, match="forum's decisions"):
        services.approve(recommendation, demo_org.user("eier"), foreign)

    recommendation.refresh_from_db()
    assert not recommendation.approved
    assert not Plan.objects.filter(school_year=YEAR).exists()


def test_the_county_governor_reads_but_cannot_write(forum, demo_org):
    governor = demo_org.user("statsforvalter")
    data = services.RecommendationInput(YEAR, Decimal(1_000))

    with pytest.raises(ValidationError, match="with a vote"):
        services.save_recommendation(forum, data, governor)
    recommendation = _draft(forum, demo_org)
    services.save_measure(recommendation, _measure(grant=1), demo_org.user("eier"))
    with pytest.raises(ValidationError, match="with a vote"):
        services.save_measure(recommendation, _measure("X", 1), governor)
    with pytest.raises(ValidationError, match="with a vote"):
        services.approve(recommendation, governor)

    assert Recommendation.objects.count() == 1
    assert recommendation.measures.count() == 1
    assert list(queries.readable(governor, forum.programme)) == [recommendation]
    assert not queries.can_write(governor, recommendation)


def test_only_submitted_needs_reports_are_answered(forum, demo_org):
    submitted = NeedsReport.objects.create(
        programme=forum.programme, owner=_owner("Hamar"), year=2028,
        first_school_year=YEAR, status=SubmissionStatus.SUBMITTED, submitted_at=timezone.now(),
    )  # fmt: skip
    draft = NeedsReport.objects.create(
        programme=forum.programme, owner=_owner("Stange"), year=2028, first_school_year=YEAR
    )

    with pytest.raises(ValidationError, match="submitted"):
        _draft(forum, demo_org, needs=(submitted.pk, draft.pk))
    recommendation = _draft(forum, demo_org, needs=(submitted.pk,))

    assert list(recommendation.needs_reports.all()) == [submitted]


def test_a_second_recommendation_for_the_year_is_refused(forum, demo_org):
    _draft(forum, demo_org)

    with pytest.raises(ValidationError, match="already"):
        _draft(forum, demo_org)

    assert Recommendation.objects.count() == 1


def test_the_grant_per_owner_shares_a_measure_equally():
    assert queries.split_shares(Decimal(100_001), 3) == [
        Decimal(33_334),
        Decimal(33_334),
        Decimal(33_333),
    ]
    assert queries.split_shares(Decimal(5), 0) == []


def test_the_demo_recommendation_is_approved_within_the_grant_and_in_the_plan(forum):
    first = demo_recommendation.build()
    again = demo_recommendation.build()

    recommendation = Recommendation.objects.get(school_year="2027/2028")
    measures = queries.measures(recommendation)
    split = queries.grant_split(recommendation, measures)
    assert first == again == {"recommended measures": 3}
    assert recommendation.approved
    assert split.measures_total <= recommendation.state_grant
    assert sum(share.grant for share in split.per_owner) == split.measures_total
    assert [m.activity.plan.school_year for m in measures] == ["2027/2028"] * 3
    assert Activity.objects.filter(plan__school_year="2027/2028").count() == 3


def test_owners_and_university_contacts_read_only_approved_recommendations_that_name_them(
    forum, demo_org
):
    stange = Person.objects.create(username="stange-eier", first_name="S", last_name="E")
    grant_role(stange, Role.OWNER, owner=_owner("Stange"))
    trysil = Person.objects.create(username="trysil-eier", first_name="T", last_name="E")
    grant_role(trysil, Role.OWNER, owner=_owner("Trysil"))
    contact = Person.objects.create(username="hinn", first_name="H", last_name="C")
    PartnerContact.objects.create(partner=Partner.objects.get(name=base.UNIVERSITY), person=contact)
    recommendation = _draft(forum, demo_org)
    services.save_measure(recommendation, _measure(owners=("Stange",)), demo_org.user("eier"))
    programme = forum.programme

    drafted = [list(queries.readable(p, programme)) for p in (stange, trysil, contact)]
    services.approve(recommendation, demo_org.user("eier"))
    approved = [list(queries.readable(p, programme)) for p in (stange, trysil, contact)]

    assert drafted == [[], [], []]
    assert approved == [[recommendation], [], [recommendation]]
