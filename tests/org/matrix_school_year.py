"""Role matrix cases for the new school year page: programme administrators only."""

from __future__ import annotations

from tests.role_matrix_support import Case, only

CASES: list[Case] = [
    Case(
        "portal:school_year",
        "new school year, school programme",
        lambda org: {"slug": org.school_programme.slug},
        only({"admin"}),
    ),
    Case(
        "portal:school_year",
        "new school year, kindergarten programme",
        lambda org: {"slug": org.kindergarten_programme.slug},
        only({"admin"}),
    ),
]
