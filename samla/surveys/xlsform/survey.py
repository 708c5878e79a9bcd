"""The survey sheet → items in form order and pages; what Samla cannot ask is skipped."""

from __future__ import annotations

from dataclasses import replace

from samla.surveys.conditions import AllOf, Compare, Condition, Selected
from samla.surveys.instrument import Choice
from samla.surveys.xlsform.items import answerable, condition, draft_item, text_references
from samla.surveys.xlsform.layout import Entry, read_layout
from samla.surveys.xlsform.messages import (
    METADATA_SKIPPED,
    MISSING_LABEL,
    NESTED_GROUP_RELEVANCE,
    OR_OTHER_ADDED,
    REPEAT_SKIPPED,
    TOO_MANY_CHOICES,
    TYPE_SKIPPED,
    UNKNOWN_LIST,
)
from samla.surveys.xlsform.reader import Draft, PageDraft, Reader
from samla.surveys.xlsform.rules import Answerable

MAX_SINGLE_CHOICES = 254
OTHER = "other"  # the choice pyxform's or_other adds
_OTHER_LABEL = {"nb": "Annet", "nn": "Anna", "en": "Other"}
_SPECIFY_LABEL = {"nb": "Spesifiser annet", "nn": "Spesifiser anna", "en": "Specify other"}


def read_survey(reader: Reader) -> tuple[dict[str, Draft], list[PageDraft]]:
    """Items in form order, and pages (a top-level group, or one item outside groups)."""
    layout = read_layout(reader)
    drafts: dict[str, Draft] = {}
    # Kept beside drafts as each is drafted, so that checking a condition costs no more in a
    # long form than in a short one.
    earlier: dict[str, Answerable] = {}
    pages: list[PageDraft] = []
    groups: list[Condition | None] = []  # conditions of the groups inside the current page
    metadata: list[Entry] = []
    for entry in layout.entries:
        row, category = entry.row, entry.type.category
        if entry.in_repeat:
            continue
        if category == "repeat":
            inside = [e.name for e in layout.entries if _within(e, entry) and e.name]
            codes = ", ".join(inside) or "-"
            reader.warn("survey", row.number, "type", REPEAT_SKIPPED, code=entry.name, codes=codes)
            continue
        if category == "metadata":
            metadata.append(entry)
            continue
        if category == "skipped":
            kind = row.get("type")
            reader.warn("survey", row.number, "type", TYPE_SKIPPED, code=entry.name, type=kind)
            continue
        depth = len(entry.path)
        del groups[max(depth - 1, 0) :]
        if category == "group":
            own = condition(reader, row, entry.name, layout, earlier)
            if depth == 0:
                text_references(reader, row, entry.name, layout)
                title = reader.labels(
                    reader.survey, row, "label", entry.name, MISSING_LABEL, required=False
                )
                pages.append(PageDraft(entry.name, title, relevant=own))
            else:
                if own is not None:
                    reader.warn(
                        "survey", row.number, "relevant", NESTED_GROUP_RELEVANCE, group=entry.name
                    )
                groups.append(own)
            continue
        if not _list_ok(reader, entry):
            entry.type = replace(entry.type, list_name=None, or_other=False)
        draft = draft_item(reader, entry, layout, earlier)
        draft.relevant = _all_of([*groups, draft.relevant])
        if depth == 0:
            pages.append(PageDraft(entry.code, {}))
        if entry.code and entry.code not in drafts:
            pages[-1].codes.append(entry.code)
            drafts[entry.code] = draft
            if entry.type.or_other and draft.list_name:
                other = _or_other(reader, entry, draft, drafts, pages[-1])
                earlier.setdefault(other, answerable(reader, drafts[other]))
            earlier[entry.code] = answerable(reader, draft)
    if metadata:
        codes = ", ".join(e.name or e.row.get("type") for e in metadata)
        reader.warn("survey", metadata[0].row.number, "type", METADATA_SKIPPED, codes=codes)
    return drafts, pages


def _within(entry: Entry, block: Entry) -> bool:
    prefix = (*block.path, block.name)
    return entry is not block and entry.path[: len(prefix)] == prefix and entry.in_repeat


def _all_of(conditions: list[Condition | None]) -> Condition | None:
    parts: list[Condition] = []
    for part in conditions:
        if part is not None:
            parts.extend(part.parts if isinstance(part, AllOf) else (part,))
    return parts[0] if len(parts) == 1 else (AllOf(tuple(parts)) if parts else None)


def _list_ok(reader: Reader, entry: Entry) -> bool:
    list_name, row = entry.type.list_name, entry.row
    if list_name is None:
        return True
    if list_name not in reader.lists:
        reader.problem("survey", row.number, "type", UNKNOWN_LIST, list=list_name)
        return False
    if entry.type.kind == "single":
        # Answers are stored in one byte, with 0 and 255 taken (missing, "vet ikke").
        count = sum(not choice.is_dont_know for _, choice in reader.lists[list_name])
        count += entry.type.or_other
        if count > MAX_SINGLE_CHOICES:
            reader.problem(
                "survey", row.number, "type", TOO_MANY_CHOICES, list=list_name, count=count
            )
    return True


def _or_other(
    reader: Reader, entry: Entry, draft: Draft, drafts: dict[str, Draft], page: PageDraft
) -> str:
    """pyxform's ``or_other``: the choice "other", and a text question asked when it is chosen
    (its code is returned)."""
    list_name = f"{draft.list_name} or_other"
    if list_name not in reader.lists:
        entries = list(reader.lists[draft.list_name or ""])
        if not any(choice.value == OTHER for _, choice in entries):
            label = {lang: _OTHER_LABEL.get(lang, "Other") for lang in reader.languages}
            entries.append((entry.row, Choice(OTHER, label)))
        reader.lists[list_name] = entries
    draft.list_name = list_name
    code = f"{entry.code}_other"
    asked = (
        Selected(entry.code, OTHER) if draft.kind == "multiple" else Compare(entry.code, "=", OTHER)
    )
    label = {lang: _SPECIFY_LABEL.get(lang, "Specify other") for lang in reader.languages}
    if code not in drafts:
        drafts[code] = Draft(
            kind="text",
            list_name=None,
            label=label,
            hint={},
            relevant=_all_of([draft.relevant, asked]),
        )
        page.codes.append(code)
    reader.warn("survey", entry.row.number, "type", OR_OTHER_ADDED, code=entry.code, other=code)
    return code
