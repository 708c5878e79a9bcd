"""Questionnaires through the pages: upload, preview every page and problem, publish."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samla.org.models import Person, Role
from samla.org.services import grant_role
from samla.surveys import services
from samla.surveys.models import InstrumentUpload, InstrumentVersion
from tests.conftest import client_for
from tests.surveys.xlsforms import SETTINGS, begin, end, question, xlsform

LIBRARY_FORM = Path(settings.BASE_DIR) / "samla" / "surveys" / "library" / "elev_5_7.xlsx"
PUBLISH_BUTTON = 'name="action" value="publish"'
# Session, person, memberships, the menu's own reads, and the page's.
QUERIES_OF_THE_LIST = 9
QUERIES_OF_A_VERSION = 10


def upload(client, content: bytes, name: str = "skjema.xlsx"):
    return client.post(reverse("portal:instruments"), {"file": SimpleUploadedFile(name, content)})


def in_english(client):
    client.cookies["samla_language"] = "en"
    return client


def small_form(version: str = "1", q1_nb: str = "q1 nb") -> bytes:
    q1 = question("select_one agree4", "q1", label__nb=q1_nb)
    return xlsform(
        begin("p1"),
        q1,
        question("integer", "q2", constraint=". >= 0 and . <= 20", relevant="${q1} >= 3"),
        end(),
        settings={**SETTINGS, "version": version},
    )


def test_upload_previews_every_page_in_each_language_and_publishes_nothing(demo_org):
    client = client_for("admin")

    response = upload(client, LIBRARY_FORM.read_bytes(), name="elev_5_7.xlsx")

    assert response.status_code == 302
    location = response["Location"]
    stored = InstrumentUpload.objects.get()
    assert location == reverse("portal:instrument_upload", kwargs={"pk": stored.pk})
    assert (stored.file_name, stored.uploaded_by) == ("elev_5_7.xlsx", demo_org.user("admin"))
    bokmal = client.get(location + "?sprak=nb").content.decode()
    assert "Jeg trives på skolen." in bokmal
    assert "Lærerne og klassen" in bokmal and "I timene" in bokmal
    assert '<a href="?sprak=nb#preview" lang="nb" hreflang="nb" aria-current="page">' in bokmal
    assert "Eg trivst på skulen." not in bokmal
    nynorsk = client.get(location + "?sprak=nn").content.decode()
    assert "Eg trivst på skulen." in nynorsk
    assert "Lærarane mine hjelper meg når eg står fast." in nynorsk
    assert '<a href="?sprak=nn#preview" lang="nn" hreflang="nn" aria-current="page">' in nynorsk
    english = client.get(location + "?sprak=en").content.decode()
    assert "I like being at school." in english
    assert PUBLISH_BUTTON in english
    assert not InstrumentVersion.objects.exists()


def test_the_preview_shows_summary_indices_and_conditions_in_words(demo_org):
    client = in_english(client_for("admin"))
    location = upload(client, LIBRARY_FORM.read_bytes())["Location"]

    page = client.get(location + "?sprak=nb").content.decode()

    assert "<dd><code>samla_elev_5_7</code></dd>" in page
    assert "<dd>2026.1</dd>" in page
    assert "<dd>Pupils, grades 5–7</dd>" in page
    assert "<dt>Pages</dt><dd>3</dd>" in page
    assert "<dt>Questions</dt><dd>14</dd>" in page
    assert "<dt>Indices</dt><dd>3</dd>" in page
    assert "Shown when the answer to “Begynte du i klassen din dette skoleåret?” is “Ja”." in page
    assert "<code>${ny_i_klassen} = &#x27;ja&#x27;</code>" in page
    assert (
        'I dread going to school. <span class="muted">(<code>trivsel_3</code>)</span> '
        '<span class="tag">reversed</span>' in page
    )


def test_publish_makes_a_version_and_shows_it(demo_org):
    client = in_english(client_for("admin"))
    location = upload(client, LIBRARY_FORM.read_bytes())["Location"]

    response = client.post(location, {"action": "publish"})

    version = InstrumentVersion.objects.get()
    assert response["Location"] == reverse("portal:instrument", kwargs={"pk": version.pk})
    assert (version.form_id, version.version) == ("samla_elev_5_7", "2026.1")
    assert version.published_by == demo_org.user("admin")
    assert InstrumentUpload.objects.get().published == version
    page = client.get(response["Location"]).content.decode()
    assert "Samla – questions for pupils in years 5–7, version 2026.1, is published." in page
    listing = client.get(reverse("portal:instruments")).content.decode()
    assert reverse("portal:instrument", kwargs={"pk": version.pk}) in listing
    assert "Your uploads, not published" not in listing


def test_the_same_content_again_is_already_published(demo_org):
    client = in_english(client_for("admin"))
    client.post(upload(client, LIBRARY_FORM.read_bytes())["Location"], {"action": "publish"})
    first = InstrumentVersion.objects.get()

    location = upload(client, LIBRARY_FORM.read_bytes())["Location"]
    page = client.get(location).content.decode()
    refused = client.post(location, {"action": "publish"})

    assert "This content is already published as version 2026.1" in page
    assert PUBLISH_BUTTON not in page
    assert refused.status_code == 200
    assert list(InstrumentVersion.objects.all()) == [first]
    assert InstrumentUpload.objects.filter(published__isnull=True).count() == 1


def test_a_broken_workbook_lists_every_problem_and_cannot_be_published(demo_org):
    client = client_for("admin")
    unknown_list = question("select_one nosuch", "q1")
    twice = question("text", "q1")
    content = xlsform(begin("p1"), unknown_list, twice, end())
    location = upload(client, content)["Location"]

    page = client.get(location).content.decode()
    refused = client.post(location, {"action": "publish"})

    assert "<li>survey, rad 3, kolonne type: " in page
    assert "<li>survey, rad 4, kolonne name: " in page
    assert page.count("<li>survey, rad") == 2
    assert PUBLISH_BUTTON not in page
    assert refused.status_code == 200
    assert not InstrumentVersion.objects.exists()
    assert InstrumentUpload.objects.get().published is None


def test_a_file_that_is_not_a_workbook_is_refused_and_nothing_saved(demo_org):
    client = in_english(client_for("admin"))

    text = upload(client, b"form_id;version\n", name="skjema.csv")
    disguised = upload(client, b"%PDF-1.4 not a workbook", name="skjema.xlsx")
    too_large = upload(client, b"0" * (5 * 1024 * 1024 + 1), name="stor.xlsx")

    assert text.status_code == 200
    assert "Choose an Excel workbook (.xlsx)." in text.content.decode()
    assert "could not be opened as an Excel workbook" in disguised.content.decode()
    assert "The file is larger than 5 MB." in too_large.content.decode()
    assert not InstrumentUpload.objects.exists()


def test_a_new_version_flags_the_item_whose_wording_changed(demo_org):
    services.publish_instrument(small_form("1"), demo_org.user("admin"))
    client = in_english(client_for("admin"))

    location = upload(client, small_form("2", q1_nb="Et nytt spørsmål"))["Location"]
    page = client.get(location).content.decode()

    assert "Changes since version 1" in page
    assert "0 added, 0 removed, 1 changed, 1 unchanged." in page
    assert "<td><code>q1</code></td>\n        <td>q1 en</td>\n        <td>wording (nb)</td>" in page
    assert "Results will warn on trends" in page
    assert "Shown when the answer to “q1 en” is at least 3 (“agree4/3 en”)." in page
    assert PUBLISH_BUTTON in page


def test_a_version_number_taken_by_other_content_is_refused(demo_org):
    services.publish_instrument(small_form("1"), demo_org.user("admin"))
    client = in_english(client_for("admin"))

    location = upload(client, small_form("1", q1_nb="Et nytt spørsmål"))["Location"]
    page = client.get(location).content.decode()
    refused = client.post(location, {"action": "publish"})

    assert "Version 1 of test is already published with other content" in page
    assert PUBLISH_BUTTON not in page
    assert refused.status_code == 200
    assert InstrumentVersion.objects.count() == 1


def test_another_admin_cannot_open_or_publish_someone_elses_upload(demo_org):
    mine = demo_org.instrument_upload()
    other = Person.objects.create(username="annen_admin")
    grant_role(other, Role.PROGRAMME_ADMIN, programme=demo_org.school_programme)
    client = client_for("annen_admin")
    location = reverse("portal:instrument_upload", kwargs={"pk": mine.pk})

    assert client.get(location).status_code == 404
    assert client.post(location, {"action": "publish"}).status_code == 404
    assert "elev_5_7.xlsx" not in client.get(reverse("portal:instruments")).content.decode()
    assert not InstrumentVersion.objects.exists()
    assert InstrumentUpload.objects.get().published is None


def test_researchers_read_a_version_its_rounds_and_download_it(demo_org):
    version = demo_org.instrument_version()
    client = in_english(client_for("forsker"))

    page = client.get(reverse("portal:instrument", kwargs={"pk": version.pk})).content.decode()
    download = client.get(reverse("portal:instrument_source", kwargs={"pk": version.pk}))

    assert "<td>T3</td>" in page
    assert (
        "Eg trivst på skulen."
        in client.get(
            reverse("portal:instrument", kwargs={"pk": version.pk}) + "?sprak=nn"
        ).content.decode()
    )
    assert download["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert download["Content-Disposition"] == ('attachment; filename="samla_elev_5_7-2026.1.xlsx"')
    assert download.content == LIBRARY_FORM.read_bytes()


def queries_of(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_list_keeps_its_number_of_queries(demo_org):
    admin = demo_org.user("admin")
    client = client_for("admin")
    url = reverse("portal:instruments")
    services.publish_instrument(small_form("1"), admin)
    upload(client, small_form("1"))
    one = queries_of(client, url)
    for number in ("2", "3"):
        services.publish_instrument(small_form(number, q1_nb=f"Spørsmål {number}"), admin)
        upload(client, small_form(number))

    three = queries_of(client, url)

    assert (one, three) == (QUERIES_OF_THE_LIST, QUERIES_OF_THE_LIST)


def test_a_version_page_keeps_its_number_of_queries(demo_org):
    admin = demo_org.user("admin")
    client = client_for("admin")
    first = services.publish_instrument(small_form("1"), admin)
    one = queries_of(client, reverse("portal:instrument", kwargs={"pk": first.pk}))
    second = services.publish_instrument(small_form("2", q1_nb="Nytt"), admin)

    two = queries_of(client, reverse("portal:instrument", kwargs={"pk": second.pk}))

    # The second page also reads the version it is compared with.
    assert (one, two) == (QUERIES_OF_A_VERSION, QUERIES_OF_A_VERSION)
