"""Writing many rows fast for the national dataset: PostgreSQL's COPY (psycopg 3), on SQLite
one ``executemany``. Ids are handed out here (``next_ids``), so that rows can name each
other before any is written; ``reset_sequences`` then moves PostgreSQL's sequences past
them (SQLite's AUTOINCREMENT follows by itself)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from itertools import islice

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max, Model

BATCH = 20_000


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def next_ids(model: type[Model], count: int) -> range:
    """``count`` ids above every id in the table (nothing else writes it meanwhile)."""
    top = model.objects.aggregate(top=Max("pk"))["top"] or 0
    return range(top + 1, top + 1 + count)


def _sqlite_value(value):
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def write_rows(
    model: type[Model] | str,
    columns: Sequence[str],
    rows: Iterable[Sequence],
    types: Sequence[str] | None = None,
) -> int:
    """Write ``rows`` (tuples in the order of ``columns``) into the model's table (or the
    table named). ``types``: PostgreSQL types of the columns for a binary COPY (no text
    escaping of bytea); without them a text COPY. JSON columns take their JSON text.
    Returns the number of rows written."""
    table = model if isinstance(model, str) else model._meta.db_table
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    written = 0
    if is_postgresql():
        statement = f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN"
        if types:
            statement += " (FORMAT BINARY)"
        with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
            if types:
                copy.set_types(list(types))
            for row in rows:
                copy.write_row(row)
                written += 1
        return written
    marks = ", ".join(["?"] * len(columns))
    sql = f"INSERT INTO {connection.ops.quote_name(table)} ({quoted}) VALUES ({marks})"  # noqa: S608
    connection.ensure_connection()
    raw = connection.connection
    iterator = iter(rows)
    while batch := list(islice(iterator, BATCH)):
        raw.executemany(sql, [tuple(_sqlite_value(v) for v in row) for row in batch])
        written += len(batch)
    return written


def reset_sequences(models: Iterable[type[Model]]) -> None:
    """Move PostgreSQL's id sequences past the ids written with ``next_ids``."""
    if not is_postgresql():
        return
    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def analyse(models: Iterable[type[Model]]) -> None:
    """Fresh planner statistics for tables just filled (the builds and pages read them)."""
    with connection.cursor() as cursor:
        if is_postgresql():
            for model in models:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
        else:
            cursor.execute("ANALYZE")
