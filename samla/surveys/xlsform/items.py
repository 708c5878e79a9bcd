"""One question row → a draft item: labels, required, relevance, bounds, appearance."""

from __future__ import annotations

import re
from collections.abc import Mapping

from samla.surveys.conditions import Condition, ConditionError, parse_condition
from samla.surveys.instrument import APPEARANCES
from samla.surveys.xlsform.layout import Entry, Layout
from samla.surveys.xlsform.messages import (
    AMBIGUOUS_REFERENCE,
    APPEARANCE_NOT_SELECT,
    BOUND_MADE_INCLUSIVE,
    COLUMN_IGNORED,
    CONSTRAINT_NOT_INTEGER,
    DATE_CONSTRAINT,
    LABEL_FROM_HINT,
    MISSING_LABEL,
    SKIPPED_REFERENCE,
    TEXT_NOT_ASKED,
    TEXT_NOT_FILLED,
    UNKNOWN_APPEARANCE,
    UNKNOWN_REFERENCE,
    UNSUPPORTED_RELEVANCE,
)
from samla.surveys.xlsform.reader import FALSE_WORDS, TRUE_WORDS, Draft, Reader
from samla.surveys.xlsform.rules import Answerable, Refusal, check_condition, parse_bounds
from samla.surveys.xlsform.sheets import Row

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
# Columns that change what ODK asks or records, and that Samla does not carry out.
IGNORED_COLUMNS = ("choice_filter", "default", "trigger", "calculation", "repeat_count")
MEDIA_COLUMNS = ("image", "big-image", "audio", "video", "media")
_REFERENCE = re.compile(r"\$\{([A-Za-z_][\w.-]*)\}")


def draft_item(
    reader: Reader, entry: Entry, layout: Layout, earlier: Mapping[str, Answerable]
) -> Draft:
    row, code, kind = entry.row, entry.code, entry.type.kind
    label = reader.labels(reader.survey, row, "label", code, MISSING_LABEL, required=False)
    hint = reader.labels(reader.survey, row, "hint", code, MISSING_LABEL, required=False)
    if not label and hint:
        reader.warn("survey", row.number, "hint", LABEL_FROM_HINT, item=code)
        label, hint = hint, {}
    elif not label:
        reader.labels(reader.survey, row, "label", code, MISSING_LABEL)  # the refusal
    draft = Draft(kind=kind, list_name=entry.type.list_name, label=label, hint=hint)
    required = row.get("required")
    if required.lower() in TRUE_WORDS:
        draft.required = kind != "note"
    elif required and required.lower() not in FALSE_WORDS:
        reader.warn(
            "survey", row.number, "required", COLUMN_IGNORED, column="required", item=code,
            value=required,
        )  # fmt: skip
    text_references(reader, row, code, layout)
    draft.relevant = condition(reader, row, code, layout, earlier)
    _constraint(reader, row, code, draft)
    _appearance(reader, row, code, draft)
    for column in reader.survey.headers:
        value = row.get(column)
        ignored = column in IGNORED_COLUMNS or column.split("::")[0] in MEDIA_COLUMNS
        ignored = ignored or (column == "read_only" and value.lower() not in FALSE_WORDS)
        if value and ignored:
            reader.warn(
                "survey", row.number, column, COLUMN_IGNORED, column=reader.survey.column(column),
                item=code, value=value,
            )  # fmt: skip
    if scale := row.get("instance::scale"):
        draft.scale = scale
        draft.scale_position = ("survey", row.number, "instance::scale")
    if reader.boolean(row, "instance::reversed"):
        draft.reversed = True
        draft.reversed_position = ("survey", row.number, "instance::reversed")
    return draft


def answerable(reader: Reader, draft: Draft) -> Answerable:
    """What a later condition may know about ``draft`` (once its choice list is final)."""
    values = [choice.value for _, choice in reader.lists.get(draft.list_name or "", [])]
    return Answerable(draft.kind, values)


