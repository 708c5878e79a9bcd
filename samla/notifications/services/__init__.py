"""Every change of the notifications app, by area, re-exported here."""

from .collect import collect, recount_unread, store
from .dispatch import RunSummary, run_due

__all__ = ["RunSummary", "collect", "recount_unread", "run_due", "store"]
