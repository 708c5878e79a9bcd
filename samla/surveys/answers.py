"""Answers packed into bytes in the order an instrument version defines.

Pure Python, no Django. A submitted response stores its numeric answers as one ``bytes``
value (fast to read and decode for 500 000 responses) and its free text apart.

Answers, as the answering pages and :mod:`samla.surveys.conditions` see them, are a dict
keyed by item code; a missing key and ``None`` both mean "not answered":

=========  ==========================================  ===================================
kind       answer value                                packed
=========  ==========================================  ===================================
single     the choice value, a str: "1".."5", "dk",    1 byte: 0 = missing, 1..N = the
           "ja" …                                      choice's position among the choices
                                                       that are not "vet ikke" (so a Likert
                                                       answer is its own score), 255 = "dk"
multiple   a tuple of choice values (any iterable      1 byte per choice, in list order:
           is accepted; unpack gives a tuple in        0 = item not answered, 1 = not
           choice order)                               chosen, 2 = chosen
integer    an int within the item's bounds and         2 bytes, signed little-endian;
           -32767..32767                               -32768 = missing
decimal    a number with at most two decimals          4 bytes, signed little-endian: the
           within the item's bounds (int, float or     value × 100; -2**31 = missing
           Decimal); unpack gives a float
date       an ISO date str "yyyy-mm-dd" (a             2 bytes, signed little-endian: days
           datetime.date is accepted too) from         since 2000-01-01; -32768 = missing
           1911-01-01 to 2088-12-31; unpack gives
           the str
text       a str (never packed: :func:`split_answers`)
note       — (no answer)
=========  ==========================================  ===================================

:func:`answer_slots` gives each slot's name, offset and width, e.g. for a Polars decoder;
a multiple-choice slot is named ``code/value``.
"""

from __future__ import annotations

import datetime
import math
import re
import struct
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from samla.surveys.instrument import NUMERIC_KINDS, Instrument, Item

__all__ = [
    "BYTE_DONT_KNOW",
    "BYTE_MISSING",
    "DATE_EPOCH",
    "DATE_FIRST",
    "DATE_LAST",
    "DATE_MISSING",
    "DECIMAL_LIMIT",
    "DECIMAL_MISSING",
    "DECIMAL_SCALE",
    "INTEGER_LIMIT",
    "INTEGER_MISSING",
    "MULTIPLE_CHOSEN",
    "MULTIPLE_NOT_CHOSEN",
    "AnswerCodec",
    "Slot",
    "answer_layout",
    "answer_slots",
    "codec_for",
    "pack_answers",
    "packed_size",
    "split_answers",
    "unpack_answers",
]

BYTE_MISSING = 0
BYTE_DONT_KNOW = 255
MULTIPLE_NOT_CHOSEN = 1
MULTIPLE_CHOSEN = 2
INTEGER_MISSING = -32768
INTEGER_LIMIT = 32767
DECIMAL_SCALE = 100  # two decimals
DECIMAL_MISSING = -(2**31)
DECIMAL_LIMIT = 2**31 - 1  # in hundredths
DATE_MISSING = -32768
DATE_EPOCH = datetime.date(2000, 1, 1)
# Whole years within the ±32767 days two bytes hold around the epoch.
DATE_FIRST = datetime.date(1911, 1, 1)
DATE_LAST = datetime.date(2088, 12, 31)

_INT16 = struct.Struct("<h")
_INT32 = struct.Struct("<i")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_WIDTHS = {"single": 1, "integer": 2, "decimal": 4, "date": 2}


@dataclass(frozen=True)
class Slot:
    name: str  # the item code, or "code/value" for one choice of a multiple-choice item
    code: str
    choice: str | None
    offset: int
    width: int  # 1; 2 for integer and date items, 4 for decimal items


@dataclass(frozen=True)
class _Part:
    """One numeric item, with its encoding worked out once per instrument."""

    code: str
    kind: str
    encode: dict[str, int]  # single: choice value -> byte; multiple: value -> position
    decode: tuple[str | None, ...]  # single: byte -> value (index 0..255); multiple: values
    low: int | float = -INTEGER_LIMIT  # integer and decimal: the item's bounds
    high: int | float = INTEGER_LIMIT


