"""Columns Samla does not read: a warning each, unless Samla knows them to be harmless.

A misspelt column (``relevent``) would otherwise lose what it holds without a word.
"""

from __future__ import annotations

from samla.surveys.xlsform.items import IGNORED_COLUMNS, MEDIA_COLUMNS
from samla.surveys.xlsform.messages import COLUMN_NOT_READ
from samla.surveys.xlsform.reader import Reader
from samla.surveys.xlsform.sheets import Sheet

# The columns Samla reads, per sheet, as canonical headers (see sheets.canonical_header).
# On the survey sheet, IGNORED_COLUMNS and media columns count as read: they are warned
# about on each row that has a value. Texts (label, hint, form_title) are read in the
# form's languages; the part after ``::`` is checked separately.
READ_COLUMNS = {
    "survey": frozenset(
        {"type", "name", "required", "relevant", "constraint", "appearance", "read_only"}
        | {"instance::scale", "instance::reversed", *IGNORED_COLUMNS}
    ),
    "choices": frozenset({"list_name", "name", "symbol"}),
    "settings": frozenset({"form_id", "version", "default_language", "respondent_group"}),
    "scales": frozenset({"scale", "items", "reversed"}),
}
TEXT_COLUMNS = {
    "survey": ("label", "hint"),
    "choices": ("label",),
    "settings": ("form_title",),
    "scales": ("label",),
}

# Columns Samla ignores quietly: they change nothing in what a web questionnaire asks or
# stores. Compared with the header before any ``::`` (``constraint_message::English``).
IGNORED_QUIETLY = {
    "survey": frozenset(
        {
            "constraint_message",  # ODK's messages; Samla's pages say what is wrong
            "constraining_message",
            "required_message",
            "requiredmsg",
            "no_app_error_string",
            "noapperrorstring",
            "guidance_hint",  # shown on paper and on request in ODK Collect only
            "parameters",  # of types Samla skips (range, rank, geopoint ...), or randomize
            "autoplay",
            "rows",  # text box height
            "body",
            "compact_tag",
            "save_to",  # ODK entities
            "instance",  # extra attributes in the submission's XML (scale, reversed: read)
            "hxl",
            "tags",
            "note",
        }
    ),
    "choices": frozenset(),
    "settings": frozenset(
        {
            "style",
            "name",
            "instance_name",
            "public_key",
            "submission_url",
            "auto_send",
            "auto_delete",
            "allow_choice_duplicates",
            "clean_text_values",
            "omit_instanceid",
            "namespaces",
            "attribute",
            "prefix",
            "compact_prefix",
            "delimiter",
            "compact_delimiter",
        }
    ),
    "scales": frozenset(),
}
# Bookkeeping of KoboToolbox and ODK tools ($kuid, $autoname, kobo--score-choices, _version)
# and SMS settings.
IGNORED_PREFIXES = ("$", "_", "kobo--", "sms_")


def warn_unread_columns(reader: Reader) -> None:
    """One warning (sheet, row 1, column) per column that holds something Samla does not
    read. Needs ``reader.languages``."""
    sheets = [reader.survey, reader.choices, reader.settings]
    for sheet in [*sheets, *([reader.scales] if reader.scales else [])]:
        for header in sheet.headers:
            if header and not _read(reader, sheet, header) and _holds_something(sheet, header):
                reader.warn(sheet.name, 1, header, COLUMN_NOT_READ, column=sheet.column(header))


def _read(reader: Reader, sheet: Sheet, header: str) -> bool:
    lower = header.lower()
    base = lower.split("::")[0].strip()
    if header in READ_COLUMNS[sheet.name] or lower.startswith(IGNORED_PREFIXES):
        return True
    if base in IGNORED_QUIETLY[sheet.name]:
        return True
    if sheet.name == "survey" and base in MEDIA_COLUMNS:
        return True
    for prefix in TEXT_COLUMNS.get(sheet.name, ()):
        columns = sheet.label_columns(prefix, reader.languages[0] if reader.languages else "")
        if any(header in columns.get(language, []) for language in reader.languages):
            return True
    return False


def _holds_something(sheet: Sheet, header: str) -> bool:
    return any(str(row.values.get(header) or "").strip() for row in sheet.rows)
