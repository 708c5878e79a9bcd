"""The statements a self-assessment asks, read from Samla's library XLSForm with Samla's
own reader: each page is a block, the first page the main block every assessment takes."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import get_language

from samla.core.text import label_in
from samla.surveys.instrument import Instrument
from samla.surveys.xlsform import read_xlsform

FORM_FILE = Path(__file__).resolve().parents[1] / "surveys" / "library" / "egenvurdering_skole.xlsx"


@cache
def instrument() -> Instrument:
    return read_xlsform(FORM_FILE)


def _language() -> str:
    return (get_language() or "nb")[:2]


@dataclass(frozen=True)
class Statement:
    code: str
    text: str


@dataclass(frozen=True)
class Block:
    code: str
    title: str
    main: bool
    statements: tuple[Statement, ...]


def blocks(codes: list[str] | None = None) -> list[Block]:
    """The form's blocks in the person's language (only ``codes`` when given), in order."""
    form = instrument()
    language = _language()
    found = []
    for number, page in enumerate(form.pages):
        if codes is not None and page.name not in codes:
            continue
        statements = tuple(
            Statement(code, label_in(form.item(code).label, language)) for code in page.item_codes
        )
        found.append(Block(page.name, label_in(page.title, language), number == 0, statements))
    return found


def main_block() -> str:
    return instrument().pages[0].name


def scale() -> list[tuple[int, str]]:
    """The points and their words, e.g. (1, "Stemmer ikke")."""
    first = instrument().items[0]
    language = _language()
    return [(int(choice.value), label_in(choice.label, language)) for choice in first.choices]
