"""A learning group's meeting plan: plain data, Word and PDF, and their downloads."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date, time

import docx
import pytest
from django.urls import reverse
from django.utils import translation

from samla.core.pdf import PdfUnavailable, render_html
from samla.learning import exports, services
from samla.learning.models import MeetingStatus
from samla.learning.semester import OSLO
from tests.conftest import client_for


@pytest.fixture(autouse=True)
def bokmal():
    with translation.override("nb"):
        yield


def _download(username: str, group, fmt: str):
    url = reverse("portal:meeting_plan_export", kwargs={"pk": group.pk, "fmt": fmt})
    return client_for(username).get(url)


def _add_meetings(group, count: int) -> None:
    first = int(group.school_year[:4])
    for day in range(count):
        services.plan_meeting(
            group, services.MeetingInput(date(first, 9, 1 + day), time(14), time(15, 30))
        )


def test_meeting_plan_is_plain_data_in_time_order(demo_org):
    group = demo_org.learning_group()
    held = group.meetings.get(status=MeetingStatus.HELD)

    plan = exports.meeting_plan(group)

    assert plan["group"] == "Gruppe A"
    assert plan["unit"] == demo_org.school.name
    assert plan["school_year"] == demo_org.school_year
    assert plan["leader"] == "Heidi Kolstad"
    assert len(plan["members"]) == 6
    assert "Ivar Nordby" in plan["members"]
    assert plan["members"] == sorted(plan["members"], key=str.casefold)
    assert [(m["module"], m["status"], m["minutes"]) for m in plan["meetings"]] == [
        ("2. Relasjoner og struktur", "held", 90),
        ("3. Pedagogisk analyse", "planned", 90),
    ]
    first = plan["meetings"][0]
    assert first["date"] == held.starts_at.astimezone(OSLO).date()
    assert first["time_text"] == "00:00–01:30"
    assert first["tasks"] == "Prøv ut strukturen i egen klasse."
    assert first["package"] == "Klasseledelse i praksis"


@pytest.mark.parametrize("extra", [0, 2])
def test_meeting_plan_reads_a_fixed_number_of_queries(demo_org, django_assert_num_queries, extra):
    group = demo_org.learning_group()
    _add_meetings(group, extra)

    with django_assert_num_queries(3):  # the group, its members, its meetings
        plan = exports.meeting_plan(group)

    assert len(plan["meetings"]) == 2 + extra


def test_word_download_holds_the_group_and_every_meeting(demo_org):
    group = demo_org.learning_group()
    services.cancel_meeting(group.meetings.get(status=MeetingStatus.PLANNED))

    response = _download("gruppeleder", group, "docx")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    year = demo_org.school_year.replace("/", "-")
    assert response["Content-Disposition"] == (
        f'attachment; filename="motplan-gruppe-a-{year}.docx"'
    )
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Gruppe A" in text
    assert demo_org.school.name in text
    assert demo_org.school_year in text
    assert "Heidi Kolstad" in text and "Ivar Nordby" in text
    (table,) = document.tables
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert len(rows) == 3  # headings and two meetings
    assert rows[1][3] == "2. Relasjoner og struktur"
    assert rows[1][4] == str(MeetingStatus.HELD.label)
    assert rows[2][4] == str(MeetingStatus.CANCELLED.label)
    assert rows[1][6] == "Prøv ut strukturen i egen klasse."


def test_word_meeting_plan_of_a_group_without_meetings(demo_org):
    group, _warning = services.create_group(demo_org.school, demo_org.school_year, "Tom gruppe")

    document = docx.Document(io.BytesIO(exports.meeting_plan_to_docx(group)))

    assert document.tables == []
    assert "Tom gruppe" in document.paragraphs[0].text


def test_pdf_download_is_a_pdf_with_the_meetings(demo_org, tmp_path):
    group = demo_org.learning_group()
    try:
        exports.meeting_plan_to_pdf(group)
    except PdfUnavailable:
        pytest.skip("WeasyPrint is not installed")

    response = _download("laerer", group, "pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        return
    path = tmp_path / "plan.pdf"
    path.write_bytes(response.content)
    result = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    text = " ".join(result.stdout.decode().split())
    assert "Gruppe A" in text
    assert "Relasjoner og struktur" in text
    assert "Heidi Kolstad" in text


def test_pdf_html_is_one_accessible_table_of_the_meetings(demo_org):
    group = demo_org.learning_group()

    html = render_html(exports.PDF_TEMPLATE, exports.pdf_context(group))

    assert '<html lang="nb">' in html
    assert "<title>Gruppe A" in html or "Gruppe A</title>" in html
    assert html.count('<th scope="col">') == 7
    assert html.count('<th scope="row">') == 2
    assert "<caption>" in html
    assert "Heidi Kolstad" in html and "Relasjoner og struktur" in html


def test_an_unknown_format_is_404(demo_org):
    group = demo_org.learning_group()

    assert _download("gruppeleder", group, "xlsx").status_code == 404


def test_a_group_of_another_unit_is_404(demo_org):
    group = demo_org.learning_group()

    assert _download("styrer", group, "docx").status_code == 404
    assert _download("ppt", group, "pdf").status_code == 404
