"""What a typed code gives the server: the code's HMAC (finds its row) and the draft
secret (finds and opens its sealed draft). The server stores the first, never the second."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from .. import codes, sealing
from .errors import CollectionError


def hmac_of(canonical: str) -> bytes:
    return codes.code_hmac(settings.CODE_HMAC_KEY, canonical)


@dataclass(frozen=True)
class AccessKey:
    """What the answer pages keep between requests instead of the code: the code's HMAC,
    which finds the code's row, and the draft secret, which finds and opens its draft
    (see sealing.py). The server stores the first and never the second."""

    code_hmac: bytes
    draft_secret: bytes

    def to_text(self) -> str:
        return f"{self.code_hmac.hex()}.{self.draft_secret.hex()}"

    @classmethod
    def from_text(cls, text: str) -> AccessKey | None:
        code_part, _dot, secret_part = text.partition(".")
        try:
            code_hmac, secret = bytes.fromhex(code_part), bytes.fromhex(secret_part)
        except ValueError:
            return None
        if len(code_hmac) != 32 or len(secret) != 32:
            return None
        return cls(code_hmac, secret)


def access_key(typed: str) -> AccessKey:
    """The keys a typed code gives. Raises CollectionError("malformed")."""
    canonical = codes.normalise(typed)
    if canonical is None:
        raise CollectionError("malformed")
    return AccessKey(hmac_of(canonical), sealing.draft_secret(settings.CODE_HMAC_KEY, canonical))


def key_of(code: str | AccessKey) -> AccessKey:
    return code if isinstance(code, AccessKey) else access_key(code)
