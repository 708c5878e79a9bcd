"""Samla's questionnaire model: what a published instrument version *is*.

Pure Python, no Django. :mod:`samla.surveys.xlsform` reads an XLSForm into an
:class:`Instrument`; the Django layer stores it as JSON with its content hash
(:mod:`samla.surveys.instrument_data`); :mod:`samla.surveys.answers` packs answers in the
order an instrument defines.

Identity across versions is the item *code* (the XLSForm ``name``). :func:`compare` tells, per
code, whether the wording, the response options, the index membership, the relevance or the
position changed between two versions, so results can warn where a trend is not comparable.

Problems are collected, not raised one by one: each :class:`Problem` names the sheet, row and
column and carries an English ``msgid`` (``%(name)s`` placeholders) marked with
:func:`gettext_noop`, so ``makemessages`` finds it and the Django layer shows
``gettext(problem.msgid) % problem.params`` in the user's language.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

from samla.surveys.conditions import Condition

__all__ = [
    "APPEARANCES",
    "DONT_KNOW",
    "ITEM_KINDS",
    "NUMERIC_KINDS",
    "SYMBOLS",
    "Choice",
    "Instrument",
    "InstrumentError",
    "Item",
    "ItemChange",
    "Page",
    "Problem",
    "Scale",
    "compare",
    "gettext_noop",
]

ItemKind = Literal["single", "multiple", "integer", "decimal", "date", "text", "note"]
ITEM_KINDS: tuple[str, ...] = ("single", "multiple", "integer", "decimal", "date", "text", "note")
# Kinds whose answers are packed into bytes (see samla.surveys.answers); text is stored apart
# and notes have no answer.
NUMERIC_KINDS: tuple[str, ...] = ("single", "multiple", "integer", "decimal", "date")

DONT_KNOW = "dk"  # the choice value that means "vet ikke"

# Symbols a choice can carry (choices sheet, column ``symbol``), drawn on large answer
# buttons when the item's appearance is ``symbols`` (young children answering with an adult).
SYMBOLS: tuple[str, ...] = ("happy", "neutral", "sad", "yes", "no", "unsure")
APPEARANCES: tuple[str, ...] = ("symbols",)

Labels = dict[str, str]  # language code -> text; read-only by convention


def gettext_noop(message: str) -> str:
    """Mark ``message`` for translation without translating it (Django translates later)."""
    return message


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an uploaded form, positioned for the author."""

    sheet: str
    row: int | None
    column: str | None
    msgid: str
    params: dict[str, str | int] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return self.msgid % self.params if self.params else self.msgid

    @property
    def position(self) -> str:
        parts = [self.sheet] if self.sheet else []
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.position}: {self.message}" if self.position else self.message


