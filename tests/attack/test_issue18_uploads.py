"""Issue 18 under attack: the questionnaire upload preview's actions (respondent group,
index names, publish) and the XLSForm download, from other roles, without CSRF, after
publishing and with hostile values.

Tests marked xfail(strict) assert the correct behaviour of a defect found by the attack; the
others hold and stay as regression tests."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from samla.surveys.models import InstrumentUpload, InstrumentVersion
from tests.conftest import client_for
from tests.core.db_state import row_counts
from tests.portal.test_instrument_choices import names_post, no_group_form, unnamed_index_form
from tests.portal.test_instruments import in_english, upload
from tests.surveys.xlsforms import SETTINGS, begin, end, question, xlsform

GROUP_POST = {"action": "respondent_group", "respondent_group": "pupil_5_7"}
ACTIONS = {
    "names": names_post(nb="Trivsel", nn="Trivsel", en="Well-being"),
    "group": GROUP_POST,
    "publish": {"action": "publish"},
}


def _stored(upload: InstrumentUpload) -> tuple:
    upload.refresh_from_db()
    return upload.respondent_group, upload.scale_labels, upload.published_id


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("username", ["laerer", "eier", "rektor", "forsker", "statsforvalter"])
def test_no_other_role_can_act_on_an_upload_and_nothing_changes(demo_org, username, action):
    location = upload(client_for("admin"), unnamed_index_form())["Location"]
    mine = InstrumentUpload.objects.get()
    before, counts = _stored(mine), row_counts()

    response = client_for(username).post(location, ACTIONS[action])

    assert response.status_code == 404
    assert _stored(mine) == before
    assert row_counts() == counts


@pytest.mark.parametrize("action", ACTIONS)
def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(demo_org, action):
    location = upload(client_for("admin"), unnamed_index_form())["Location"]
    mine = InstrumentUpload.objects.get()
    before = _stored(mine)
    client = Client(enforce_csrf_checks=True)
    client.force_login(demo_org.user("admin"))

    response = client.post(location, ACTIONS[action])

    assert response.status_code == 403
    assert _stored(mine) == before
    assert InstrumentVersion.objects.count() == 0


def test_a_published_upload_keeps_its_names_group_and_single_version(demo_org):
    client = in_english(client_for("admin"))
    location = upload(client, unnamed_index_form())["Location"]
    client.post(location, ACTIONS["names"])
    assert client.post(location, {"action": "publish"}).status_code == 302
    mine = InstrumentUpload.objects.get()
    before = _stored(mine)

    renamed = client.post(location, names_post(nb="Annet", nn="Anna", en="Other"), follow=True)
    regrouped = client.post(location, GROUP_POST, follow=True)
    again = client.post(location, {"action": "publish"})

    assert "can no longer be changed" in renamed.content.decode()
    assert "can no longer be changed" in regrouped.content.decode()
    assert again.status_code == 200
    assert _stored(mine) == before
    assert InstrumentVersion.objects.count() == 1


def test_a_respondent_group_outside_the_registry_is_refused(demo_org):
    client = in_english(client_for("admin"))
    location = upload(client, no_group_form())["Location"]
    mine = InstrumentUpload.objects.get()

    response = client.post(location, {"action": "respondent_group", "respondent_group": "admin"})

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert _stored(mine) == ("", {}, None)


@pytest.mark.parametrize(
    ("posted", "kept"),
    [("  \t ", None), ("a\x00b\x1bc", "abc"), ("x" * 10_000, "unchanged")],
)
def test_hostile_index_names_are_cleaned_or_refused(demo_org, posted, kept):
    client = in_english(client_for("admin"))
    location = upload(client, unnamed_index_form())["Location"]
    mine = InstrumentUpload.objects.get()

    client.post(location, names_post(nb=posted, nn="Trivsel", en="Well-being"))

    labels = _stored(mine)[1]
    if kept == "unchanged":
        assert labels == {}
    else:
        assert labels["trivsel"].get("nb") == kept


def test_an_index_name_of_invisible_characters_counts_as_no_name(demo_org):
    client = in_english(client_for("admin"))
    location = upload(client, unnamed_index_form())["Location"]
    mine = InstrumentUpload.objects.get()

    client.post(location, names_post(nb="\u202e\u200b\ufeff", nn="Trivsel", en="Well-being"))

    assert "nb" not in _stored(mine)[1]["trivsel"]


def test_markup_in_headers_and_type_cells_is_shown_as_text_in_the_warnings(demo_org):
    client = in_english(client_for("admin"))
    hostile = question("select_one yn", "q2", appearance="<img src=x onerror=alert(1)>")
    hostile["<script>alert(2)</script>"] = "x"
    form = xlsform(begin("p1"), question("select_one yn", "q1"), hostile, end())

    page = client.get(upload(client, form)["Location"]).content.decode()

    assert "Samla ignores the appearance &lt;img on q2." in page
    assert "<img src=x" not in page
    assert "<script>alert(2)" not in page


@pytest.mark.parametrize("header", ["relevent", "bind:relevent", "<script>alert(2)</script>"])
def test_a_column_samla_does_not_read_is_named_in_the_warnings(demo_org, header):
    client = in_english(client_for("admin"))
    conditional = question("select_one yn", "q2")
    conditional[header] = "${q1} = 'ja'"
    form = xlsform(begin("p1"), question("select_one yn", "q1"), conditional, end())

    page = client.get(upload(client, form)["Location"]).content.decode()

    assert "Skipped or changed on reading" in page
    assert header.replace("<", "&lt;").replace(">", "&gt;") in page


def _publish(client, form: bytes, name: str):
    location = upload(client, form, name=name)["Location"]
    return client.post(location, {"action": "publish"})


@pytest.mark.parametrize("where", ["file name", "settings form_id", "settings version"])
def test_an_over_long_form_id_or_version_is_refused_or_fitted_not_a_server_error(demo_org, where):
    long = "Spørreskjema for foreldre i barnehagene – Kultur for læring – høsten 2026 – " * 2
    settings = {key: value for key, value in SETTINGS.items() if key != "form_id"}
    name = f"{long}.xlsx" if where == "file name" else "skjema.xlsx"
    if where == "settings form_id":
        settings["form_id"] = long
    if where == "settings version":
        settings |= {"form_id": "skjema", "version": long}
    form = xlsform(begin("p1"), question("select_one yn", "q1"), end(), settings=settings)
    client = in_english(client_for("admin"))
    client.raise_request_exception = False

    response = _publish(client, form, name)

    assert response.status_code in (200, 302)
    for version in InstrumentVersion.objects.all():
        assert len(version.form_id) <= 100 and len(version.version) <= 50


def test_the_download_is_for_who_may_read_the_version_and_only_by_get(demo_org):
    version = demo_org.instrument_version()
    url = reverse("portal:instrument_xlsform", args=[version.pk])

    codes = {
        user: client_for(user).get(url).status_code
        for user in ("admin", "forsker", "laerer", "eier", "rektor", "statsforvalter", "ppt")
    }

    assert codes == {
        "admin": 200,
        "forsker": 200,
        "laerer": 404,
        "eier": 404,
        "rektor": 404,
        "statsforvalter": 404,
        "ppt": 404,
    }
    assert client_for("admin").post(url).status_code == 405
    assert client_for(None).get(url).status_code == 302
