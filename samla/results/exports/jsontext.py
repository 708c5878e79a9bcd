"""``json.dumps(value, ensure_ascii=False, indent=1)``, faster, for the plain values of the
results JSON (no Django here).

With an indent, the standard library leaves its C encoder for its Python one; a national
round's file is two million small dicts and the Python encoder takes most of the time of
writing it. :func:`dumps_indented` writes the same characters for str keys and str, int,
float, bool, None, list and dict values at a given depth of the document, and raises
:class:`TypeError` for anything else (the caller then uses ``json.dumps``)."""

from __future__ import annotations

import json
from json.encoder import encode_basestring

INFINITY = float("inf")


def _float(value: float) -> str:
    # As json.encoder's floatstr with allow_nan (its default).
    if value != value:
        return "NaN"
    if value == INFINITY:
        return "Infinity"
    if value == -INFINITY:
        return "-Infinity"
    return float.__repr__(value)


def _encode(value, depth: int) -> str:
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = "\n" + " " * (depth + 1)
        parts = []
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError("a key that is not a string")
            parts.append(encode_basestring(key) + ": " + _encode(item, depth + 1))
        return "{" + inner + ("," + inner).join(parts) + "\n" + " " * depth + "}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        inner = "\n" + " " * (depth + 1)
        items = [_encode(item, depth + 1) for item in value]
        return "[" + inner + ("," + inner).join(items) + "\n" + " " * depth + "]"
    raise TypeError(f"no fast text for {type(value).__name__}")


def dumps_indented(value, depth: int = 0) -> str:
    """``value`` as ``json.dumps(…, ensure_ascii=False, indent=1)`` writes it where it
    stands ``depth`` levels deep in a document (its inner lines indented by ``depth`` more
    spaces). Values of other types than the plain ones are written by ``json.dumps``."""
    try:
        return _encode(value, depth)
    except (TypeError, RecursionError):
        text = json.dumps(value, ensure_ascii=False, indent=1)
        return text.replace("\n", "\n" + " " * depth)
