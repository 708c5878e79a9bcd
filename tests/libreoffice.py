"""LibreOffice and pdftotext for the tests that open Samla's files as a user's own office
program would. `make test` installs both as root on Debian; in CI a missing one fails."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Sequence
from pathlib import Path

import pytest


def require(tool: str, package: str) -> str:
    """The path of ``tool``; skips the test when it is missing, fails it in CI."""
    found = shutil.which(tool)
    if found:
        return found
    message = f"{tool} is missing; apt-get install {package}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


def convert(sources: Sequence[Path], outdir: Path, to: str = "pdf", timeout: int = 120) -> None:
    """Every file of ``sources`` converted in one LibreOffice run (its start-up is most of
    the time), written to ``outdir`` under the same stem. The user profile is private to
    this run so parallel tests keep apart, and removed afterwards (hundreds of files)."""
    soffice = require("soffice", "libreoffice-writer-nogui")
    profile = outdir / f"libreoffice-{uuid.uuid4().hex}"
    try:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--convert-to",
                to,
                "--outdir",
                str(outdir),
                *map(str, sources),
            ],
            check=True,
            capture_output=True,
            timeout=timeout,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def pdf_text(path: Path) -> str:
    """The text of a PDF as pdftotext reads it, each run of white space one space."""
    pdftotext = require("pdftotext", "poppler-utils")
    result = subprocess.run(
        [pdftotext, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, timeout=60
    )
    return " ".join(result.stdout.decode("utf-8").split())
