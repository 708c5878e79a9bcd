"""The eight phases of a pedagogical analysis and the rules between them (pure).

Finish the analysis before choosing measures: the phases from *measures* on open only
when the analysis part is marked complete, or when the unit leader has overridden that
with a written reason."""

from __future__ import annotations

PHASES = (
    "problem",
    "goal",
    "information",
    "analysis",
    "measures",
    "implementation",
    "evaluation",
    "revise",
)
FIRST_AFTER_ANALYSIS = PHASES.index("measures")
# Each phase's part of a page's address (Norwegian, as the addresses are): the pages and
# the notifications that link to a phase both read it here.
PHASE_SLUGS = {
    "problem": "problem",
    "goal": "mal",
    "information": "informasjon",
    "analysis": "analyse",
    "measures": "tiltak",
    "implementation": "gjennomforing",
    "evaluation": "evaluering",
    "revise": "revidering",
}


def number(phase: str) -> int:
    """1 for the problem … 8 for revise."""
    return PHASES.index(phase) + 1


def needs_finished_analysis(phase: str) -> bool:
    return PHASES.index(phase) >= FIRST_AFTER_ANALYSIS


def next_phase(phase: str) -> str | None:
    position = PHASES.index(phase) + 1
    return PHASES[position] if position < len(PHASES) else None


def previous_phase(phase: str) -> str | None:
    position = PHASES.index(phase) - 1
    return PHASES[position] if position >= 0 else None


def missing_for_completion(
    *, problem: str, goal: str, sources: int, factors: int, factors_without_evidence: int
) -> list[str]:
    """What is still missing before the analysis part can be marked complete, as keys
    (the pages word them): a problem, a goal, a source of information, a maintaining
    factor, and evidence for every factor."""
    missing = []
    if not problem.strip():
        missing.append("problem")
    if not goal.strip():
        missing.append("goal")
    if sources == 0:
        missing.append("sources")
    if factors == 0:
        missing.append("factors")
    elif factors_without_evidence:
        missing.append("evidence")
    return missing
