"""Copying last year's plan into the next school year (issue 18, "Rolling a plan forward")."""

from __future__ import annotations

from datetime import date, time

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from samla.plans import services
from samla.plans.models import Activity, Plan, PlanStatus
from samla.plans.roll_forward import Holiday, a_year_later, roll_time, school_holiday
from samla.plans.services import ActivityInput
from samla.plans.when import parse_when
from samla.plans.when_values import Term
from tests.conftest import client_for

YEAR, NEXT = "2025/2026", "2026/2027"


def test_a_day_moves_to_the_same_iso_week_and_weekday():
    assert a_year_later(date(2025, 12, 3)) == date(2026, 12, 2)  # 52 weeks: Wed of week 49
    assert a_year_later(date(2026, 3, 19)) == date(2027, 3, 25)  # 53 weeks: 2026 has a week 53
    assert date(2027, 3, 25).isocalendar()[1:] == date(2026, 3, 19).isocalendar()[1:]
    # 2026 has a week 53: a day in it moves 53 weeks, a week 53 with none next year 52.
    assert a_year_later(date(2026, 12, 31)) == date(2027, 12, 30)
    assert a_year_later(date(2020, 12, 31)) == date(2021, 12, 30)


def test_norwegian_school_holidays():
    assert school_holiday(date(2027, 3, 22)) is Holiday.EASTER  # Monday of Holy Week 2027
    assert school_holiday(date(2027, 3, 29)) is Holiday.EASTER  # Easter Monday
    assert school_holiday(date(2027, 3, 30)) is None
    assert school_holiday(date(2026, 12, 28)) is Holiday.CHRISTMAS
    assert school_holiday(date(2027, 5, 17)) is Holiday.PUBLIC
    assert school_holiday(date(2027, 5, 6)) is Holiday.PUBLIC  # Ascension Day 2027
    assert school_holiday(date(2027, 5, 7)) is None


@pytest.mark.parametrize(
    ("text", "term", "new_text"),
    [
        ("19/3", Term.SPRING, "25.3.2027"),
        ("22.09.25 kl.14-16", None, "21.9.2026 kl. 14.00-16.00"),
        ("Uke 34", None, "Uke 34"),
        ("November", None, "November"),
        ("Februar?", None, "Februar?"),
        ("Fra og med 20.04.26", None, "fra og med 26.4.2027"),
        ("26.-27.9", None, "25.9.2026-26.9.2026"),
    ],
)
def test_the_new_text_reads_as_the_new_dates(text, term, new_text):
    rolled = roll_time(parse_when(text, YEAR, term), NEXT, term)

    assert rolled.when.text == new_text
    reread = parse_when(rolled.when.text, NEXT, term)
    assert (reread.start, reread.end) == (rolled.when.start, rolled.when.end)


@pytest.fixture
def plan(demo_org):
    plan, _ = services.get_or_create_plan(demo_org.school_programme, YEAR)
    plan.goals = "Alle elever skal oppleve mestring."
    plan.save()
    services.approve_plan(plan, date(2025, 6, 1))
    return plan


def add(plan, title, when_text, term="autumn"):
    return services.add_activity(plan, ActivityInput(title=title, term=term, when_text=when_text))


def test_copy_moves_dates_flags_and_keeps_undated(plan):
    gathering = add(plan, "Samling for skoleledere", "22.09.25 kl.14-16")
    add(plan, "Skolebesøk", "29.1.26", "spring")  # Thu → 4.2.2027: another month
    add(plan, "Fagdag", "19.3.26", "spring")  # Thu → 25.3.2027: Maundy Thursday
    add(plan, "Regionale work-shop", "Foreløpig utsatt")
    add(plan, "Innlandskonferanse", "Februar?", "spring")
    region = plan.programme.regions.get(short_name="NØR")
    services.set_session(gathering, region, "3/12")  # Wed → 2.12.2026
    before = list(Activity.objects.filter(plan=plan).values_list("when_text", "start_date"))

    with translation.override("en"):
        rolled = services.copy_to_next_year(plan)

    new = rolled.plan
    assert (new.school_year, new.status, new.approved_on) == (NEXT, PlanStatus.DRAFT, None)
    assert new.goals == "Alle elever skal oppleve mestring."
    rows = {a.title: a for a in new.activities.prefetch_related("sessions")}
    assert (
        rows["Samling for skoleledere"].start_date,
        rows["Samling for skoleledere"].start_time,
    ) == (
        date(2026, 9, 21),
        time(14),
    )
    assert [s.start_date for s in rows["Samling for skoleledere"].sessions.all()] == [
        date(2026, 12, 2)
    ]
    assert rows["Skolebesøk"].details[0] == {
        "kind": "paragraph",
        "text": "Check the date: moved from 29 Jan 2026 to 4 Feb 2027, in another month.",
    }
    assert rows["Fagdag"].details[0]["text"].endswith("in the Easter holiday.")
    assert rows["Regionale work-shop"].when_text == "Foreløpig utsatt"
    assert rows["Regionale work-shop"].start_date is None
    assert rows["Innlandskonferanse"].start_date == date(2027, 2, 1)
    assert rows["Samling for skoleledere"].details == []
    assert rolled.moved == 4
    assert rolled.flagged == ("Skolebesøk", "Fagdag")
    # The old plan is untouched.
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    after = list(Activity.objects.filter(plan=plan).values_list("when_text", "start_date"))
    assert after == before


def test_copy_is_refused_when_the_next_years_plan_exists(plan):
    add(plan, "Fagdag", "25.3.26", "spring")
    existing, _ = services.get_or_create_plan(plan.programme, NEXT)

    with pytest.raises(services.RollForwardRefused):
        services.copy_to_next_year(plan)

    assert list(existing.activities.all()) == []
    assert Plan.objects.filter(programme=plan.programme).count() == 2


def copy_url(plan):
    return reverse("portal:plan_copy", kwargs={"slug": plan.programme.slug, "year": YEAR})


def test_the_button_copies_and_goes_to_the_new_plan(plan):
    add(plan, "Fagdag", "19.3.26", "spring")
    admin = client_for("admin")
    admin.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    page = admin.get(reverse("portal:plan", kwargs={"slug": plan.programme.slug, "year": YEAR}))
    assert "Copy to school year 2026–2027" in page.content.decode()
    response = admin.post(copy_url(plan), follow=True)

    new = Plan.objects.get(programme=plan.programme, school_year=NEXT, region=None)
    assert response.redirect_chain[-1][0] == reverse(
        "portal:plan", kwargs={"slug": plan.programme.slug, "year": NEXT}
    )
    text = response.content.decode()
    assert "1 dates moved to the same week and weekday a year later" in text
    assert "1 activities flagged for review" in text
    assert new.activities.get().start_date == date(2027, 3, 25)


@pytest.mark.parametrize("username", ["rektor", "region"])
def test_only_plan_editors_may_copy(plan, username):
    client = client_for(username)

    page = client.get(reverse("portal:plan", kwargs={"slug": plan.programme.slug, "year": YEAR}))
    response = client.post(copy_url(plan))

    assert "kopier-til-neste-ar" not in page.content.decode()
    assert response.status_code == 403
    assert not Plan.objects.filter(school_year=NEXT).exists()


def test_copy_is_post_only(plan):
    response = client_for("admin").get(copy_url(plan))

    assert response.status_code == 405
    assert not Plan.objects.filter(school_year=NEXT).exists()
