"""Plan pages through the test client: reading, filtering, editing rules, bad input."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from samla.org.models import Region, Role
from samla.plans import services
from samla.plans.models import Activity, Plan
from samla.plans.services import ActivityInput
from tests.conftest import client_for

YEAR = "2026/2027"


@pytest.fixture
def plan(demo_org):
    plan, _ = services.get_or_create_plan(demo_org.school_programme, YEAR)
    gathering = services.add_activity(
        plan,
        ActivityInput(
            title="Regional samling for skoleledere",
            term="autumn",
            when_text="Oktober",
            details=({"kind": "bullet", "text": "Klasseledelse"},),
            responsible="SePU",
            audience="Skoleledere",
            audience_roles=(Role.UNIT_LEADER,),
        ),
    )
    regions = {r.short_name: r for r in Region.objects.filter(programme=plan.programme)}
    services.set_session(gathering, regions["HR"], "27.10", "Hamar")
    services.set_session(gathering, regions["NØR"], "19.10", "Tynset")
    services.add_activity(
        plan,
        ActivityInput(
            title="Eiermøte",
            term="spring",
            when_text="Februar?",
            audience="Skoleeiere",
            audience_roles=(Role.OWNER,),
        ),
    )
    return plan


def url(name, plan, **kwargs):
    return reverse(name, kwargs={"slug": plan.programme.slug, "year": plan.school_year, **kwargs})


def test_plan_table_groups_by_term_with_regional_dates(plan):
    page = client_for("laerer").get(url("portal:plan", plan)).content.decode()
    assert page.index("Høst 2026") < page.index("Regional samling") < page.index("Vår 2027")
    assert page.index("Vår 2027") < page.index("Eiermøte")
    assert "NØR</abbr>: 19.10" in page and "HR</abbr>: 27.10" in page
    assert "Foreløpig</span>" in page  # "Februar?" is tentative
    # A reader gets no editing controls.
    assert "Rediger" not in page


def test_filter_region_keeps_that_regions_dates(plan):
    hr = Region.objects.get(programme=plan.programme, short_name="HR")
    page = client_for("rektor").get(url("portal:plan", plan), {"region": hr.pk}).content.decode()
    assert "HR</abbr>: 27.10" in page
    assert "NØR</abbr>" not in page


def test_what_concerns_me(plan):
    rektor_page = client_for("rektor").get(url("portal:plan", plan), {"mine": "1"})
    assert "Regional samling" in rektor_page.content.decode()
    assert "Eiermøte" not in rektor_page.content.decode()
    eier_page = client_for("eier").get(url("portal:plan", plan), {"mine": "1"}).content.decode()
    assert "Eiermøte" in eier_page and "Regional samling" not in eier_page


def test_htmx_filter_returns_only_the_table(plan):
    response = client_for("rektor").get(
        url("portal:plan", plan),
        {"audience": Role.OWNER},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="plan-body",
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="plan-body">')
    assert "Eiermøte" in body and "Regional samling" not in body


def test_calendar_lists_long_ranges_once_for_the_month(plan):
    services.add_activity(
        plan,
        ActivityInput(
            title="Kartlegging T3", term="autumn", when_text="15. oktober – 30. november"
        ),
    )
    page = client_for("rektor").get(url("portal:plan_calendar", plan), {"month": "2026-11"})
    assert page.content.decode().count("Kartlegging T3") == 1


def test_calendar_shows_day_items_on_their_days(plan):
    page = client_for("rektor").get(url("portal:plan_calendar", plan), {"month": "2026-10"})
    text = page.content.decode()
    assert "Oktober 2026" in text
    # One entry per regional session, on its own day (19 and 27 October).
    assert text.count("Regional samling") == 2
    assert text.index("19.") < text.index("Regional samling") < text.index("27.")


def test_admin_adds_an_activity_and_bad_time_is_kept_as_text(plan):
    client = client_for("admin")
    response = client.post(
        url("portal:activity_new", plan),
        {"title": "Nettseminar", "term": "spring", "when_text": "en gang i vår", "details": ""},
    )
    assert response.status_code == 302
    activity = Activity.objects.get(plan=plan, title="Nettseminar")
    assert activity.when_text == "en gang i vår"
    assert activity.understood is False
    assert activity.start_date is None
    page = client.get(url("portal:plan", plan)).content.decode()
    assert "tidspunktet ble ikke forstått" in page


def test_empty_title_is_refused_and_nothing_saved(plan):
    before = Activity.objects.count()
    response = client_for("admin").post(url("portal:activity_new", plan), {"title": ""})
    assert response.status_code == 200
    assert "Dette feltet må fylles ut." in response.content.decode()
    assert Activity.objects.count() == before


def test_reader_cannot_edit(plan):
    activity = plan.activities.first()
    for name, kwargs in [
        ("portal:activity_new", {}),
        ("portal:activity_edit", {"pk": activity.pk}),
        ("portal:plan_approve", {}),
    ]:
        assert client_for("rektor").get(url(name, plan, **kwargs)).status_code == 403
    response = client_for("rektor").post(
        url("portal:activity_action", plan, pk=activity.pk), {"action": "cancelled"}
    )
    assert response.status_code == 403
    assert Activity.objects.get(pk=activity.pk).status == "planned"


def test_region_coordinator_sets_only_own_regions_sessions(plan):
    activity = plan.activities.get(title="Regional samling for skoleledere")
    hr_session = activity.sessions.get(region__short_name="HR")
    nor_session = activity.sessions.get(region__short_name="NØR")
    client = client_for("region")
    response = client.post(
        url("portal:session_edit", plan, pk=activity.pk, session_pk=hr_session.pk),
        {"region": hr_session.region_id, "when_text": "28.10", "location": "Stange"},
    )
    assert response.status_code == 302
    hr_session.refresh_from_db()
    assert (hr_session.start_date, hr_session.location) == (date(2026, 10, 28), "Stange")
    response = client.get(
        url("portal:session_edit", plan, pk=activity.pk, session_pk=nor_session.pk)
    )
    assert response.status_code == 403
    # The form offers only the coordinator's region.
    form = client.get(url("portal:session_new", plan, pk=activity.pk)).content.decode()
    assert "Hamarregionen" in form and "Nord-Østerdal" not in form
    assert client.get(url("portal:activity_edit", plan, pk=activity.pk)).status_code == 403


def test_move_postpone_approve_and_history(plan):
    client = client_for("admin")
    autumn = services.add_activity(plan, ActivityInput(title="Andre", term="autumn"))
    client.post(url("portal:activity_action", plan, pk=autumn.pk), {"action": "up"})
    titles = list(
        plan.activities.filter(term="autumn").order_by("order").values_list("title", flat=True)
    )
    assert titles == ["Andre", "Regional samling for skoleledere"]
    client.post(url("portal:activity_action", plan, pk=autumn.pk), {"action": "postponed"})
    assert Activity.objects.get(pk=autumn.pk).status == "postponed"
    client.post(url("portal:plan_approve", plan), {"approved_on": "2026-09-15"})
    plan.refresh_from_db()
    assert (plan.status, plan.approved_on) == ("approved", date(2026, 9, 15))
    history = client.get(url("portal:plan_history", plan)).content.decode()
    assert "Godkjent" in history and "Andre" in history


def test_plan_outside_programme_is_404(plan):
    assert client_for("styrer").get(url("portal:plan", plan)).status_code == 404
    missing = reverse("portal:plan", kwargs={"slug": "kfl-skole", "year": "1999/2000"})
    assert client_for("rektor").get(missing).status_code == 404


def test_plan_page_queries_do_not_grow_with_activities(plan, django_assert_max_num_queries):
    client = client_for("admin")
    client.get(url("portal:plan", plan))
    with django_assert_max_num_queries(20) as first:
        client.get(url("portal:plan", plan))
    for n in range(3):
        a = services.add_activity(
            plan, ActivityInput(title=f"Ekstra {n}", term="spring", when_text="Mai")
        )
        services.set_session(
            a, Region.objects.get(programme=plan.programme, short_name="KR"), "3.5"
        )
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(url("portal:plan", plan))


def test_new_plan_for_a_year(demo_org):
    response = client_for("admin").post(
        reverse("portal:plans", kwargs={"slug": "kfl-skole"}), {"school_year": "2027/2028"}
    )
    assert response.status_code == 302
    assert Plan.objects.filter(school_year="2027/2028").exists()
    bad = client_for("admin").post(
        reverse("portal:plans", kwargs={"slug": "kfl-skole"}), {"school_year": "2027/2029"}
    )
    assert "to påfølgende år" in bad.content.decode()
    assert not Plan.objects.filter(school_year="2027/2029").exists()


def test_history_names_editors_only_to_editors(plan):
    client_for("admin").post(
        url("portal:activity_action", plan, pk=plan.activities.first().pk), {"action": "done"}
    )
    admin_view = client_for("admin").get(url("portal:plan_history", plan)).content.decode()
    reader_view = client_for("forsker").get(url("portal:plan_history", plan)).content.decode()
    assert "<td>Astrid Lunde</td>" in admin_view
    assert "Astrid Lunde" not in reader_view and "Gjennomført" in reader_view
