"""Read a plan's goals ("Mål:" and its bullets above the plan table) from a Word file.

Pure Python on purpose (no Django). The shared plans of a partnership open with their goals: a
paragraph "Mål:" (or "Mål", "Målsettinger:"; "Mål: …" may hold the first goal on its own line)
followed by one bullet per goal. The goals run until the table, the next heading, or, once bullets
have started, the first paragraph that is not a bullet (the introduction that follows them).
"""

from __future__ import annotations

import re

from docx.document import Document

from samla.plans.docx_tables import Paragraph, read_leading_paragraphs
from samla.plans.imported_plan import BlockKind

# "Mål", "Mål:", "Mål: bedre læring", "Målsettinger:", Nynorsk "Målsetjingar:"; not "Målgruppe".
_GOALS_HEADING = re.compile(
    r"^(?:mål|målsetting(?:er|ar)?|målsetjing(?:ar)?)\s*(?::\s*(?P<rest>.*))?$", re.IGNORECASE
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
        goals = [*first, *paragraph.lines[1:], *_goal_lines(paragraphs[index + 1 :])]
        cleaned = (_BULLET_MARK.sub("", goal).strip() for goal in goals)
        return tuple(goal for goal in cleaned if goal)
    return ()


def _goal_lines(paragraphs: list[Paragraph]) -> list[str]:
    lines: list[str] = []
    bullets = False
    for paragraph in paragraphs:
        is_bullet = paragraph.kind is BlockKind.BULLET
        if not is_bullet and (
            bullets or paragraph.kind is BlockKind.HEADING or paragraph.lines[-1].endswith(":")
        ):
            break
        bullets = bullets or is_bullet
        lines += paragraph.lines
    return lines
