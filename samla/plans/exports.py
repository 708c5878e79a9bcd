"""An action plan as JSON, Word (DOCX) and tagged PDF (iCalendar: ``ics.py``).

Every export reads the plan through :func:`ordered_activities` (one query for the
activities, one for their sessions with regions), so it runs a fixed number of queries
whatever the size of the plan. The Word table follows the plans people write (seed 000):
Når | Hva | Ansvar | Målgruppe, a full-width term row ("Høst 2021") before each term, and
per-region lines ("NØR: 19/3") in the time cell, so that the Word importer reads it back.
"""

from __future__ import annotations

import json
from itertools import groupby
from typing import Any

from django.db.models import Prefetch
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from docx.shared import Cm

from samla.core.pdf import render_pdf
from samla.core.word import (
    document_bytes,
    landscape_document,
    repeat_header,
    set_column_widths,
)

from .models import Activity, ActivityStatus, Plan, PlanStatus, RegionalSession
from .when import parse_when
from .when_values import Term

PDF_TEMPLATE = "plans/export/plan_pdf.html"
# Activities without a term (no term and no date) come first: in Word, rows above the first
# term row are the only place the importer leaves without a term.
_TERM_RANK = {"": 0, Term.AUTUMN.value: 1, Term.SPRING.value: 2}
_BULLET_MARKS = "·•-–*"
_COLUMN_WIDTHS = (Cm(4.2), Cm(12.5), Cm(4.2), Cm(4.8))


# --- Reading the plan ---------------------------------------------------------------------


def ordered_activities(plan: Plan) -> list[Activity]:
    """The plan's activities by term (autumn first), then order, sessions prefetched."""
    sessions = RegionalSession.objects.select_related("region").order_by("order", "pk")
    activities = plan.activities.prefetch_related(Prefetch("sessions", queryset=sessions))
    return sorted(activities, key=lambda a: (_TERM_RANK[activity_term(a)], a.order, a.pk))


def activity_term(activity: Activity) -> str:
    """The term an activity stands in: its own, else the one its start date falls in."""
    if activity.term or activity.start_date is None:
        return activity.term
    return Term.AUTUMN.value if activity.start_date.month >= 8 else Term.SPRING.value


def term_label(plan: Plan, term: str) -> str:
    if term == Term.AUTUMN:
        return _("Autumn %(year)s") % {"year": plan.first_year}
    if term == Term.SPRING:
        return _("Spring %(year)s") % {"year": plan.first_year + 1}
    return _("Not tied to a term")


def term_groups(activities: list[Activity]) -> list[tuple[str, list[Activity]]]:
    """(term, its activities) in the order of ``activities`` (see ordered_activities)."""
    return [(term, list(group)) for term, group in groupby(activities, key=activity_term)]


def goal_lines(goals: str) -> list[str]:
    """The plan's goals, one per line, without the bullet marks pasted from Word."""
    lines = (line.strip().lstrip(_BULLET_MARKS).strip() for line in goals.splitlines())
    return [line for line in lines if line]


def session_line(session: RegionalSession) -> str:
    return f"{session.region.short_name}: {' '.join(session.when_text.split())}".rstrip()


def time_lines(activity: Activity) -> list[str]:
    """The time cell as the plans write it: the time, then one line per region.

    No status note goes here: the importer takes words beside a time for the title."""
    lines = [line for line in activity.when_text.splitlines() if line.strip()]
    return lines + [session_line(session) for session in activity.sessions.all()]


def status_note(activity: Activity) -> str:
    """The status a reader must see (tentative, postponed, cancelled); "" when planned."""
    if activity.status in (ActivityStatus.PLANNED, ActivityStatus.DONE):
        return ""
    return str(activity.get_status_display())


def status_line(plan: Plan) -> str:
    if plan.status == PlanStatus.APPROVED and plan.approved_on:
        approved = date_format(plan.approved_on, "SHORT_DATE_FORMAT")
        return _("Approved by the board %(date)s") % {"date": approved}
    return str(plan.get_status_display())


# --- JSON ---------------------------------------------------------------------------------


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat(timespec="minutes") if hasattr(value, "hour") else value.isoformat()


def _timing(item: Activity | RegionalSession) -> dict[str, Any]:
    return {
        "text": item.when_text,
        "start": _iso(item.start_date),
        "end": _iso(item.end_date),
        "start_time": _iso(item.start_time),
        "end_time": _iso(item.end_time),
        "tentative": item.tentative,
    }


def _activity_dict(activity: Activity) -> dict[str, Any]:
    return {
        "title": activity.title,
        "details": list(activity.details),
        "responsible": activity.responsible,
        "audience": activity.audience,
        "status": activity.status,
        "term": activity.term or None,
        "location": activity.location,
        "when": {**_timing(activity), "precision": activity.precision or None},
        "sessions": [
            {"region": s.region.short_name, **_timing(s), "location": s.location}
            for s in activity.sessions.all()
        ],
    }


