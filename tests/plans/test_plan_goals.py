"""A plan's goals ("Mål:" and its bullets above the table) are imported, shown and exported
(issue 18, "Word plans")."""

from __future__ import annotations

import io
from pathlib import Path

import docx
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from samla.core.pdf import render_html
from samla.plans import exports, services
from samla.plans.docx_import import read_plan
from samla.plans.models import Plan
from tests.conftest import client_for
from tests.plans.docx_builders import P, build_docx, plan_table

FIXTURES = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures" / "plans"
YEAR = "2020/2021"
SCHOOL_GOALS = (
    "De faglige resultatene i grunnskolen på nasjonale prøver og grunnskolepoeng skal forbedres "
    "og elevene skal i sterkere grad få kompetanse tilknyttet det 21 århundres ferdigheter.",
    "Lærernes, skolelederes og skoleeieres kompetanse skal økes gjennom kollektiv og samordnet "
    "kompetanseutvikling i profesjonelle læringsfellesskap.",
    "Ulike kartleggingsresultater skal brukes aktivt på alle nivå i utdanningssystemet for å "
    "forbedre den pedagogiske praksis.",
    "Styrende myndigheter, forvaltningen, høyere utdanning og interesseorganisasjoner skal ha et "
    "nærmere og mer forpliktende samarbeid.",
)
ROW = ["Mai", "Eiermøte", "Skoleeier", "HTV"]


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def goals_of(*content) -> tuple[str, ...]:
    return read_plan(build_docx(*content), YEAR).goals


# --- Reading ------------------------------------------------------------------------------


def test_reads_the_goals_of_the_kfl_school_plan():
    assert read_plan(fixture("kfl-skole-2020-2021.docx"), YEAR).goals == SCHOOL_GOALS


def test_reads_the_goals_of_the_kfl_kindergarten_plan():
    goals = read_plan(fixture("kfl-barnehage-2020-2021.docx"), YEAR).goals

    assert len(goals) == 4
    assert goals[0].startswith("Barns språklige og sosiale kompetanse skal heves")
    assert goals[3] == (
        "Styrende myndigheter, forvaltningen, høyere utdanning og interesseorganisasjoner har et "
        "nærmere og mer forpliktende samarbeid."
    )


def test_a_plan_without_a_goals_heading_has_no_goals():
    assert read_plan(fixture("skup-hedmark-ledermodul.docx"), YEAR).goals == ()


def test_the_import_leaves_the_activities_as_they_were():
    content = build_docx("Mål:", P("Bedre læring", style="List Bullet"), plan_table(ROW))
    with_goals = read_plan(content, YEAR)
    without = read_plan(build_docx(plan_table(ROW)), YEAR)

    assert with_goals.activities == without.activities
    assert with_goals.as_dict()["goals"] == ["Bedre læring"]
    assert "goals" not in without.as_dict()


def test_typed_bullets_and_plain_lines_are_goals_without_their_marks():
    assert goals_of("Mål", "· Bedre læring", "- Felles kompetanse", plan_table(ROW)) == (
        "Bedre læring",
        "Felles kompetanse",
    )
    assert goals_of("Mål:", "Bedre læring", "Felles kompetanse", plan_table(ROW)) == (
        "Bedre læring",
        "Felles kompetanse",
    )


def test_a_goal_on_the_heading_line_is_a_goal():
    assert goals_of("Mål: Bedre læring for alle", plan_table(ROW)) == ("Bedre læring for alle",)


def test_the_goals_end_at_the_next_heading_or_the_text_after_the_bullets():
    content = (
        "Mål:",
        P("Bedre læring", style="List Bullet"),
        "Planen gjelder alle skoler i fylket.",
        P("Organisering", style="Heading 2"),
        P("Ikke et mål", style="List Bullet"),
        plan_table(ROW),
    )
    assert goals_of(*content) == ("Bedre læring",)
    assert goals_of(
        "Mål:", "Bedre læring", P("Organisering", bold=True), "Tekst", plan_table(ROW)
    ) == ("Bedre læring",)
    assert goals_of("Mål:", "Bedre læring", "Organisering:", "Tekst", plan_table(ROW)) == (
        "Bedre læring",
    )


