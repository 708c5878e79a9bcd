"""Likert lists and indices: which items are Likert, which index each belongs to."""

from __future__ import annotations

import re
from collections.abc import Mapping

from samla.surveys.instrument import DONT_KNOW, Choice, Scale
from samla.surveys.xlsform.messages import (
    DONT_KNOW_CODED,
    DUPLICATE_SCALE,
    LIKERT_DONT_KNOW_CODED,
    LIKERT_LIST,
    MISSING_LABEL,
    MISSING_SCALE_CODE,
    NOT_LIKERT_IN_SCALE,
    REVERSED_NOT_IN_SCALE,
    REVERSED_NOT_LIKERT,
    SCALE_CONFLICT,
    SCALE_MIXED_POINTS,
    SCALE_NOT_DESCRIBED,
    SCALE_TOO_SMALL,
    UNKNOWN_SCALE_ITEM,
)
from samla.surveys.xlsform.reader import Draft, Reader
from samla.surveys.xlsform.sheets import Row

# The start of a choice label that means "don't know", in the languages authors write
# (compared without case, apostrophes or other punctuation).
DONT_KNOW_PHRASES = (
    "vet ikke", "veit ikkje", "don't know", "do not know", "dont know", "ne sais pas",
    "je ne sais pas", "weiß nicht", "weiss nicht", "sijui", "no sé", "no sabe", "não sei",
    "vet inte", "ved ikke",
)  # fmt: skip


def _words(text: str) -> str:
    text = re.sub(r"['\u2019\u02bc`´]", "", text.casefold())
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


_DONT_KNOW_WORDS = tuple(_words(phrase) for phrase in DONT_KNOW_PHRASES)


def means_dont_know(label: str) -> bool:
    """Whether a choice label starts with a phrase for "don't know" ("Don't know.", "Vet
    ikke / ingen mening")."""
    words = _words(label)
    return any(words == phrase or words.startswith(phrase + " ") for phrase in _DONT_KNOW_WORDS)


def _dont_know_coded(entries: list[tuple[Row, Choice]]) -> tuple[Row, Choice, str] | None:
    """A list 1..4 or 1..5 whose last choice means "don't know": (its row, it, the label)."""
    values = [choice.value for _, choice in entries]
    if likert_points(values) is None or values[-1] == DONT_KNOW:
        return None
    row, choice = entries[-1]
    label = next((text for text in choice.label.values() if means_dont_know(text)), None)
    return None if label is None else (row, choice, label)


def likert_points(values: list[str]) -> int | None:
    """4 or 5 for choices named 1..4 or 1..5 in order (a trailing dk allowed), else None."""
    numbered = values[:-1] if values and values[-1] == DONT_KNOW else values
    for points in (4, 5):
        if numbered == [str(n) for n in range(1, points + 1)]:
            return points
    return None


def _codes(text: str) -> list[str]:
    return [code for code in re.split(r"[\s,;]+", text) if code]


def read_indices(
    reader: Reader,
    drafts: dict[str, Draft],
    scale_labels: Mapping[str, Mapping[str, str]] | None = None,
) -> tuple[dict[str, int], tuple[Scale, ...]]:
    """(Likert points per item code, the indices); problems go to ``reader``. An item is
    Likert when the form says so (an index, or appearance likert) and its list is 1..4/1..5.
    ``scale_labels`` (index code → language → name) are the names the publisher chose."""
    described = _read_scales_sheet(reader, drafts)
    points, bad_lists = _likert_items(reader, drafts)
    members: dict[str, list[str]] = {}
    for code, draft in drafts.items():
        if draft.scale:
            members.setdefault(draft.scale, []).append(code)
        # A broken Likert list is reported once on the choices sheet, not again per item.
        excused = code in points or draft.list_name in bad_lists
        if draft.scale and not excused:
            assert draft.scale_position is not None
            reader.problem(*draft.scale_position, NOT_LIKERT_IN_SCALE, code=code, scale=draft.scale)
        if draft.reversed and not excused:
            assert draft.reversed_position is not None
            reader.problem(*draft.reversed_position, REVERSED_NOT_LIKERT, code=code)
    scales = []
    for scale in [*described, *(s for s in members if s not in described)]:
        codes = members.get(scale, [])
        if scale in described:
            position = ("scales", described[scale][0].number, "scale")
        else:
            position = drafts[codes[0]].scale_position  # type: ignore[assignment]
            named = (scale_labels or {}).get(scale) or {}
            if not all(str(named.get(language, "")).strip() for language in reader.languages):
                reader.warn(*position, SCALE_NOT_DESCRIBED, scale=scale)
        if len(codes) < 2:
            reader.problem(*position, SCALE_TOO_SMALL, scale=scale, count=len(codes))
        if len({points[code] for code in codes if code in points}) > 1:
            reader.problem(*position, SCALE_MIXED_POINTS, scale=scale)
        label = described[scale][1] if scale in described else {}
        label = label or dict.fromkeys(reader.languages, scale)
        scales.append(Scale(scale, label, tuple(codes)))
    return points, tuple(scales)