class AnswerCodec:
    """Packs and unpacks answers for one instrument (build once, use for many responses)."""

    def __init__(self, instrument: Instrument) -> None:
        self.instrument = instrument
        parts: list[_Part] = []
        slots: list[Slot] = []
        offset = 0
        for item in instrument.items:
            if item.kind not in NUMERIC_KINDS:
                continue
            parts.append(self._part(item))
            if item.kind == "multiple":
                for choice in item.choices:
                    name = f"{item.code}/{choice.value}"
                    slots.append(Slot(name, item.code, choice.value, offset, 1))
                    offset += 1
            else:
                width = _WIDTHS[item.kind]
                slots.append(Slot(item.code, item.code, None, offset, width))
                offset += width
        self.parts = tuple(parts)
        self.slots = tuple(slots)
        self.size = offset

    @staticmethod
    def _part(item: Item) -> _Part:
        values = item.choice_values()
        if item.kind == "single":
            ordinary = [c.value for c in item.choices if not c.is_dont_know]
            if len(ordinary) >= BYTE_DONT_KNOW:
                raise ValueError(f"{item.code}: too many choices for one byte")
            encode = {value: position for position, value in enumerate(ordinary, start=1)}
            encode.update({c.value: BYTE_DONT_KNOW for c in item.choices if c.is_dont_know})
            decode: list[str | None] = [None] * 256
            for value, byte in encode.items():
                decode[byte] = value
            return _Part(item.code, "single", encode, tuple(decode))
        if item.kind == "multiple":
            return _Part(item.code, "multiple", {v: i for i, v in enumerate(values)}, values)
        if item.kind == "date":
            return _Part(item.code, "date", {}, ())
        limit = INTEGER_LIMIT if item.kind == "integer" else DECIMAL_LIMIT / DECIMAL_SCALE
        return _Part(
            item.code,
            item.kind,
            {},
            (),
            -limit if item.minimum is None else item.minimum,
            limit if item.maximum is None else item.maximum,
        )

    def pack(self, answers: Mapping[str, Any]) -> bytes:
        known = {part.code for part in self.parts}
        unknown = sorted(code for code, v in answers.items() if v is not None and code not in known)
        if unknown:
            raise ValueError(f"not numeric items of this instrument: {', '.join(unknown)}")
        out = bytearray()
        for part in self.parts:
            answer = answers.get(part.code)
            if part.kind == "single":
                if answer is None:
                    out.append(BYTE_MISSING)
                elif isinstance(answer, str) and answer in part.encode:
                    out.append(part.encode[answer])
                else:
                    raise ValueError(f"{part.code}: {answer!r} is not one of its choices")
            elif part.kind == "multiple":
                out.extend(self._marks(part, answer))
            elif part.kind == "decimal":
                out.extend(_INT32.pack(_hundredths(part, answer)))
            elif part.kind == "date":
                out.extend(_INT16.pack(_days(part, answer)))
            elif answer is None:
                out.extend(_INT16.pack(INTEGER_MISSING))
            elif isinstance(answer, int) and not isinstance(answer, bool):
                if not part.low <= answer <= part.high:
                    raise ValueError(f"{part.code}: {answer} is outside {part.low}..{part.high}")
                out.extend(_INT16.pack(answer))
            else:
                raise ValueError(f"{part.code}: {answer!r} is not an integer")
        return bytes(out)

    @staticmethod
    def _marks(part: _Part, answer: Any) -> bytes:
        if answer is None:
            return bytes(len(part.decode))
        if isinstance(answer, str) or not isinstance(answer, Iterable):
            raise ValueError(f"{part.code}: a multiple-choice answer is a collection of values")
        chosen = list(answer)
        if len(set(chosen)) != len(chosen) or not all(v in part.encode for v in chosen):
            raise ValueError(f"{part.code}: {chosen!r} are not distinct choices")
        marks = bytearray([MULTIPLE_NOT_CHOSEN]) * len(part.decode)
        for value in chosen:
            marks[part.encode[value]] = MULTIPLE_CHOSEN
        return bytes(marks)

    def unpack(self, data: bytes) -> dict[str, Any]:
        if len(data) != self.size:
            raise ValueError(f"packed answers have {len(data)} bytes, not {self.size}")
        answers: dict[str, Any] = {}
        offset = 0
        for part in self.parts:
            if part.kind == "single":
                byte = data[offset]
                offset += 1
                if byte != BYTE_MISSING:
                    value = part.decode[byte]
                    if value is None:
                        raise ValueError(f"{part.code}: byte {byte} is no choice")
                    answers[part.code] = value
            elif part.kind == "multiple":
                marks = data[offset : offset + len(part.decode)]
                offset += len(part.decode)
                if any(marks):
                    answers[part.code] = tuple(
                        value
                        for value, mark in zip(part.decode, marks, strict=True)
                        if mark == MULTIPLE_CHOSEN
                    )
            elif part.kind == "decimal":
                (number,) = _INT32.unpack_from(data, offset)
                offset += 4
                if number != DECIMAL_MISSING:
                    answers[part.code] = number / DECIMAL_SCALE
            elif part.kind == "date":
                (number,) = _INT16.unpack_from(data, offset)
                offset += 2
                if number != DATE_MISSING:
                    day = DATE_EPOCH + datetime.timedelta(days=number)
                    answers[part.code] = day.isoformat()
            else:
                (number,) = _INT16.unpack_from(data, offset)
                offset += 2
                if number != INTEGER_MISSING:
                    answers[part.code] = number
        return answers


