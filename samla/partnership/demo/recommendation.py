"""The partnership demo: recommendation."""

from __future__ import annotations


def build() -> dict[str, int]:
    return {}
