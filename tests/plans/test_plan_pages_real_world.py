"""Plan pages with plans as they are written in the real world (issue 18, "Word plans")."""

from __future__ import annotations

import pytest
from django.urls import reverse

from samla.org.models import Region
from samla.plans import services
from samla.plans.services import ActivityInput
from tests.conftest import client_for

YEAR = "2026/2027"


@pytest.fixture
def plan(demo_org):
    plan, _ = services.get_or_create_plan(demo_org.school_programme, YEAR)
    return plan


def url(name, plan, **kwargs):
    return reverse(name, kwargs={"slug": plan.programme.slug, "year": plan.school_year, **kwargs})


def regions(plan):
    return {r.short_name: r for r in Region.objects.filter(programme=plan.programme)}


def add(plan, title, when_text, term="autumn"):
    return services.add_activity(plan, ActivityInput(title=title, term=term, when_text=when_text))


def test_calendar_shows_an_activity_whose_regional_rows_are_all_blank(plan):
    owners = add(plan, "Regionale eiermøter", "August")
    workshop = add(plan, "Oppstart for skoleledere", "20.08.26")
    for activity in (owners, workshop):
        for short_name in ("NØR", "SØR", "KR", "HR"):
            services.set_session(activity, regions(plan)[short_name], "")

    page = client_for("rektor").get(url("portal:plan_calendar", plan), {"month": "2026-08"})

    text = page.content.decode()
    assert text.count("Regionale eiermøter") == 1
    assert text.count("Oppstart for skoleledere") == 1


def test_calendar_shows_the_dated_sessions_and_not_the_activity_beside_them(plan):
    gathering = add(plan, "Regional samling", "Oktober")
    services.set_session(gathering, regions(plan)["NØR"], "19.10")
    services.set_session(gathering, regions(plan)["HR"], "")

    page = client_for("rektor").get(url("portal:plan_calendar", plan), {"month": "2026-10"})

    text = page.content.decode()
    assert text.count("Regional samling") == 1
    assert "(NØR)" in text
