"""Importing a Word plan through the pages: preview first, nothing saved until confirmed."""

from __future__ import annotations

import io
from datetime import date

import docx
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from samla.plans.models import Activity, Plan, PlanImport
from tests.conftest import client_for


def word_plan() -> bytes:
    document = docx.Document()
    table = document.add_table(rows=1, cols=4)
    for cell, text in zip(table.rows[0].cells, ["Når", "Hva", "Ansvar", "Målgruppe"], strict=True):
        cell.text = text
    rows = [
        ("Høst 2026", "", "", ""),
        ("NØR: 19/10\nHR: 27/10", "Regional samling", "SePU", "Skoleledere"),
        ("Vår 2027", "", "", ""),
        ("Februar?", "Innlandskonferansen", "SePU", "Alle"),
        ("en gang i løpet av våren", "Nettverksmøte", "Region", "Rektorer"),
    ]
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def upload(client, content: bytes, name="plan.docx", year="2026/2027"):
    return client.post(
        reverse("portal:plan_import", kwargs={"slug": "kfl-skole"}),
        {"school_year": year, "file": SimpleUploadedFile(name, content)},
    )


def test_upload_shows_a_preview_and_saves_nothing(demo_org):
    client = client_for("admin")
    response = upload(client, word_plan())
    assert response.status_code == 302
    preview = client.get(response["Location"]).content.decode()
    assert "Regional samling" in preview and "Innlandskonferansen" in preview
    assert "19.10.2026" in preview
    assert "Ikke forstått: beholdt som tekst" in preview
    assert "Tabell 1, rad 6: Forstod ikke tiden «en gang i løpet av våren»" in preview
    assert not Plan.objects.filter(school_year="2026/2027").exists()
    assert not Activity.objects.exists()


def test_the_preview_speaks_the_users_language(demo_org):
    client = client_for("admin")
    location = upload(client, word_plan())["Location"]
    client.cookies["samla_language"] = "nn"
    preview = client.get(location).content.decode()
    assert (
        "Tabell 1, rad 6: Forstod ikkje tida «en gang i løpet av våren»; teksten er teken vare på."
        in preview
    )
    client.cookies["samla_language"] = "en"
    preview = client.get(location).content.decode()
    assert (
        "Table 1, row 6: The time “en gang i løpet av våren” was not understood; the text is kept."
        in preview
    )


def test_confirm_saves_kept_rows_with_corrections(demo_org):
    client = client_for("admin")
    location = upload(client, word_plan())["Location"]
    response = client.post(
        location,
        {
            "action": "save",
            "keep-0": "on",
            "title-0": "Regional samling for ledere",
            "when-0": "Oktober",
            # row 1 not kept
            "keep-2": "on",
            "title-2": "Nettverksmøte",
            "when-2": "Uke 10",
        },
    )
    assert response.status_code == 302
    plan = Plan.objects.get(programme__slug="kfl-skole", school_year="2026/2027")
    activities = list(plan.activities.order_by("order"))
    assert [a.title for a in activities] == ["Regional samling for ledere", "Nettverksmøte"]
    assert activities[1].start_date == date(2027, 3, 8)
    sessions = {s.region.short_name: s.start_date for s in activities[0].sessions.all()}
    assert sessions == {"NØR": date(2026, 10, 19), "HR": date(2026, 10, 27)}
    assert not PlanImport.objects.exists()


def test_existing_activities_are_not_replaced_unless_asked(demo_org):
    client = client_for("admin")
    demo_org.plan()  # has an activity already
    before = list(Activity.objects.values_list("pk", flat=True))
    location = upload(client, word_plan())["Location"]
    response = client.post(location, {"action": "save", "keep-0": "on"})
    assert response.status_code == 200
    assert "har allerede aktiviteter" in response.content.decode()
    assert list(Activity.objects.values_list("pk", flat=True)) == before
    client.post(location, {"action": "save", "keep-0": "on", "replace": "on"})
    plan = Plan.objects.get(programme__slug="kfl-skole", school_year="2026/2027")
    assert [a.title for a in plan.activities.all()] == ["Regional samling"]
    assert plan.activities.get().sessions.count() == 2


def test_not_a_word_file_gets_a_clear_error(demo_org):
    response = upload(client_for("admin"), b"%PDF-1.4 not a word file", name="plan.pdf")
    assert response.status_code == 200
    assert "ikke et Word-dokument" in response.content.decode()
    assert not PlanImport.objects.exists()


def test_the_upload_error_speaks_the_users_language(demo_org):
    client = client_for("admin")
    client.cookies["samla_language"] = "nn"
    response = upload(client, b"%PDF-1.4 not a word file", name="plan.pdf")
    assert "Fila er ikkje eit Word-dokument (.docx)." in response.content.decode()


def test_word_file_without_plan_table_gets_a_clear_error(demo_org):
    document = docx.Document()
    document.add_paragraph("Bare tekst")
    buffer = io.BytesIO()
    document.save(buffer)
    response = upload(client_for("admin"), buffer.getvalue())
    assert "Fant ingen plantabell" in response.content.decode()
    assert not PlanImport.objects.exists()


def test_only_programme_admins_import(demo_org):
    assert upload(client_for("region"), word_plan()).status_code == 403
    assert upload(client_for("styrer"), word_plan()).status_code == 404
    assert not PlanImport.objects.exists()


def test_someone_elses_upload_is_not_found(demo_org):
    location = upload(client_for("admin"), word_plan())["Location"]
    other = demo_org.user("region")
    from samla.org.models import Membership

    Membership.objects.create(
        person=other, role="programme_admin", programme=demo_org.school_programme
    )
    assert client_for("region").get(location).status_code == 404