def text_references(reader: Reader, row: Row, code: str, layout: Layout) -> None:
    """ODK fills ``${name}`` in a label or hint with an answer; Samla's pages show the text as
    written, so each text (cell) that has one gets a warning."""
    columns = [
        column
        for prefix in ("label", "hint")
        for found in reader.survey.label_columns(prefix, reader.languages[0]).values()
        for column in found
    ]
    for column in columns:
        names = list(dict.fromkeys(_REFERENCE.findall(row.get(column))))
        unasked = ", ".join(name for name in names if name not in layout.asked)
        asked = ", ".join(name for name in names if name in layout.asked)
        for msgid, found in ((TEXT_NOT_ASKED, unasked), (TEXT_NOT_FILLED, asked)):
            if found:
                reader.warn("survey", row.number, column, msgid, item=code, names=found)


def _constraint(reader: Reader, row: Row, code: str, draft: Draft) -> None:
    expression = row.get("constraint")
    if not expression:
        return
    where = ("survey", row.number, "constraint")
    if draft.kind == "date":
        reader.warn(*where, DATE_CONSTRAINT, expression=expression, item=code)
        return
    if draft.kind not in ("integer", "decimal"):
        reader.warn(*where, CONSTRAINT_NOT_INTEGER, expression=expression, item=code)
        return
    bounds = parse_bounds(expression, draft.kind)
    if isinstance(bounds, Refusal):
        reader.warn(*where, bounds.msgid, **bounds.params, item=code)
        return
    draft.minimum, draft.maximum, loosened = bounds
    if loosened:
        reader.warn(
            *where, BOUND_MADE_INCLUSIVE, expression=expression, item=code,
            minimum=str(draft.minimum), maximum=str(draft.maximum),
        )  # fmt: skip


def _appearance(reader: Reader, row: Row, code: str, draft: Draft) -> None:
    appearance = row.get("appearance").lower()
    if not appearance:
        return
    words = appearance.split()
    draft.likert_declared = "likert" in words
    # Samla's own appearance (symbols) is kept beside ODK's words, e.g. "symbols likert".
    own = [word for word in words if word in APPEARANCES]
    if own and draft.kind in ("single", "multiple"):
        draft.appearance = own[0]
    elif own:
        reader.warn("survey", row.number, "appearance", APPEARANCE_NOT_SELECT, item=code)
    for word in sorted(set(words) - ODK_APPEARANCES - set(APPEARANCES)):
        reader.warn("survey", row.number, "appearance", UNKNOWN_APPEARANCE, value=word, item=code)


def condition(
    reader: Reader, row: Row, code: str, layout: Layout, earlier: Mapping[str, Answerable]
) -> Condition | None:
    """The row's relevance, or None. Samla refuses what pyxform refuses too (an unknown or
    ambiguous name); a condition it cannot carry out is dropped with a warning. ``earlier``
    holds the items drafted so far (see :func:`answerable`), kept up to date by the caller."""
    expression = row.get("relevant")
    if not expression:
        return None
    where = ("survey", row.number, "relevant")
    try:
        parsed = parse_condition(expression)
    except ConditionError:
        reader.warn(*where, UNSUPPORTED_RELEVANCE, expression=expression, item=code)
        return None
    names = [leaf.code for leaf in parsed.leaves()]
    refused = False
    for name in dict.fromkeys(names):
        if name in layout.reused:
            codes = ", ".join(layout.reused[name])
            reader.problem(*where, AMBIGUOUS_REFERENCE, code=name, codes=codes)
            refused = True
        elif name not in layout.names:
            reader.problem(*where, UNKNOWN_REFERENCE, code=name)
            refused = True
    if refused:
        return None
    skipped = [name for name in dict.fromkeys(names) if name in layout.skipped]
    for name in skipped:
        reader.warn(*where, SKIPPED_REFERENCE, expression=expression, code=name, item=code)
    if skipped:
        return None
    refusals = check_condition(parsed, earlier, layout.names)
    for refusal in refusals:
        reader.warn(*where, refusal.msgid, **refusal.params, item=code)
    return None if refusals else parsed
