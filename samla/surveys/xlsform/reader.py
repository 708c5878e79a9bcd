"""The reader's state: problems (refusals) and warnings, labels per language, the choices."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from samla.surveys.conditions import Condition
from samla.surveys.instrument import DONT_KNOW, SYMBOLS, Choice, Problem
from samla.surveys.xlsform.messages import (
    BAD_BOOLEAN,
    CHOICE_LABEL_FROM_NAME,
    DUPLICATE_CHOICE,
    MISSING_CHOICE_NAME,
    MISSING_LABEL,
    MISSING_TRANSLATION,
    TEXT_TOO_LONG,
    UNKNOWN_SYMBOL,
)
from samla.surveys.xlsform.rules import Refusal
from samla.surveys.xlsform.sheets import Row, Sheet

TRUE_WORDS = {"yes", "true", "true()", "1"}
FALSE_WORDS = {"no", "false", "false()", "0"}
Position = tuple[str, int, str]  # sheet, row, column
# The most characters an Excel cell holds: a longer text (from a file not made by Excel)
# could not be written back to an XLSForm whole.
CELL_LIMIT = 32_767


@dataclass
class Draft:
    """An item on its way to the model, with where its parts came from."""

    kind: str
    list_name: str | None
    label: dict[str, str]
    hint: dict[str, str]
    required: bool = False
    relevant: Condition | None = None
    minimum: int | float | None = None
    maximum: int | float | None = None
    scale: str | None = None
    scale_position: Position | None = None
    reversed: bool = False
    reversed_position: Position | None = None
    appearance: str = ""
    likert_declared: bool = False  # appearance likert


@dataclass
class PageDraft:
    name: str
    title: dict[str, str]
    codes: list[str] = field(default_factory=list)
    relevant: Condition | None = None


@dataclass
class Settings:
    form_id: str
    version: str
    title: dict[str, str]
    respondent_group: str


class Reader:
    def __init__(self, sheets: dict[str, Sheet], scales: Sheet | None) -> None:
        self.survey = sheets["survey"]
        self.choices = sheets["choices"]
        self.settings = sheets["settings"]
        self.scales = scales
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []  # what was skipped or assumed; the form still reads
        self.languages: tuple[str, ...] = ()
        self.lists: dict[str, list[tuple[Row, Choice]]] = {}

    def _column(self, sheet: str, column: str | None) -> str | None:
        known = {"survey": self.survey, "choices": self.choices, "settings": self.settings}
        return known[sheet].column(column) if sheet in known and column else column

    def problem(
        self, sheet: str, row: int | None, column: str | None, msgid: str, /, **params: Any
    ) -> None:
        self.problems.append(Problem(sheet, row, self._column(sheet, column), msgid, params))

    def warn(
        self, sheet: str, row: int | None, column: str | None, msgid: str, /, **params: Any
    ) -> None:
        self.warnings.append(Problem(sheet, row, self._column(sheet, column), msgid, params))

    def refuse(self, position: Position, refusal: Refusal) -> None:
        self.problem(*position, refusal.msgid, **refusal.params)

    def labels(
        self, sheet: Sheet, row: Row, prefix: str, code: str, msgid: str, *, required: bool = True
    ) -> dict[str, str]:
        """Texts per declared language. A language without one gets the default language's
        text (or another's) with a warning; with none at all, a problem if ``required``."""
        columns = sheet.label_columns(prefix, self.languages[0])
        found: dict[str, str] = {}
        for language in self.languages:
            column = next((c for c in columns.get(language, []) if row.get(c)), None)
            if column is not None:
                found[language] = self.text(sheet.name, row.number, column, row.get(column))
        if not found:
            if required:
                column = (columns.get(self.languages[0]) or [f"{prefix}::{self.languages[0]}"])[0]
                self.problem(
                    sheet.name, row.number, column, msgid, code=code, language=self.languages[0]
                )
            return found
        fallback = self.languages[0] if self.languages[0] in found else next(iter(found))
        for language in self.languages:
            if language not in found:
                column = (columns.get(language) or [f"{prefix}::{language}"])[0]
                self.warn(
                    sheet.name,
                    row.number,
                    column,
                    MISSING_TRANSLATION,
                    code=code,
                    language=language,
                    fallback=fallback,
                )
        return {language: found.get(language, found[fallback]) for language in self.languages}

    def text(self, sheet: str, row: int, column: str, text: str) -> str:
        """``text`` to keep; one longer than :data:`CELL_LIMIT` is a problem."""
        if len(text) > CELL_LIMIT:
            self.problem(sheet, row, column, TEXT_TOO_LONG, count=len(text), limit=CELL_LIMIT)
        return text

    def boolean(self, row: Row, column: str) -> bool:
        value = row.get(column)
        if value.lower() in TRUE_WORDS:
            return True
        if value and value.lower() not in FALSE_WORDS:
            self.problem(row.sheet, row.number, column, BAD_BOOLEAN, value=value)
        return False

    def read_choices(self) -> None:
        for row in self.choices.rows:
            list_name, value = row.get("list_name"), row.get("name")
            if not list_name:
                continue
            if not value:
                self.problem("choices", row.number, "name", MISSING_CHOICE_NAME)
                continue
            entries = self.lists.setdefault(list_name, [])
            if any(choice.value == value for _, choice in entries):
                self.problem(
                    "choices", row.number, "name", DUPLICATE_CHOICE, list=list_name, value=value
                )
                continue
            code = f"{list_name}/{value}"
            label = self.labels(self.choices, row, "label", code, MISSING_LABEL, required=False)
            if not label:
                # pyxform lets a choice go without a label; ODK then shows its name.
                self.warn("choices", row.number, "name", CHOICE_LABEL_FROM_NAME, code=code)
                label = dict.fromkeys(self.languages, value)
            symbol = row.get("symbol").lower() or None
            if symbol is not None and symbol not in SYMBOLS:
                allowed = ", ".join(SYMBOLS)
                self.problem(
                    "choices", row.number, "symbol", UNKNOWN_SYMBOL, value=symbol, allowed=allowed
                )
                symbol = None
            entries.append((row, Choice(value, label, value == DONT_KNOW, symbol)))
