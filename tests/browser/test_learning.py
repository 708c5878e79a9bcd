"""Learning groups in a real browser: a group leader records a meeting, a unit leader
divides the staff into groups, an owner follows the units, a teacher finds the next
meeting — with and without JavaScript, axe on every page."""

from __future__ import annotations

import pytest
from django.utils import timezone

from samla.learning.models import Attendance, LearningGroup, MeetingStatus, ModuleProgress
from samla.org import demo
from tests.browser.conftest import assert_accessible, log_in
from tests.conftest import DemoOrg

pytestmark = pytest.mark.browser


def _page(browser, javascript: bool):
    context = browser.new_context(java_script_enabled=javascript)
    context.set_default_timeout(10_000)
    return context.new_page()


@pytest.mark.parametrize("javascript", [True, False])
def test_group_leader_records_a_meeting(live_server, transactional_db, browser, javascript):
    demo.build_organisation()
    org = DemoOrg()
    group = org.learning_group()
    planned = org.meeting(held=False)
    # Make the planned meeting one that has started, so it can be recorded: yesterday at
    # noon, so that it never runs past midnight whenever the test runs.
    yesterday = timezone.localtime() - timezone.timedelta(days=1)
    planned.starts_at = yesterday.replace(hour=12, minute=0, second=0, microsecond=0)
    planned.save()
    page = _page(browser, javascript)
    log_in(page, live_server.url, "gruppeleder", javascript=javascript)
    page.goto(f"{live_server.url}/laering/")
    if javascript:
        assert_accessible(page)
    page.locator(f"a[href='/laering/gruppe/{group.pk}/']").first.click()
    if javascript:
        assert_accessible(page)
    page.locator(f"a[href='/laering/mote/{planned.pk}/referat/']").click()
    if javascript:
        assert_accessible(page)
    members = list(group.members.order_by("pk").values_list("person_id", flat=True))
    absent = members[-1]
    page.locator(f"input[name='present'][value='{absent}']").uncheck()
    page.locator("#id_notes").fill("Vi prøvde relasjonsspiralen.")
    page.locator("#id_between_tasks").fill("Observer én elev hver dag.")
    page.locator("#id_module_done").check()
    page.locator("form.form--wide button[type=submit]").click()
    page.locator(".message--success").wait_for()
    if javascript:
        assert_accessible(page)
    planned.refresh_from_db()
    assert planned.status == MeetingStatus.HELD
    present = set(Attendance.objects.filter(meeting=planned).values_list("person_id", flat=True))
    assert present == set(members) - {absent}
    assert ModuleProgress.objects.filter(group=group, module=planned.module).exists()
    assert "Observer én elev hver dag." in page.content()
    page.locator(f"a[href='/laering/mote/{planned.pk}/']").click()
    assert "Vi prøvde relasjonsspiralen." in page.content()
    if javascript:
        assert_accessible(page)


def test_a_recording_with_the_end_before_the_start_is_refused(live_server, transactional_db, page):
    demo.build_organisation()
    org = DemoOrg()
    held = org.meeting()
    log_in(page, live_server.url, "gruppeleder")
    page.goto(f"{live_server.url}/laering/mote/{held.pk}/referat/")
    page.locator("#id_start").fill("15:00")
    page.locator("#id_end").fill("14:00")
    page.locator("form.form--wide button[type=submit]").click()
    page.locator(".field-error").first.wait_for()
    assert_accessible(page)
    held.refresh_from_db()
    assert held.minutes == 90  # nothing changed


