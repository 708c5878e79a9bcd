"""Tell which column of a plan table says what, from the words of its header row.

Pure Python (no Django). Plans name their columns in Bokmål or Nynorsk and in any order:
"Når / Aktiviteter / Ansvar / Målgruppe", "Kva / Tid / Kven", "Samlinger / Aktivitet" … A header
row is recognised by its words, so it is found wherever it stands, also when it is repeated.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from samla.plans.docx_tables import Cell, Row, clean_line
from samla.plans.when import parse_when


class Role(StrEnum):
    WHEN = "when"
    WHAT = "what"
    RESPONSIBLE = "responsible"
    AUDIENCE = "audience"
    REGION = "region"  # a region's own column ("NORD", "Region Hamar"): its dates
    OTHER = "other"  # a column the importer does not know, e.g. "Sted": kept in the details


_HEADER_WORDS = {
    Role.WHEN: "når naar tid tidspunkt tidsrom tidsperiode periode dato datoer datoar frist",
    Role.WHAT: "hva kva aktivitet aktiviteter aktivitetar aktivitetene aktivitetane samling "
    "samlinger samlingar innhold innhald tema tiltak hendelse hending",
    Role.RESPONSIBLE: "hvem kven ansvar ansvarlig ansvarleg ansvarlige ansvarlege arrangør",
    Role.AUDIENCE: "målgruppe målgrupper målgruppa målgruppene deltakere deltakarar deltagere "
    "deltakar deltaker",
}
_HEADER_ROLES = {word: role for role, words in _HEADER_WORDS.items() for word in words.split()}
# Phrases whose first word would say otherwise: "Hvem deltar" is the audience, not who is in charge.
_HEADER_PHRASES = {
    phrase: Role.AUDIENCE for phrase in ("for hvem", "for kven", "hvem deltar", "kven deltek")
}
# "Tid og sted", "Ansvar/kontaktperson": the parts that name a role decide.
_HEADER_PARTS = re.compile(r"\s*(?:/|&|\+|,|\bog\b)\s*")
_LONGEST_HEADER = 40


@dataclass(frozen=True)
class Column:
    role: Role
    header: str  # as the plan wrote it
    region: str = ""  # the region's key, for a REGION column


# The keys of the programme's regions a name stands for (none, one, or several if ambiguous).
RegionKeys = Callable[[str], frozenset[str]]


@dataclass(frozen=True)
class Columns:
    """The role of every grid column of a plan table."""

    columns: tuple[Column, ...]

    @classmethod
    def of_header_row(
        cls, row: Row, width: int, regions: RegionKeys = lambda _name: frozenset()
    ) -> Columns | None:
        """The columns ``row`` names, or None if it is not a header row.

        A header row names an activity column and at least one more, and no more of its cells
        are unknown words than known ones (so a row of activity text is not taken for one). A
        cell naming one of ``regions`` is that region's column. A row holding a time is a plan
        row ("Februar? | Samling om lek | Dato kommer"), whatever words it starts with.
        """
        cells = [cell for cell in row.cells if not cell.inherited]
        found = [_header(cell.text, regions) if cell.text else None for cell in cells]
        named = [column.role for column in found if column is not None]
        unknown = sum(
            1 for cell, column in zip(cells, found, strict=True) if cell.text and not column
        )
        if Role.WHAT not in named or len(named) < 2 or unknown > len(named):
            return None
        if any(parse_when(cell.text, (2000, 2001)).start for cell in cells if cell.text):
            return None
        columns = [Column(Role.OTHER, "")] * width
        for cell, column in zip(cells, found, strict=True):
            header = cell.text.replace("\n", " ")
            for index in range(cell.column, min(cell.column + cell.span, width)):
                columns[index] = column or Column(Role.OTHER, header)
        return cls(tuple(columns))

    def __len__(self) -> int:
        return len(self.columns)

    @property
    def roles(self) -> tuple[Role, ...]:
        return tuple(column.role for column in self.columns)

    @property
    def has_time_column(self) -> bool:
        return any(column.role is Role.WHEN for column in self.columns)

    @property
    def unknown_headers(self) -> list[str]:
        headers = {column.header for column in self.columns if column.role is Role.OTHER}
        return sorted(header for header in headers if header)

    def cells_with_columns(self, row: Row, role: Role) -> list[tuple[Column, Cell]]:
        found = []
        for cell in row.cells:
            # A row wider than the header row: its extra cells are kept as unknown columns.
            column = (
                self.columns[cell.column] if cell.column < len(self) else Column(Role.OTHER, "")
            )
            if column.role is role:
                found.append((column, cell))
        return found

    def cells(self, row: Row, role: Role) -> list[Cell]:
        return [cell for _, cell in self.cells_with_columns(row, role)]

    def text(self, row: Row, role: Role) -> str:
        return "\n".join(cell.text for cell in self.cells(row, role) if cell.text)

    def region_cells(self, row: Row) -> list[tuple[Column, Cell]]:
        """The cells under the regions' columns, once for each region a cell spans: a date
        merged across "NORD" and "SØR" is both regions' date."""
        found = []
        for cell in row.cells:
            for index in range(cell.column, min(cell.column + cell.span, len(self))):
                if self.columns[index].role is Role.REGION:
                    found.append((self.columns[index], cell))
        return found

    def time_cells(self, row: Row) -> list[Cell]:
        """The cells that hold the row's time.

        Without a time column that is the first activity column: SKUP's "Samlinger" writes
        "Oppstartssamling / 26.-27.9.16".
        """
        if self.has_time_column:
            return self.cells(row, Role.WHEN)
        return self.cells(row, Role.WHAT)[:1]


def _header(text: str, regions: RegionKeys) -> Column | None:
    header = text.replace("\n", " ")
    role = header_role(text)
    if role is not None:
        return Column(role, header)
    keys = regions(header)
    return Column(Role.REGION, header, next(iter(keys))) if len(keys) == 1 else None


def header_role(text: str) -> Role | None:
    """The role a header cell names: "Aktivitet(er)" → WHAT, "Kven deltek?" → AUDIENCE."""
    text = clean_line(re.sub(r"\([^()]*\)", " ", text.replace("\n", " "))).casefold()
    text = text.strip(" :?.!*")
    if not text or len(text) > _LONGEST_HEADER:
        return None
    roles = set()
    for part in _HEADER_PARTS.split(text):
        words = part.split()
        role = _HEADER_PHRASES.get(part) or (_HEADER_ROLES.get(words[0]) if words else None)
        if role is not None:
            roles.add(role)
    return roles.pop() if len(roles) == 1 else None
