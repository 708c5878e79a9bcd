"""Read an XLSForm workbook into a validated :class:`~samla.surveys.instrument.Instrument`.

Pure Python, no Django. pyxform reads the ``survey``, ``choices`` and ``settings`` sheets into
rows (keeping every column, and the row numbers through empty rows); openpyxl reads Samla's
``scales`` sheet, which pyxform skips. Samla checks the rows itself so that it can report
*every* problem with its sheet, row and column; when Samla finds none, pyxform's own XLSForm
validation runs as well, so a form Samla accepts also works in ODK tools.

Modules: ``sheets`` (workbook → rows; pyxform's check), ``reader`` (settings, languages,
choices, survey sheet), ``indices`` (Likert lists and indices), ``rules`` (bounds and
relevance references), ``messages`` (every message an author can see, translatable).

Conventions for authors
-----------------------

settings sheet (one row)
    ``form_id`` and ``version`` (required); ``form_title`` (or ``title``), or one title per
    language in ``form_title::nb`` …; ``default_language`` (e.g. ``nb``); ``respondent_group``,
    one of :data:`~samla.surveys.groups.RESPONDENT_GROUPS`.
languages
    Label columns ``label::nb``, ``label::nn``, ``label::en``; ``label::Norsk bokmål (nb)``
    style works too (the code in brackets counts). A plain ``label`` column belongs to the
    default language. Every label column of the survey sheet declares a language, and every
    question, choice, group and scale needs a label in each declared language; a hint
    (``hint::nb`` …) given in one language is needed in all.
question types
    ``select_one LIST``, ``select_multiple LIST``, ``integer``, ``text``, ``note``, and
    ``begin_group``/``end_group``. Nothing else (no repeats, calculations, dates …).
pages
    Each top-level group is one page (groups inside it only nest); each question outside
    groups is a page of its own. Names (item codes) are unique in the whole form; an item
    keeps its code across versions, which is what ties trends together.
Likert items
    ``select_one LIST`` where LIST's choices are named ``1``..``4`` or ``1``..``5`` in that
    order, optionally followed by ``dk`` ("Vet ikke"), which is stored apart from the scale.
    A list of numbers (and ``dk``) that is not like that is refused when it is clearly meant
    as Likert: it has ``dk``, or an item using it is in an index or reversed. A choice named
    ``dk`` means "vet ikke" in any list. A select_one list has at most 254 choices.
indices (scales)
    ``instance::scale`` on the survey sheet holds the index code of a Likert item and
    ``instance::reversed`` (yes/no, true/false, 1/0) marks reversed items. Alternatively the
    ``scales`` sheet lists them: columns ``scale``, ``label::nb``/``nn``/``en`` (always needed:
    the index's name), and optionally ``items`` and ``reversed`` (item codes separated by
    spaces or commas). An index has at least 2 Likert items with the same number of points.
relevance (``relevant`` column, on a question or a top-level group)
    ``${q} = 'v'``, ``${q} != 'v'``, ``${q} >= 3`` (``<``, ``<=``, ``>``, ``>=``, ``=``,
    ``!=`` with a number), ``selected(${q}, 'v')`` for multiple choice, joined with ``and`` /
    ``or`` and brackets; ``q`` is an earlier question. See :mod:`samla.surveys.conditions`.
integer bounds (``constraint`` column, integer items only)
    ``. >= 0 and . <= 20`` (``>``, ``<``, ``=`` too), within -32767..32767.
``required``
    yes/no, true/false, 1/0.
large answer buttons with symbols (``appearance`` column, select questions)
    ``symbols`` shows each choice as a large button; a choice's ``symbol`` column on the
    choices sheet picks its picture: one of :data:`~samla.surveys.instrument.SYMBOLS`.
    Other ODK appearances (``minimal``, ``likert`` …) are accepted and ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from os import PathLike
from pathlib import Path
from typing import IO

from samla.core.uploads import XLSFORM, UploadTooLarge, check_office_file
from samla.surveys.instrument import Instrument, InstrumentError, Item, Page, Problem, Scale
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
