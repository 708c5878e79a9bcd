"""Every change of the notifications app, by area, re-exported here."""

from .collect import collect, recount_unread, store
from .digest import send_digests
from .dispatch import RunSummary, run_due
from .mail import recover_stale, send_pending

__all__ = [
    "RunSummary",
    "collect",
    "recount_unread",
    "recover_stale",
    "run_due",
    "send_digests",
    "send_pending",
    "store",
]
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
