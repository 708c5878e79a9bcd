"""The roles, expectations and case type of the role matrix (``test_role_matrix``).

Cases of a feature may live in a module of their own (``tests/learning/matrix_*.py``),
which the matrix adds to its list."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tests.conftest import DemoOrg

ROLES = [
    None,
    "admin",
    "forsker",
    "statsforvalter",
    "region",
    "eier",
    "rektor",
    "styrer",
    "gruppeleder",
    "laerer",
    "ppt",
    "tillitsvalgt",
]
LOGGED_IN = [r for r in ROLES if r]
IN_SCHOOL_PROGRAMME = set(ROLES[1:]) - {"styrer"}


def everyone(status: int, anonymous: int | None = None) -> dict[str | None, int]:
    expected: dict[str | None, int] = dict.fromkeys(LOGGED_IN, status)
    expected[None] = status if anonymous is None else anonymous
    return expected


def only(allowed: set[str], ok: int = 200, other: int = 404) -> dict[str | None, int]:
    expected: dict[str | None, int] = {r: (ok if r in allowed else other) for r in LOGGED_IN}
    expected[None] = 302
    return expected


@dataclass(frozen=True)
class Case:
    url_name: str
    label: str
    kwargs: Callable[[DemoOrg], dict]
    expected: dict[str | None, int]


def no_kwargs(org: DemoOrg) -> dict:
    return {}


SCHOOL_READERS = {
    "admin", "forsker", "statsforvalter", "region", "eier", "rektor", "gruppeleder",
    "laerer", "ppt", "tillitsvalgt",
}  # fmt: skip
KINDERGARTEN_READERS = {"admin", "forsker", "statsforvalter", "region", "eier", "styrer", "ppt"}
