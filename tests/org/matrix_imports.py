"""Role matrix cases for the import pages: stewards only — the programme administrator
(every kind), the owner and the unit leaders (Samla's workbook for their units); everyone
else 404. An import is seen by whoever looks after its units."""

from __future__ import annotations

from samla.org.models import ImportKind, ImportState, OrgImport
from tests.role_matrix_support import Case, only

SCHOOL_STEWARDS = {"admin", "eier", "rektor"}
KINDERGARTEN_STEWARDS = {"admin", "eier", "styrer"}


def school(org) -> dict:
    return {"slug": org.school_programme.slug}


def kindergarten(org) -> dict:
    return {"slug": org.kindergarten_programme.slug}


def _import(org, username: str, unit) -> OrgImport:
    return OrgImport.objects.create(
        programme=org.school_programme,
        kind=ImportKind.WORKBOOK,
        file_name="ansatte.xlsx",
        content=b"PK",
        created_by=org.user(username),
        unit=unit,
        state=ImportState.INVALID,
        preview={"valid": False, "counts": {"errors": 1}, "rows": [], "removals": []},
    )


def school_import(org) -> dict:
    """The demo school's leader's upload: its leader, its owner and the admin see it."""
    return {"slug": org.school_programme.slug, "pk": _import(org, "rektor", org.school).pk}


def import_elsewhere(org) -> dict:
    """The administrator's upload for a school in Trysil: theirs alone."""
    return {
        "slug": org.school_programme.slug,
        "pk": _import(org, "admin", org.unit_in("Trysil")).pk,
    }


CASES: list[Case] = [
    Case("portal:org_imports", "imports (school)", school, only(SCHOOL_STEWARDS)),
    Case("portal:org_imports", "imports (kindergarten)", kindergarten, only(KINDERGARTEN_STEWARDS)),
    Case("portal:org_import_template", "workbook template", school, only(SCHOOL_STEWARDS)),
    Case(
        "portal:org_import_template",
        "workbook template (kindergarten)",
        kindergarten,
        only(KINDERGARTEN_STEWARDS),
    ),
    Case("portal:org_import", "the school's import", school_import, only(SCHOOL_STEWARDS)),
    Case("portal:org_import", "an import elsewhere", import_elsewhere, only({"admin"})),
    Case(
        "portal:org_import",
        "unknown import",
        lambda org: {"slug": org.school_programme.slug, "pk": 999999},
        only(set()),
    ),
]
