"""A published version downloaded as the XLSForm Samla writes (issue 18)."""

from __future__ import annotations

from django.urls import reverse
from pyxform.xls2json import workbook_to_json
from pyxform.xls2json_backends import get_xlsform

from samla.surveys.instrument_data import content_hash
from samla.surveys.models import InstrumentVersion
from samla.surveys.xlsform import read_xlsform
from tests.conftest import client_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_a_researcher_downloads_a_version_that_reads_back_to_the_same_content(demo_org):
    version = demo_org.instrument_version()
    client = client_for("forsker")
    client.cookies["samla_language"] = "en"
    page = client.get(reverse("portal:instrument", kwargs={"pk": version.pk})).content.decode()
    url = reverse("portal:instrument_xlsform", kwargs={"pk": version.pk})

    response = client.get(url)

    assert (
        f'<a href="{url}" download>Download as an XLSForm written from this version '
        "(samla_elev_5_7-2026.1-samla.xlsx)</a>"
    ) in page
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    disposition = 'attachment; filename="samla_elev_5_7-2026.1-samla.xlsx"'
    assert response["Content-Disposition"] == disposition
    workbook_to_json(get_xlsform(response.content, file_type=".xlsx"))
    assert content_hash(read_xlsform(response.content)) == version.content_hash
    assert response.content != bytes(version.source)  # written by Samla, not the upload


def test_someone_without_access_to_questionnaires_gets_nothing(demo_org):
    version = demo_org.instrument_version()
    url = reverse("portal:instrument_xlsform", kwargs={"pk": version.pk})
    versions_before = list(InstrumentVersion.objects.values_list("pk", "content_hash"))

    teacher = client_for("laerer").get(url)
    anonymous = client_for(None).get(url)
    posted = client_for("forsker").post(url)

    assert teacher.status_code == 404
    assert XLSX not in teacher["Content-Type"]
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/")
    assert posted.status_code == 405
    assert list(InstrumentVersion.objects.values_list("pk", "content_hash")) == versions_before
