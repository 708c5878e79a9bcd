"""The partnership demo: forum."""

from __future__ import annotations


def build() -> dict[str, int]:
    return {}
