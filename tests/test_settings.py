"""The settings module: refuses to run unsafely, reads the environment strictly."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from samla.core.settings_env import env_bool


def _start(env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SAMLA_")}
    clean.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-c", "import samla.settings"],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_refuses_to_start_without_secret_key_outside_demo():
    result = _start({"SAMLA_ALLOWED_HOSTS": "samla.example.no"})
    assert result.returncode != 0
    assert "Set SAMLA_SECRET_KEY" in result.stderr


def test_refuses_to_start_without_allowed_hosts_outside_demo():
    result = _start({"SAMLA_SECRET_KEY": "k" * 60, "SAMLA_CODE_HMAC_KEY": "c" * 40})
    assert result.returncode != 0
    assert "Set SAMLA_ALLOWED_HOSTS" in result.stderr


def test_refuses_to_start_without_a_code_key_outside_demo():
    result = _start({"SAMLA_SECRET_KEY": "k" * 60, "SAMLA_ALLOWED_HOSTS": "samla.example.no"})
    assert result.returncode != 0
    assert "Set SAMLA_CODE_HMAC_KEY" in result.stderr


def test_starts_with_real_keys_and_hosts():
    result = _start(
        {
            "SAMLA_SECRET_KEY": "k" * 60,
            "SAMLA_CODE_HMAC_KEY": "c" * 40,
            "SAMLA_ALLOWED_HOSTS": "samla.example.no",
        }
    )
    assert result.returncode == 0, result.stderr


def test_env_bool_refuses_anything_but_true_or_false(monkeypatch):
    monkeypatch.setenv("SAMLA_X", "kanskje")
    with pytest.raises(ImproperlyConfigured):
        env_bool("SAMLA_X")
    monkeypatch.setenv("SAMLA_X", "TRUE")
    assert env_bool("SAMLA_X") is True


def test_production_defaults():
    from samla import settings as production

    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert production.TIME_ZONE == "Europe/Oslo"
    assert production.LANGUAGE_CODE == "nb"
    assert [code for code, _name in production.LANGUAGES] == ["nb", "nn", "en"]


def test_database_is_configured_for_its_engine():
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        assert db["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
        assert "journal_mode=WAL" in db["OPTIONS"]["init_command"]
    else:
        assert db["ENGINE"] == "django.db.backends.postgresql"
        if "pool" in db["OPTIONS"]:  # SAMLA_DB_POOL=true, for threaded servers
            assert db["OPTIONS"]["pool"]["max_size"] >= 2
        else:  # one kept connection per sync worker, checked before reuse
            assert db["CONN_MAX_AGE"] > 0 and db["CONN_HEALTH_CHECKS"]
    assert db["CONN_MAX_AGE"] > 0 or "pool" in db["OPTIONS"]


def _cache_backend(env: dict[str, str]) -> str:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SAMLA_")}
    clean.pop("DATABASE_URL", None)
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import samla.settings as s; print(s.CACHES['default']['BACKEND']);"
            "print(s.SAMLA_TRUSTED_PROXIES)",
        ],
        env={**clean, "SAMLA_DEMO": "true", **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_failure_counters_are_shared_by_every_process_never_in_one_processs_memory():
    assert _cache_backend({}).startswith("django.core.cache.backends.db.DatabaseCache\n")
    shared = _cache_backend({"SAMLA_CACHE_URL": "redis://127.0.0.1:6379/3"})
    assert shared.startswith("django.core.cache.backends.redis.RedisCache\n")


def test_trusted_proxies_are_read_strictly():
    listed = _cache_backend({"SAMLA_TRUSTED_PROXIES": "10.0.0.5, 192.168.0.0/24"})
    assert "IPv4Network('10.0.0.5/32'), IPv4Network('192.168.0.0/24')" in listed
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SAMLA_")}
    result = subprocess.run(
        [sys.executable, "-c", "import samla.settings"],
        env={**clean, "SAMLA_DEMO": "true", "SAMLA_TRUSTED_PROXIES": "proxy.example.no"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "'proxy.example.no' is neither an address nor a network" in result.stderr
