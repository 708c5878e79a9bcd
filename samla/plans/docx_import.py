"""Read action plans (handlingsplaner) from Word files into plain data.

Pure Python on purpose (python-docx, no Django): the Django layer and a management command turn
an :class:`ImportedPlan` into models or JSON. A plan is a table "Når / Hva / Ansvar / Målgruppe"
in any column order, in Bokmål or Nynorsk, maybe split over several tables, with term rows
("Høst 2020"), note rows ("OBS: …"), empty rows and repeated header rows between the activities.
Times are read by :mod:`samla.plans.when`; lines that tie a time to a region ("NØR: 19/3",
"22.9: Nord-Østerdal") become regional sessions.

Nothing is dropped: what is not understood stays as text and gets a warning; tables that are not
plans are listed in ``skipped``. A file that cannot be imported at all raises
:class:`PlanImportError`, so the caller saves nothing. What the reader says is a :class:`Message`
(an English msgid and its parameters) that the Django layer translates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from samla.core.time import school_year_text
from samla.core.uploads import UploadTooLarge
from samla.plans.docx_columns import Columns, Role
from samla.plans.docx_goals import goals_of_table, read_goals
from samla.plans.docx_rows import (
    NO_TEXT_FIRST_TEXT_AS_TITLE,
    NO_TEXT_TIME_AS_TITLE,
    NO_TIME,
    NOTE,
    OUTSIDE_SCHOOL_YEAR,
    REGION_TIME_NOT_UNDERSTOOD,
    TIME_NOT_UNDERSTOOD,
    Regional,
    RegionIndex,
    RowParts,
    outside_school_year,
    span_of_sessions,
    take_region_cells,
    title_and_details,
    unknown_region,
)
from samla.plans.docx_tables import (
    DocxSource,
    NotAWordFileError,
    Paragraph,
    Row,
    Table,
    open_document,
    read_tables,
)
from samla.plans.imported_plan import (
    Block,
    BlockKind,
    ImportedActivity,
    ImportedPlan,
    ImportedSession,
    Message,
    Note,
    RegionName,
    Skipped,
    Source,
    Status,
    gettext_noop,
)
from samla.plans.when import parse_term_heading, parse_when
from samla.plans.when_values import Precision, Term, When

__all__ = [
    "Block",
    "BlockKind",
    "ImportedActivity",
    "ImportedPlan",
    "ImportedSession",
    "Message",
    "Note",
    "PlanImportError",
    "RegionName",
    "Skipped",
    "Source",
    "Status",
    "read_plan",
]

NOT_A_WORD_FILE = Message(
    gettext_noop("The file is not a Word document (.docx). Save the plan as .docx and try again.")
)
NO_PLAN_TABLE = Message(
    gettext_noop(
        "No plan table was found in the document. The plan must be in a table with a header row "
        "such as “Når – Hva – Ansvar – Målgruppe” (when, what, responsible, audience)."
    )
)
NO_ACTIVITIES = Message(gettext_noop("The plan table has no activities."))

# Why a table or a row is skipped.
NO_HEADER_ROW = Message(
    gettext_noop(
        "No header row with columns such as Når, Hva, Ansvar and Målgruppe (when, what, "
        "responsible, audience); the table is not a plan table."
    )
)
NO_TIMES = Message(gettext_noop("No time column and no dates; the table is not a plan table."))
ABOVE_THE_HEADER = Message(gettext_noop("The row is above the header row."))


class PlanImportError(Exception):
    """The file cannot be imported at all. ``message`` says why, to the user; str() in English."""

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


def read_plan(
    source: DocxSource, school_year: str | tuple[int, int], regions: Sequence[RegionName] = ()
) -> ImportedPlan:
    """Read the plan for ``school_year`` ("2020/2021") from a Word file.

    ``regions`` are the programme's regions; per-region lines are matched to them by any of
    their names, whatever the case, spaces and dashes. Raises :class:`PlanImportError` when the
    file is not a Word document, is larger than Samla reads (checked before it is parsed) or
    holds no plan table with activities.
    """
    # "Høst" without a year is the autumn of the school year's first year; this also checks the
    # school year, raising ValueError for a caller's mistake before the file is looked at.
    first_year = parse_when("Høst", school_year).start
    assert first_year is not None
    try:
        document = open_document(source)
    except NotAWordFileError as error:
        raise PlanImportError(NOT_A_WORD_FILE) from error
    except UploadTooLarge as error:
        raise PlanImportError(Message(error.msgid, error.params)) from error
    reader = _PlanReader((first_year.year, first_year.year + 1), RegionIndex(regions))
    for table in read_tables(document):
        reader.read_table(table)
    if not reader.plan_tables:
        raise PlanImportError(NO_PLAN_TABLE)
    if not reader.activities:
        raise PlanImportError(NO_ACTIVITIES)
    found = (reader.activities, reader.notes, reader.skipped, reader.warnings)
    return ImportedPlan(*map(tuple, found), goals=(*read_goals(document), *reader.goals))


@dataclass(frozen=True)
class _Section:
    term: Term | None
    school_year: tuple[int, int]


@dataclass
class _PlanReader:
    school_year: tuple[int, int]
    regions: RegionIndex
    activities: list[ImportedActivity] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[Message] = field(default_factory=list)
    plan_tables: list[int] = field(default_factory=list)
    goals: list[str] = field(default_factory=list)  # from goal tables before the plan table
    columns: Columns | None = None
    section: _Section = field(init=False)

    def __post_init__(self) -> None:
        self.section = _Section(None, self.school_year)

    def read_table(self, table: Table) -> None:
        width, regions = table.column_count, self.regions.find
        headers = (Columns.of_header_row(row, width, regions) for row in table.rows)
        header_at, columns = next(
            ((index, columns) for index, columns in enumerate(headers) if columns), (None, None)
        )
        if header_at is None or columns is None:
            if not self._continues(table):
                # A goals table ("Mål for året") above the plan gives the goals and is not
                # reported as a skipped table: nothing in it is lost.
                goals = () if self.plan_tables else goals_of_table(table)
                if goals:
                    self.goals += goals
                else:
                    self.skipped.append(Skipped(table.number, None, NO_HEADER_ROW, table.preview()))
                return
            msgid = gettext_noop(
                "Table %(table)s has no header row and is read as the continuation of table "
                "%(previous)s."
            )
            self.warnings.append(
                Message(msgid, {"table": table.number, "previous": self.plan_tables[-1]})
            )
            rows = table.rows
        else:
            body = table.rows[header_at + 1 :]
            if not columns.has_time_column and not self._has_times(body, columns):
                self.skipped.append(Skipped(table.number, None, NO_TIMES, table.preview()))
                return
            above = table.rows[:header_at]
            if self._continued_above(above, columns):
                # Word splits a table at a page break and may put the first rows of the new page
                # above the header row it repeats: they are the plan's rows, not a title.
                msgid = gettext_noop(
                    "Table %(table)s: The rows above the header row are read as the continuation "
                    "of table %(previous)s."
                )
                self.warnings.append(
                    Message(msgid, {"table": table.number, "previous": self.plan_tables[-1]})
                )
                for row in above:
                    self._read_row(table, row)
                above = ()
            self.columns = columns
            for row in above:
                if row.own_cells:
                    text = "\n".join(cell.text for cell in row.own_cells)
                    self.skipped.append(Skipped(table.number, row.number, ABOVE_THE_HEADER, text))
            rows = body
            for header in columns.unknown_headers:
                msgid = gettext_noop(
                    "Table %(table)s: The column “%(header)s” is unknown; its content is added to "
                    "the details."
                )
                self.warnings.append(Message(msgid, {"table": table.number, "header": header}))
        self.plan_tables.append(table.number)
        for row in rows:
            self._read_row(table, row)

    def _continues(self, table: Table) -> bool:
        # A plan broken over pages is often two tables; the second may lack the header row.
        if self.columns is None or len(self.columns) != table.column_count:
            return False
        return any(self._section_heading(row) for row in table.rows) or self._has_times(
            table.rows, self.columns
        )

    def _continued_above(self, above: Sequence[Row], columns: Columns) -> bool:
        """Whether the rows above a header row continue the previous plan table: its columns
        are the ones the header names, and the rows are plan rows (a date or a term heading)."""
        previous = self.columns
        if not self.plan_tables or previous is None or previous.roles != columns.roles:
            return False
        return any(map(self._section_heading, above)) or self._has_times(above, previous)

    def _has_times(self, rows: Sequence[Row], columns: Columns) -> bool:
        # Without a time column the times must be in the first "what" column (SKUP's
        # "Samlinger"); a "Hvem / Hva" table of duties has none and is no plan.
        for row in rows:
            text = "\n".join(cell.text for cell in columns.time_cells(row))
            if text and parse_when(text, self.school_year).start is not None:
                return True
        return False

    def _read_row(self, table: Table, row: Row) -> None:
        own = row.own_cells
        if not own:
            return
        columns = Columns.of_header_row(row, table.column_count, self.regions.find)
        if columns is not None:  # a header row repeated, after a page break or a pasted part
            self.columns = columns
            return
        source = Source(table.number, row.number)
        heading = self._section_heading(row)
        if heading is not None:
            self._start_section(heading, own[0].text, source)
            return
        if len(own) == 1 and (NOTE.match(own[0].text) or own[0].span >= table.column_count > 1):
            self.notes.append(Note(own[0].text, source))
            return
        self.activities.append(self._activity(row, source))

    def _section_heading(self, row: Row) -> tuple[Term, int] | None:
        own = row.own_cells
        if len(own) != 1 or len(own[0].lines) != 1:
            return None
        text = own[0].text
        heading = parse_term_heading(text)
        if heading is not None:
            return heading
        # "Høst" or "Våren" without a year: the school year's own term.
        when = parse_when(text, self.school_year)
        if when.precision is not Precision.TERM or when.open_end or when.deadline or when.note:
            return None
        assert when.start is not None
        return (Term.AUTUMN if when.start.month >= 8 else Term.SPRING), when.start.year

    def _start_section(self, heading: tuple[Term, int], text: str, source: Source) -> None:
        term, year = heading
        # Plans put next year's spring or last year's autumn under a heading of its own.
        implied = (year, year + 1) if term is Term.AUTUMN else (year - 1, year)
        if implied != self.school_year:
            msgid = gettext_noop(
                "Table %(table)s, row %(row)s: “%(text)s” is not in the school year %(year)s; the "
                "dates under it are read with the year in the heading."
            )
            params = {"text": text, "year": school_year_text(self.school_year[0])}
            self.warnings.append(
                Message(msgid, {"table": source.table, "row": source.row, **params})
            )
        self.section = _Section(term, implied)

    def _activity(self, row: Row, source: Source) -> ImportedActivity:
        assert self.columns is not None
        parts = self._row_parts(row, self.columns)
        title, details = title_and_details(parts.when, parts.what)
        if not title:
            # Only a time, or only who is responsible: the row is kept under what it has.
            title = parts.when.text.replace("\n", " ")
            if title:
                parts.warn(NO_TEXT_TIME_AS_TITLE)
            else:
                title = row.own_cells[0].lines[0]
                parts.warn(NO_TEXT_FIRST_TEXT_AS_TITLE)
        if outside_school_year(self.school_year, parts.when, parts.sessions):
            parts.warn(OUTSIDE_SCHOOL_YEAR, year=school_year_text(self.school_year[0]))
        warnings = [warning.messages(source, params) for warning, params in parts.warnings]
        self.warnings += [located for _alone, located in warnings]
        return ImportedActivity(
            title=title,
            details=(*details, *parts.extra),
            responsible=self.columns.text(row, Role.RESPONSIBLE),
            audience=self.columns.text(row, Role.AUDIENCE),
            when=parts.when,
            sessions=tuple(parts.sessions),
            term=self.section.term,
            source=source,
            warnings=tuple(alone for alone, _located in warnings),
        )

    def _row_parts(self, row: Row, columns: Columns) -> RowParts:
        time_cells = columns.time_cells(row)
        time_in_what = not columns.has_time_column
        time_cell_ids = {id(cell) for cell in time_cells}
        what = [
            paragraph
            for cell in columns.cells(row, Role.WHAT)
            if id(cell) not in time_cell_ids
            for paragraph in cell.paragraphs
        ]
        parts = RowParts(When("", None, None, None), [])
        time_paragraphs = [p for cell in time_cells for p in cell.paragraphs]
        time_paragraphs = self._take_sessions(time_paragraphs, parts, strict=not time_in_what)
        time_text = "\n".join(line for p in time_paragraphs for line in p.lines)
        parts.what = self._take_sessions(what, parts, strict=False)
        cells = [(c.region, c.header, cell.text) for c, cell in columns.region_cells(row)]
        take_region_cells(cells, self._when, parts)
        when = self._when(time_text) if time_text else None
        if time_in_what and when is not None and when.start is None and not when.postponed:
            # The first "what" column holds no time after all: it is the activity's text.
            parts.what = [*time_paragraphs, *parts.what]
            when = None
        if when is None:
            parts.when = span_of_sessions(parts.sessions)
            if parts.when.start is None:
                parts.warn(NO_TIME)
        else:
            parts.when = when
            if not when.understood:
                parts.warn(TIME_NOT_UNDERSTOOD, time=time_text)
        for column, cell in columns.cells_with_columns(row, Role.OTHER):
            text = "\n".join(cell.lines)
            if text:
                label = f"{column.header}: " if column.header else ""
                parts.extra.append(Block(BlockKind.PARAGRAPH, label + text))
        return parts

    def _take_sessions(
        self, paragraphs: list[Paragraph], parts: RowParts, *, strict: bool
    ) -> list[Paragraph]:
        """Move the lines naming a region into ``parts.sessions``; return the other lines.

        ``strict`` is for the time cell: a label there that is no region of the programme is
        taken out as well (the time cannot be read with it) and kept in the details.
        """
        kept: list[Paragraph] = []
        for paragraph in paragraphs:
            lines: list[str] = []
            for line in paragraph.lines:
                regional = self.regions.regional(line, time_cell=strict)
                if regional is not None and len(regional.keys) == 1:
                    parts.sessions.append(self._session(regional, parts))
                elif regional is not None and (strict or regional.time_text):
                    unknown_region(regional, parts, moved=strict)
                    if not strict:
                        lines.append(line)
                else:
                    lines.append(line)
            if lines:
                kept.append(Paragraph(tuple(lines), paragraph.kind, paragraph.after_gap))
        return kept

    def _session(self, regional: Regional, parts: RowParts) -> ImportedSession:
        (key,) = regional.keys
        when = self._when(regional.time_text) if regional.time_text else When("", None, None, None)
        if not when.understood:
            parts.warn(REGION_TIME_NOT_UNDERSTOOD, time=regional.time_text, region=regional.label)
        return ImportedSession(key, when)

    def _when(self, text: str) -> When:
        return parse_when(text, self.section.school_year, self.section.term)
