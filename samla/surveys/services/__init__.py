"""Every change on the collection side: publishing questionnaires, rounds, children and
their guardians' answers, issuing codes, and a respondent's path from code to submitted
response. Split by area: ``instruments``, ``rounds``, ``children``, ``issuing``,
``respondent`` (with ``keys``, ``locate`` and ``marks``, the code's keys, the hot path's
statement and the batched code marks). What callers use is re-exported here.

Nothing here imports the results: publishing a round or moving its close is followed by
scheduling its results build one layer up (``samla.results.rounds``)."""

from .children import (
    add_children,
    register_consent,
    remove_child,
    reserve_child,
    withdraw_consent,
    withdraw_reservation,
)
from .errors import CollectionError
from .instruments import publish_instrument, publish_upload, upload_instrument
from .issuing import issue_child_codes, issue_codes, may_take_part, per_child_groups
from .keys import AccessKey, access_key
from .marks import MARK_BATCH, pending_code_states, pending_spent_code_ids, settle_code_marks
from .respondent import Session, resume, save_page, start, submit
from .rounds import publish_round, release_results, save_round, set_round_units, withdraw_round

__all__ = [
    "MARK_BATCH",
    "AccessKey",
    "CollectionError",
    "Session",
    "access_key",
    "add_children",
    "issue_child_codes",
    "issue_codes",
    "may_take_part",
    "pending_code_states",
    "pending_spent_code_ids",
    "per_child_groups",
    "publish_instrument",
    "publish_round",
    "publish_upload",
    "register_consent",
    "release_results",
    "remove_child",
    "reserve_child",
    "resume",
    "save_page",
    "save_round",
    "set_round_units",
    "settle_code_marks",
    "start",
    "submit",
    "upload_instrument",
    "withdraw_consent",
    "withdraw_reservation",
    "withdraw_round",
]
