"""Exports of an action plan: JSON, Word, tagged PDF, iCalendar, and the export_plan command."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import docx
import icalendar
import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from django.utils.translation import gettext

from samla.core.pdf import PdfUnavailable, render_html
from samla.org.models import Role
from samla.plans import exports, ics
from samla.plans.docx_import import read_plan
from samla.plans.models import Deadline, Plan
from samla.plans.services import (
    approve_plan,
    get_or_create_plan,
    import_plan,
    region_names,
    set_session,
)

from .factories import add, build_plan, region, seed_like_docx

OSLO = ZoneInfo("Europe/Oslo")
YEAR = "2021/2022"
SLUG = "kfl-skole"
BOKMAL_HEADINGS = ["Når", "Hva", "Ansvar", "Målgruppe"]


@pytest.fixture(autouse=True)
def bokmal():
    with translation.override("nb"):
        yield


@pytest.fixture
def plan(demo_org):
    return build_plan(demo_org.school_programme, YEAR)


def titles(plan):
    return list(plan.activities.order_by("order").values_list("title", flat=True))


# --- JSON ---------------------------------------------------------------------------------


def test_json_has_the_shape_of_the_import_preview(demo_org):
    programme = demo_org.school_programme
    plan, _created = get_or_create_plan(programme, YEAR)
    approve_plan(plan, date(2021, 6, 10))
    details = ({"kind": "paragraph", "text": "Oppfølging av tolkningsarbeid"},)
    workshop = add(plan, "Regionale work-shop", "Uke 34", "autumn", details=details)
    set_session(workshop, region(programme, "NØR"), "24.8 kl.9-15", location="Tynset")

    data = exports.plan_as_dict(Plan.objects.get(pk=plan.pk))

    assert data == {
        "programme": SLUG,
        "school_year": YEAR,
        "region": None,
        "title": "",
        "status": "approved",
        "approved_on": "2021-06-10",
        "goals": "",
        "activities": [
            {
                "title": "Regionale work-shop",
                "details": [{"kind": "paragraph", "text": "Oppfølging av tolkningsarbeid"}],
                "responsible": "",
                "audience": "",
                "status": "planned",
                "term": "autumn",
                "location": "",
                "when": {
                    "text": "Uke 34",
                    "start": "2021-08-23",
                    "end": "2021-08-29",
                    "precision": "week",
                    "tentative": False,
                    "start_time": None,
                    "end_time": None,
                },
                "sessions": [
                    {
                        "region": "NØR",
                        "text": "24.8 kl.9-15",
                        "start": "2021-08-24",
                        "end": "2021-08-24",
                        "start_time": "09:00",
                        "end_time": "15:00",
                        "tentative": False,
                        "location": "Tynset",
                    }
                ],
            }
        ],
        "skipped": [],
        "warnings": [],
    }


def test_json_orders_autumn_before_spring_whatever_the_order_added(demo_org):
    plan, _created = get_or_create_plan(demo_org.school_programme, YEAR)
    add(plan, "Vår", "Mars", "spring")
    add(plan, "Høst", "Oktober", "autumn")

    data = exports.plan_as_dict(plan)

    assert [(a["title"], a["term"]) for a in data["activities"]] == [
        ("Høst", "autumn"),
        ("Vår", "spring"),
    ]


@pytest.mark.parametrize("count", [1, 3])
def test_plan_as_dict_runs_a_fixed_number_of_queries(
    demo_org, django_assert_max_num_queries, count
):
    programme = demo_org.school_programme
    plan, _created = get_or_create_plan(programme, YEAR)
    for number in range(count):
        activity = add(plan, f"Samling {number}", "Uke 34", "autumn")
        set_session(activity, region(programme, "NØR"), "19/8")
        set_session(activity, region(programme, "HR"), "20/8")
    plan = Plan.objects.get(pk=plan.pk)

    with django_assert_max_num_queries(3):  # programme, activities, sessions with regions
        data = exports.plan_as_dict(plan)

    assert len(data["activities"]) == count


# --- Word ---------------------------------------------------------------------------------


def test_docx_is_the_plans_table_grouped_by_term(plan):
    document = docx.Document(io.BytesIO(exports.plan_to_docx(plan)))

    table = document.tables[0]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    term_rows = [row.cells[0].text for row in table.rows if len(row._tr.tc_lst) == 1]
    what_cells = [row[1] for row in rows[1:]]
    assert rows[0] == BOKMAL_HEADINGS
    assert term_rows == ["Høst 2021", "Vår 2022"]
    assert rows[1] == ["Høst 2021"] * 4  # one merged cell over the whole width
    assert rows[2] == [
        "NØR: 19/8\nSØR:\nHR: 20/8",
        "Regionale eiermøter\nSamarbeidsformen Kultur for læring\nOppvekstforum sin oppsummering"
        "\nHva innebærer arbeidsformen i vår region?\nForberedelse til kartlegging T3",
        "Regionene",
        "Kommunene, Statsforvalteren, SePU",
    ]
    assert rows[6][0] == "November\nNØR: 18/11\nSØR: 20/11\nKR: 4/12\nHR: 19/11"
    assert rows[7][0] == "Vår 2022"
    assert [text.split("\n")[0] for text in what_cells if text not in term_rows] == titles(plan)


def test_docx_marks_bullets_headings_and_cancelled_activities(plan):
    document = docx.Document(io.BytesIO(exports.plan_to_docx(plan)))

    rows = document.tables[0].rows
    owners = rows[2].cells[1].paragraphs
    cancelled = next(row for row in rows if row.cells[1].text == "Kurs i analyse")
    styles = ["Normal", "Normal", "List Bullet", "List Bullet", "Normal"]
    assert [p.style.name for p in owners] == styles
    assert [bool(p.runs[0].bold) for p in owners] == [True, True, False, False, False]
    assert cancelled.cells[1].paragraphs[0].runs[0].font.strike is True


def test_word_round_trip_gives_the_same_activities_and_dates(demo_org):
    programme = demo_org.school_programme
    names = region_names(programme)
    first = read_plan(seed_like_docx(), YEAR, names)
    plan, _created = get_or_create_plan(programme, YEAR)
    import_plan(plan, first)

    again = read_plan(exports.plan_to_docx(plan), YEAR, names)

    assert [_essence(a) for a in again.activities] == [_essence(a) for a in first.activities]
    assert len(first.activities) == 8


def _essence(activity):
    when = activity.when
    sessions = [(s.region, s.when.start, s.when.end) for s in activity.sessions]
    dates = (when.start, when.end, when.start_time, when.end_time, when.precision)
    flags = (when.tentative, when.postponed)
    people = (activity.responsible, activity.audience)
    return (activity.title, activity.term, dates, flags, sessions, people, activity.details)


# --- iCalendar ----------------------------------------------------------------------------


def ics_events(content: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(content)
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def uid_of(plan, title, kind="activity"):
    return f"{kind}-{plan.activities.get(title=title).pk}@samla"


def session_uid(plan, title, short_name):
    activity = plan.activities.get(title=title)
    return f"session-{activity.sessions.get(region__short_name=short_name).pk}@samla"


def span(event):
    return event["dtstart"].dt, event["dtend"].dt


def test_ics_all_day_events_end_the_day_after(plan):
    events = ics_events(
        ics.activities_to_ics(exports.ordered_activities(plan), calendar_name="KFL")
    )

    one_day = events[uid_of(plan, "Resultatportalen åpnes")]
    assert span(one_day) == (date(2022, 1, 10), date(2022, 1, 11))
    assert one_day["dtstart"].params["VALUE"] == "DATE"
    assert span(events[uid_of(plan, "Gjennomføring spørreundersøkelsen")]) == (
        date(2021, 10, 15),
        date(2021, 12, 1),
    )
    week = events[uid_of(plan, "Regionale work-shop")]
    assert span(week) == (date(2021, 8, 23), date(2021, 8, 30))  # Monday to the next Monday
    assert week["transp"] == "TRANSPARENT"
    assert span(events[uid_of(plan, "Innlandskonferanse")]) == (date(2022, 2, 1), date(2022, 3, 1))
    assert span(events[uid_of(plan, "Lærende nettverk")]) == (date(2022, 4, 20), date(2022, 4, 21))


def test_ics_timed_event_is_in_oslo_time_with_its_timezone(plan):
    content = ics.activities_to_ics(exports.ordered_activities(plan), calendar_name="KFL")

    event = ics_events(content)[uid_of(plan, "Samling for skoleledere")]
    timezones = icalendar.Calendar.from_ical(content).walk("VTIMEZONE")
    assert span(event) == (
        datetime(2021, 9, 22, 14, tzinfo=OSLO),
        datetime(2021, 9, 22, 16, tzinfo=OSLO),
    )
    assert event["dtstart"].params["TZID"] == "Europe/Oslo"
    assert event["dtstart"].dt.utcoffset() == timedelta(hours=2)
    assert [str(tz["tzid"]) for tz in timezones] == ["Europe/Oslo"]
    assert str(event["location"]) == "Hamar"


def test_ics_timed_range_meets_every_day_at_those_hours(demo_org):
    plan, _created = get_or_create_plan(demo_org.school_programme, YEAR)
    add(plan, "Samling", "26.-27.10.21 kl.9-15", "autumn")

    events = ics_events(ics.activities_to_ics(plan.activities.all(), calendar_name="K"))

    (event,) = events.values()
    assert span(event) == (
        datetime(2021, 10, 26, 9, tzinfo=OSLO),
        datetime(2021, 10, 26, 15, tzinfo=OSLO),
    )
    assert event["rrule"].to_ical() == b"FREQ=DAILY;COUNT=2"


def test_ics_status_sessions_and_summary(plan):
    events = ics_events(
        ics.activities_to_ics(exports.ordered_activities(plan), calendar_name="KFL")
    )

    statuses = {uid: str(event["status"]) for uid, event in events.items()}
    owners_nor = events[session_uid(plan, "Regionale eiermøter", "NØR")]
    assert statuses[uid_of(plan, "Innlandskonferanse")] == "TENTATIVE"
    assert statuses[uid_of(plan, "Kurs i analyse")] == "CANCELLED"
    assert statuses[uid_of(plan, "Resultatportalen åpnes")] == "CONFIRMED"
    assert str(owners_nor["summary"]) == "Regionale eiermøter – NØR"
    assert span(owners_nor) == (date(2021, 8, 19), date(2021, 8, 20))
    assert str(owners_nor["description"]) == (
        "Når: 19/8\nSamarbeidsformen Kultur for læring\n• Oppvekstforum sin oppsummering\n"
        "• Hva innebærer arbeidsformen i vår region?\nForberedelse til kartlegging T3\n"
        "Ansvar: Regionene\nMålgruppe: Kommunene, Statsforvalteren, SePU"
    )
    # Sessions replace their activity; a region without a date (SØR: "") gives no event.
    assert uid_of(plan, "Regionale eiermøter") not in events
    assert session_uid(plan, "Regionale eiermøter", "SØR") not in events
    assert len(events) == 7 + 2 + 4  # seven activities without sessions


def test_ics_uids_are_stable_between_exports(plan):
    first = ics_events(ics.activities_to_ics(exports.ordered_activities(plan), calendar_name="A"))
    again = ics_events(ics.activities_to_ics(exports.ordered_activities(plan), calendar_name="A"))

    assert sorted(first) == sorted(again)
    assert uid_of(plan, "Kurs i analyse") in first


def test_ics_region_filter_keeps_that_regions_sessions_and_the_shared_activities(plan):
    nor = region(plan.programme, "NØR")

    events = ics_events(
        ics.activities_to_ics(
            exports.ordered_activities(plan), calendar_name="NØR", region_ids={nor.pk}
        )
    )

    sessions = sorted(uid for uid in events if uid.startswith("session-"))
    assert sessions == sorted(
        [
            session_uid(plan, "Regionale eiermøter", "NØR"),
            session_uid(plan, "Regional work-shop, felles barnehage skole", "NØR"),
        ]
    )
    assert len(events) == 2 + 7


def test_ics_deadlines_fall_in_the_plans_school_year(demo_org):
    programme = demo_org.school_programme
    yearly = Deadline.objects.create(
        programme=programme, role=Role.UNIT_LEADER, title="Samtykke", yearly_month=2, yearly_day=29
    )
    Deadline.objects.create(
        programme=programme, role=Role.OWNER, title="Gammel frist", date=date(2020, 5, 1)
    )

    found = ics.deadline_occurrences(programme.deadlines.all(), YEAR)
    events = ics_events(ics.activities_to_ics([], calendar_name="F", deadlines=found))

    assert found == [(yearly, date(2022, 2, 28))]
    event = events[f"deadline-{yearly.pk}-20220228@samla"]
    assert str(event["summary"]) == "Frist: Samtykke"
    assert span(event) == (date(2022, 2, 28), date(2022, 3, 1))


# --- PDF ----------------------------------------------------------------------------------


def poppler(tool: str, pdf: bytes, tmp_path, *args: str) -> str:
    """Run a poppler tool on the PDF; ``args`` go after the file name."""
    if shutil.which(tool) is None:
        message = f"{tool} is missing: apt-get install poppler-utils"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    path = tmp_path / "plan.pdf"
    path.write_bytes(pdf)
    result = subprocess.run([tool, str(path), *args], capture_output=True, check=True)
    return result.stdout.decode()


def test_pdf_is_tagged_and_holds_every_activity_and_the_norwegian_headings(plan, tmp_path):
    plan.goals = "· Bedre læringsmiljø\n· Felles kompetanseutvikling"
    plan.save()

    pdf = exports.plan_to_pdf(plan)

    text = " ".join(poppler("pdftotext", pdf, tmp_path, "-enc", "UTF-8", "-").split())
    info = poppler("pdfinfo", pdf, tmp_path)
    headings = [*BOKMAL_HEADINGS, "Høst 2021", "Vår 2022", "Skoleåret 2021/2022"]
    others = ["Bedre læringsmiljø", "NØR: 18/11", "Avlyst", "Foreløpig", "Sted: Hamar"]
    assert [
        expected for expected in [*titles(plan), *headings, *others] if expected not in text
    ] == []
    assert "Tagged:          yes" in info
    assert f"Title:           {plan}" in info


def test_pdf_without_weasyprint_says_what_to_install(plan, monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as if it were not installed

    with pytest.raises(PdfUnavailable, match="PDF export needs WeasyPrint"):
        exports.plan_to_pdf(plan)


def test_pdf_template_is_a_standalone_accessible_document(plan):
    html = render_html(exports.PDF_TEMPLATE, exports.pdf_context(plan))

    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="nb">' in html
    assert "<caption>" in html and '<th scope="col">Når</th>' in html
    assert '<th scope="rowgroup" colspan="4" class="term">Høst 2021</th>' in html
    assert "style=" not in html and "<script" not in html


# --- The command --------------------------------------------------------------------------


def export(tmp_path, kind, *args):
    output = tmp_path / f"plan.{kind}"
    call_command(
        "export_plan",
        *("--programme", SLUG, "--school-year", YEAR, "--format", kind, "--output", output),
        *args,
        stdout=io.StringIO(),
    )
    return output


def test_command_writes_json(plan, tmp_path):
    output = export(tmp_path, "json")

    assert json.loads(output.read_text()) == exports.plan_as_dict(plan)


def test_command_writes_docx(plan, tmp_path):
    output = export(tmp_path, "docx")

    assert docx.Document(output).tables[0].rows[0].cells[0].text == "Når"


def test_command_writes_pdf(plan, tmp_path):
    output = export(tmp_path, "pdf")

    assert output.read_bytes().startswith(b"%PDF-")


def test_command_writes_ics_for_one_region(plan, tmp_path):
    output = export(tmp_path, "ics", "--region", "nør")

    events = ics_events(output.read_bytes())
    assert len(events) == 9
    assert str(icalendar.Calendar.from_ical(output.read_bytes())["x-wr-calname"]) == str(plan)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"--programme": "nope"}, "No programme 'nope'"),
        ({"--school-year": "2030/2031"}, "kfl-skole has no plan for the school year 2030/2031"),
        ({"--school-year": "2021-2022"}, "write the school year as 2021/2022"),
        ({"--format": "xls"}, "Unknown format 'xls': choose json, docx, pdf, ics"),
        ({"--format": "ics", "--region": "XX"}, "No region 'XX' in kfl-skole"),
        ({"--region": "NØR"}, "--region and --deadlines apply to the ics format only"),
        ({"--language": "sv"}, "Unknown language 'sv'"),
    ],
)
def test_command_refuses_bad_input_and_writes_nothing(plan, tmp_path, options, message):
    output = tmp_path / "plan.out"
    arguments = {"--programme": SLUG, "--school-year": YEAR, "--format": "json"} | options

    with pytest.raises(CommandError, match=message):
        call_command(
            "export_plan", *[x for pair in arguments.items() for x in pair], "--output", output
        )

    assert not output.exists()


def test_command_in_nynorsk(plan, tmp_path):
    output = export(tmp_path, "docx", "--language", "nn")

    headings = [cell.text for cell in docx.Document(output).tables[0].rows[0].cells]
    with translation.override("nn"):
        assert headings == [gettext(h) for h in ("When", "What", "Responsible", "Target group")]
    assert headings[1] == "Kva"
