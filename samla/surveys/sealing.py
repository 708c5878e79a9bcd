"""Keys derived from an access code for its unfinished answers. Pure Python: the server key
is passed in.

A respondent's draft must be readable only with the code, which Samla never stores. From
the canonical code and the server key come:

- the **draft secret**: HMAC-SHA256 under a *pepper* that is itself an HMAC of the server
  key with a fixed label. It is not HKDF with the server key as salt: HKDF's extract step
  would then be HMAC(server key, code), which is exactly the code HMAC the codes table
  stores, and the draft would follow from a stored value. Under the pepper the secret is
  independent of the stored HMAC; without the code even the server key does not give it.
- from the secret, the draft's **lookup id** (what the draft row is found by) and its
  **sealing key** (AES-256-GCM over the draft's JSON, the lookup id as associated data so a
  sealed value cannot be moved to another row).

The answer pages keep the secret in the respondent's browser between requests, never in
the database.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

_PEPPER_LABEL = b"samla.surveys.draft-pepper.v1"
_NONCE_BYTES = 12


class Unreadable(Exception):
    """A sealed draft that this secret does not open (another code, or altered bytes)."""


@functools.lru_cache(maxsize=4)
def _pepper(server_key: str) -> bytes:
    return hmac.new(server_key.encode(), _PEPPER_LABEL, hashlib.sha256).digest()


def draft_secret(server_key: str, canonical: str) -> bytes:
    """The 32 bytes that find and open the draft of the code ``canonical``."""
    return hmac.new(_pepper(server_key), canonical.encode(), hashlib.sha256).digest()


def lookup_id(secret: bytes) -> bytes:
    return hmac.new(secret, b"lookup", hashlib.sha256).digest()


def _sealing_key(secret: bytes) -> bytes:
    return hmac.new(secret, b"seal", hashlib.sha256).digest()


def seal(secret: bytes, value: dict) -> bytes:
    """``value`` as JSON, encrypted and authenticated: a fresh nonce, then the ciphertext."""
    nonce = os.urandom(_NONCE_BYTES)
    plain = json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()
    return nonce + AESGCM(_sealing_key(secret)).encrypt(nonce, plain, lookup_id(secret))


def open_sealed(secret: bytes, sealed: bytes) -> dict:
    """The value ``seal`` sealed with this secret. Raises Unreadable otherwise."""
    nonce, body = sealed[:_NONCE_BYTES], sealed[_NONCE_BYTES:]
    try:
        plain = AESGCM(_sealing_key(secret)).decrypt(nonce, body, lookup_id(secret))
    except InvalidTag as error:
        raise Unreadable from error
    return json.loads(plain)


def mark_id(secret: bytes, state: str) -> bytes:
    """What a started or spent code is remembered by until its row says so: like the
    lookup id, it follows from the code and from nothing stored."""
    return hmac.new(secret, b"mark:" + state.encode(), hashlib.sha256).digest()


@functools.lru_cache(maxsize=4)
def _server_sealing_key(server_key: str) -> bytes:
    return hmac.new(server_key.encode(), b"samla.surveys.spent-code.v1", hashlib.sha256).digest()


def seal_code_id(server_key: str, spent: bytes, code_id: int) -> bytes:
    """A code's id sealed under the server key (the batch that marks codes opens it)."""
    nonce = os.urandom(_NONCE_BYTES)
    plain = code_id.to_bytes(8, "big")
    return nonce + AESGCM(_server_sealing_key(server_key)).encrypt(nonce, plain, spent)


def open_code_id(server_key: str, spent: bytes, sealed: bytes) -> int:
    nonce, body = sealed[:_NONCE_BYTES], sealed[_NONCE_BYTES:]
    try:
        plain = AESGCM(_server_sealing_key(server_key)).decrypt(nonce, body, spent)
    except InvalidTag as error:
        raise Unreadable from error
    return int.from_bytes(plain, "big")
