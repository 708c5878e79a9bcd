"""The partnership demo: needs."""

from __future__ import annotations


def build() -> dict[str, int]:
    return {}
