"""The house's rules that the import contracts cannot see: modules stay small, and the
pages (portal, answer) neither query models themselves nor open transactions — reads go
through a domain's queries or access module, writes through its services."""

from __future__ import annotations

import re
from pathlib import Path

import samla

SAMLA = Path(samla.__file__).resolve().parent
# Generated or historical: the questionnaire library's builder and the migrations.
NOT_HAND_WRITTEN = ("migrations/", "surveys/library/build_library.py")


def _production_modules():
    for path in sorted(SAMLA.rglob("*.py")):
        relative = path.relative_to(SAMLA).as_posix()
        if not any(part in relative for part in NOT_HAND_WRITTEN):
            yield relative, path.read_text(encoding="utf-8")


def test_no_production_module_is_over_400_lines():
    long = {
        name: text.count("\n") for name, text in _production_modules() if text.count("\n") > 400
    }
    assert long == {}


def test_pages_query_no_model_and_open_no_transaction():
    forbidden = re.compile(r"\.objects\b|\btransaction\b|\bselect_for_update\b")
    found = [
        f"{name}:{number}: {line.strip()}"
        for name, text in _production_modules()
        if name.startswith(("portal/", "answer/"))
        for number, line in enumerate(text.splitlines(), 1)
        if forbidden.search(line)
    ]
    assert found == []
