"""A round's responses, pseudonymised, as CSV and Parquet for researchers.

Respondent-level files (:func:`responses_frame`): one row per response, numeric answers
only — free text is never read, since it can name people.

- ``unit`` and ``group``: keyed pseudonyms, not database ids: ``U``/``G`` + the first 16 hex
  digits of HMAC-SHA256(key, ``"samla-export:<programme id>:<level>:<id>"``). The key is
  ``settings.EXPORT_PSEUDONYM_KEY`` when set, else ``SECRET_KEY`` (rotating that key changes
  every pseudonym). Stable across the rounds of a programme (trends can be followed),
  different between programmes (files of two programmes cannot be joined on them).
- ``respondent_group``, ``instrument_version`` (``form_id version``), ``grade_band`` (null
  when none), ``submitted_on`` (a date).
- One column per item code, in questionnaire order. Single choice: the stored position
  ``1..P`` among the options that are not "vet ikke" (a Likert answer is its own score; a
  reversed item is *not* turned round), null when not answered *or* answered "vet ikke";
  an item that offers "vet ikke" gets a marker column ``code/dk``: 1 for "vet ikke", 0 for
  another answer, null when not answered. Multiple choice: ``code/value`` per option, 1
  chosen, 0 not chosen, null when the item was not answered. Integer: the number, null when
  missing. Decimal: the number (a float with at most two decimals), null when missing. Date:
  a date (ISO ``yyyy-mm-dd`` in CSV), null when missing. An item code means one question
  *within a respondent group*; analyse per group.

Rows are sorted by respondent group, unit, group and date, so their order does not tell the
order in which people answered.
"""

from __future__ import annotations

import hashlib
import hmac
import io

import numpy as np
import polars as pl
from django.conf import settings

from samla.surveys.answers import (
    BYTE_DONT_KNOW,
    BYTE_MISSING,
    DATE_EPOCH,
    DATE_MISSING,
    DECIMAL_MISSING,
    DECIMAL_SCALE,
    INTEGER_MISSING,
    MULTIPLE_CHOSEN,
    answer_slots,
    packed_size,
)
from samla.surveys.instrument import Instrument
from samla.surveys.models import InstrumentVersion, Response, Round

from .common import _group_rank


def pseudonym(programme_id: int, level: str, pk: int) -> str:
    """A unit's or group's keyed pseudonym in a programme's files (see the module)."""
    key = getattr(settings, "EXPORT_PSEUDONYM_KEY", "") or settings.SECRET_KEY
    message = f"samla-export:{programme_id}:{level}:{pk}".encode()
    digest = hmac.new(key.encode(), message, hashlib.sha256).hexdigest()
    return f"{level[0].upper()}{digest[:16]}"


def decoded_columns(instrument: Instrument, matrix: np.ndarray) -> list[pl.Series]:
    """One column per item (and per marker) from packed answers, nulls for missing."""
    slots = {slot.name: slot for slot in answer_slots(instrument)}
    columns: list[pl.Series] = []

    def with_nulls(name: str, values: np.ndarray, missing: np.ndarray, dtype) -> pl.Series:
        frame = pl.DataFrame({"v": values, "m": missing})
        return frame.select(
            pl.when(pl.col("m")).then(None).otherwise(pl.col("v")).cast(dtype).alias(name)
        ).to_series()

    for item in instrument.items:
        if item.kind == "single":
            raw = matrix[:, slots[item.code].offset]
            missing = (raw == BYTE_MISSING) | (raw == BYTE_DONT_KNOW)
            columns.append(with_nulls(item.code, raw, missing, pl.Int16))
            if item.has_dont_know:
                marker = (raw == BYTE_DONT_KNOW).astype(np.int8)
                columns.append(with_nulls(f"{item.code}/dk", marker, raw == BYTE_MISSING, pl.Int8))
        elif item.kind == "multiple":
            names = [f"{item.code}/{choice.value}" for choice in item.choices]
            marks = matrix[:, [slots[name].offset for name in names]]
            unanswered = ~marks.any(axis=1)
            for position, name in enumerate(names):
                chosen = (marks[:, position] == MULTIPLE_CHOSEN).astype(np.int8)
                columns.append(with_nulls(name, chosen, unanswered, pl.Int8))
        elif item.kind == "integer":
            offset = slots[item.code].offset
            numbers = matrix[:, offset : offset + 2].copy().view("<i2")[:, 0]
            columns.append(with_nulls(item.code, numbers, numbers == INTEGER_MISSING, pl.Int16))
        elif item.kind == "decimal":
            offset = slots[item.code].offset
            hundredths = matrix[:, offset : offset + 4].copy().view("<i4")[:, 0]
            # Rounded again: 29 / 100 is 0.29 exactly as a float can say it.
            values = np.round(hundredths / DECIMAL_SCALE, 2)
            columns.append(with_nulls(item.code, values, hundredths == DECIMAL_MISSING, pl.Float64))
        elif item.kind == "date":
            offset = slots[item.code].offset
            days = matrix[:, offset : offset + 2].copy().view("<i2")[:, 0]
            missing = days == DATE_MISSING
            offsets = np.where(missing, 0, days).astype("timedelta64[D]")
            dates = np.datetime64(DATE_EPOCH, "D") + offsets
            columns.append(with_nulls(item.code, dates, missing, pl.Date))
    return columns


