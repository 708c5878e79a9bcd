"""The import pages: download the workbook, upload it, follow the check, look over the
preview and apply — through the test client, with the tasks run at once."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from samla.org.models import ImportKind, ImportState, OrgImport, Person
from tests.conftest import client_for
from tests.org.test_workbook import snapshot
from tests.org.workbook_support import SAMPLE, edit

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
QUERIES_FOR_THE_LIST = 12  # session, user, grants, the menu, stewardship, form choices, the list
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def tasks_at_once(settings):
    settings.TASKS = IMMEDIATE
    settings.LANGUAGE_CODE = "en"


def _urls(demo_org) -> dict:
    slug = demo_org.school_programme.slug
    return {
        "list": reverse("portal:org_imports", args=[slug]),
        "template": reverse("portal:org_import_template", args=[slug]),
    }


def test_upload_preview_and_apply_through_the_pages(demo_org, django_capture_on_commit_callbacks):
    client = client_for("rektor")
    urls = _urls(demo_org)
    school = demo_org.school

    download = client.get(urls["template"])
    assert download["Content-Type"] == XLSX
    book = load_workbook(io.BytesIO(download.content))
    assert book.sheetnames == ["Slik fyller du ut", "Klasser og avdelinger", "Ansatte"]
    filled = edit(
        download.content,
        staff=[["Nora", "Nyberg", "nora@example.no", school.name, "", "lærer", "6A"]],
    )
    page = client.get(urls["list"])
    assert [value for value, _label in page.context["form"].fields["kind"].choices] == [
        ImportKind.WORKBOOK
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            urls["list"],
            {
                "kind": "workbook",
                "scope": f"unit-{school.pk}",
                "file": SimpleUploadedFile("ansatte.xlsx", filled),
            },
        )
    org_import = OrgImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "portal:org_import", args=[demo_org.school_programme.slug, org_import.pk]
    )
    assert (org_import.unit, org_import.created_by) == (school, demo_org.user("rektor"))

    preview = client.get(response["Location"])
    html = preview.content.decode()
    assert "Ready to apply" in html
    assert "New person: Staff (Bjørkely skole), Staff (6A)." in html
    assert 'name="action" value="apply"' in html

    with django_capture_on_commit_callbacks(execute=True):
        applied = client.post(response["Location"], {"action": "apply"})
    assert applied.status_code == 302
    org_import.refresh_from_db()
    assert org_import.state == ImportState.APPLIED
    nora = Person.objects.get(email="nora@example.no")
    assert sorted(str(m.scope) for m in nora.memberships.all()) == ["6A", school.name]
    after = client.get(response["Location"]).content.decode()
    assert "1 new person" in after
    assert 'value="apply"' not in after


def test_a_bad_file_shows_its_errors_first_and_no_apply_button(
    demo_org, django_capture_on_commit_callbacks
):
    client = client_for("rektor")
    school = demo_org.school
    download = client.get(_urls(demo_org)["template"]).content
    bad = edit(download, staff=[["Eva", "Ek", "eva@example.no", school.name, "", "vaktmester", ""]])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _urls(demo_org)["list"], {"kind": "workbook", "file": SimpleUploadedFile("a.xlsx", bad)}
        )
    html = client.get(response["Location"]).content.decode()
    first_row = re.search(r"<tbody>\s*<tr[^>]*>(.*?)</tr>", html, re.S).group(1)
    assert "“vaktmester” is not a role Samla knows" in first_row
    assert "Ansatte" in first_row and "Rolle" in first_row
    assert 'value="apply"' not in html
    errors_only = client.get(response["Location"], {"status_filter": "error"})
    assert len(errors_only.context["rows"]) == 1


def test_the_progress_bar_while_the_worker_checks(demo_org):
    org_import = OrgImport.objects.create(
        programme=demo_org.school_programme, kind=ImportKind.WORKBOOK, file_name="a.xlsx",
        content=b"PK", created_by=demo_org.user("rektor"), unit=demo_org.school,
        done=40, total=100,
    )  # fmt: skip
    url = reverse("portal:org_import", args=[demo_org.school_programme.slug, org_import.pk])
    client = client_for("rektor")

    page = client.get(url).content.decode()
    assert '<progress id="import-progress" max="100" value="40">40 %</progress>' in page
    assert "40 % (40 of 100 rows)" in page
    assert f'<a href="{url}">Refresh</a>' in page
    assert 'hx-trigger="every 2s"' in page

    poll = client.get(url, {"status": "1"}, headers={"HX-Request": "true"})
    assert poll.content.decode().startswith('<div id="import-status" hx-get=')
    OrgImport.objects.filter(pk=org_import.pk).update(state=ImportState.CHECKED)
    done = client.get(url, {"status": "1"}, headers={"HX-Request": "true"})
    assert (done.status_code, done["HX-Refresh"]) == (204, "true")


def test_outsiders_find_nothing_and_an_owner_cannot_upload_for_another_owner(demo_org):
    urls = _urls(demo_org)
    trysil = demo_org.unit_in("Trysil")
    before = snapshot()
    assert client_for("laerer").get(urls["list"]).status_code == 404
    assert client_for("gruppeleder").post(urls["list"], {"kind": "workbook"}).status_code == 404

    response = client_for("eier").post(
        urls["list"],
        {
            "kind": "workbook",
            "scope": f"unit-{trysil.pk}",
            "file": SimpleUploadedFile("a.xlsx", b"PK"),
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice." in response.context["form"].errors["scope"][0]
    assert client_for("eier").get(urls["template"], {"for": f"unit-{trysil.pk}"}).status_code == 404
    register = client_for("eier").post(
        urls["list"], {"kind": "nsr", "file": SimpleUploadedFile("a.json", b"{}")}
    )
    assert "kind" in register.context["form"].errors
    assert OrgImport.objects.count() == 0
    assert snapshot() == before


def test_posts_need_the_csrf_token(demo_org):
    client = Client(enforce_csrf_checks=True)
    client.force_login(demo_org.user("admin"))
    org_import = OrgImport.objects.create(
        programme=demo_org.school_programme, kind=ImportKind.WORKBOOK, file_name="a.xlsx",
        content=b"PK", created_by=demo_org.user("admin"), state=ImportState.CHECKED,
        preview={"valid": True, "counts": {"errors": 0}, "rows": [], "removals": []},
    )  # fmt: skip
    url = reverse("portal:org_import", args=[demo_org.school_programme.slug, org_import.pk])

    assert client.post(url, {"action": "apply"}).status_code == 403
    upload = client.post(
        _urls(demo_org)["list"], {"kind": "workbook", "file": SimpleUploadedFile("a.xlsx", b"PK")}
    )
    assert upload.status_code == 403
    org_import.refresh_from_db()
    assert org_import.state == ImportState.CHECKED
    assert OrgImport.objects.count() == 1


@pytest.mark.parametrize("count", [1, 3])
def test_the_list_of_imports_takes_as_many_queries_for_one_as_for_three(demo_org, count):
    rektor = demo_org.user("rektor")
    for number in range(count):
        OrgImport.objects.create(
            programme=demo_org.school_programme, kind=ImportKind.WORKBOOK,
            file_name=f"fil-{number}.xlsx", content=b"PK", created_by=rektor, unit=demo_org.school,
        )  # fmt: skip
    client = client_for("rektor")
    client.get(_urls(demo_org)["list"])  # the session and the grants warmed alike

    with CaptureQueriesContext(connection) as captured:
        response = client.get(_urls(demo_org)["list"])

    assert len(response.context["imports"]) == count
    assert len(captured) == QUERIES_FOR_THE_LIST, [q["sql"] for q in captured]


def test_an_administrator_uploads_a_register_and_it_is_checked_by_the_units_reader(
    demo_org, django_capture_on_commit_callbacks
):
    sample = SAMPLE.parent / "nsr-innlandet.json"
    client = client_for("admin")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _urls(demo_org)["list"],
            {"kind": "nsr", "file": SimpleUploadedFile(sample.name, sample.read_bytes())},
        )
    org_import = OrgImport.objects.get()
    assert response.status_code == 302
    assert org_import.state in (ImportState.CHECKED, ImportState.INVALID)
    assert org_import.preview["counts"]["new"] + org_import.preview["counts"]["unchanged"] > 0
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert page.context["preview"]["counts"] == org_import.preview["counts"]
