"""How many wrong codes one client may enter: enough for a school, useless for guessing.

Only a well-formed code that matches nothing counts as a failure. A slip with a character
too few, or an O for a 0, is caught as malformed before any code is looked up, and costs
nothing: it cannot hit a code either. A right code never costs anything.

A school sits behind one public address (and behind the TLS proxy every request comes
from the proxy: ``samla.core.clients`` takes the client from ``X-Forwarded-For`` only for
trusted proxies). A school of 500 pupils where one in five mistypes a well-formed code
once in the same ten minutes makes 100 failures: under ``PER_TEN_MINUTES``. A whole day of
such sessions stays under ``PER_DAY``.

The arithmetic for an attacker, who can do no better than guess (codes are uniformly
random, ``samla.surveys.codes``):

- code space S = 31^11 ≈ 2.54·10^16; valid codes at once N ≤ 1 000 000 (a national round
  is about 500 000), so one guess hits with p = N / S ≈ 3.9·10^-11;
- one client gets at most ``PER_DAY`` = 600 failures in a day window; a six-week round
  touches at most 43 day windows: 25 800 guesses per client;
- 1 000 clients for a whole round: 2.58·10^7 guesses, expected hits 2.58·10^7 × 3.9·10^-11
  ≈ 1.0·10^-3;
- on the database cache, requests of one client that run at the same moment can count once
  (``samla.core.throttle``); with 8 in flight at a time the budget stretches eightfold, to
  ≈ 8.1·10^-3 — still under the 0.01 asked for.

``expected_hits`` computes the same from the constants, and a test holds it under 0.01, so
changing a budget or the code length cannot quietly break it.
"""

from __future__ import annotations

from samla.core.throttle import Budget, Limit
from samla.surveys import codes

PER_TEN_MINUTES = 200
PER_DAY = 600
# Installation-wide failures in ten minutes worth a line in the administrators' log: a
# county's normal mistyping is a few dozen.
ALERT_PER_TEN_MINUTES = 2000

CODE_ENTRY = Budget(
    "code-entry",
    (Limit(PER_TEN_MINUTES, 600), Limit(PER_DAY, 86400)),
    alert=ALERT_PER_TEN_MINUTES,
)


def expected_hits(
    clients: int = 1000,
    days: int = 42,
    valid_codes: int = 1_000_000,
    in_flight: int = 8,
) -> float:
    """Expected number of valid codes an attacker finds by guessing from ``clients``
    addresses for ``days`` days, using every budget to the full."""
    space = len(codes.ALPHABET) ** codes.LENGTH
    day_windows = days + 1  # a period of whole days can touch one window more
    guesses = clients * in_flight * PER_DAY * day_windows
    return guesses * valid_codes / space
