"""A yearly report as Word (read back with python-docx) and as a tagged PDF (pdftotext)."""

from __future__ import annotations

import io
import shutil
import subprocess

import docx
import pytest
from django.urls import reverse
from django.utils import translation

from samla.core.pdf import PdfUnavailable
from samla.org.models import Owner, Person
from samla.partnership.demo import base
from samla.partnership.queries.reports_export import report_to_docx, report_to_pdf
from samla.partnership.services import reports as services
from tests.conftest import client_for


@pytest.fixture
def report(demo_org):
    base.build()
    hamar = Owner.objects.get(name="Hamar kommune")
    eier = Person.objects.get(username="eier")
    with translation.override("en"):
        report = services.generate_report(eier, demo_org.school_programme, hamar, 2025)
    return services.save_sections(eier, report, {"measures": "Lesing i alle fag.\nKlasseledelse."})


def test_word_file_holds_the_heading_facts_and_sections(report):
    document = docx.Document(io.BytesIO(report_to_docx(report, "en")))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Yearly report to the county governor 2025"
    assert texts[1:6] == [
        "Owner: Hamar kommune",
        "Programme: Kultur for læring – skole",
        "Year reported on: 2025",
        "Due: 15 Jan 2026",
        "Status: Draft",
    ]
    start = texts.index("Measures carried out")
    assert texts[start + 1 : start + 3] == ["Lesing i alle fag.", "Klasseledelse."]
    assert "No allocation is recorded for 2025." in texts
    assert document.core_properties.title == "Yearly report to the county governor 2025"


def test_pdf_text_has_the_heading_owner_and_sections(report, tmp_path):
    try:
        pdf = report_to_pdf(report, "en")
    except PdfUnavailable:
        pytest.skip("WeasyPrint is not installed here")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is missing: apt-get install poppler-utils")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True)
    text = " ".join(out.stdout.decode().split())
    assert text.startswith("Yearly report to the county governor 2025 Owner: Hamar kommune")
    assert "Status: Draft" in text
    assert "Measures carried out Lesing i alle fag. Klasseledelse." in text
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True).stdout.decode()
    assert "Tagged:          yes" in info


def test_download_names_the_file_and_refuses_an_unknown_format(report):
    kwargs = {"slug": report.programme.slug, "pk": report.pk}
    client = client_for("statsforvalter")
    answer = client.get(
        reverse("portal:partnership_report_export", kwargs={**kwargs, "fmt": "docx"})
    )
    assert (
        answer["Content-Disposition"] == 'attachment; filename="arsrapport-hamar-kommune-2025.docx"'
    )
    unknown = reverse("portal:partnership_report_export", kwargs={**kwargs, "fmt": "xlsx"})
    assert client.get(unknown).status_code == 404
