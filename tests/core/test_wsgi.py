"""The WSGI application a gunicorn worker loads: the URL patterns are read and the
process's long-lived objects are out of the garbage collector's way, so a full collection
no longer walks them every few requests (about 100 ms each time on a large page)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from django.conf import settings

PROBE = """
import gc, json, time
import samla.wsgi
frozen = gc.get_freeze_count()
began = time.perf_counter()
gc.collect()
print(json.dumps({"frozen": frozen, "tracked": len(gc.get_objects()),
                  "full_collection_ms": (time.perf_counter() - began) * 1000}))
"""


def test_the_loaded_application_is_frozen_out_of_the_collector():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "samla.settings", "SAMLA_DEMO": "true"}
    env.pop("DATABASE_URL", None)  # nothing is read from a database here
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["frozen"] > 100_000  # Django, the apps, their libraries, every view
    assert found["tracked"] < found["frozen"] / 10
