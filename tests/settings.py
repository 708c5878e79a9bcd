"""Test settings: Samla's settings in demo mode, with a fast password hasher."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("SAMLA_DEMO", "true")
os.environ.setdefault("SAMLA_HTTPS", "false")

from samla.settings import *  # noqa: F403

# Argon2 is the production hasher (tests/org/test_settings.py checks it); tests hash
# many passwords and only need them to work.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# WhiteNoise wants STATIC_ROOT to exist; the tests serve from the finders.
STATIC_ROOT = BASE_DIR / "var" / "test-static"  # noqa: F405
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# Files the tests save (results files made by the worker) go to a folder of this run, never
# into the checkout's var/media.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="samla-test-media-"))

# A file database, not Django's shared in-memory one: concurrency tests then see SQLite as
# production runs it (WAL, IMMEDIATE transactions waiting on the busy timeout) instead of
# shared-cache table locks that fail at once.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # SAMLA_TEST_DB lets two test runs in one checkout keep out of each other's file.
    _name = os.environ.get("SAMLA_TEST_DB", "test")
    DATABASES["default"]["TEST"]["NAME"] = str(BASE_DIR / "var" / f"{_name}.sqlite3")  # noqa: F405

# Each test starts with no failures counted (tests/conftest.py clears the cache), and most
# tests have no database: they count in memory. The database cache that production uses
# without Redis is tested on its own (tests/core/test_throttle.py) and served by the code
# entry bench (bench/code_entry.py, two gunicorn workers sharing the counters).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
