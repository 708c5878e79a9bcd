"""Suggest learning groups of 5–7 that mix subjects and departments (plain Python)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Sequence

LOW, HIGH = 5, 7


def group_count(n: int, low: int = LOW, high: int = HIGH) -> int:
    """How many groups n people make: the feasible count (every group low..high) closest to
    groups of six; if none is feasible (fewer than five, or eight or nine people), the count
    that comes nearest."""
    if n <= 0:
        return 0
    feasible = [k for k in range(1, n + 1) if low * k <= n <= high * k]
    middle = (low + high) / 2
    if feasible:
        return min(feasible, key=lambda k: (abs(n / k - middle), k))
    return max(1, round(n / middle))


def suggest_groups(
    staff: Sequence[tuple[Hashable, str]], low: int = LOW, high: int = HIGH
) -> list[list[Hashable]]:
    """Divide people, given as (id, subject or department), into groups of low..high where
    that is possible, spreading each subject over the groups so that every group is as
    cross-disciplinary as the staff allows. Sizes differ by at most one. Deterministic: the
    same staff give the same groups."""
    k = group_count(len(staff), low, high)
    if k == 0:
        return []
    by_area: dict[str, list[Hashable]] = defaultdict(list)
    for person, area in staff:
        by_area[(area or "").strip().casefold()].append(person)
    # Largest subjects first, so each is dealt out across all the groups.
    order = sorted(by_area.items(), key=lambda item: (-len(item[1]), item[0]))
    dealt = [person for _area, people in order for person in people]
    groups: list[list[Hashable]] = [[] for _ in range(k)]
    for i, person in enumerate(dealt):
        groups[i % k].append(person)
    return groups
