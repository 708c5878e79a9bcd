"""The money as an Excel workbook: a sheet of totals (per owner, region and year, and the
programme's per year) and, for those who may see them, a sheet of the spending lines.
Amounts are numbers in whole kroner with a NOK number format, dates are dates; every text
is written as text (``samla.core.spreadsheets``), so a name starting with = is no formula."""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from samla.core.spreadsheets import append_row
from samla.org.models import Programme

from . import money as queries

NOK_FORMAT = '#,##0 "kr";-#,##0 "kr"'
DATE_FORMAT = "DD.MM.YYYY"


def _number(sheet, value) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=int(value))
    cell.number_format = NOK_FORMAT
    return cell


def _date(sheet, value) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = DATE_FORMAT
    return cell


def _money_headings() -> list[str]:
    return [
        _("State grant"),
        _("Of the grant, for a coordinator"),
        _("Own share"),
        _("Spent from the grant"),
        _("Spent from the own share"),
        _("Left of the grant"),
        _("Left of the own share"),
        _("Own share missing"),
    ]


def _totals_sheet(book: Workbook, summary: dict, all_owners: bool) -> None:
    sheet = book.create_sheet(_("Totals"))
    for column, width in zip("ABCD", (12, 32, 28, 8), strict=True):
        sheet.column_dimensions[column].width = width
    for index in range(len(queries.MONEY)):
        sheet.column_dimensions[chr(ord("E") + index)].width = 18
    headings = [_("Level"), _("Name"), _("Region"), _("Year"), *_money_headings()]
    append_row(sheet, headings, bold=True)
    groups = [(_("Owner"), summary["owners"], "owner", "region")]
    if all_owners:
        groups.append((_("Region"), summary["regions"], "region", None))
    groups.append((_("Programme"), summary["years"], None, None))
    for level, rows, name, region in groups:
        for row in rows:
            append_row(
                sheet,
                [
                    level,
                    row[name] if name else _("All owners"),
                    row[region] if region else "",
                    row["year"],
                    *(_number(sheet, row[field]) for field in queries.MONEY),
                ],
            )


def _lines_sheet(book: Workbook, lines) -> None:
    sheet = book.create_sheet(_("Spending"))
    for column, width in zip("ABCDEFGH", (28, 8, 12, 28, 16, 14, 48, 24), strict=True):
        sheet.column_dimensions[column].width = width
    headings = [_("Owner"), _("Year"), _("Date"), _("Category"), _("Paid from"), _("Amount")]
    append_row(sheet, [*headings, _("What"), _("Entered by")], bold=True)
    for line in lines:
        append_row(
            sheet,
            [
                line.allocation.owner.name,
                line.allocation.year,
                _date(sheet, line.date),
                line.get_category_display(),
                line.get_source_display(),
                _number(sheet, line.amount),
                line.text,
                line.entered_by.get_full_name() if line.entered_by else "",
            ],
        )


def money_xlsx(
    programme: Programme,
    owner_ids: Iterable[int] | None,
    line_owner_ids: Iterable[int] | None,
) -> bytes:
    """The workbook of every year: totals of ``owner_ids`` (``None``: every owner, with the
    regions), and the spending lines of ``line_owner_ids`` (``None``: every owner; an empty
    set: no sheet of lines)."""
    rows = queries.owner_rows(programme, owner_ids=owner_ids)
    summary = queries.totals(programme, rows)
    book = Workbook(write_only=True)
    _totals_sheet(book, summary, all_owners=owner_ids is None)
    if line_owner_ids is None or line_owner_ids:
        _lines_sheet(book, queries.lines(programme, line_owner_ids))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
