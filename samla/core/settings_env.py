"""Typed readers of environment variables for ``samla.settings``.

A value that cannot be read as what the setting needs stops the start with
``ImproperlyConfigured`` instead of being guessed at."""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from error


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_choice(name: str, choices: dict[str, str], default: str) -> str:
    """The value ``choices`` gives for the variable's word (``default`` when unset)."""
    raw = os.environ.get(name, "").strip().lower() or default
    if raw not in choices:
        words = ", ".join(sorted(choices))
        raise ImproperlyConfigured(f"{name} must be one of {words}, not {raw!r}")
    return choices[raw]
