"""Small XLSForm workbooks for tests, built with openpyxl.

Rows are dicts; a key ``instance__scale`` means the column ``instance::scale`` (and
``label__nn`` means ``label::nn``). A value of None leaves the cell empty.
"""

import io

import openpyxl

LANGUAGES = ("nb", "nn", "en")
SETTINGS = {
    "form_id": "test",
    "version": "1",
    "form_title": "Test",
    "default_language": "nb",
    "respondent_group": "teacher",
}


def _columns(row: dict) -> dict:
    return {key.replace("__", "::"): value for key, value in row.items()}


def labelled(prefix: str, name: str) -> dict:
    return {f"{prefix}::{language}": f"{name} {language}" for language in LANGUAGES}


def question(type_: str, name: str, **columns) -> dict:
    return {"type": type_, "name": name, **labelled("label", name), **_columns(columns)}


def begin(name: str, **columns) -> dict:
    return {"type": "begin_group", "name": name, **labelled("label", name), **_columns(columns)}


def end() -> dict:
    return {"type": "end_group"}


def choice(list_name: str, value: str, **columns) -> dict:
    return {
        "list_name": list_name,
        "name": value,
        **labelled("label", f"{list_name}/{value}"),
        **_columns(columns),
    }


def choice_list(list_name: str, *values: str) -> list[dict]:
    return [choice(list_name, value) for value in values]


CHOICES = [
    *choice_list("agree4", "1", "2", "3", "4"),
    *choice_list("agree4dk", "1", "2", "3", "4", "dk"),
    *choice_list("agree5", "1", "2", "3", "4", "5"),
    *choice_list("yn", "ja", "nei"),
    *choice_list("fruit", "eple", "banan", "pære"),
]


def scale(code: str, **columns) -> dict:
    return {"scale": code, **labelled("label", code), **_columns(columns)}


def _write(workbook, title: str, rows: list[dict]) -> None:
    sheet = workbook.create_sheet(title)
    header: list[str] = []
    for row in rows:
        header.extend(key for key in row if key not in header)
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(key) for key in header])


def xlsform(
    *survey: dict,
    choices: list[dict] | None = None,
    settings: dict | None = None,
    scales: list[dict] | None = None,
) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    _write(workbook, "survey", list(survey) or [{"type": None, "name": None, "label::nb": None}])
    _write(workbook, "choices", CHOICES if choices is None else choices)
    _write(workbook, "settings", [SETTINGS if settings is None else settings])
    if scales is not None:
        _write(workbook, "scales", scales)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