@pytest.mark.parametrize("javascript", [True, False])
def test_leader_divides_staff_into_groups(live_server, transactional_db, browser, javascript):
    demo.build_organisation()
    org = DemoOrg()
    org.learning_group()
    school = org.school
    page = _page(browser, javascript)
    log_in(page, live_server.url, "rektor", javascript=javascript)
    page.goto(f"{live_server.url}/enheter/{school.pk}/laering/")
    if javascript:
        assert_accessible(page)
    page.locator(f"a[href^='/enheter/{school.pk}/laering/grupper/']").click()
    if javascript:
        assert_accessible(page)
    # The staff not in Gruppe A: give them subjects, then take the suggestion.
    page.locator("form:has(input[value='suggest']) button").click()
    page.locator(".message--success").first.wait_for()
    groups = list(LearningGroup.objects.filter(unit=school, school_year=org.school_year))
    assert len(groups) >= 2
    new = next(g for g in groups if g.name != "Gruppe A")
    # Move a member of Gruppe A into the new group and make them its leader.
    gruppe_a = next(g for g in groups if g.name == "Gruppe A")
    mover = gruppe_a.members.exclude(person=gruppe_a.leader).first().person
    page.locator(f"#area-{mover.pk}").fill("Naturfag")
    page.locator(f"#group-{mover.pk}").select_option(str(new.pk))
    page.locator(f"#leader-{new.pk}").select_option(str(mover.pk))
    page.locator("#division button[type=submit]").click()
    page.locator(".message--success").first.wait_for()
    if javascript:
        assert_accessible(page)
    new.refresh_from_db()
    assert new.leader == mover
    assert new.members.filter(person=mover).exists()
    assert not gruppe_a.members.filter(person=mover).exists()
    # Every group outside 5–7 is flagged on the page, and no other.
    outside = [g for g in groups if g.members.count() not in range(5, 8)]
    assert page.locator("#division .flag").count() == len(outside)


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_owner_follows_the_units_and_staff_find_their_meeting(
    live_server, transactional_db, page, language
):
    demo.build_organisation()
    org = DemoOrg()
    group = org.learning_group()
    log_in(page, live_server.url, "eier")
    if language == "nn":
        page.get_by_role("button", name="Nynorsk").click()
    page.goto(f"{live_server.url}/laering/")
    assert_accessible(page)
    page.locator(f"a[href*='/program/{org.school_programme.slug}/laering/owner/']").click()
    assert_accessible(page)
    page.get_by_role("link", name=org.school.name).click()
    assert page.locator("h1").inner_text().endswith(org.school.name)
    assert_accessible(page)
    assert "Gruppe A" in page.content()
    assert str(group.leader) not in page.content()  # no names outside one's own unit
    # The semester filter swaps the figures in place.
    page.locator("#semester").select_option(index=0)
    page.wait_for_url("**semester=**")
    assert_accessible(page)
    page.context.clear_cookies()
    log_in(page, live_server.url, "laerer")
    page.goto(f"{live_server.url}/laering/")
    assert "Gruppe A" in page.content()
    page.locator(f"a[href='/laering/gruppe/{group.pk}/']").first.click()
    assert_accessible(page)
    page.goto(f"{live_server.url}/laering/kalender/")
    assert_accessible(page)


def test_admin_keeps_the_catalogue_and_the_multi_year_plan(live_server, transactional_db, page):
    from samla.learning.models import MultiYearPlanEntry, Package

    demo.build_organisation()
    org = DemoOrg()
    slug = org.school_programme.slug
    log_in(page, live_server.url, "admin")
    page.goto(f"{live_server.url}/program/{slug}/pakker/")
    assert_accessible(page)
    page.locator(f"a[href='/program/{slug}/pakker/ny/']").click()
    assert_accessible(page)
    page.locator("#id_title").fill("Vurdering for læring")
    page.locator("#id_audience").select_option("all_staff")
    page.locator("#id_description").fill("Underveisvurdering i praksis.")
    page.locator("form.form--wide button[type=submit]").click()
    page.locator(".message--success").wait_for()
    package = Package.objects.get(title="Vurdering for læring")
    page.locator(f"a[href='/program/{slug}/pakker/{package.pk}/modul/ny/']").click()
    assert_accessible(page)
    page.locator("#id_title").fill("Ledernes forberedelse")
    page.locator("#id_kind").select_option("leaders_preparation")
    page.locator("#id_between_work").fill("Les kapittel 1.")
    page.locator("form.form--wide button[type=submit]").click()
    page.locator(".message--success").wait_for()
    assert "Les kapittel 1." in page.content()
    assert_accessible(page)
    page.goto(f"{live_server.url}/program/{slug}/flerarsplan/")
    page.locator("#id_audience").select_option("leaders")
    page.locator("#id_school_year").fill("2027/2028")
    page.locator("#id_package").select_option(str(package.pk))
    page.locator("form.form--wide button[type=submit]").click()
    page.locator(".message--success").wait_for()
    assert_accessible(page)
    assert MultiYearPlanEntry.objects.filter(package=package, school_year="2027/2028").exists()
    assert page.locator("th", has_text="2027/2028").count() == 1
    page.goto(f"{live_server.url}/program/{slug}/vilkar/")
    page.locator("#id_text").fill("Alle lærere deltar")
    page.locator("form:has(input[value='add']) button[type=submit]").click()
    page.locator(".message--success").wait_for()
    assert_accessible(page)
    assert org.school_programme.conditions.filter(text="Alle lærere deltar").exists()


def test_leader_writes_the_implementation_plan(live_server, transactional_db, page):
    demo.build_organisation()
    org = DemoOrg()
    group = org.learning_group()
    from samla.learning import services

    condition = services.add_condition(org.school_programme, "Alle ansatte er informert")
    choice = group.unit.package_choices.get()
    log_in(page, live_server.url, "rektor")
    page.goto(f"{live_server.url}/enheter/{group.unit_id}/laering/")
    page.locator(f"a[href='/enheter/{group.unit_id}/laering/pakke/{choice.pk}/']").click()
    assert_accessible(page)
    page.locator("#id_implementation_plan").fill("Alle team deltar, møter annenhver tirsdag.")
    page.locator(f"input[name='conditions'][value='{condition.pk}']").check()
    page.locator("form.form--wide button[type=submit]").click()
    page.locator(".message--success").wait_for()
    assert_accessible(page)
    choice.refresh_from_db()
    assert choice.implementation_plan.startswith("Alle team deltar")
    assert list(choice.conditions_met.all()) == [condition]
