"""Write an instrument as an XLSForm workbook: what :func:`~samla.surveys.xlsform.read_xlsform`
reads back to the same content (equal :func:`~samla.surveys.instrument_data.content_hash`) and
pyxform converts without errors.

Pure Python, no Django. The sheets follow the conventions in :mod:`samla.surveys.xlsform`:

settings
    ``form_id``, ``version``, ``form_title::xx`` per language, ``default_language`` (the
    instrument's first language) and ``respondent_group``.
survey
    A page is a top-level group (``begin_group``/``end_group``, its title as label, its
    condition as ``relevant``); a page that is one item outside groups is a bare row. An item
    code ``g/sub/q`` is the item ``q`` inside the nested groups ``g`` → ``sub`` (groups without
    labels). Columns: ``type``, ``name``, ``label::xx``, ``hint::xx``, ``required``,
    ``relevant``, ``constraint`` (bounds), ``appearance``, ``instance::scale`` and
    ``instance::reversed``. A Likert item in no index says so with the appearance ``likert``.
    A lone item whose page also holds the ``NAME_other`` text question the reader added for
    pyxform's ``or_other`` is written as ``select_one LIST or_other`` again; a ``${name}`` in
    a text that names no item (a calculation the reader skipped) gets a stand-in
    ``calculate`` row, so that pyxform accepts the text.
choices
    One list per distinct set of choices, shared by the items that have it and named after
    the first of them: ``list_name``, ``name``, ``label::xx`` and ``symbol`` (when used).
scales
    One row per index: ``scale`` and ``label::xx`` (the members are on the survey sheet).

The file's bytes depend on the instrument alone (fixed timestamps), so writing the same
version twice gives the same file.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Mapping
from decimal import Decimal

import openpyxl

from samla.surveys.conditions import AllOf, AnyOf, Compare, Condition, Selected
from samla.surveys.instrument import Choice, Instrument, Item, Page

__all__ = ["LIKERT_APPEARANCE", "relevance_expression", "write_xlsform"]

LIKERT_APPEARANCE = "likert"  # declares a Likert item that is in no index
_SELECT_TYPES = {"single": "select_one", "multiple": "select_multiple"}
_FIXED_TIME = (2026, 1, 1, 0, 0, 0)
_REFERENCE = re.compile(r"\$\{([A-Za-z_][\w.-]*)\}")


def write_xlsform(instrument: Instrument) -> bytes:
    """The instrument as an XLSForm workbook (.xlsx bytes)."""
    languages = instrument.languages
    lists = _choice_lists(instrument)
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    _sheet(
        workbook,
        "survey",
        [
            "type",
            "name",
            *(f"label::{language}" for language in languages),
            *(f"hint::{language}" for language in languages),
            "required",
            "relevant",
            "constraint",
            "appearance",
            "instance::scale",
            "instance::reversed",
            "calculation",
        ],
        _survey_rows(instrument, lists),
        keep=("type", "name", *(f"label::{language}" for language in languages)),
    )
    choice_columns = ["list_name", "name", *(f"label::{language}" for language in languages)]
    choice_rows = [
        {
            "list_name": list_name,
            "name": choice.value,
            **_texts("label", choice.label, languages),
            "symbol": choice.symbol,
        }
        for list_name, choices in _unique_lists(lists)
        for choice in choices
    ]
    if choice_rows:
        _sheet(workbook, "choices", [*choice_columns, "symbol"], choice_rows, keep=choice_columns)
    settings_columns = [
        "form_id",
        "version",
        *(f"form_title::{language}" for language in languages),
        "default_language",
        "respondent_group",
    ]
    settings = {
        "form_id": instrument.form_id,
        "version": instrument.version,
        **_texts("form_title", instrument.title, languages),
        "default_language": instrument.default_language,
        "respondent_group": instrument.respondent_group,
    }
    _sheet(workbook, "settings", settings_columns, [settings], keep=settings_columns)
    if instrument.scales:
        scale_columns = ["scale", *(f"label::{language}" for language in languages)]
        scale_rows = [
            {"scale": scale.code, **_texts("label", scale.label, languages)}
            for scale in instrument.scales
        ]
        _sheet(workbook, "scales", scale_columns, scale_rows, keep=scale_columns)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _reproducible(buffer.getvalue())


# --- choice lists ---------------------------------------------------------------------------


def _choice_key(choices: tuple[Choice, ...]) -> tuple:
    return tuple(
        (c.value, tuple(sorted(c.label.items())), c.is_dont_know, c.symbol) for c in choices
    )


def _choice_lists(instrument: Instrument) -> dict[str, tuple[str, tuple[Choice, ...]]]:
    """Item code → (its list's name, the choices); items with equal choices share a list,
    named after the first item that has it (its code with ``/`` as ``_``)."""
    named: dict[tuple, str] = {}
    lists: dict[str, tuple[str, tuple[Choice, ...]]] = {}
    for item in _items_in_form_order(instrument):
        if item.kind not in _SELECT_TYPES:
            continue
        key = _choice_key(item.choices)
        if key not in named:
            base = name = item.code.replace("/", "_")
            suffix = 1
            while name in named.values():
                suffix += 1
                name = f"{base}_{suffix}"
            named[key] = name
        lists[item.code] = (named[key], item.choices)
    return lists


def _unique_lists(
    lists: Mapping[str, tuple[str, tuple[Choice, ...]]],
) -> Iterable[tuple[str, tuple[Choice, ...]]]:
    seen: set[str] = set()
    for list_name, choices in lists.values():
        if list_name not in seen:
            seen.add(list_name)
            yield list_name, choices


# --- the survey sheet -----------------------------------------------------------------------


def _items_in_form_order(instrument: Instrument) -> Iterable[Item]:
    for page in instrument.pages:
        for code in page.item_codes:
            yield instrument.item(code)


def _is_lone_item(page: Page) -> bool:
    """A page the reader made of one item outside groups (no group row to write)."""
    return (
        page.item_codes == (page.name,)
        and not page.title
        and page.relevant is None
        and "/" not in page.name
    )


def _survey_rows(
    instrument: Instrument, lists: Mapping[str, tuple[str, tuple[Choice, ...]]]
) -> list[dict[str, str | None]]:
    languages = instrument.languages
    rows: list[dict[str, str | None]] = _stand_ins(instrument)
    for page in instrument.pages:
        if _is_lone_item(page) or _is_or_other(instrument, page):
            row = _item_row(instrument.item(page.name), page.name, lists, languages)
            if len(page.item_codes) == 2:
                row["type"] = f"{row['type']} or_other"
            rows.append(row)
            continue
        rows.append(
            {
                "type": "begin_group",
                "name": page.name,
                **_texts("label", page.title, languages),
                "relevant": relevance_expression(page.relevant) if page.relevant else None,
            }
        )
        open_groups: list[str] = []
        for code in page.item_codes:
            *path, name = code.split("/")
            if path and path[0] == page.name:
                path = path[1:]
            shared = 0
            while shared < min(len(path), len(open_groups)) and path[shared] == open_groups[shared]:
                shared += 1
            rows.extend({"type": "end_group"} for _ in open_groups[shared:])
            rows.extend({"type": "begin_group", "name": group} for group in path[shared:])
            open_groups = path
            rows.append(_item_row(instrument.item(code), name, lists, languages))
        rows.extend({"type": "end_group"} for _ in open_groups)
        rows.append({"type": "end_group"})
    return rows


def _is_or_other(instrument: Instrument, page: Page) -> bool:
    """A lone item with the text question pyxform's ``or_other`` adds, which the reader keeps
    on the item's page: written as ``select_one LIST or_other`` (the list keeps its "other")."""
    if page.title or page.relevant is not None or len(page.item_codes) != 2:
        return False
    code, other = page.item_codes
    return (
        code == page.name
        and other == f"{code}_other"
        and instrument.item(code).kind in _SELECT_TYPES
        and instrument.item(other).kind == "text"
    )


def _stand_ins(instrument: Instrument) -> list[dict[str, str | None]]:
    """A ``calculate`` row for each ``${name}`` in a text that names no item: the reader kept
    the text of a form whose calculation it skipped, and pyxform refuses an unknown name."""
    names = {code.rsplit("/", 1)[-1] for code in instrument.items_by_code}
    texts = [*instrument.title.values()]
    for page in instrument.pages:
        texts.extend(page.title.values())
    for item in instrument.items:
        texts.extend([*item.label.values(), *item.hint.values()])
        texts.extend(text for choice in item.choices for text in choice.label.values())
    unknown = {n for text in texts for n in _REFERENCE.findall(text)} - names
    return [{"type": "calculate", "name": name, "calculation": "''"} for name in sorted(unknown)]


def _item_row(
    item: Item,
    name: str,
    lists: Mapping[str, tuple[str, tuple[Choice, ...]]],
    languages: tuple[str, ...],
) -> dict[str, str | None]:
    kind = _SELECT_TYPES.get(item.kind)
    return {
        "type": f"{kind} {lists[item.code][0]}" if kind else item.kind,
        "name": name,
        **_texts("label", item.label, languages),
        **_texts("hint", item.hint, languages),
        "required": "yes" if item.required else None,
        "relevant": relevance_expression(item.relevant) if item.relevant else None,
        "constraint": _bounds(item),
        "appearance": _appearance(item) or None,
        "instance::scale": item.scale,
        "instance::reversed": "yes" if item.reversed else None,
    }


def _bounds(item: Item) -> str | None:
    parts = []
    if item.minimum is not None:
        parts.append(f". >= {_number(item.minimum)}")
    if item.maximum is not None:
        parts.append(f". <= {_number(item.maximum)}")
    return " and ".join(parts) or None


def _appearance(item: Item) -> str:
    words = item.appearance.split()
    # Only a declared item is Likert: in an index, or with this appearance.
    if item.is_likert and not item.scale and LIKERT_APPEARANCE not in words:
        words.append(LIKERT_APPEARANCE)
    return " ".join(words)


def _texts(prefix: str, texts: Mapping[str, str], languages: tuple[str, ...]) -> dict[str, str]:
    return {
        f"{prefix}::{language}": texts[language] for language in languages if texts.get(language)
    }


# --- relevance ------------------------------------------------------------------------------


def relevance_expression(condition: Condition) -> str:
    """The XLSForm ``relevant`` text that :func:`~samla.surveys.conditions.parse_condition`
    reads back to ``condition``. A reference to a nested code ``g/sub/q`` is ``${q}`` (XLSForm
    refers to names); raises ValueError for a text holding both kinds of quote."""
    if isinstance(condition, AllOf):
        return " and ".join(
            f"({relevance_expression(part)})"
            if isinstance(part, AnyOf)
            else relevance_expression(part)
            for part in condition.parts
        )
    if isinstance(condition, AnyOf):
        return " or ".join(relevance_expression(part) for part in condition.parts)
    if isinstance(condition, Selected):
        return f"selected({_reference(condition.code)}, {_quoted(condition.value)})"
    assert isinstance(condition, Compare)
    value = condition.value
    literal = _quoted(value) if isinstance(value, str) else _number(value)
    return f"{_reference(condition.code)} {condition.op} {literal}"


def _reference(code: str) -> str:
    return "${" + code.rsplit("/", 1)[-1] + "}"


def _quoted(text: str) -> str:
    if "'" not in text:
        return f"'{text}'"
    if '"' not in text:
        return f'"{text}"'
    raise ValueError(f"a relevance text cannot hold both ' and \": {text!r}")


def _number(value: int | float) -> str:
    if isinstance(value, int):
        return str(value)
    text = repr(value)  # the shortest text that reads back as the same float
    # 1e-05 is no XPath number; spell it out (still the same float when read back).
    return format(Decimal(text), "f") if "e" in text or "E" in text else text


# --- the workbook ---------------------------------------------------------------------------


def _sheet(
    workbook: openpyxl.Workbook,
    title: str,
    columns: list[str],
    rows: list[dict[str, str | None]],
    *,
    keep: Iterable[str],
) -> None:
    """A sheet with the ``columns`` that some row fills (and those in ``keep``), in order."""
    kept = set(keep)
    header = [c for c in columns if c in kept or any(row.get(c) for row in rows)]
    sheet = workbook.create_sheet(title)
    sheet.append(header)
    for number, row in enumerate(rows, start=2):
        for column, key in enumerate(header, start=1):
            value = row.get(key)
            if value is None or value == "":
                continue
            cell = sheet.cell(row=number, column=column, value=value)
            cell.data_type = "s"  # a text that starts with "=" is a text, not a formula


def _reproducible(data: bytes) -> bytes:
    """The same workbook with fixed timestamps, so equal content gives equal bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(created|modified)[^>]*>)[^<]*",
                    rb"\g<1>2026-01-01T00:00:00Z",
                    content,
                )
            fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, content)
    return out.getvalue()
