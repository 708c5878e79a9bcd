"""Read an XLSForm workbook into a validated :class:`~samla.surveys.instrument.Instrument`.

Pure Python, no Django. pyxform reads the ``survey``, ``choices`` and ``settings`` sheets into
rows (keeping every column, and the row numbers through empty rows); openpyxl reads Samla's
``scales`` sheet, which pyxform skips. Samla checks the rows itself so that it can report
*every* problem with its sheet, row and column; when Samla finds none, pyxform's own XLSForm
validation runs as well, so a form Samla accepts also works in ODK tools.

Samla reads what pyxform reads. What it cannot carry out it skips, changes or assumes with a
warning (``Instrument.warnings``, positioned like problems); it refuses only what pyxform
refuses too, what Samla's own columns get wrong, and a form with nothing to ask.

Modules: ``sheets`` (workbook → rows, column spellings; pyxform's check), ``columns``
(columns Samla does not read), ``languages``
(language names → codes), ``settings``, ``reader`` (state, labels, choices), ``kinds`` (the
type column), ``layout`` (groups and item codes), ``survey`` and ``items`` (the survey sheet),
``indices`` (Likert and indices), ``rules`` (bounds, relevance references), ``messages``.

Conventions for authors
-----------------------

settings sheet (one row)
    ``form_id`` (or ``id_string``; else the file name, as pyxform does, with anything but
    ``A-Z a-z 0-9 _ . -`` made ``_`` and cut to 100 characters), ``version`` (else the first 8
    hex digits of the file's SHA-256: every changed file is a new version); a form id longer
    than 100 characters or a version longer than 50 is refused (what Samla stores),
    ``form_title`` / ``title`` or one per language (else the form id), ``default_language``
    (a code or a name: ``nb``, ``English``), ``respondent_group`` (else chosen on upload).
languages
    ``label::nb``, ``label::Norsk bokmål (nb)``, ``label::English``, ``label:Deutsch`` (single
    colons on a sheet without ``::``); names in English, Norwegian or the language itself map
    to ISO codes (:data:`~samla.surveys.xlsform.languages.LANGUAGE_NAMES`). A plain ``label``
    column is the default language. A text missing in one language falls back to the default
    language's (warning); a question with no label and no hint is refused.
columns
    ``list name``/``list_name``, ``value``/``name`` (choices); ``relevant``/``relevance``/
    ``bind::relevant``, ``constraint``/``bind::constraint``, ``required``/``bind::required``.
    ``choice_filter``, ``default``, ``trigger``, ``calculation``, ``read_only``, media:
    ignored with a warning per row. Any other column that holds something gets one warning
    (a misspelt ``relevent`` is not lost quietly), except the columns Samla ignores without
    harm: :data:`~samla.surveys.xlsform.columns.IGNORED_QUIETLY` (``constraint_message``,
    ``guidance_hint``, ``style`` …) and Kobo's and ODK's bookkeeping (``$kuid``, ``kobo--…``,
    ``_…``).
question types
    ``select_one L`` (``select one from L`` …), ``select_multiple L`` (``select all that apply
    from L``), ``… or_other`` (adds the choice ``other`` and a text item NAME_other),
    ``integer``, ``decimal``, ``date``, ``text``, ``note``, ``begin_group``/``end_group``.
    Metadata (start, end, deviceid …) are skipped with one warning; repeats, geopoints,
    media, calculate, time, range, rank, from_file … are skipped with a warning each.
pages and codes
    Each top-level group is one page; a group inside it adds its relevance to each item in it.
    An item outside groups is a page of its own. A name that items in several groups share
    becomes ``group/name`` (``outer/inner/name``) for each of them; a name shared with a group
    or a skipped row is not changed. ``${name}`` of a name used on several rows is refused, as
    in pyxform. An item keeps its code across versions, which is what ties trends together.
Likert items
    Declared, not guessed: an item in an index (or reversed), or with appearance ``likert``,
    whose list is ``1``..``4`` or ``1``..``5`` in order, optionally followed by ``dk``. An
    index item whose list is numbers but not like that is refused. ``dk`` means "vet ikke" in
    any list; a last number whose label means "don't know" (``Vet ikke``, ``Don't know`` …,
    :data:`~samla.surveys.xlsform.indices.DONT_KNOW_PHRASES`) is no scale point: refused in
    an index, and with appearance ``likert`` alone the item is an ordinary choice question
    (warning). A select_one list has at most 254 choices.
indices (scales)
    ``instance::scale`` holds an index code, ``instance::reversed`` (yes/no) marks reversed
    items; or the ``scales`` sheet: ``scale``, ``label::…``, optionally ``items`` and
    ``reversed``. An index without a scales row is named by its code (warning) until named
    on the upload page. An index has at least 2 Likert items with the same number of points.
relevance
    ``${q} = 'v'``, ``!=``, ``${q} >= 3`` (``<``, ``<=``, ``>``), ``selected(${q}, 'v')``,
    ``and``/``or``/brackets (see :mod:`samla.surveys.conditions`); ``${q} != ''`` means
    answered; integer and decimal items (and select lists of numbers) compare with numbers, a
    date with a quoted ISO date by ``=`` and ``!=`` only. A condition Samla cannot read or
    carry out is dropped with a warning (the item is then always asked); one naming an unknown
    or reused name is refused.
texts
    Labels and hints are shown as written: a ``${name}`` in one is not filled in (a warning
    per text, saying whether Samla asks NAME at all). A text longer than an Excel cell holds
    (32 767 characters) is refused: Samla could not write the form back.
bounds (``constraint``, integer and decimal items)
    ``. >= 0 and . <= 20``; integers within -32767..32767; a strict decimal bound is read as
    inclusive (warning). Other constraints are dropped with a warning.
appearance
    ``symbols`` (select questions) shows large buttons with each choice's ``symbol``
    (:data:`~samla.surveys.instrument.SYMBOLS`), also beside other words (``symbols likert``
    is symbols on a Likert item); ODK layout appearances are ignored quietly, others with a
    warning.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from os import PathLike
from pathlib import Path
from typing import IO

from samla.core.uploads import XLSFORM, UploadTooLarge, check_office_file
from samla.surveys.instrument import Instrument, InstrumentError, Item, Page, Problem, Scale
from samla.surveys.xlsform.columns import warn_unread_columns
from samla.surveys.xlsform.indices import read_indices
from samla.surveys.xlsform.messages import NO_ITEMS, NO_LABEL_COLUMN, NO_SURVEY_SHEET
from samla.surveys.xlsform.reader import Draft, Reader
from samla.surveys.xlsform.settings import read_settings
from samla.surveys.xlsform.sheets import pyxform_problem, read_extra_sheet, read_xlsform_sheets
from samla.surveys.xlsform.survey import read_survey

__all__ = ["Source", "read_xlsform"]

Source = str | PathLike[str] | bytes | IO[bytes]

_SHEET_ORDER = {"": 0, "settings": 1, "survey": 2, "choices": 3, "scales": 4}


def _read_bytes(source: Source) -> bytes:
    if isinstance(source, bytes):
        return source
    if isinstance(source, str | PathLike):
        return Path(source).read_bytes()
    return source.read()


def _sorted(problems: list[Problem]) -> list[Problem]:
    # By position; problems in one row keep the order they were found in (a stable sort).
    return sorted(problems, key=lambda p: (_SHEET_ORDER.get(p.sheet, 9), p.row or 0))


def read_xlsform(
    source: Source,
    *,
    respondent_group: str | None = None,
    scale_labels: Mapping[str, Mapping[str, str]] | None = None,
    file_name: str | None = None,
) -> Instrument:
    """Read and check an XLSForm; raise :class:`InstrumentError` listing every problem.
    A file larger than :data:`samla.core.uploads.XLSFORM` allows is refused unread.

    ``respondent_group`` is used when the settings sheet names none (the upload page and
    ``import_instrument --respondent-group`` ask for it); without either, the problem is
    :data:`~samla.surveys.xlsform.messages.MISSING_RESPONDENT_GROUP`. ``scale_labels``
    (index code → language → name) names indices, over what the form says. ``file_name``
    (as uploaded) gives the form id and title where the settings have none, as pyxform
    does. What the reader
    skipped or assumed is in the instrument's ``warnings``."""
    data = _read_bytes(source)
    try:
        check_office_file(data, XLSFORM)
    except UploadTooLarge as error:
        raise InstrumentError([Problem("", None, None, error.msgid, error.params)]) from error
    sheets = read_xlsform_sheets(data)
    if not sheets["survey"].headers:
        raise InstrumentError([Problem("survey", None, None, NO_SURVEY_SHEET)])
    reader = Reader(sheets, read_extra_sheet(data, "scales"))
    settings = read_settings(reader, data, respondent_group, file_name)
    warn_unread_columns(reader)
    reader.read_choices()
    drafts, pages = read_survey(reader)
    points, scales = read_indices(reader, drafts, scale_labels)
    scales = tuple(_named(scale, (scale_labels or {}).get(scale.code)) for scale in scales)
    if not drafts and not any(p.msgid == NO_LABEL_COLUMN for p in reader.problems):
        reader.problem("survey", None, None, NO_ITEMS)
    if reader.problems:
        raise InstrumentError(_sorted(reader.problems))
    # Only now: pyxform stops at its first error, and Samla's checks above say more.
    if (problem := pyxform_problem(data)) is not None:
        raise InstrumentError([problem])
    return Instrument(
        form_id=settings.form_id,
        version=settings.version,
        title=settings.title,
        languages=reader.languages,
        respondent_group=settings.respondent_group,
        pages=tuple(Page(p.name, p.title, tuple(p.codes), p.relevant) for p in pages if p.codes),
        items=tuple(_item(reader, code, draft, points.get(code)) for code, draft in drafts.items()),
        scales=scales,
        warnings=tuple(_sorted(reader.warnings)),
    )


def _named(scale: Scale, names: Mapping[str, str] | None) -> Scale:
    if not names:
        return scale
    label = {**scale.label, **{lang: text.strip() for lang, text in names.items() if text.strip()}}
    return replace(scale, label=label)


def _item(reader: Reader, code: str, draft: Draft, points: int | None) -> Item:
    return Item(
        code=code,
        kind=draft.kind,  # type: ignore[arg-type]
        label=draft.label,
        hint=draft.hint,
        choices=tuple(choice for _, choice in reader.lists.get(draft.list_name or "", [])),
        likert_points=points,  # type: ignore[arg-type]
        reversed=draft.reversed,
        scale=draft.scale,
        required=draft.required,
        relevant=draft.relevant,
        minimum=draft.minimum,
        maximum=draft.maximum,
        appearance=draft.appearance,
    )
