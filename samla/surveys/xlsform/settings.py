"""The settings sheet and the languages: form id, version, title, respondent group."""

from __future__ import annotations

import hashlib
import re
from pathlib import PurePath

from samla.surveys.groups import RESPONDENT_GROUPS
from samla.surveys.xlsform.languages import language_code
from samla.surveys.xlsform.messages import (
    FORM_ID_ASSUMED,
    LANGUAGE_ASSUMED,
    MISSING_RESPONDENT_GROUP,
    MISSING_TRANSLATION,
    NO_LABEL_COLUMN,
    NO_LANGUAGE_CODE,
    SETTING_TOO_LONG,
    TITLE_ASSUMED,
    UNKNOWN_DEFAULT_LANGUAGE,
    UNKNOWN_RESPONDENT_GROUP,
    VERSION_ASSUMED,
)
from samla.surveys.xlsform.reader import Reader, Settings
from samla.surveys.xlsform.sheets import Row

DEFAULT_FORM_ID = "form"  # pyxform's, when it knows no file name either
# What InstrumentVersion stores (form_id, version); tests/surveys/test_xlsform.py checks them.
FORM_ID_LIMIT = 100
VERSION_LIMIT = 50
_NOT_IN_ID = re.compile(r"[^A-Za-z0-9_.-]+")


def form_id_from_file_name(file_name: str | None) -> str:
    """The file name's stem as a form id: runs of anything but letters A-Z, digits, ``_``,
    ``.`` and ``-`` (spaces too) become one ``_``, cut to :data:`FORM_ID_LIMIT`."""
    stem = PurePath(file_name).stem.strip() if file_name else ""
    cleaned = _NOT_IN_ID.sub("_", stem)[:FORM_ID_LIMIT]
    return cleaned if cleaned.strip("_.-") else DEFAULT_FORM_ID


def read_settings(
    reader: Reader, data: bytes, chosen_group: str | None, file_name: str | None
) -> Settings:
    row = reader.settings.rows[0] if reader.settings.rows else Row("settings", 2, {})
    reader.languages = read_languages(reader, row)
    form_id = row.get("form_id")
    if not form_id:
        form_id = form_id_from_file_name(file_name)
        reader.warn("settings", row.number, "form_id", FORM_ID_ASSUMED, form_id=form_id)
    version = row.get("version")
    if not version:
        version = hashlib.sha256(data).hexdigest()[:8]
        reader.warn("settings", row.number, "version", VERSION_ASSUMED, version=version)
    for column, value, limit in (
        ("form_id", form_id, FORM_ID_LIMIT),
        ("version", version, VERSION_LIMIT),
    ):
        if len(value) > limit:
            reader.problem(
                "settings", row.number, column, SETTING_TOO_LONG,
                column=reader.settings.column(column), count=len(value), limit=limit,
            )  # fmt: skip
    group = row.get("respondent_group") or (chosen_group or "").strip()
    if not group:
        reader.problem("settings", row.number, "respondent_group", MISSING_RESPONDENT_GROUP)
    elif group not in RESPONDENT_GROUPS:
        reader.problem(
            "settings",
            row.number,
            "respondent_group",
            UNKNOWN_RESPONDENT_GROUP,
            value=group,
            allowed=", ".join(RESPONDENT_GROUPS),
        )
    return Settings(form_id, version, read_title(reader, row, form_id), group)


def read_languages(reader: Reader, settings: Row) -> tuple[str, ...]:
    declared: list[str] = []
    plain = None
    for header in reader.survey.headers:
        if header.lower() == "label":
            plain = header
        elif header.lower().startswith("label::"):
            code = language_code(header[len("label::") :])
            if code is None:
                reader.problem("survey", 1, header, NO_LANGUAGE_CODE, column=header)
            elif code not in declared:
                declared.append(code)
    if not declared and plain is None:
        reader.problem("survey", 1, None, NO_LABEL_COLUMN)
    default = settings.get("default_language")
    default_code = language_code(default) if default else None
    if default and default_code is None:
        reader.problem(
            "settings", settings.number, "default_language", NO_LANGUAGE_CODE, column=default
        )
    elif default_code and declared and plain is None and default_code not in declared:
        reader.warn(
            "settings",
            settings.number,
            "default_language",
            UNKNOWN_DEFAULT_LANGUAGE,
            language=default_code,
            fallback=declared[0],
        )
        default_code = None
    first = default_code or (declared[0] if declared else "nb")
    if plain is not None and not default:
        reader.warn("survey", 1, plain, LANGUAGE_ASSUMED, column=plain, language=first)
    return (first, *(code for code in declared if code != first))


def read_title(reader: Reader, settings: Row, form_id: str) -> dict[str, str]:
    plain = settings.get("form_title")
    if plain:
        reader.text("settings", settings.number, "form_title", plain)
    specific = {}
    for column, value in settings.values.items():
        prefix, _, suffix = column.partition("::")
        if prefix.lower() == "form_title" and suffix and str(value).strip():
            code = language_code(suffix)
            if code:
                specific[code] = reader.text(
                    "settings", settings.number, column, str(value).strip()
                )
    found = {
        language: text for language in reader.languages if (text := specific.get(language) or plain)
    }
    if not found:
        reader.warn("settings", settings.number, "form_title", TITLE_ASSUMED, title=form_id)
        return dict.fromkeys(reader.languages, form_id)
    fallback = reader.languages[0] if reader.languages[0] in found else next(iter(found))
    for language in reader.languages:
        if language not in found:
            reader.warn(
                "settings",
                settings.number,
                f"form_title::{language}",
                MISSING_TRANSLATION,
                code="form_title",
                language=language,
                fallback=fallback,
            )
    return {language: found.get(language, found[fallback]) for language in reader.languages}
