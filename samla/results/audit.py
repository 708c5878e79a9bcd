"""The exact audit of the anonymity rules (rule 6 in :mod:`anonymity`): the relations with a
zero remainder solved together in exact integer arithmetic (Gauss–Jordan over the hidden
cells), giving the hidden cells the shown figures still determine.

Pure Python (no Django)."""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


def _determined(equations: list[dict[K, int]], position: Mapping[K, int]) -> set[K]:
    """The unknowns that a system of linear equations fixes to a single value.

    Gauss–Jordan elimination in exact integer arithmetic (each row kept divided by the
    greatest common divisor of its entries). An unknown is fixed exactly when its unit vector
    lies in the row space: in reduced row echelon form, when it is a pivot whose row has no
    other entry.
    """
    pivots: dict[K, dict[K, int]] = {}
    holders: dict[K, set[K]] = {}  # unknown -> pivots whose row mentions it
    for equation in equations:
        row = dict(equation)
        for key in [key for key in row if key in pivots]:
            row = _eliminate(row, pivots[key], key)
        if not row:
            continue
        pivot = min(row, key=position.__getitem__)
        for holder in holders.pop(pivot, set()):
            before = pivots[holder]
            after = _eliminate(before, row, pivot)
            for key in before.keys() - after.keys() - {pivot}:
                holders[key].discard(holder)
            for key in after.keys() - before.keys() - {holder}:
                holders.setdefault(key, set()).add(holder)
            pivots[holder] = after
        pivots[pivot] = row
        for key in row:
            if key != pivot:
                holders.setdefault(key, set()).add(pivot)
    return {key for key, row in pivots.items() if len(row) == 1}


def _eliminate(row: dict[K, int], pivot_row: dict[K, int], pivot: K) -> dict[K, int]:
    """``row`` with ``pivot`` cleared by a multiple of ``pivot_row``, in lowest terms."""
    factor, scale = row[pivot], pivot_row[pivot]
    combined = {key: value * scale for key, value in row.items()}
    for key, value in pivot_row.items():
        combined[key] = combined.get(key, 0) - factor * value
    result = {key: value for key, value in combined.items() if value}
    divisor = math.gcd(*result.values()) if result else 1
    if divisor > 1:
        result = {key: value // divisor for key, value in result.items()}
    return result
