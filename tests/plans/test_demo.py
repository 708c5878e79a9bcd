from datetime import date, time

import pytest

from samla.org.models import Role
from samla.plans.demo import build_plans
from samla.plans.models import (
    Activity,
    ActivityStatus,
    Deadline,
    Plan,
    PlanStatus,
    RegionalSession,
    RoleDuty,
)

# The one time text left unread on purpose (kindergarten plan): PPT's "by arrangement".
UNPARSED = {"Etter avtale"}


@pytest.fixture
def plans(demo_org):
    first = build_plans()
    second = build_plans()
    assert second == first
    return demo_org


def _plan(programme) -> Plan:
    return Plan.objects.get(programme=programme, school_year="2026/2027", region=None)


def _activity(plan: Plan, title_start: str) -> Activity:
    return plan.activities.get(title__startswith=title_start)


def test_running_twice_duplicates_nothing(demo_org):
    build_plans()
    counts = [m.objects.count() for m in (Plan, Activity, RegionalSession, RoleDuty, Deadline)]
    result = build_plans()
    again = [m.objects.count() for m in (Plan, Activity, RegionalSession, RoleDuty, Deadline)]
    assert again == counts
    assert result == dict(
        zip(["plans", "activities", "sessions", "duties", "deadlines"], counts, strict=True)
    )
    assert counts == [2, 38, 12, 39, 11]


def test_school_plan_is_approved_with_its_activities(plans):
    plan = _plan(plans.school_programme)
    assert plan.status == PlanStatus.APPROVED
    assert plan.approved_on == date(2026, 9, 10)
    assert plan.activities.count() == 22
    assert plan.activities.filter(term="autumn").count() == 12
    assert plan.activities.filter(term="spring").count() == 10
    terms = list(plan.activities.values_list("term", flat=True))
    assert terms == sorted(terms)  # "autumn" < "spring": the autumn comes first


def test_kindergarten_plan_is_a_draft(plans):
    plan = _plan(plans.kindergarten_programme)
    assert plan.status == PlanStatus.DRAFT
    assert plan.approved_on is None
    assert plan.activities.count() == 16


def test_every_time_is_understood_except_the_one_left_unread(plans):
    for programme in (plans.school_programme, plans.kindergarten_programme):
        for activity in _plan(programme).activities.all():
            assert activity.understood == (activity.when_text not in UNPARSED), activity
            if activity.understood and activity.status != ActivityStatus.POSTPONED:
                assert activity.start_date is not None, activity
    assert RegionalSession.objects.filter(understood=False).count() == 0
    unread = Activity.objects.get(when_text="Etter avtale")
    assert unread.plan.programme == plans.kindergarten_programme
    assert unread.start_date is None


def test_regional_gathering_has_a_date_and_place_in_each_region(plans):
    gathering = _activity(_plan(plans.school_programme), "Regional samling: nettverk")
    assert (gathering.start_date, gathering.end_date) == (date(2026, 10, 19), date(2026, 11, 1))
    sessions = [
        (s.region.short_name, s.start_date, s.end_date, s.location)
        for s in gathering.sessions.select_related("region")
    ]
    assert sessions == [
        ("NØR", date(2026, 10, 19), date(2026, 10, 19), "Tynset"),
        ("SØR", date(2026, 10, 20), date(2026, 10, 20), "Elverum"),
        ("KR", date(2026, 10, 26), date(2026, 10, 26), "Kongsvinger"),
        ("HR", date(2026, 10, 27), date(2026, 10, 27), "Hamar"),
    ]
    assert gathering.status == ActivityStatus.DONE


def test_survey_window_and_results_portal(plans):
    plan = _plan(plans.school_programme)
    survey = _activity(plan, "Kartlegging T3")
    assert survey.when_text == "15. oktober – 30. november"
    assert (survey.start_date, survey.end_date) == (date(2026, 10, 15), date(2026, 11, 30))
    assert survey.status == ActivityStatus.PLANNED
    portal = _activity(plan, "Resultatportalen")
    assert (portal.start_date, portal.end_date) == (date(2027, 1, 1), date(2027, 1, 31))


