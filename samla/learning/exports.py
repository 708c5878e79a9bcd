"""A learning group's meeting plan for its school year, as plain data, Word and tagged PDF.

Every export reads the group through :func:`meeting_plan`: the group with its unit and
leader, its members, and its meetings with their modules — three queries, whatever the
number of meetings."""

from __future__ import annotations

from typing import Any

from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from docx.shared import Cm

from samla.core.pdf import render_pdf
from samla.core.time import OSLO
from samla.core.word import (
    document_bytes,
    landscape_document,
    repeat_header,
    set_column_widths,
)

from .models import LearningGroup

PDF_TEMPLATE = "learning/export/meeting_plan_pdf.html"
_COLUMN_WIDTHS = (Cm(2.6), Cm(2.6), Cm(1.9), Cm(6.2), Cm(2.2), Cm(3.2), Cm(7.0))


def meeting_plan(group: LearningGroup) -> dict[str, Any]:
    """The group's meeting plan as plain data (texts ready to print)."""
    group = LearningGroup.objects.select_related("unit", "leader").get(pk=group.pk)
    members = sorted(
        (str(m.person) for m in group.members.select_related("person")), key=str.casefold
    )
    meetings = []
    for meeting in group.meetings.select_related("module__package").order_by("starts_at", "pk"):
        start, end = meeting.starts_at.astimezone(OSLO), meeting.ends_at.astimezone(OSLO)
        module = meeting.module
        meetings.append(
            {
                "pk": meeting.pk,
                "date": start.date(),
                "date_text": date_format(start.date(), "SHORT_DATE_FORMAT"),
                "time_text": f"{time_format(start.time(), 'H:i')}–{time_format(end.time(), 'H:i')}",
                "minutes": meeting.minutes,
                "module": f"{module.number}. {module.title}" if module else "",
                "package": module.package.title if module else "",
                "status": meeting.status,
                "status_text": str(meeting.get_status_display()),
                "place": meeting.place,
                "tasks": meeting.between_tasks,
            }
        )
    return {
        "title": _("Meeting plan: %(group)s") % {"group": group.name},
        "group": group.name,
        "unit": str(group.unit),
        "school_year": group.school_year,
        "leader": str(group.leader) if group.leader else "",
        "members": members,
        "meetings": meetings,
    }


def _facts(plan: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        (_("Unit"), plan["unit"]),
        (_("School year"), plan["school_year"]),
        (_("Group leader"), plan["leader"] or _("None chosen yet")),
        (_("Members"), ", ".join(plan["members"]) or _("None yet")),
    ]


def _headings() -> tuple[str, ...]:
    return (
        _("Date"),
        _("Time"),
        _("Minutes"),
        _("Module"),
        _("Status"),
        _("Place"),
        _("Tasks agreed for the work between meetings"),
    )


def meeting_plan_to_docx(group: LearningGroup) -> bytes:
    plan = meeting_plan(group)
    document = landscape_document(plan["title"])

    document.add_heading(plan["title"], level=1)
    for label, value in _facts(plan):
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)

    document.add_heading(_("Meetings"), level=2)
    if not plan["meetings"]:
        document.add_paragraph(_("No meetings are planned yet."))
    else:
        table = document.add_table(rows=1, cols=len(_COLUMN_WIDTHS))
        table.style = "Table Grid"
        for cell, heading in zip(table.rows[0].cells, _headings(), strict=True):
            cell.paragraphs[0].add_run(heading).bold = True
        repeat_header(table)
        for meeting in plan["meetings"]:
            values = (
                meeting["date_text"],
                meeting["time_text"],
                str(meeting["minutes"]),
                meeting["module"],
                meeting["status_text"],
                meeting["place"],
                meeting["tasks"],
            )
            for cell, value in zip(table.add_row().cells, values, strict=True):
                cell.paragraphs[0].add_run(value)
        set_column_widths(table, _COLUMN_WIDTHS)
    return document_bytes(document)


def pdf_context(group: LearningGroup) -> dict[str, Any]:
    plan = meeting_plan(group)
    return {**plan, "facts": _facts(plan), "headings": _headings()}


def meeting_plan_to_pdf(group: LearningGroup) -> bytes:
    return render_pdf(PDF_TEMPLATE, pdf_context(group))
