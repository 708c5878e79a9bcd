"""An import's way through the task worker: checking, checked or invalid, applying,
applied or failed; a crash changes nothing and says so plainly; applying twice applies
once. Tasks run at once (django-tasks' immediate backend) when the upload commits."""

from __future__ import annotations

import logging

import pytest
from django.utils import translation

from samla.org.imports.runner import (
    UploadRefused,
    request_apply,
    run_apply,
    run_check,
    start_import,
)
from samla.org.models import ImportKind, ImportState, OrgImport, Person
from tests.org.test_workbook import snapshot
from tests.org.workbook_support import edit, template_for

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def tasks_at_once(settings):
    settings.TASKS = IMMEDIATE


def _start(demo_org, content: bytes, username="rektor", **kwargs) -> OrgImport:
    return start_import(
        programme=demo_org.school_programme,
        kind=kwargs.pop("kind", ImportKind.WORKBOOK),
        file_name="ansatte.xlsx",
        content=content,
        actor=demo_org.user(username),
        language="en",
        **kwargs,
    )


def _new_teacher(demo_org) -> bytes:
    school = demo_org.school
    rektor = demo_org.user("rektor")
    return edit(
        template_for(rektor, demo_org.school_programme),
        staff=[["Nora", "Nyberg", "nora@example.no", school.name, "", "lærer", "6A"]],
    )


def test_an_upload_is_checked_then_applied_once(
    demo_org, tasks_at_once, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        org_import = _start(demo_org, _new_teacher(demo_org))
    org_import.refresh_from_db()
    assert org_import.state == ImportState.CHECKED
    assert org_import.done == org_import.total > 0
    assert org_import.preview["counts"]["new"] == 1
    assert org_import.finished_at is not None

    with django_capture_on_commit_callbacks(execute=True):
        assert request_apply(org_import, confirm_removals=False) is True
    org_import.refresh_from_db()
    nora = Person.objects.get(email="nora@example.no")
    assert org_import.state == ImportState.APPLIED
    assert org_import.outcome["new_people"] == [nora.pk]
    assert org_import.error == ""
    assert bytes(org_import.content) == b""  # the staff's file is not kept once applied

    before = snapshot()
    run_apply(org_import.pk)
    assert request_apply(org_import, confirm_removals=True) is False
    org_import.refresh_from_db()
    assert org_import.state == ImportState.APPLIED
    assert snapshot() == before


def test_a_file_with_errors_is_invalid_and_cannot_be_applied(
    demo_org, tasks_at_once, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        org_import = _start(demo_org, b"Enhet;Navn\n")
    org_import.refresh_from_db()
    before = snapshot()

    assert org_import.state == ImportState.INVALID
    assert org_import.preview["counts"]["errors"] == 1
    assert request_apply(org_import, confirm_removals=True) is False
    run_apply(org_import.pk)
    org_import.refresh_from_db()
    assert org_import.state == ImportState.INVALID
    assert snapshot() == before


def test_a_file_that_has_gone_wrong_since_the_check_is_not_applied(demo_org):
    org_import = _start(demo_org, _new_teacher(demo_org))
    run_check(org_import.pk)
    Person.objects.create(username="nora", email="NORA@example.no", is_active=False)
    before = snapshot()

    run_apply(org_import.pk)

    org_import.refresh_from_db()
    assert org_import.state == ImportState.INVALID
    assert "is deactivated in Samla" in org_import.preview["rows"][0]["message"]
    assert snapshot() == before


def test_a_crash_marks_the_import_failed_plainly_and_changes_nothing(demo_org, caplog):
    # An import of a kind no reader knows: the units reader raises, as any bug would.
    org_import = OrgImport.objects.create(
        programme=demo_org.school_programme,
        kind="bogus",
        file_name="x.json",
        content=b"{}",
        created_by=demo_org.user("admin"),
        language="en",
    )
    before = snapshot()
    with caplog.at_level(logging.ERROR, logger="samla.org.imports.runner"):
        run_check(org_import.pk)
    org_import.refresh_from_db()
    assert org_import.state == ImportState.FAILED
    assert org_import.error == (
        "Samla could not check the file. Nothing was changed. Upload it again, or ask for "
        "help if it happens again."
    )
    assert "Traceback" not in org_import.error
    assert caplog.records[0].exc_info is not None

    OrgImport.objects.filter(pk=org_import.pk).update(
        state=ImportState.CHECKED, preview={"valid": True, "counts": {"errors": 0}}
    )
    run_apply(org_import.pk)
    org_import.refresh_from_db()
    assert org_import.state == ImportState.FAILED
    assert org_import.error.startswith("Samla could not apply the file. Nothing was changed.")
    assert snapshot() == before


def test_only_a_waiting_import_is_checked(demo_org):
    org_import = _start(demo_org, _new_teacher(demo_org))
    OrgImport.objects.filter(pk=org_import.pk).update(state=ImportState.APPLIED)
    run_check(org_import.pk)
    org_import.refresh_from_db()
    assert (org_import.state, org_import.preview) == (ImportState.APPLIED, {})


@pytest.mark.parametrize(
    ("username", "kwargs", "message"),
    [
        ("rektor", {"content": b"x" * (10 * 1024 * 1024 + 1)}, "The file is larger than 10 MB."),
        ("rektor", {"content": b""}, "The file is empty."),
        ("rektor", {"kind": ImportKind.NSR}, "Only a programme administrator imports units"),
        ("laerer", {}, "You do not look after any units in this programme."),
        ("eier", {"unit": "Trysil"}, "You do not look after this unit."),
    ],
    ids=["too large", "empty", "register by a unit leader", "not a steward", "another owner"],
)
def test_uploads_that_are_not_taken(demo_org, username, kwargs, message):
    if kwargs.get("unit"):
        kwargs["unit"] = demo_org.unit_in(kwargs["unit"])
    content = kwargs.pop("content", b"PK")
    with translation.override("en"), pytest.raises(UploadRefused) as refused:
        _start(demo_org, content, username=username, **kwargs)
    assert str(refused.value).startswith(message)
    assert OrgImport.objects.count() == 0
