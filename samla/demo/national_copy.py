"""Writing many rows fast for the national dataset: PostgreSQL's COPY (psycopg 3), on SQLite
one ``executemany``. Ids are handed out here (``next_ids``), so that rows can name each
other before any is written; ``reset_sequences`` then moves PostgreSQL's sequences past
them (SQLite's AUTOINCREMENT follows by itself).

Foreign keys: PostgreSQL checks every row's keys one by one at the commit (Django's
constraints are deferred), minutes for millions of rows. Where the database role may
(a superuser), the rows are written without those per-row checks and every foreign key
of the tables written is checked at the end in one statement per key instead
(``check_foreign_keys``): the same guarantee, set-wise. Otherwise the per-row checks
stay."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from itertools import islice

from django.core.management.color import no_style
from django.db import IntegrityError, connection
from django.db.models import ForeignKey, Max, Model

BATCH = 20_000
# Tables written without the per-row foreign key checks, to be checked set-wise.
_unchecked: set[type[Model]] = set()


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


def start() -> None:
    """Forget the tables of an earlier run that failed before its check."""
    _unchecked.clear()


def _may_skip_row_checks() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('is_superuser') = 'on'")
        return bool(cursor.fetchone()[0])


def write_rows(
    model: type[Model],
    columns: Sequence[str],
    rows: Iterable[Sequence],
    types: Sequence[str] | None = None,
) -> int:
    """Write ``rows`` (tuples in the order of ``columns``) into the model's table.
    ``types``: PostgreSQL types of the columns for a binary COPY (no text escaping of
    bytea); without them a text COPY, where JSON columns take their JSON text. Returns the
    number of rows written. Call ``check_foreign_keys`` before the transaction ends."""
    table = model._meta.db_table
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    written = 0
    if is_postgresql():
        statement = f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN"
        if types:
            statement += " (FORMAT BINARY)"
        skip = _may_skip_row_checks()
        with connection.cursor() as cursor:
            if skip:  # no per-row triggers (the foreign key checks) for this statement
                cursor.execute("SET LOCAL session_replication_role = replica")
                _unchecked.add(model)
            with cursor.cursor.copy(statement) as copy:
                if types:
                    copy.set_types(list(types))
                for row in rows:
                    copy.write_row(row)
                    written += 1
            if skip:
                cursor.execute("SET LOCAL session_replication_role = origin")
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


def check_foreign_keys() -> int:
    """Check every foreign key of the tables written without per-row checks, one statement
    per key, then the deferred checks of everything else. Raises IntegrityError naming the
    keys that point nowhere. Returns the number of keys checked set-wise."""
    broken, checked = [], 0
    with connection.cursor() as cursor:
        for model in sorted(_unchecked, key=lambda m: m._meta.db_table):
            for field in model._meta.concrete_fields:
                if not isinstance(field, ForeignKey):
                    continue
                target = field.target_field
                table, column = model._meta.db_table, field.column
                cursor.execute(
                    f"SELECT count(*) FROM {connection.ops.quote_name(table)} AS c "  # noqa: S608
                    f"WHERE c.{connection.ops.quote_name(column)} IS NOT NULL AND NOT EXISTS "
                    f"(SELECT 1 FROM {connection.ops.quote_name(target.model._meta.db_table)} "
                    f"AS p WHERE p.{connection.ops.quote_name(target.column)} = "
                    f"c.{connection.ops.quote_name(column)})"
                )
                checked += 1
                if missing := cursor.fetchone()[0]:
                    broken.append(f"{table}.{column}: {missing} rows")
    _unchecked.clear()
    if broken:
        raise IntegrityError("foreign keys pointing nowhere: " + "; ".join(broken))
    connection.check_constraints()
    return checked


def analyse(models: Iterable[type[Model]]) -> None:
    """Fresh planner statistics for tables just filled (the builds and pages read them)."""
    with connection.cursor() as cursor:
        if is_postgresql():
            for model in models:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
        else:
            cursor.execute("ANALYZE")
