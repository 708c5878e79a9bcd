"""The application's URLs plus ``/bench/bare/``: a view that inserts one row and answers
with a few bytes — the most a Django request that writes can do on this stack, against
which the answer pages are compared."""

from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from samla.urls import handler403, handler404, handler500
from samla.urls import urlpatterns as samla_patterns

BARE_TABLE = "bench_bare_row"


def create_bare_table() -> None:
    key = (
        "BIGSERIAL PRIMARY KEY"
        if connection.vendor == "postgresql"
        else ("INTEGER PRIMARY KEY AUTOINCREMENT")
    )
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {BARE_TABLE} (id {key}, written_at TEXT)")


@csrf_exempt
def bare(request: HttpRequest) -> HttpResponse:
    # One transaction with one insert: on SQLite that takes the write lock like every
    # atomic block of the application does (IMMEDIATE).
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {BARE_TABLE} (written_at) VALUES (%s)",  # noqa: S608 - constant
            [timezone.now().isoformat()],
        )
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), *samla_patterns]
__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]