class InstrumentError(Exception):
    """The form cannot become an instrument. ``problems`` lists every reason found."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


@dataclass(frozen=True)
class Choice:
    value: str
    label: Labels
    is_dont_know: bool = False
    symbol: str | None = None


@dataclass(frozen=True)
class Item:
    code: str
    kind: ItemKind
    label: Labels
    hint: Labels = field(default_factory=dict)
    choices: tuple[Choice, ...] = ()
    likert_points: Literal[4, 5] | None = None
    reversed: bool = False
    scale: str | None = None
    required: bool = False
    relevant: Condition | None = None
    # Integer items have int bounds; a decimal item's may be int or float (e.g. 10.5).
    minimum: int | float | None = None
    maximum: int | float | None = None
    appearance: str = ""

    @property
    def is_likert(self) -> bool:
        return self.likert_points is not None

    @property
    def has_dont_know(self) -> bool:
        return any(choice.is_dont_know for choice in self.choices)

    def choice_values(self) -> tuple[str, ...]:
        return tuple(choice.value for choice in self.choices)


@dataclass(frozen=True)
class Page:
    """One screen of the questionnaire: a top-level group, or a lone item outside groups."""

    name: str
    title: Labels
    item_codes: tuple[str, ...]
    relevant: Condition | None = None


@dataclass(frozen=True)
class Scale:
    """An index: Likert items scored together (reversed items turned round first)."""

    code: str
    label: Labels
    item_codes: tuple[str, ...]


@dataclass(frozen=True)
class Instrument:
    form_id: str
    version: str
    title: Labels
    languages: tuple[str, ...]  # the first is the form's default language
    respondent_group: str
    pages: tuple[Page, ...]
    items: tuple[Item, ...]
    scales: tuple[Scale, ...] = ()
    # What the reader changed, skipped or assumed, for the author to see before publishing
    # (sheet, row and column, like problems). Not content: never stored, never hashed.
    warnings: tuple[Problem, ...] = field(default=(), compare=False, repr=False)

    @property
    def default_language(self) -> str:
        return self.languages[0]

    @cached_property
    def items_by_code(self) -> dict[str, Item]:
        return {item.code: item for item in self.items}

    def item(self, code: str) -> Item:
        return self.items_by_code[code]

    def page_of(self, code: str) -> Page:
        return next(page for page in self.pages if code in page.item_codes)


# --- comparing versions ------------------------------------------------------------------


@dataclass(frozen=True)
class ItemChange:
    """How one item code differs between two versions.

    ``status`` is "kept" (in both), "added" or "removed". For kept items: ``wording`` lists
    the languages whose label or hint changed; ``choices`` is true when the kind, the choice
    values or labels, the number of Likert points or the number bounds changed; ``scale``
    when the index it belongs to or its reversal changed; ``relevance`` when who gets the
    item changed (its own condition or its page's); ``order`` when it moved relative to the
    other kept items or to another page.
    """

    code: str
    status: Literal["kept", "added", "removed"]
    wording: tuple[str, ...] = ()
    choices: bool = False
    scale: bool = False
    relevance: bool = False
    order: bool = False

    @property
    def comparable(self) -> bool:
        """Whether a trend for this item across the two versions means what it seems to."""
        return self.status == "kept" and not (
            self.wording or self.choices or self.scale or self.relevance or self.order
        )


def _moved(old_order: list[str], new_order: list[str]) -> set[str]:
    """Codes outside a longest run kept in the same relative order (the fewest moves)."""
    old_position = {code: index for index, code in enumerate(old_order)}
    sequence = [old_position[code] for code in new_order]
    # Patience sorting with back links: O(n log n) longest increasing subsequence.
    tails: list[int] = []  # indices into sequence
    previous: list[int | None] = [None] * len(sequence)
    for index, value in enumerate(sequence):
        low, high = 0, len(tails)
        while low < high:
            middle = (low + high) // 2
            if sequence[tails[middle]] < value:
                low = middle + 1
            else:
                high = middle
        previous[index] = tails[low - 1] if low else None
        if low == len(tails):
            tails.append(index)
        else:
            tails[low] = index
    stay: set[str] = set()
    cursor = tails[-1] if tails else None
    while cursor is not None:
        stay.add(new_order[cursor])
        cursor = previous[cursor]
    return set(new_order) - stay


def _choice_signature(item: Item) -> tuple[Any, ...]:
    return (
        item.kind,
        item.likert_points,
        tuple((c.value, sorted(c.label.items()), c.is_dont_know) for c in item.choices),
        item.minimum,
        item.maximum,
    )


def compare(old: Instrument, new: Instrument) -> list[ItemChange]:
    """One :class:`ItemChange` per code: new's items in order, then the removed ones."""
    kept = [item.code for item in new.items if item.code in old.items_by_code]
    old_kept = [item.code for item in old.items if item.code in new.items_by_code]
    moved = _moved(old_kept, kept)
    old_page = {code: page for page in old.pages for code in page.item_codes}
    new_page = {code: page for page in new.pages for code in page.item_codes}
    changes: list[ItemChange] = []
    for item in new.items:
        before = old.items_by_code.get(item.code)
        if before is None:
            changes.append(ItemChange(item.code, "added"))
            continue
        languages = sorted(set(before.label) | set(item.label) | set(before.hint) | set(item.hint))
        changes.append(
            ItemChange(
                item.code,
                "kept",
                wording=tuple(
                    language
                    for language in languages
                    if before.label.get(language) != item.label.get(language)
                    or before.hint.get(language) != item.hint.get(language)
                ),
                choices=_choice_signature(before) != _choice_signature(item),
                scale=(before.scale, before.reversed) != (item.scale, item.reversed),
                # A page's condition decides who sees every item on it.
                relevance=(before.relevant, old_page[item.code].relevant)
                != (item.relevant, new_page[item.code].relevant),
                order=item.code in moved or old_page[item.code].name != new_page[item.code].name,
            )
        )
    changes.extend(
        ItemChange(item.code, "removed") for item in old.items if item.code not in new.items_by_code
    )
    return changes