def test_statuses_and_time_forms(plans):
    plan = _plan(plans.school_programme)
    tentative = _activity(plan, "Innlandskonferansen")
    assert tentative.when_text == "Februar?"
    assert tentative.tentative
    assert tentative.status == ActivityStatus.TENTATIVE
    postponed = plan.activities.get(status=ActivityStatus.POSTPONED)
    assert postponed.when_text == "Desember (Foreløpig utsatt)"
    assert plan.activities.filter(status=ActivityStatus.CANCELLED).count() == 1
    done = plan.activities.filter(status=ActivityStatus.DONE)
    assert done.count() == 8
    assert all(a.end_date < date(2026, 11, 22) for a in done)
    owners_meeting = _activity(plan, "Digitalt eiermøte")
    assert owners_meeting.start_date == date(2026, 9, 22)
    assert (owners_meeting.start_time, owners_meeting.end_time) == (time(14), time(16))
    modules = _activity(plan, "Læringsgruppene arbeider med modul 4")
    assert (modules.start_date, modules.end_date, modules.open_end) == (
        date(2027, 2, 20),
        None,
        True,
    )
    caravan = _activity(plan, "Læringskaravane")
    assert (caravan.start_date, caravan.end_date) == (date(2027, 3, 1), date(2027, 3, 31))
    after_easter = _activity(plan, "Regionale work-shop: fra analyse")
    assert after_easter.start_date == date(2027, 4, 5)  # Easter Monday 2027 is 29 March
    assert _activity(plan, "Skoleeierne melder inn").is_deadline


def test_details_and_roles_let_people_see_what_concerns_them(plans):
    plan = _plan(plans.school_programme)
    survey = _activity(plan, "Kartlegging T3")
    assert survey.responsible == "SePU og skolene"
    karavane = _activity(plan, "Læringskaravane")
    assert [b["kind"] for b in karavane.details] == ["paragraph"] + ["bullet"] * 3
    for role in (Role.OWNER, Role.UNIT_LEADER, Role.GROUP_LEADER, Role.STAFF, Role.PPT_ADVISOR):
        assert any(a.concerns({role}) for a in plan.activities.all()), role
    ppt = [a.title for a in plan.activities.all() if a.concerns({Role.PPT_ADVISOR})]
    assert "Nettbasert veiledning fra PPT" in ppt


def test_roles_duties_and_deadlines(plans):
    school, kindergarten = plans.school_programme, plans.kindergarten_programme
    for programme in (school, kindergarten):
        roles = set(RoleDuty.objects.filter(programme=programme).values_list("role", flat=True))
        assert {
            Role.PROGRAMME_ADMIN,
            Role.OWNER,
            Role.UNIT_LEADER,
            Role.GROUP_LEADER,
            Role.STAFF,
            Role.PPT_ADVISOR,
            Role.REGION_COORDINATOR,
        } <= roles
    new_leaders = Deadline.objects.get(
        programme=school,
        title="Melde inn navn og e-postadresse til nye skoleledere innen 15. august",
    )
    assert (new_leaders.role, new_leaders.yearly_month, new_leaders.yearly_day) == (
        Role.OWNER,
        8,
        15,
    )
    assert new_leaders.duty.role == Role.OWNER
    assert Deadline.objects.filter(
        programme=kindergarten, role=Role.OWNER, yearly_month=8, yearly_day=15
    ).exists()
    groups = Deadline.objects.get(programme=school, role=Role.UNIT_LEADER, yearly_month=9)
    assert groups.yearly_day == 1
    assert Deadline.objects.filter(
        programme=school, role=Role.OWNER, yearly_month=2, yearly_day=1
    ).exists()
    once = Deadline.objects.get(programme=school, date__isnull=False)
    assert once.date == date(2026, 10, 8)
    assert not Deadline.objects.filter(programme=kindergarten, date__isnull=False).exists()