def _hundredths(part: _Part, answer: Any) -> int:
    """A decimal answer as a whole number of hundredths (DECIMAL_MISSING when None)."""
    if answer is None:
        return DECIMAL_MISSING
    if isinstance(answer, bool) or not isinstance(answer, int | float | Decimal):
        raise ValueError(f"{part.code}: {answer!r} is not a number")
    if not math.isfinite(answer):
        raise ValueError(f"{part.code}: {answer!r} is not a finite number")
    if isinstance(answer, float):
        scaled = round(answer * DECIMAL_SCALE)
        # A float is never exact: 0.29 * 100 is 28.999999999999996.
        whole = abs(answer * DECIMAL_SCALE - scaled) < 1e-6
    else:
        exact = Decimal(answer) * DECIMAL_SCALE
        scaled, whole = int(exact), exact == exact.to_integral_value()
    if not whole:
        raise ValueError(f"{part.code}: {answer!r} has more than two decimals")
    if not part.low <= answer <= part.high:
        raise ValueError(f"{part.code}: {answer} is outside {part.low}..{part.high}")
    return scaled


def _days(part: _Part, answer: Any) -> int:
    """A date answer as days since DATE_EPOCH (DATE_MISSING when None)."""
    if answer is None:
        return DATE_MISSING
    if isinstance(answer, str):
        text = answer
        try:
            if not _ISO_DATE.fullmatch(text):
                raise ValueError
            answer = datetime.date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"{part.code}: {text!r} is not an ISO date yyyy-mm-dd") from None
    if isinstance(answer, datetime.datetime) or not isinstance(answer, datetime.date):
        raise ValueError(f"{part.code}: {answer!r} is not a date")
    if not DATE_FIRST <= answer <= DATE_LAST:
        raise ValueError(f"{part.code}: {answer} is outside {DATE_FIRST}..{DATE_LAST}")
    return (answer - DATE_EPOCH).days


_CODECS: dict[int, AnswerCodec] = {}


def codec_for(instrument: Instrument) -> AnswerCodec:
    """The instrument's codec, built once. The cache holds the instrument itself, so an id
    found there cannot belong to another object."""
    codec = _CODECS.get(id(instrument))
    if codec is None or codec.instrument is not instrument:
        if len(_CODECS) >= 64:
            _CODECS.clear()  # a few instrument versions are live at a time; keep it small
        codec = _CODECS[id(instrument)] = AnswerCodec(instrument)
    return codec


def answer_slots(instrument: Instrument) -> tuple[Slot, ...]:
    """Every packed slot in storage order."""
    return codec_for(instrument).slots


def answer_layout(instrument: Instrument) -> tuple[str, ...]:
    """The slot names in storage order (item codes; ``code/value`` for multiple choice)."""
    return tuple(slot.name for slot in codec_for(instrument).slots)


def packed_size(instrument: Instrument) -> int:
    """Bytes per packed response."""
    return codec_for(instrument).size


def pack_answers(instrument: Instrument, answers: Mapping[str, Any]) -> bytes:
    """Pack the numeric answers; raise ValueError for an answer the item cannot have.

    Text answers and unknown codes raise too: call :func:`split_answers` first.
    """
    return codec_for(instrument).pack(answers)


def unpack_answers(instrument: Instrument, data: bytes) -> dict[str, Any]:
    """The answered numeric items of a packed response (unanswered items are left out)."""
    return codec_for(instrument).unpack(data)


def split_answers(
    instrument: Instrument, answers: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, str]]:
    """(numeric answers to pack, non-empty free-text answers to store apart).

    Codes that are not items, notes and unanswered items are dropped.
    """
    numeric: dict[str, Any] = {}
    texts: dict[str, str] = {}
    for item in instrument.items:
        answer = answers.get(item.code)
        if answer is None:
            continue
        if item.kind == "text":
            if str(answer).strip():
                texts[item.code] = str(answer)
        elif item.kind in NUMERIC_KINDS:
            numeric[item.code] = answer
    return numeric, texts
