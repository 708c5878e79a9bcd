"""Settings, languages, choices and the survey sheet → drafts, collecting every problem."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from samla.surveys.conditions import Condition, ConditionError, parse_condition
from samla.surveys.groups import RESPONDENT_GROUPS
from samla.surveys.instrument import (
    APPEARANCES,
    DONT_KNOW,
    SYMBOLS,
    Choice,
    Problem,
)
from samla.surveys.xlsform.messages import (
    APPEARANCE_NOT_SELECT,
    BAD_BOOLEAN,
    CONSTRAINT_NOT_INTEGER,
    DUPLICATE_CHOICE,
    DUPLICATE_NAME,
    MISSING_CHOICE_NAME,
    MISSING_HINT,
    MISSING_LABEL,
    MISSING_NAME,
    MISSING_RESPONDENT_GROUP,
    MISSING_SETTING,
    MISSING_TITLE,
    MISSING_TYPE,
    NESTED_GROUP_RELEVANCE,
    NO_LABEL_COLUMN,
    NO_LANGUAGE_CODE,
    TOO_MANY_CHOICES,
    UNKNOWN_APPEARANCE,
    UNKNOWN_DEFAULT_LANGUAGE,
    UNKNOWN_LIST,
    UNKNOWN_RESPONDENT_GROUP,
    UNKNOWN_SYMBOL,
    UNMATCHED_BEGIN_GROUP,
    UNMATCHED_END_GROUP,
    UNSUPPORTED_RELEVANCE,
    UNSUPPORTED_TYPE,
)
from samla.surveys.xlsform.rules import Answerable, Refusal, check_condition, parse_bounds
from samla.surveys.xlsform.sheets import Row, Sheet, language_code, parse_type

TRUE_WORDS = {"yes", "true", "true()", "1"}
FALSE_WORDS = {"no", "false", "false()", "0"}
MAX_SINGLE_CHOICES = 254
Position = tuple[str, int, str]  # sheet, row, column

# Layout hints of ODK tools: accepted in an uploaded form and ignored by Samla's pages.
ODK_APPEARANCES = frozenset(
    {
        "minimal",
        "quick",
        "horizontal",
        "horizontal-compact",
        "likert",
        "compact",
        "columns",
        "columns-pack",
        "columns-1",
        "columns-2",
        "columns-3",
        "columns-4",
        "columns-5",
        "no-buttons",
        "label",
        "list-nolabel",
        "list",
        "field-list",
        "table-list",
        "numbers",
        "thousands-sep",
        "multiline",
        "autocomplete",
    }
)


@dataclass
class Draft:
    """An item on its way to the model, with where its parts came from."""

    kind: str
    list_name: str | None
    label: dict[str, str]
    hint: dict[str, str]
    required: bool = False
    relevant: Condition | None = None
    minimum: int | None = None
    maximum: int | None = None
    scale: str | None = None
    scale_position: Position | None = None
    reversed: bool = False
    reversed_position: Position | None = None
    appearance: str = ""


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

    def problem(
        self, sheet: str, row: int | None, column: str | None, msgid: str, /, **params: Any
    ) -> None:
        self.problems.append(Problem(sheet, row, column, msgid, params))

    def warn(
        self, sheet: str, row: int | None, column: str | None, msgid: str, /, **params: Any
    ) -> None:
        self.warnings.append(Problem(sheet, row, column, msgid, params))

    def refuse(self, position: Position, refusal: Refusal) -> None:
        self.problems.append(Problem(*position, refusal.msgid, refusal.params))

    def labels(
        self, sheet: Sheet, row: Row, prefix: str, code: str, msgid: str, *, required: bool = True
    ) -> dict[str, str]:
        """Texts per declared language; a problem for each missing one (if any is needed)."""
        columns = sheet.label_columns(prefix, self.languages[0])
        found: dict[str, str] = {}
        for language in self.languages:
            text = next((row.get(c) for c in columns.get(language, []) if row.get(c)), "")
            if text:
                found[language] = text
        if required or found:
            for language in self.languages:
                if language not in found:
                    column = (columns.get(language) or [f"{prefix}::{language}"])[0]
                    self.problem(
                        sheet.name, row.number, column, msgid, code=code, language=language
                    )
        return found

    def boolean(self, row: Row, column: str) -> bool:
        value = row.get(column)
        if value.lower() in TRUE_WORDS:
            return True
        if value and value.lower() not in FALSE_WORDS:
            self.problem(row.sheet, row.number, column, BAD_BOOLEAN, value=value)
        return False

    # --- settings, languages, choices ------------------------------------------------

    def read_settings(self, chosen_group: str | None = None) -> Settings:
        row = self.settings.rows[0] if self.settings.rows else Row("settings", 2, {})
        self.languages = self.read_languages(row)
        for column in ("form_id", "version"):
            if not row.get(column):
                self.problem("settings", row.number, column, MISSING_SETTING, setting=column)
        group = row.get("respondent_group") or (chosen_group or "").strip()
        if not group:
            self.problem("settings", row.number, "respondent_group", MISSING_RESPONDENT_GROUP)
        elif group not in RESPONDENT_GROUPS:
            self.problem(
                "settings",
                row.number,
                "respondent_group",
                UNKNOWN_RESPONDENT_GROUP,
                value=group,
                allowed=", ".join(RESPONDENT_GROUPS),
            )
        return Settings(row.get("form_id"), row.get("version"), self.read_title(row), group)

    def read_languages(self, settings: Row) -> tuple[str, ...]:
        declared: list[str] = []
        has_plain = False
        for header in self.survey.headers:
            if header.lower() == "label":
                has_plain = True
            elif header.lower().startswith("label::"):
                code = language_code(header[len("label::") :])
                if code is None:
                    self.problem("survey", 1, header, NO_LANGUAGE_CODE, column=header)
                elif code not in declared:
                    declared.append(code)
        if not declared and not has_plain:
            self.problem("survey", 1, None, NO_LABEL_COLUMN)
        default = settings.get("default_language")
        default_code = language_code(default) if default else None
        if default and default_code is None:
            self.problem(
                "settings", settings.number, "default_language", NO_LANGUAGE_CODE, column=default
            )
        elif default_code and declared and not has_plain and default_code not in declared:
            self.problem(
                "settings",
                settings.number,
                "default_language",
                UNKNOWN_DEFAULT_LANGUAGE,
                language=default_code,
            )
            default_code = None  # reported once; don't also report every label as missing
        first = default_code or (declared[0] if declared else "nb")
        return (first, *(code for code in declared if code != first))

    def read_title(self, settings: Row) -> dict[str, str]:
        plain = settings.get("form_title") or settings.get("title")
        specific = {}
        for column, value in settings.values.items():
            prefix, _, suffix = column.partition("::")
            if prefix.lower() in ("form_title", "title") and suffix and value.strip():
                code = language_code(suffix)
                if code:
                    specific[code] = value.strip()
        title = {}
        for language in self.languages:
            if text := specific.get(language) or plain:
                title[language] = text
            else:
                column = f"form_title::{language}"
                self.problem("settings", settings.number, column, MISSING_TITLE, language=language)
        return title

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
            label = self.labels(self.choices, row, "label", code, MISSING_LABEL)
            symbol = row.get("symbol").lower() or None
            if symbol is not None and symbol not in SYMBOLS:
                allowed = ", ".join(SYMBOLS)
                self.problem(
                    "choices", row.number, "symbol", UNKNOWN_SYMBOL, value=symbol, allowed=allowed
                )
                symbol = None
            entries.append((row, Choice(value, label, value == DONT_KNOW, symbol)))

    # --- the survey sheet ------------------------------------------------------------

    def read_survey(self) -> tuple[dict[str, Draft], list[PageDraft]]:
        """Items in form order, and pages (a top-level group, or one item outside groups)."""
        drafts: dict[str, Draft] = {}
        pages: list[PageDraft] = []
        first_row: dict[str, int] = {}
        open_groups: list[Row] = []
        questions = {
            row.get("name")
            for row in self.survey.rows
            if (parse_type(row.get("type")) or ("",))[0] not in ("begin_group", "end_group")
        }
        for row in self.survey.rows:
            if not row.get("type"):
                self.problem("survey", row.number, "type", MISSING_TYPE)
                continue
            parsed = parse_type(row.get("type"))
            if parsed is None:
                self.problem("survey", row.number, "type", UNSUPPORTED_TYPE, type=row.get("type"))
                continue
            base, list_name = parsed
            if base == "end_group":
                if open_groups:
                    open_groups.pop()
                else:
                    self.problem("survey", row.number, "type", UNMATCHED_END_GROUP)
                continue
            code = row.get("name")
            if not code:
                self.problem("survey", row.number, "name", MISSING_NAME)
            elif code in first_row:
                self.problem(
                    "survey",
                    row.number,
                    "name",
                    DUPLICATE_NAME,
                    code=code,
                    first_row=first_row[code],
                )
            else:
                first_row[code] = row.number
            if base == "begin_group":
                if not open_groups:
                    title = self.labels(
                        self.survey, row, "label", code, MISSING_LABEL, required=False
                    )
                    relevant = self.condition(row, drafts, questions)
                    pages.append(PageDraft(code, title, relevant=relevant))
                elif row.get("relevant"):
                    self.problem("survey", row.number, "relevant", NESTED_GROUP_RELEVANCE)
                open_groups.append(row)
                continue
            if list_name is not None and list_name not in self.lists:
                self.problem("survey", row.number, "type", UNKNOWN_LIST, list=list_name)
            elif base == "select_one" and list_name is not None:
                # Answers are stored in one byte, with 0 and 255 taken (missing, "vet ikke").
                count = sum(not choice.is_dont_know for _, choice in self.lists[list_name])
                if count > MAX_SINGLE_CHOICES:
                    self.problem(
                        "survey", row.number, "type", TOO_MANY_CHOICES, list=list_name, count=count
                    )
            draft = self.draft(row, code, base, list_name, drafts, questions)
            if not open_groups:
                pages.append(PageDraft(code, {}))
            if code and code not in drafts:
                pages[-1].codes.append(code)
                drafts[code] = draft
        for row in open_groups:
            self.problem("survey", row.number, "type", UNMATCHED_BEGIN_GROUP, code=row.get("name"))
        return drafts, pages

    def draft(
        self,
        row: Row,
        code: str,
        base: str,
        list_name: str | None,
        earlier: dict[str, Draft],
        questions: set[str],
    ) -> Draft:
        kind = {"select_one": "single", "select_multiple": "multiple"}.get(base, base)
        draft = Draft(
            kind=kind,
            list_name=list_name,
            label=self.labels(self.survey, row, "label", code, MISSING_LABEL),
            hint=self.labels(self.survey, row, "hint", code, MISSING_HINT, required=False),
        )
        draft.required = self.boolean(row, "required") and kind != "note"
        draft.relevant = self.condition(row, earlier, questions)
        if constraint := row.get("constraint"):
            bounds = parse_bounds(constraint)
            if kind != "integer":
                self.problem("survey", row.number, "constraint", CONSTRAINT_NOT_INTEGER)
            elif isinstance(bounds, Refusal):
                self.refuse(("survey", row.number, "constraint"), bounds)
            else:
                draft.minimum, draft.maximum = bounds
        if appearance := row.get("appearance").lower():
            if appearance in APPEARANCES and kind in ("single", "multiple"):
                draft.appearance = appearance
            elif appearance in APPEARANCES:
                self.problem("survey", row.number, "appearance", APPEARANCE_NOT_SELECT)
            elif not set(appearance.split()) <= ODK_APPEARANCES:
                allowed = ", ".join(APPEARANCES)
                self.problem(
                    "survey",
                    row.number,
                    "appearance",
                    UNKNOWN_APPEARANCE,
                    value=appearance,
                    allowed=allowed,
                )
        if scale := row.get("instance::scale"):
            draft.scale = scale
            draft.scale_position = ("survey", row.number, "instance::scale")
        if self.boolean(row, "instance::reversed"):
            draft.reversed = True
            draft.reversed_position = ("survey", row.number, "instance::reversed")
        return draft

    def condition(
        self, row: Row, earlier: dict[str, Draft], questions: set[str]
    ) -> Condition | None:
        expression = row.get("relevant")
        if not expression:
            return None
        try:
            condition = parse_condition(expression)
        except ConditionError:
            self.problem(
                "survey", row.number, "relevant", UNSUPPORTED_RELEVANCE, expression=expression
            )
            return None
        answerable = {
            code: Answerable(d.kind, [c.value for _, c in self.lists.get(d.list_name or "", [])])
            for code, d in earlier.items()
        }
        refusals = check_condition(condition, answerable, questions)
        for refusal in refusals:
            self.refuse(("survey", row.number, "relevant"), refusal)
        return None if refusals else condition
