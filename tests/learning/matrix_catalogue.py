"""Role matrix cases for the catalogue, the multi-year plan and the conditions."""

from __future__ import annotations

from tests.role_matrix_support import SCHOOL_READERS, Case, everyone, only

KEEPERS = only({"admin"}, other=403) | {"styrer": 404}


def programme(org) -> dict:
    return {"slug": org.school_programme.slug}


def package(org) -> dict:
    return {"slug": org.school_programme.slug, "pk": org.learning_package().pk}


def module(org) -> dict:
    return package(org) | {"module_pk": org.learning_package().modules.first().pk}


CASES: list[Case] = [
    Case("portal:packages", "package catalogue", programme, only(SCHOOL_READERS)),
    Case("portal:package_new", "new package", programme, KEEPERS),
    Case("portal:package", "a package", package, only(SCHOOL_READERS)),
    Case("portal:package_edit", "change a package", package, KEEPERS),
    Case("portal:package_delete", "remove a package (POST only)", package, everyone(405, 302)),
    Case("portal:module_new", "new module", package, KEEPERS),
    Case("portal:module_edit", "change a module", module, KEEPERS),
    Case("portal:module_action", "move or remove a module (POST only)", module, everyone(405, 302)),
    Case("portal:multi_year_plan", "multi-year plan", programme, only(SCHOOL_READERS)),
    Case(
        "portal:multi_year_plan_export",
        "multi-year plan as Word",
        lambda org: programme(org) | {"fmt": "docx"},
        only(SCHOOL_READERS),
    ),
    Case(
        "portal:multi_year_plan_export",
        "unknown format",
        lambda org: programme(org) | {"fmt": "exe"},
        only(set()),
    ),
    Case("portal:conditions", "conditions and meeting rule", programme, only(SCHOOL_READERS)),
]
