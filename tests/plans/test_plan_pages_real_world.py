"""Plan pages with plans as they are written in the real world (issue 18, "Word plans")."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from samla.org.models import Region
from samla.plans import services
from samla.plans.models import Activity, ActivityStatus
from samla.plans.services import ActivityInput
from tests.conftest import client_for
from tests.plans.docx_builders import build_docx, plan_table

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


# --- Empty regional lines and lines joined by the browser ---


def english_client(username):
    client = client_for(username)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_plan_page_shows_no_empty_regional_lines_to_a_reader(plan):
    gathering = add(plan, "Regional samling", "Oktober")
    services.set_session(gathering, regions(plan)["NØR"], "19.10")
    services.set_session(gathering, regions(plan)["SØR"], "")

    page = client_for("laerer").get(url("portal:plan", plan)).content.decode()

    assert "NØR</abbr>: 19.10" in page
    assert "SØR</abbr>" not in page


def test_whoever_may_date_an_empty_regional_line_sees_it_as_without_date(plan):
    gathering = add(plan, "Regional samling", "Oktober")
    services.set_session(gathering, regions(plan)["SØR"], "")

    page = english_client("admin").get(url("portal:plan", plan)).content.decode()

    assert re.search(r"SØR</abbr>: <span class=\"muted\">no date yet</span>", page)


def upload_and_preview(client, content):
    response = client.post(
        reverse("portal:plan_import", kwargs={"slug": "kfl-skole"}),
        {"school_year": YEAR, "file": SimpleUploadedFile("plan.docx", content)},
    )
    location = response["Location"]
    return location, client.get(location).content.decode()


def test_the_import_preview_keeps_a_heading_and_its_remark_apart_and_saves_them_as_read(demo_org):
    content = build_docx(
        plan_table(["Regionale work-shop\n(Foreløpig utsatt)\nNØR:\nHR: 20.10", "KFL", "", ""])
    )
    client = english_client("admin")

    location, preview = upload_and_preview(client, content)

    # A text field's value has no line breaks: a browser would drop them and join the words.
    assert 'value="Regionale work-shop (Foreløpig utsatt)"' in preview
    sessions = re.search(r'<ul class="sessions">(.*?)</ul>', preview, re.S)[1]
    assert "HR: 20.10" in sessions and "NØR" not in sessions

    client.post(
        location,
        {"action": "save", "keep-0": "on", "when-0": "Regionale work-shop (Foreløpig utsatt)"},
    )

    activity = Activity.objects.get(plan__school_year=YEAR)
    assert activity.when_text == "Regionale work-shop\n(Foreløpig utsatt)"
    assert activity.status == ActivityStatus.POSTPONED


# --- A region's own date typed as free text ---


def test_a_regional_date_typed_as_free_text_is_saved_with_a_warning_and_flagged(plan):
    gathering = add(plan, "Regional samling", "Oktober")
    client = english_client("admin")
    hr = regions(plan)["HR"]

    response = client.post(
        url("portal:session_new", plan, pk=gathering.pk),
        {"region": hr.pk, "when_text": "en gang i november", "location": ""},
        follow=True,
    )

    page = response.content.decode()
    assert "The regional date is saved, but the time “en gang i november” was not understood" in (
        page
    )
    assert "The regional date is saved." not in page
    session = gathering.sessions.get(region=hr)
    assert (session.when_text, session.understood, session.start_date) == (
        "en gang i november",
        False,
        None,
    )
    item = re.search(r"HR</abbr>: en gang i november(.*?)</li>", page, re.S)[1]
    assert "time not understood" in item


def test_a_regional_date_that_is_understood_shows_how_it_was_read(plan):
    gathering = add(plan, "Regional samling", "Oktober")
    client = english_client("admin")

    response = client.post(
        url("portal:session_new", plan, pk=gathering.pk),
        {"region": regions(plan)["HR"].pk, "when_text": "27.10", "location": ""},
        follow=True,
    )

    page = response.content.decode()
    assert "The regional date is saved." in page
    item = re.search(r"HR</abbr>: 27.10(.*?)</li>", page, re.S)[1]
    assert "(27 Oct 2026)" in item
    assert "time not understood" not in item
