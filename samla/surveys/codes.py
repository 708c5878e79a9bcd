"""Access codes: random, easy to type, stored only as HMAC-SHA256 under a server key.

The alphabet has 31 characters and none of the look-alikes 0/O and 1/I/L. Eleven
characters give 31^11 ≈ 2^54.5 possible codes, above the 50 bits asked for; they are shown
in groups as ABCD-EFGH-JKM. Entry is forgiving: lower case is raised, and spaces and dashes
are dropped before the HMAC is taken. Pure Python: the key is passed in. The slips carry a
QR code of the answer address (``address_qr``).
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets

import segno

# Pixels per QR module in the slip's image: the PDF scales it down, drawn without smoothing
# (slips.css: image-rendering: pixelated), so its edges stay sharp at any size.
QR_SCALE = 4

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 11
GROUPS = (4, 4, 3)
BITS = LENGTH * math.log2(len(ALPHABET))


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return format_code(raw)


def format_code(raw: str) -> str:
    parts, start = [], 0
    for size in GROUPS:
        parts.append(raw[start : start + size])
        start += size
    return "-".join(parts)


def normalise(typed: str) -> str | None:
    """The code's canonical characters, or None when it cannot be a code."""
    cleaned = "".join(ch for ch in typed.upper() if ch.isalnum())
    if len(cleaned) != LENGTH or any(ch not in ALPHABET for ch in cleaned):
        return None
    return cleaned


def code_hmac(key: str, canonical: str) -> bytes:
    return hmac.new(key.encode(), canonical.encode(), hashlib.sha256).digest()


def address_qr(url: str) -> str:
    """A QR code of ``url`` as a PNG data URI, for the slips' PDF.

    The address only, never the code: a code in an address would travel into browser
    histories and server logs, and the codes are kept nowhere readable. PNG, not SVG: the
    PDF holds one image however many slips show it, where WeasyPrint draws an SVG again on
    every slip (half as slow again for 500 slips)."""
    return segno.make(url, error="m").png_data_uri(scale=QR_SCALE, border=4)
