"""Uploads cannot exhaust the server (issue 14, point 5): an Office file is measured before
any parser opens it, and one that unpacks to too much, or has too many rows or cells, is
refused with a message that says the limit."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from samla.core import uploads
from samla.core.uploads import WORD_PLAN, XLSFORM, UploadTooLarge, check_office_file
from samla.plans.models import PlanImport
from samla.surveys.models import InstrumentUpload
from tests.conftest import client_for
from tests.core.db_state import row_counts
from tests.core.office_bombs import docx_with_table_rows, xlsx_with_rows

LIBRARY = Path(settings.BASE_DIR) / "samla" / "surveys" / "library"
NBSP = "\u00a0"


def attack_xlsx() -> bytes:
    """As in the issue: a few MB of xlsx, 400 000 rows, over 400 MB unpacked."""
    return xlsx_with_rows(400_000, cells=14, text="Jeg trives på skolen og i friminuttene")


def attack_docx() -> bytes:
    """As in the issue: a Word plan of 200 000 table rows."""
    return docx_with_table_rows(200_000)


def _refusal(data: bytes, limits) -> UploadTooLarge:
    with pytest.raises(UploadTooLarge) as refused:
        check_office_file(data, limits)
    return refused.value


def test_samlas_own_questionnaires_are_within_the_limits():
    for path in sorted(LIBRARY.glob("*.xlsx")):
        check_office_file(path.read_bytes(), XLSFORM)


def test_bytes_that_are_no_zip_are_left_to_the_reader():
    check_office_file(b"not a zip at all", XLSFORM)
    check_office_file(b"", WORD_PLAN)


def test_what_a_file_says_it_unpacks_to_is_refused_before_unpacking():
    refused = _refusal(attack_xlsx(), XLSFORM)
    assert (refused.msgid, refused.params) == (uploads.UNPACKED_TOO_LARGE, {"limit": "10"})
    refused = _refusal(attack_docx(), WORD_PLAN)
    assert (refused.msgid, refused.params) == (uploads.UNPACKED_TOO_LARGE, {"limit": "25"})


def test_rows_are_counted_exactly_across_the_pieces_the_part_is_unpacked_in():
    # 5 000 rows of about 100 bytes: the sheet is unpacked in several pieces.
    check_office_file(xlsx_with_rows(5_000, cells=1), XLSFORM)
    refused = _refusal(xlsx_with_rows(5_001, cells=1), XLSFORM)
    assert (refused.msgid, refused.params) == (uploads.TOO_MANY_ROWS, {"limit": f"5{NBSP}000"})
    check_office_file(docx_with_table_rows(5_000, cells=1), WORD_PLAN)
    refused = _refusal(docx_with_table_rows(5_001, cells=1), WORD_PLAN)
    assert (refused.msgid, refused.params) == (uploads.TOO_MANY_ROWS, {"limit": f"5{NBSP}000"})


def test_cells_are_limited_too():
    refused = _refusal(xlsx_with_rows(2_000, cells=51), XLSFORM)  # 102 000 cells, 5 MB
    assert (refused.msgid, refused.params) == (uploads.TOO_MANY_CELLS, {"limit": f"100{NBSP}000"})
    refused = _refusal(docx_with_table_rows(4_000, cells=13), WORD_PLAN)  # 52 000 cells
    assert (refused.msgid, refused.params) == (uploads.TOO_MANY_CELLS, {"limit": f"50{NBSP}000"})


def test_too_many_parts_are_refused():
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for number in range(XLSFORM.parts + 1):
            archive.writestr(f"xl/part{number}.xml", "")
    refused = _refusal(buffer.getvalue(), XLSFORM)
    assert (refused.msgid, refused.params) == (uploads.TOO_MANY_PARTS, {"limit": "200"})


# The readers in a process of their own, as a worker would run them: refused within 2 s,
# and the process never above 300 MB.
_READ = textwrap.dedent(
    """
    import json, sys, time
    kind, path = sys.argv[1], sys.argv[2]
    data = open(path, "rb").read()
    if kind == "xlsform":
        from samla.surveys.instrument import InstrumentError
        from samla.surveys.xlsform import read_xlsform
        start = time.perf_counter()
        try:
            read_xlsform(data)
            said = None
        except InstrumentError as error:
            said = [problem.message for problem in error.problems]
    else:
        from samla.plans.docx_import import PlanImportError, read_plan
        start = time.perf_counter()
        try:
            read_plan(data, "2026/2027")
            said = None
        except PlanImportError as error:
            said = [str(error.message)]
    seconds = time.perf_counter() - start
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the forking parent (a
    # pytest worker of several hundred MB) across exec; VmHWM is this process's own.
    status = open("/proc/self/status").read().split("VmHWM:")[1]
    peak_mb = int(status.split()[0]) / 1024
    print(json.dumps({"said": said, "seconds": seconds, "peak_mb": peak_mb}))
    """
)


@pytest.mark.parametrize(
    ("kind", "make", "limit"),
    [("xlsform", attack_xlsx, "10"), ("word", attack_docx, "25")],
    ids=["400k-row xlsx", "200k-row docx"],
)
def test_a_reader_refuses_the_attack_files_quickly_and_in_little_memory(
    tmp_path, kind, make, limit
):
    path = tmp_path / "attack"
    path.write_bytes(make())

    run = subprocess.run(
        [sys.executable, "-c", _READ, kind, str(path)],
        capture_output=True,
        text=True,
        check=False,
        cwd=settings.BASE_DIR,
        timeout=60,
    )

    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert result["said"] == [uploads.UNPACKED_TOO_LARGE % {"limit": limit}]
    assert result["seconds"] < 2
    assert result["peak_mb"] < 300


def _said(msgid: str, limit: str) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return escape(translation.gettext(msgid) % {"limit": limit})


def test_the_questionnaire_upload_refuses_the_attack_file_and_stores_nothing(demo_org):
    admin = client_for("admin")
    file = SimpleUploadedFile("skjema.xlsx", attack_xlsx())
    before = row_counts()
    started = time.perf_counter()

    response = admin.post(reverse("portal:instruments"), {"file": file})

    assert time.perf_counter() - started < 2
    assert response.status_code == 200
    assert _said(uploads.UNPACKED_TOO_LARGE, "10") in response.content.decode()
    assert row_counts() == before


def test_a_stored_questionnaire_too_large_to_read_is_refused_in_its_preview(demo_org):
    upload = InstrumentUpload.objects.create(
        source=attack_xlsx(), file_name="skjema.xlsx", uploaded_by=demo_org.user("admin")
    )
    started = time.perf_counter()

    response = client_for("admin").get(reverse("portal:instrument_upload", args=[upload.pk]))

    assert time.perf_counter() - started < 2
    assert response.status_code == 200
    assert _said(uploads.UNPACKED_TOO_LARGE, "10") in response.content.decode()


def test_the_plan_import_refuses_the_attack_file_and_stores_nothing(demo_org):
    admin = client_for("admin")
    before = row_counts()

    response = admin.post(
        reverse("portal:plan_import", kwargs={"slug": demo_org.school_programme.slug}),
        {"school_year": "2026/2027", "file": SimpleUploadedFile("plan.docx", attack_docx())},
    )

    assert response.status_code == 200
    assert _said(uploads.UNPACKED_TOO_LARGE, "25") in response.content.decode()
    assert row_counts() == before


def test_a_stored_plan_too_large_to_read_sends_its_preview_back_to_the_upload(demo_org):
    pending = PlanImport.objects.create(
        programme=demo_org.school_programme,
        school_year="2026/2027",
        filename="plan.docx",
        content=attack_docx(),
        uploaded_by=demo_org.user("admin"),
    )
    slug = demo_org.school_programme.slug
    admin = client_for("admin")

    response = admin.get(reverse("portal:plan_import_preview", args=[slug, pending.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("portal:plan_import", args=[slug])
    page = admin.get(response["Location"]).content.decode()
    assert _said(uploads.UNPACKED_TOO_LARGE, "25") in page
