"""The role matrix over the API: every operation, called with a token of every demo role
and with none. Who gets what follows the pages' matrix (``tests/test_role_matrix.py``):
the API answers 404 where a page answers 404 (or redirects a stranger), 403 where a page
does, and 401 without a token."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tests.conftest import DemoOrg
from tests.learning.matrix_groups import PROGRAMME_WIDE, dashboard
from tests.role_matrix_support import KINDERGARTEN_READERS, LOGGED_IN, SCHOOL_READERS


def allowed(who: set[str], other: int = 404) -> dict[str | None, int]:
    expected: dict[str | None, int] = {r: (200 if r in who else other) for r in LOGGED_IN}
    expected[None] = 401
    return expected


EVERYONE = allowed(set(LOGGED_IN))


@dataclass(frozen=True)
class ApiCase:
    url_name: str
    label: str
    kwargs: Callable[[DemoOrg], dict]
    expected: dict[str | None, int]


def none(org: DemoOrg) -> dict:
    return {}


def school(org: DemoOrg) -> dict:
    return {"slug": org.school_programme.slug}


def results(kind: str):
    def kwargs(org: DemoOrg) -> dict:
        pk = {"unit": org.school.pk, "owner": org.school.owner_id}[kind]
        return {"slug": org.results_round().slug, "kind": kind, "node_id": pk}

    return kwargs


def learning(kind: str):
    def kwargs(org: DemoOrg) -> dict:
        found = dashboard(kind)(org)
        return {"slug": found["slug"], "kind": kind, "node_id": found["pk"]}

    return kwargs


RESULT_READERS = {
    "admin", "forsker", "statsforvalter", "region", "eier", "rektor", "gruppeleder", "laerer",
}  # fmt: skip

CASES: list[ApiCase] = [
    ApiCase("api:me", "the token's person", none, EVERYONE),
    ApiCase("api:programmes", "programmes", none, EVERYONE),
    ApiCase("api:programme", "school programme", school, allowed(SCHOOL_READERS)),
    ApiCase(
        "api:programme",
        "kindergarten programme",
        lambda org: {"slug": org.kindergarten_programme.slug},
        allowed(KINDERGARTEN_READERS),
    ),
    ApiCase("api:regions", "school programme's regions", school, allowed(SCHOOL_READERS)),
    ApiCase("api:owners", "owners", none, EVERYONE),
    ApiCase("api:units", "units", none, EVERYONE),
    ApiCase(
        "api:unit",
        "demo school",
        lambda org: {"unit_id": org.school.pk},
        allowed({"admin", "region", "eier", "rektor", "gruppeleder", "laerer", "ppt"}),
    ),
    ApiCase(
        "api:unit",
        "school in another region",
        lambda org: {"unit_id": org.unit_in("Trysil").pk},
        allowed({"admin"}),
    ),
    ApiCase("api:plans", "school plans", school, allowed(SCHOOL_READERS)),
    ApiCase(
        "api:activities",
        "school plan's activities",
        lambda org: {
            "slug": org.school_programme.slug,
            "school_year": org.plan().school_year.replace("/", "-"),
        },
        allowed(SCHOOL_READERS),
    ),
    ApiCase("api:rounds", "rounds", none, EVERYONE),
    ApiCase(
        "api:response_rates",
        "response rates",
        lambda org: {"slug": org.survey_round().slug},
        allowed({"admin", "region", "eier", "rektor"}, other=403) | {"styrer": 404},
    ),
    ApiCase(
        "api:result_nodes",
        "a round's results",
        lambda org: {"slug": org.results_round().slug},
        allowed(RESULT_READERS),
    ),
    ApiCase(
        "api:node_results",
        "a unit's results",
        results("unit"),
        allowed({"admin", "forsker", "eier", "rektor", "gruppeleder", "laerer"}),
    ),
    ApiCase(
        "api:node_results",
        "an owner's results",
        results("owner"),
        allowed({"admin", "forsker", "statsforvalter", "region", "eier"}),
    ),
    ApiCase("api:dashboard", "programme dashboard", learning("programme"), allowed(PROGRAMME_WIDE)),
    ApiCase(
        "api:dashboard",
        "owner dashboard",
        learning("owner"),
        allowed(PROGRAMME_WIDE | {"region", "eier"}),
    ),
    ApiCase(
        "api:dashboard",
        "unit dashboard",
        learning("unit"),
        allowed(PROGRAMME_WIDE | {"region", "eier", "rektor"}),
    ),
]

# Read without a token by anyone: the description, and the root that leads to it.
OPEN = {"api:openapi-json", "api:api-root"}
