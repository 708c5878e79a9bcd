"""Every change of the notifications app, by area, re-exported here."""

from .collect import collect, recount_unread, store
from .dispatch import RunSummary, run_due

__all__ = ["RunSummary", "collect", "recount_unread", "run_due", "store"]
from .reading import (
    apply_unsubscribe,
    mark_read,
    remember_language,
    set_low_rate_percent,
    set_mail_choices,
)

__all__ += [
    "apply_unsubscribe",
    "mark_read",
    "remember_language",
    "set_low_rate_percent",
    "set_mail_choices",
]
