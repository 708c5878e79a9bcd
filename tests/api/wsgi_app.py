"""Django as a WSGI application for schemathesis, inside the test's transaction: the end of
a request must not close the test's database connection (Django's own test client does
the same)."""

from __future__ import annotations

from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections

_django = get_wsgi_application()


def app(environ, start_response):
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        response = _django(environ, start_response)
        try:
            return [b"".join(response)]
        finally:
            response.close()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
