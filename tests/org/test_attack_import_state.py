"""An import whose organisation changed between its check and its apply: what the steward
confirmed is what is done, or nothing is and the new preview is shown to look over."""

from __future__ import annotations

import pytest

from samla.org import services
from samla.org.imports.runner import request_apply, run_apply, run_check
from samla.org.models import ImportState, Membership, OrgImport, Person, Role
from samla.org.school_year import apply_roll
from tests.org.test_workbook import snapshot
from tests.org.workbook_support import edit, template_for, upload


def _checked(person, programme, content) -> OrgImport:
    org_import = upload(person, programme, content)
    run_check(org_import.pk)
    org_import.refresh_from_db()
    assert org_import.state == ImportState.CHECKED
    return org_import


def _apply(org_import: OrgImport, *, confirm: bool) -> OrgImport:
    assert request_apply(org_import, confirm_removals=confirm)
    run_apply(org_import.pk)
    org_import.refresh_from_db()
    return org_import


def _drop_staff(book, email: str) -> None:
    for row in book["Ansatte"].iter_rows(min_row=2):
        if row[2].value == email:
            for cell in row:
                cell.value = None


def test_a_role_given_after_the_check_is_not_taken_by_the_confirmed_removals(demo_org):
    # The steward confirmed that Ivar Nordby loses his role. Meanwhile the administrator
    # made Nora staff at the school; the apply planned again and took her role too,
    # though she was in no list anyone confirmed.
    rektor, programme, school = demo_org.user("rektor"), demo_org.school_programme, demo_org.school
    laerer = demo_org.user("laerer")
    content = edit(
        template_for(rektor, programme), fill=lambda book: _drop_staff(book, laerer.email)
    )
    org_import = _checked(rektor, programme, content)
    assert [r["email"] for r in org_import.preview["removals"]] == [laerer.email]

    nora = Person.objects.create(username="nora", email="nora@example.no", first_name="Nora")
    services.grant_role(nora, Role.STAFF, actor=demo_org.user("admin"), unit=school)
    before = snapshot()

    org_import = _apply(org_import, confirm=True)

    assert snapshot() == before
    assert Membership.objects.filter(person=nora, role=Role.STAFF, unit=school).exists()
    assert org_import.state == ImportState.CHECKED
    assert sorted(r["email"] for r in org_import.preview["removals"]) == sorted(
        [laerer.email, nora.email]
    )
    assert org_import.error.startswith("The organisation has changed since the file was checked")

    org_import = _apply(org_import, confirm=True)  # looked over again: now it is applied
    assert org_import.state == ImportState.APPLIED
    assert org_import.error == ""
    assert not Membership.objects.filter(person=nora).exists()


def test_a_workbook_checked_before_the_school_year_was_rolled_is_not_applied_after_it(
    demo_org,
):
    # Checked in June: "unchanged". Applied after the roll, the planner found last
    # year's 5A gone (so "new") and this year's 6A in 7th grade (so "changed" back to
    # 6th): the roll was undone for the school without anyone seeing it.
    rektor, programme = demo_org.user("rektor"), demo_org.school_programme
    org_import = _checked(rektor, programme, template_for(rektor, programme))
    assert org_import.preview["counts"]["new"] == org_import.preview["counts"]["changed"] == 0
    year = int(demo_org.school_year[:4])
    apply_roll(programme, to_year=year + 1, actor=demo_org.user("admin"))
    before = snapshot()

    org_import = _apply(org_import, confirm=False)

    assert snapshot() == before
    assert org_import.state == ImportState.CHECKED
    assert org_import.preview["counts"]["new"] > 0


@pytest.mark.parametrize("confirm", [False, True])
def test_an_import_unchanged_since_its_check_is_applied(demo_org, confirm):
    rektor, programme = demo_org.user("rektor"), demo_org.school_programme
    laerer = demo_org.user("laerer")
    content = edit(
        template_for(rektor, programme), fill=lambda book: _drop_staff(book, laerer.email)
    )
    org_import = _apply(_checked(rektor, programme, content), confirm=confirm)
    assert org_import.state == ImportState.APPLIED
    assert Membership.objects.filter(person=laerer).exists() is not confirm