def plan_as_dict(plan: Plan) -> dict[str, Any]:
    """The plan as plain data, in the shape the importer reports (dates as ISO strings)."""
    return {
        "programme": plan.programme.slug,
        "school_year": plan.school_year,
        "region": plan.region.short_name if plan.region else None,
        "title": plan.title,
        "status": plan.status,
        "approved_on": _iso(plan.approved_on),
        "goals": plan.goals,
        "activities": [_activity_dict(activity) for activity in ordered_activities(plan)],
        "skipped": [],
        "warnings": [],
    }


def plan_to_json(plan: Plan) -> bytes:
    return json.dumps(plan_as_dict(plan), ensure_ascii=False, indent=2).encode()


# --- Word ---------------------------------------------------------------------------------


def plan_to_docx(plan: Plan) -> bytes:
    document = landscape_document(str(plan))

    document.add_heading(str(plan), level=1)
    document.add_paragraph(_("School year %(year)s") % {"year": plan.school_year})
    document.add_paragraph(status_line(plan))
    if goals := goal_lines(plan.goals):
        document.add_paragraph(_("Goals:"))
        for goal in goals:
            document.add_paragraph(goal, style="List Bullet")

    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    headings = (_("When"), _("What"), _("Responsible"), _("Target group"))
    for cell, heading in zip(table.rows[0].cells, headings, strict=True):
        cell.paragraphs[0].add_run(heading).bold = True
    repeat_header(table)
    for term, activities in term_groups(ordered_activities(plan)):
        if term:
            cells = table.add_row().cells
            cells[0].merge(cells[-1]).paragraphs[0].add_run(term_label(plan, term)).bold = True
        for activity in activities:
            _activity_row(table.add_row().cells, activity)
    set_column_widths(table, _COLUMN_WIDTHS)
    return document_bytes(document)


def _activity_row(cells: Any, activity: Activity) -> None:
    when_cell, what_cell, responsible_cell, audience_cell = cells
    lines = time_lines(activity)
    _write_lines(when_cell, lines)
    # A title the plan wrote in the time cell ("Regionale work-shop / (Foreløpig utsatt)")
    # stays there only, as in the plan: the importer reads it from there.
    empty = what_cell.paragraphs[0]  # a new cell has one empty paragraph: use it first
    if not _title_in_time_cell(activity.title, lines):
        title = empty.add_run(activity.title)
        title.bold = True
        # Struck through rather than a note: words in the cells would change what is read back.
        title.font.strike = activity.status == ActivityStatus.CANCELLED
        empty = None
    for block in activity.details:
        text, kind = str(block.get("text", "")).strip(), block.get("kind")
        if not text:
            continue
        style = "List Bullet" if kind == "bullet" else None
        if empty is None:
            paragraph = what_cell.add_paragraph(style=style)
        else:
            paragraph, empty = empty, None
            if style:
                paragraph.style = style
        paragraph.add_run(text).bold = kind == "heading"
    _write_lines(responsible_cell, activity.responsible.splitlines())
    _write_lines(audience_cell, activity.audience.splitlines())


def _title_in_time_cell(title: str, lines: list[str]) -> bool:
    # A title that reads as a time ("November") was put there by the importer for want of
    # words: the importer takes a title from the time cell only when it is not a time.
    title = title.strip()
    return (
        title in (line.strip() for line in lines) and parse_when(title, (2000, 2001)).start is None
    )


def _write_lines(cell: Any, lines: list[str]) -> None:
    for index, line in enumerate(lines):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        paragraph.add_run(line)


# --- PDF ----------------------------------------------------------------------------------


def detail_blocks(details: list[dict]) -> list[dict[str, Any]]:
    """Details as blocks for HTML: consecutive bullets become one list."""
    blocks: list[dict[str, Any]] = []
    for item in details:
        text, kind = str(item.get("text", "")).strip(), item.get("kind")
        if not text:
            continue
        if kind == "bullet" and blocks and blocks[-1]["kind"] == "list":
            blocks[-1]["items"].append(text)
        elif kind == "bullet":
            blocks.append({"kind": "list", "items": [text]})
        else:
            blocks.append({"kind": "heading" if kind == "heading" else "paragraph", "text": text})
    return blocks


def pdf_context(plan: Plan) -> dict[str, Any]:
    return {
        "title": str(plan),
        "school_year": plan.school_year,
        "status_line": status_line(plan),
        "goals": goal_lines(plan.goals),
        "groups": [
            {
                "label": term_label(plan, term),
                "activities": [
                    {
                        "activity": activity,
                        "blocks": detail_blocks(activity.details),
                        "time_lines": time_lines(activity),
                        "status_note": status_note(activity),
                    }
                    for activity in activities
                ],
            }
            for term, activities in term_groups(ordered_activities(plan))
        ],
    }


def plan_to_pdf(plan: Plan) -> bytes:
    return render_pdf(PDF_TEMPLATE, pdf_context(plan))
