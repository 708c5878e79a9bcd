"""Every change to a pedagogical analysis.

Who may call what is decided by the pages through the access functions; the rules of the
analysis itself are held here and refused with a ``ValidationError`` that says what to do.
Each function's docstring lists its side effects. History of the analysis, its sources,
factors and measures is kept by django-simple-history.

Split by what changes: ``sources`` (starting, evidence and other sources),
``analysis_part`` (problem, goal, factors, completing), ``measures`` (measures, log,
evaluation, follow-ups) and ``closing`` (sharing, comments, closing, caravans); ``rules``
holds what they share. The names callers use are re-exported here."""

from .analysis_part import (
    FactorInput,
    add_factor,
    complete_analysis,
    completion_missing,
    delete_factor,
    override_phase_rule,
    reopen_analysis,
    save_goal,
    save_problem,
    set_phase,
    update_factor,
)
from .closing import (
    add_comment,
    caravan_activities,
    close_analysis,
    link_caravan,
    share_with_owner,
    start_follow_up_analysis,
    unlink_caravan,
    withdraw_sharing,
)
from .measures import (
    MeasureInput,
    add_log_entry,
    add_measure,
    evaluate_measure,
    set_measure_status,
    take_follow_ups,
    update_measure,
)
from .sources import (
    add_result_source,
    add_source,
    delete_source,
    start_analysis,
    start_analysis_from_other_data,
    take_snapshot,
    update_source_note,
)

__all__ = [
    "FactorInput",
    "MeasureInput",
    "add_comment",
    "add_factor",
    "add_log_entry",
    "add_measure",
    "add_result_source",
    "add_source",
    "caravan_activities",
    "close_analysis",
    "complete_analysis",
    "completion_missing",
    "delete_factor",
    "delete_source",
    "evaluate_measure",
    "link_caravan",
    "override_phase_rule",
    "reopen_analysis",
    "save_goal",
    "save_problem",
    "set_measure_status",
    "set_phase",
    "share_with_owner",
    "start_analysis",
    "start_analysis_from_other_data",
    "start_follow_up_analysis",
    "take_follow_ups",
    "take_snapshot",
    "unlink_caravan",
    "update_factor",
    "update_measure",
    "update_source_note",
    "withdraw_sharing",
]
