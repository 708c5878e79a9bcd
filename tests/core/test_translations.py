"""Every user-facing message is in the catalogues, and Bokmål and Nynorsk translate all."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"


def catalogue(language: str, root: Path = LOCALE):
    with (root / language / "LC_MESSAGES" / "django.po").open("rb") as po:
        return read_po(po, locale=language)


def _untranslated(language: str) -> list[str]:
    missing = []
    for message in catalogue(language):
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_every_message_is_translated(language):
    assert _untranslated(language) == []


def test_english_catalogue_has_the_same_messages():
    ids = {m.id for m in catalogue("nb") if m.id}
    assert {m.id for m in catalogue("en") if m.id} == ids


def test_catalogues_hold_every_message_in_the_code(tmp_path):
    """Extract the messages afresh (as `make messages` does) and compare."""
    if not shutil.which("xgettext"):
        message = "GNU gettext (xgettext) is missing: apt-get install gettext"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    shutil.copytree(settings.BASE_DIR / "samla", tmp_path / "samla")
    (tmp_path / "locale" / "nb" / "LC_MESSAGES").mkdir(parents=True)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "samla.settings", "SAMLA_DEMO": "true"}
    env.pop("DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "nb", "--no-obsolete"],
        cwd=tmp_path,
        env=env,
        check=True,
        capture_output=True,
    )
    fresh = {m.id for m in catalogue("nb", tmp_path / "locale") if m.id}
    kept = {m.id for m in catalogue("nb") if m.id}
    assert sorted(map(str, fresh - kept)) == [], "run `make messages` and translate"
    assert sorted(map(str, kept - fresh)) == [], "messages no longer used: run `make messages`"
