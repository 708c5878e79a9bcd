"""Read a plan's goals ("Mål:" and its bullets above the plan table) from a Word file.

Pure Python on purpose (no Django). The shared plans of a partnership open with their goals: a
paragraph "Mål:" (or "Mål", "Mål for året", "Målsettinger:", Nynorsk "Måla"; "Mål: …" may hold
the first goal on its own line) followed by one bullet per goal. The goals run until the table,
the next heading, or, once bullets have started, the first paragraph that is not a bullet (the
introduction that follows them); lines without bullets run until an empty line.

Some plans put the goals in a table of their own before the plan table: one cell "Mål for året"
with the goals under it, or "Mål" beside them (:func:`goals_of_table`).
"""

from __future__ import annotations

import re

from docx.document import Document

from samla.plans.docx_tables import Paragraph, Table, read_leading_paragraphs
from samla.plans.imported_plan import BlockKind

# "Mål", "Mål:", "Mål: bedre læring", "Mål for året", "Målsettinger:", Nynorsk "Måla",
# "Målsetjingar:"; not "Målgruppe".
_GOALS_HEADING = re.compile(
    r"^(?:mål|måla|målet|målene|målsetting(?:er|ar)?|målsetjing(?:ar)?)"
    r"(?:\s+for\s+[^:]{1,40}?)?\s*(?::\s*(?P<rest>.*))?$",
    re.IGNORECASE,
)
# A hand-typed bullet docx_tables leaves: one without a space after it ("-Bedre læring").
_BULLET_MARK = re.compile(r"^[-–·•*]\s*")


def read_goals(document: Document) -> tuple[str, ...]:
    """The goals stated above the first table, one per line of text; () when there is none."""
    paragraphs = read_leading_paragraphs(document)
    for index, paragraph in enumerate(paragraphs):
        match = _GOALS_HEADING.match(paragraph.lines[0])
        if match is None:
            continue
        first = [match["rest"]] if match["rest"] else []
        return _cleaned([*first, *paragraph.lines[1:], *_goal_lines(paragraphs[index + 1 :])])
    return ()


def goals_of_table(table: Table) -> tuple[str, ...] | None:
    """The goals of a table that states them, one per line; None for any other table.

    Its first text names the goals ("Mål for året", "Måla") and the rest of the table, in
    reading order, lists them: under the heading in the same cell, or in the cells beside it.
    """
    lines = [line for row in table.rows for cell in row.own_cells for line in cell.lines]
    match = _GOALS_HEADING.match(lines[0]) if lines else None
    if match is None:
        return None
    goals = _cleaned([*([match["rest"]] if match["rest"] else []), *lines[1:]])
    return goals or None


def _cleaned(goals: list[str]) -> tuple[str, ...]:
    cleaned = (_BULLET_MARK.sub("", goal).strip() for goal in goals)
    return tuple(goal for goal in cleaned if goal)


def _goal_lines(paragraphs: list[Paragraph]) -> list[str]:
    lines: list[str] = []
    bullets = False
    for paragraph in paragraphs:
        is_bullet = paragraph.kind is BlockKind.BULLET
        if not is_bullet and (
            bullets
            or paragraph.kind is BlockKind.HEADING
            or paragraph.lines[-1].endswith(":")
            or (lines and paragraph.after_gap)
        ):
            break
        bullets = bullets or is_bullet
        lines += paragraph.lines
    return lines
