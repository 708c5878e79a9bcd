"""Which unit a row of the workbook means: by organisation number, else by name.

The programme's units are read once; a row may name only the units the uploader looks
after (and of those, the unit or owner the upload is for). Every other case is a row
error that says what to write instead.
"""

from __future__ import annotations

import re
from collections import defaultdict

from django.utils.translation import gettext as _

from ..models import Programme, Unit
from .preview import Preview
from .workbook_read import CLASS_COLUMNS, CLASS_SHEET, STAFF_COLUMNS


class UnitFinder:
    def __init__(self, programme: Programme, allowed, preview: Preview, headings: dict):
        self.programme = programme
        self.preview = preview
        self.headings = headings
        self.mine: dict[int, Unit] = {unit.pk: unit for unit in allowed}
        self.by_number: dict[str, Unit] = {}
        self.by_name: dict[str, list[Unit]] = defaultdict(list)
        for unit in Unit.objects.filter(enrolment__programme=programme).only(
            "pk", "name", "organisation_number", "kind", "closed_on"
        ):
            unit = self.mine.get(unit.pk, unit)
            if unit.organisation_number:
                self.by_number[unit.organisation_number] = unit
            self.by_name[unit.name.strip().casefold()].append(unit)
        self.cache: dict[tuple[str, str], tuple[Unit | None, str, str]] = {}

    def _column(self, sheet: str, name: str) -> str:
        columns = CLASS_COLUMNS if sheet == CLASS_SHEET else STAFF_COLUMNS
        return self.headings.get(sheet, {}).get(name, columns[name])

    def find(self, line, sheet: str, label: str = "") -> Unit | None:
        """The row's unit, or None with an error in the preview."""
        number = re.sub(r"\s", "", line["org_number"])
        name = line["unit"]
        key = (number, name.casefold())
        if key not in self.cache:
            self.cache[key] = self._resolve(number, name)
        unit, column, message = self.cache[key]
        if unit is None:
            self.preview.error(
                sheet=sheet,
                row=line.row,
                column=self._column(sheet, column),
                label=label or name or number,
                message=message,
            )
        return unit

    def _resolve(self, number: str, name: str) -> tuple[Unit | None, str, str]:
        if number:
            if not re.fullmatch(r"\d{9}", number):
                return (
                    None,
                    "org_number",
                    _(
                        "An organisation number has nine digits; “%(value)s” has not. Correct "
                        "it, or leave it empty and write the unit's name."
                    )
                    % {"value": number},
                )
            unit = self.by_number.get(number)
            if unit is None:
                return (
                    None,
                    "org_number",
                    _(
                        "No unit in %(programme)s has the organisation number %(value)s. Check "
                        "the number, or leave it empty and write the unit's name."
                    )
                    % {"programme": self.programme, "value": number},
                )
            return self._if_mine(unit, "org_number")
        if not name:
            return None, "unit", _("Write the unit's name or organisation number.")
        candidates = self.by_name.get(name.casefold(), [])
        mine = [unit for unit in candidates if unit.pk in self.mine]
        if len(mine) > 1:
            return (
                None,
                "unit",
                _(
                    "Several units are called %(name)s. Write the unit's organisation number in "
                    "the column “%(column)s”."
                )
                % {"name": name, "column": STAFF_COLUMNS["org_number"]},
            )
        if mine:
            return mine[0], "", ""
        if candidates:
            return self._if_mine(candidates[0], "unit")
        return (
            None,
            "unit",
            _(
                "No unit in %(programme)s is called %(name)s. Write the name exactly as Samla "
                "has it (see the template), or the unit's organisation number."
            )
            % {"programme": self.programme, "name": name},
        )

    def _if_mine(self, unit: Unit, column: str) -> tuple[Unit | None, str, str]:
        if unit.pk in self.mine:
            return unit, "", ""
        return (
            None,
            column,
            _(
                "%(unit)s is not among the units you may upload for here. Remove the row, or "
                "ask the unit's owner or the programme administrator to upload it."
            )
            % {"unit": unit.name},
        )
