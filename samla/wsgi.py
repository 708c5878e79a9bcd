"""The WSGI application, as gunicorn loads it in each worker.

Once loaded, a worker holds some 200 000 objects that live as long as it does (Django, the
apps, their libraries, the URL patterns with every view). Python's full garbage collection
walks them all: on a page that makes many objects it ran every few requests and cost about
100 ms each time (the page bench's p95 at national size). ``gc.freeze`` moves them out of
the collector's way; what requests make is still collected as before."""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samla.settings")
application = get_wsgi_application()


def _settle() -> None:
    get_resolver().url_patterns  # noqa: B018 - imports the URL conf and every view now
    gc.collect()
    gc.freeze()


_settle()
