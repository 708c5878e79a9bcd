"""The import pages against another steward's hands: an import is applied by the person
who uploaded it (with their rights, in their name), and the page offers no choice that
the apply would ignore."""

from __future__ import annotations

import pytest
from django.urls import reverse

from samla.org.imports.runner import run_check
from samla.org.models import ImportKind, ImportState, Membership, OrgImport
from tests.conftest import client_for
from tests.org.workbook_support import SAMPLE, edit, template_for, upload

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def tasks_at_once(settings):
    settings.TASKS = IMMEDIATE
    settings.LANGUAGE_CODE = "en"


def _url(org_import: OrgImport) -> str:
    return reverse("portal:org_import", args=[org_import.programme.slug, org_import.pk])


def _drop_staff(book, email: str) -> None:
    for row in book["Ansatte"].iter_rows(min_row=2):
        if row[2].value == email:
            for cell in row:
                cell.value = None


def test_a_unit_leader_cannot_apply_the_owners_upload_for_the_school(
    demo_org, django_capture_on_commit_callbacks
):
    # The owner checked a workbook for the school and left it unapplied: the PPT advisor,
    # not in the file, would lose her role. The school's leader sees the import; he could
    # apply it, confirm the removal, and so take a role only the owner may take — in the
    # owner's name.
    eier, programme, school = demo_org.user("eier"), demo_org.school_programme, demo_org.school
    ppt = demo_org.user("ppt")
    content = edit(
        template_for(eier, programme, school), fill=lambda book: _drop_staff(book, ppt.email)
    )
    org_import = upload(eier, programme, content, unit=school)
    run_check(org_import.pk)
    org_import.refresh_from_db()
    assert org_import.state == ImportState.CHECKED
    assert [r["email"] for r in org_import.preview["removals"]] == [ppt.email]

    rektor = client_for("rektor")
    page = rektor.get(_url(org_import))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'value="apply"' not in html
    assert "Only Elin Fossum, who uploaded the file, can apply it." in html

    with django_capture_on_commit_callbacks(execute=True):
        response = rektor.post(_url(org_import), {"action": "apply", "confirm_removals": "on"})
    assert response.status_code == 302
    org_import.refresh_from_db()
    assert org_import.state == ImportState.CHECKED
    assert Membership.objects.filter(person=ppt, unit=school).exists()

    owner = client_for("eier")
    assert 'value="apply"' in owner.get(_url(org_import)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        owner.post(_url(org_import), {"action": "apply", "confirm_removals": "on"})
    org_import.refresh_from_db()
    assert org_import.state == ImportState.APPLIED
    assert not Membership.objects.filter(person=ppt, unit=school).exists()


def test_a_register_import_offers_no_confirmation_the_apply_would_ignore(demo_org):
    # The register's closed units are closed whatever the box says; the box promised to
    # "close the classes and departments that are not in the file" only if ticked.
    admin = demo_org.user("admin")
    org_import = OrgImport.objects.create(
        programme=demo_org.school_programme,
        kind=ImportKind.NSR,
        file_name="nsr.json",
        content=(SAMPLE.parent / "nsr-innlandet.json").read_bytes(),
        created_by=admin,
        language="en",
    )
    run_check(org_import.pk)
    org_import.refresh_from_db()
    assert org_import.preview["counts"]["closed"] == 1

    html = client_for("admin").get(_url(org_import)).content.decode()

    assert 'value="apply"' in html
    assert 'name="confirm_removals"' not in html