def _likert_items(reader: Reader, drafts: dict[str, Draft]) -> tuple[dict[str, int], set[str]]:
    points: dict[str, int] = {}
    bad_lists: set[str] = set()  # refused as Likert lists
    warned: set[str] = set()  # read as plain choices: "don't know" coded as a number
    for code, draft in drafts.items():
        if draft.kind != "single" or draft.list_name not in reader.lists:
            continue
        entries = reader.lists[draft.list_name]
        values = [choice.value for _, choice in entries]
        meant = draft.scale or draft.reversed
        coded = _dont_know_coded(entries) if meant or draft.likert_declared else None
        if coded is not None:
            _dont_know_not_a_point(reader, draft, coded, bad_lists, warned)
            continue
        if (meant or draft.likert_declared) and (found := likert_points(values)):
            points[code] = found
            continue
        # Numbers (and dk) on an item in an index or reversed: meant as Likert.
        numeric = any(v.isdigit() for v in values) and all(
            v.isdigit() or v == DONT_KNOW for v in values
        )
        if numeric and meant and draft.list_name not in bad_lists:
            bad_lists.add(draft.list_name)
            reader.problem(
                "choices",
                entries[0][0].number,
                "name",
                LIKERT_LIST,
                list=draft.list_name,
                values=", ".join(values),
            )
    return points, bad_lists


def _dont_know_not_a_point(
    reader: Reader,
    draft: Draft,
    coded: tuple[Row, Choice, str],
    bad_lists: set[str],
    warned: set[str],
) -> None:
    """An index needs scale points only: refused. Declared by appearance alone, the item
    is an ordinary choice question."""
    row, choice, label = coded
    list_name = draft.list_name or ""
    params = {"list": list_name, "value": choice.value, "label": label}
    if draft.scale or draft.reversed:
        if list_name not in bad_lists:
            bad_lists.add(list_name)
            reader.problem("choices", row.number, "name", LIKERT_DONT_KNOW_CODED, **params)
    elif list_name not in warned:
        warned.add(list_name)
        reader.warn("choices", row.number, "name", DONT_KNOW_CODED, **params)


def _read_scales_sheet(
    reader: Reader, drafts: dict[str, Draft]
) -> dict[str, tuple[Row, dict[str, str]]]:
    """Index code → (its row, its label); assigns items and reversals listed there."""
    described: dict[str, tuple[Row, dict[str, str]]] = {}
    if reader.scales is None:
        return described
    for row in reader.scales.rows:
        scale = row.get("scale")
        if not scale:
            reader.problem("scales", row.number, "scale", MISSING_SCALE_CODE)
            continue
        if scale in described:
            first_row = described[scale][0].number
            reader.problem(
                "scales", row.number, "scale", DUPLICATE_SCALE, scale=scale, first_row=first_row
            )
            continue
        described[scale] = (row, reader.labels(reader.scales, row, "label", scale, MISSING_LABEL))
        for code in _codes(row.get("items")):
            draft = drafts.get(code)
            if draft is None:
                reader.problem("scales", row.number, "items", UNKNOWN_SCALE_ITEM, code=code)
            elif draft.scale and draft.scale != scale:
                reader.problem(
                    "scales", row.number, "items", SCALE_CONFLICT, code=code, other=draft.scale
                )
            elif not draft.scale:
                draft.scale = scale
                draft.scale_position = ("scales", row.number, "items")
        for code in _codes(row.get("reversed")):
            draft = drafts.get(code)
            if draft is None:
                reader.problem("scales", row.number, "reversed", UNKNOWN_SCALE_ITEM, code=code)
            elif draft.scale != scale:
                reader.problem(
                    "scales",
                    row.number,
                    "reversed",
                    REVERSED_NOT_IN_SCALE,
                    code=code,
                    scale=scale,
                )
            else:
                draft.reversed = True
                draft.reversed_position = ("scales", row.number, "reversed")
    return described
