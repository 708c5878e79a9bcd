"""Classes, departments and staff from Samla's workbook: the template round trip, the
removals that wait for a confirmation, and every bad file changing nothing."""

from __future__ import annotations

import pytest

from samla.org.imports.staff import ImportRefused, apply_workbook, check_workbook
from samla.org.models import Group, GroupKind, Membership, OrgChange, Person, Role
from tests.org.workbook_support import edit, rows_with, template_for, upload


def snapshot():
    """Everything an import may touch, to show that nothing changed."""
    return (
        sorted(
            Person.objects.values_list(
                "pk", "username", "email", "first_name", "last_name", "is_active"
            )
        ),
        sorted(
            Group.objects.values_list("pk", "unit_id", "name", "kind", "grade", "size", "closed_on")
        ),
        sorted(Membership.objects.values_list("pk", "person_id", "role", "unit_id", "group_id")),
        OrgChange.objects.count(),
    )


@pytest.fixture
def school(demo_org):
    return demo_org.school


def test_the_template_uploaded_unchanged_changes_nothing(demo_org, school):
    rektor = demo_org.user("rektor")
    content = template_for(rektor, demo_org.school_programme)
    before = snapshot()

    preview = check_workbook(upload(rektor, demo_org.school_programme, content))

    assert preview["valid"] is True
    assert preview["counts"] == {
        "new": 0, "changed": 0, "closed": 0, "skipped": 0, "errors": 0,
        "unchanged": preview["counts"]["unchanged"],
    }  # fmt: skip
    assert preview["removals"] == []
    assert rows_with(preview, "unchanged")
    outcome = apply_workbook(upload(rektor, demo_org.school_programme, content))
    assert outcome["new_people"] == []
    assert outcome["roles_granted"] == 0
    assert snapshot()[:3] == before[:3]
