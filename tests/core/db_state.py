"""The number of rows in every table: what a refused request must leave as it was."""

from __future__ import annotations

from django.db import connection

# Not data: the cache table holds rate-limit counters (a failed request counts there on
# purpose) and sessions change with every login.
NOT_DATA = {"samla_cache", "django_session"}


def row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        tables = sorted(set(connection.introspection.table_names(cursor)) - NOT_DATA)
        quote = connection.ops.quote_name
        # One statement for all tables: the crawl of every form takes this before each post.
        counts = ", ".join(f"(SELECT COUNT(*) FROM {quote(table)})" for table in tables)  # noqa: S608
        cursor.execute(f"SELECT {counts}")
        return dict(zip(tables, cursor.fetchone(), strict=True))