FIXED_SCHEMA = {
    "unit": pl.String,
    "group": pl.String,
    "respondent_group": pl.String,
    "instrument_version": pl.String,
    "grade_band": pl.String,
    "submitted_on": pl.Date,
}
"""The columns every respondent-level file starts with, before the answers."""


def responses_frame(round: Round, respondent_group: str | None = None) -> pl.DataFrame:
    """One row per submitted response, pseudonymised, numeric answers decoded (see the
    module docstring for every column). Free text is never read."""
    programme_id = round.programme_id
    responses = Response.objects.filter(round=round)
    if respondent_group:
        responses = responses.filter(respondent_group=respondent_group)
    rows = responses.order_by("pk").values_list(
        "version_id",
        "unit_id",
        "group_id",
        "respondent_group",
        "grade_band",
        "submitted_on",
        "answers",
    )
    by_version: dict[int, list[tuple]] = {}
    for row in rows.iterator(chunk_size=10_000):
        by_version.setdefault(row[0], []).append(row)
    versions = InstrumentVersion.objects.in_bulk(list(by_version))
    names: dict[tuple[str, int], str] = {}

    def named(level: str, pk: int | None) -> str | None:
        if pk is None:
            return None
        if (level, pk) not in names:
            names[(level, pk)] = pseudonym(programme_id, level, pk)
        return names[(level, pk)]

    frames = []
    order = sorted(
        by_version,
        key=lambda pk: (_group_rank(versions[pk].respondent_group), versions[pk].form_id, pk),
    )
    for version_id in order:
        version, found = versions[version_id], by_version[version_id]
        instrument = version.instrument()
        size = packed_size(instrument)
        matrix = np.frombuffer(b"".join(bytes(row[6]) for row in found), dtype=np.uint8)
        matrix = matrix.reshape(len(found), size)
        frame = pl.DataFrame(
            {
                "unit": [named("unit", row[1]) for row in found],
                "group": [named("group", row[2]) for row in found],
                "respondent_group": [row[3] for row in found],
                "instrument_version": [f"{version.form_id} {version.version}"] * len(found),
                "grade_band": [row[4] or None for row in found],
                "submitted_on": [row[5] for row in found],
            },
            schema=FIXED_SCHEMA,
        )
        frames.append(frame.with_columns(decoded_columns(instrument, matrix)))
    if not frames:
        return pl.DataFrame(schema=FIXED_SCHEMA)
    combined = pl.concat(frames, how="diagonal_relaxed")
    # Database order is submission order: sorted, a row tells nothing about when it came in
    # beyond its date.
    return combined.sort(
        ["respondent_group", "unit", "group", "submitted_on"], nulls_last=True, maintain_order=True
    )


def frame_csv(frame: pl.DataFrame) -> bytes:
    """The responses as CSV (UTF-8, a header row)."""
    return frame.write_csv().encode()


def frame_parquet(frame: pl.DataFrame) -> bytes:
    """The responses as a Parquet file."""
    output = io.BytesIO()
    frame.write_parquet(output)
    return output.getvalue()


def responses_csv(round: Round, respondent_group: str | None = None) -> bytes:
    return frame_csv(responses_frame(round, respondent_group))


def responses_parquet(round: Round, respondent_group: str | None = None) -> bytes:
    return frame_parquet(responses_frame(round, respondent_group))
