"""Failure budgets: how many failures a client may make before it must wait.

Only failures count — a right code or a right password costs nothing — and they are
counted per client (``samla.core.clients``), in fixed windows, in the cache that every
worker and every server shares (``settings.CACHES``: Redis with ``SAMLA_CACHE_URL``,
otherwise the database). Nothing here blocks the whole installation: a flood from some
addresses uses up only their own budgets. An installation-wide failure count is kept as
well, and when it passes ``alert`` in a window the administrators get one log line.

The cache's counters are exact on Redis (``INCR``). On the database cache an increment is
a read and a write, so requests of one client that run at the very same moment can count
as one: a client with W requests in flight at once gets at most W times its budget. The
budgets below are sized with that in mind.
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass

from django.core.cache import cache

logger = logging.getLogger("samla.security")

# The wall clock the windows are cut from (tests hold it still so no window turns over).
clock = time.time


@dataclass(frozen=True)
class Limit:
    failures: int
    seconds: int


@dataclass(frozen=True)
class Budget:
    name: str
    limits: tuple[Limit, ...]
    # Installation-wide failures in one window of the first limit that are worth a log line.
    alert: int | None = None

    def _key(self, limit: Limit, window: int, subject: str) -> str:
        return f"samla:fail:{self.name}:{limit.seconds}:{window}:{subject}"

    def _keys(self, client: str, now: float) -> list[tuple[Limit, str]]:
        # The client address is only ever a counter's key, and hashed even there.
        subject = hashlib.sha256(client.encode()).hexdigest()[:32]
        return [
            (limit, self._key(limit, int(now // limit.seconds), subject)) for limit in self.limits
        ]

    def exhausted(self, client: str, now: float | None = None) -> Limit | None:
        """The longest limit whose budget ``client`` has used up in its current window, or
        None while the client may go on."""
        keyed = self._keys(client, clock() if now is None else now)
        counts = cache.get_many([key for _limit, key in keyed])
        spent = [limit for limit, key in keyed if counts.get(key, 0) >= limit.failures]
        return max(spent, key=lambda limit: limit.seconds, default=None)

    def fail(self, client: str, now: float | None = None) -> None:
        """Count one failure of ``client`` in every window, and installation-wide."""
        now = clock() if now is None else now
        for limit, key in self._keys(client, now):
            _increment(key, limit.seconds)
        if self.alert is None:
            return
        first = self.limits[0]
        window = int(now // first.seconds)
        total = _increment(self._key(first, window, "all"), first.seconds)
        if total >= self.alert and cache.add(self._key(first, window, "alerted"), 1, first.seconds):
            logger.warning(
                "Unusually many failures (%s): %d in the last %d minutes across all clients. "
                "Someone may be guessing; each client's own budget still holds.",
                self.name,
                total,
                first.seconds // 60,
            )


def _increment(key: str, seconds: int) -> int:
    # A window's counter lives a little longer than the window, so a slow clock on another
    # server still reads the same count.
    timeout = seconds + 60
    cache.add(key, 0, timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout)
        return 1