def test_only_paragraphs_above_the_plan_table_count():
    assert goals_of(plan_table(ROW), "Mål:", "· Bedre læring") == ()
    assert goals_of("Målgruppe: skoleledere", plan_table(ROW)) == ()


# --- Saving, showing and exporting --------------------------------------------------------


def upload(client, content: bytes) -> str:
    response = client.post(
        reverse("portal:plan_import", kwargs={"slug": "kfl-skole"}),
        {"school_year": YEAR, "file": SimpleUploadedFile("plan.docx", content)},
    )
    assert response.status_code == 302
    return response["Location"]


def save_all(client, location: str) -> Plan:
    # Without "keep-N" every row would be dropped: keep them all.
    rows = {f"keep-{index}": "on" for index in range(200)}
    response = client.post(location, {"action": "save", **rows})
    assert response.status_code == 302
    return Plan.objects.get(programme__slug="kfl-skole", school_year=YEAR)


def test_the_preview_shows_the_goals_and_saving_stores_them(demo_org):
    client = client_for("admin")
    client.cookies["samla_language"] = "en"
    location = upload(client, fixture("kfl-skole-2020-2021.docx"))

    preview = client.get(location).content.decode()
    assert '<h2 id="goals-heading">Goals</h2>' in preview
    assert f"<li>{SCHOOL_GOALS[1]}</li>" in preview
    assert "These goals are saved with the plan." in preview
    assert not Plan.objects.filter(school_year=YEAR).exists()

    plan = save_all(client, location)
    assert plan.goals == "\n".join(SCHOOL_GOALS)
    assert plan.activities.exists()


def test_goals_already_written_are_kept_and_the_preview_says_so(demo_org):
    plan, _ = services.get_or_create_plan(demo_org.school_programme, YEAR)
    Plan.objects.filter(pk=plan.pk).update(goals="Våre egne mål")
    client = client_for("admin")
    client.cookies["samla_language"] = "en"
    location = upload(client, fixture("kfl-skole-2020-2021.docx"))

    preview = client.get(location).content.decode()
    assert "The plan already has goals: they are kept, not replaced by these." in preview

    assert save_all(client, location).goals == "Våre egne mål"


def test_the_plan_page_lists_the_goals_under_a_heading(demo_org):
    plan, _ = services.get_or_create_plan(demo_org.school_programme, YEAR)
    services.import_plan(plan, read_plan(fixture("kfl-skole-2020-2021.docx"), YEAR))
    client = client_for("rektor")
    url = reverse("portal:plan", kwargs={"slug": plan.programme.slug, "year": YEAR})

    client.cookies["samla_language"] = "en"
    page = client.get(url).content.decode()
    assert '<h2 id="goals-heading">Goals</h2>' in page
    items = "".join(f"<li>{goal}</li>" for goal in SCHOOL_GOALS)
    assert f'<ul class="goals">{items}</ul>' in page

    client.cookies["samla_language"] = "nb"
    assert '<h2 id="goals-heading">Mål</h2>' in client.get(url).content.decode()


def test_a_plan_without_goals_shows_no_goals_heading(demo_org):
    plan, _ = services.get_or_create_plan(demo_org.school_programme, YEAR)
    services.import_plan(plan, read_plan(fixture("skup-hedmark-ledermodul.docx"), YEAR))
    url = reverse("portal:plan", kwargs={"slug": plan.programme.slug, "year": YEAR})

    page = client_for("rektor").get(url).content.decode()

    assert plan.goals == ""
    assert "goals-heading" not in page


def test_the_word_and_pdf_exports_list_the_imported_goals(demo_org):
    plan, _ = services.get_or_create_plan(demo_org.school_programme, YEAR)
    services.import_plan(plan, read_plan(fixture("kfl-skole-2020-2021.docx"), YEAR))
    plan.refresh_from_db()

    document = docx.Document(io.BytesIO(exports.plan_to_docx(plan)))
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert tuple(bullets) == SCHOOL_GOALS

    html = render_html(exports.PDF_TEMPLATE, exports.pdf_context(plan))
    for goal in SCHOOL_GOALS:
        assert f"<li>{goal}</li>" in html
