"""Bad input gets a clear 4xx and changes nothing, never a 500 (issue 14, point 4): ids
posted by hand-written forms, NUL and control characters in text that reaches the
database without a form's field, an export of a node with no unit in the round, and a
request for a new password for an address nobody has."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from samla.learning.models import StaffArea, UnitPackageChoice
from samla.learning.services import unit_staff
from samla.org.models import RegionOwner
from samla.plans.docx_tables import clean_line
from samla.plans.models import Activity
from samla.surveys.models import ChildName
from samla.surveys.xlsform.sheets import read_xlsform_sheets
from tests.conftest import client_for
from tests.core.db_state import row_counts

LIBRARY = Path(settings.BASE_DIR) / "samla" / "surveys" / "library"
BAD_IDS = ["abc", "1x", "-1", "0", "", " ", "1.5", "99999999999999999999999", "１２", "1\x00"]


def _children(org):
    round = org.survey_round()
    group = org.school.groups.get(name="6A")
    url = reverse("portal:group_children", kwargs={"slug": round.slug, "group_pk": group.pk})
    return "rektor", url, {"action": "reserve"}, "child"


def _choose_package(org):
    org.learning_package()
    url = reverse("portal:unit_learning", kwargs={"pk": org.school.pk})
    return "rektor", url, {"action": "choose", "aar": org.school_year}, "package"


def _drop_package(org):
    org.learning_group()  # the school works on a package this year
    assert UnitPackageChoice.objects.filter(unit=org.school).exists()
    url = reverse("portal:unit_learning", kwargs={"pk": org.school.pk})
    return "rektor", url, {"action": "drop", "aar": org.school_year}, "choice"


def _remove_plan_entry(org):
    url = reverse("portal:multi_year_plan", kwargs={"slug": org.school_programme.slug})
    return "admin", url, {"action": "remove"}, "entry"


def _update_condition(org):
    url = reverse("portal:conditions", kwargs={"slug": org.school_programme.slug})
    return "admin", url, {"action": "update", "text": "Ny tekst"}, "condition"


def _remove_condition(org):
    url = reverse("portal:conditions", kwargs={"slug": org.school_programme.slug})
    return "admin", url, {"action": "remove"}, "condition"


@pytest.mark.parametrize(
    "form",
    [
        _children,
        _choose_package,
        _drop_package,
        _remove_plan_entry,
        _update_condition,
        _remove_condition,
    ],
    ids=lambda f: f.__name__.strip("_"),
)
def test_an_id_that_is_no_id_is_not_found_and_changes_nothing(demo_org, form):
    role, url, data, field = form(demo_org)
    client = client_for(role)
    before = row_counts()

    statuses = {value: client.post(url, {**data, field: value}).status_code for value in BAD_IDS}

    assert statuses == dict.fromkeys(BAD_IDS, 404)
    assert row_counts() == before


def test_names_of_children_are_stored_without_nul_and_control_characters(demo_org):
    _role, url, _data, _field = _children(demo_org)

    response = client_for("rektor").post(
        url, {"action": "add", "names": "Ada\x00 L.\nBo\x01\x7fK."}
    )

    assert response.status_code == 302
    assert sorted(ChildName.objects.values_list("name", flat=True)) == ["Ada L.", "BoK."]


def test_a_staff_area_is_stored_without_nul(demo_org):
    person = unit_staff(demo_org.school)[0]
    url = reverse("portal:divide_staff", kwargs={"pk": demo_org.school.pk})
    data = {"action": "save", "aar": demo_org.school_year, f"area-{person.pk}": "Mus\x00ikk"}

    response = client_for("rektor").post(url, data)

    assert response.status_code == 302
    assert StaffArea.objects.get(unit=demo_org.school, person=person).area == "Musikk"


def _word_plan(title: str) -> bytes:
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    for cell, text in zip(
        table.rows[0].cells + table.rows[1].cells, ["Når", "Hva", "19/3", title], strict=True
    ):
        cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_plan_import_row_titles_are_stored_without_control_characters(demo_org):
    admin = client_for("admin")
    slug = demo_org.school_programme.slug
    upload = admin.post(
        reverse("portal:plan_import", kwargs={"slug": slug}),
        # C1 controls and DEL are allowed in XML, so a Word file can carry them.
        {
            "school_year": "2027/2028",
            "file": SimpleUploadedFile("p.docx", _word_plan("Sam\x7fl\x85ing")),
        },
    )
    assert upload.status_code == 302
    preview = upload["Location"]
    page = admin.get(preview).content.decode()
    assert "Samling" in page and "\x7f" not in page

    response = admin.post(
        preview,
        {"action": "save", "keep-0": "on", "title-0": "Regional\x00 samling", "when-0": "19/3\x00"},
    )

    assert response.status_code == 302
    assert list(
        Activity.objects.filter(plan__school_year="2027/2028").values_list("title", "when_text")
    ) == [("Regional samling", "19/3")]


def test_text_read_from_word_loses_its_control_characters():
    assert clean_line("Sam\x7fl\x85ing\x9f i\x00 Hamar") == "Samling i Hamar"


def test_text_read_from_an_xlsform_loses_its_control_characters():
    source = (LIBRARY / "elev_5_7.xlsx").read_bytes()
    changed = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as original, zipfile.ZipFile(changed, "w") as copy:
        for part in original.infolist():
            data = original.read(part)
            # C1 controls and DEL are allowed in XML, so a workbook can carry them.
            copy.writestr(part, data.replace(b"Jeg trives", "Jeg\x85 tri\x7fves".encode()))

    sheets = read_xlsform_sheets(changed.getvalue())

    assert sheets["survey"].rows[1].values["label::nb"] == "Jeg trives på skolen."


def test_an_export_of_an_owner_with_no_unit_in_the_round_is_not_found(demo_org):
    round = demo_org.results_round()
    # An owner of the region coordinator's region none of whose units takes part.
    taking_part = set(round.units.values_list("owner_id", flat=True))
    owner = (
        RegionOwner.objects.filter(programme=round.programme, region__short_name="HR")
        .exclude(owner_id__in=taking_part)
        .order_by("owner_id")
        .first()
        .owner
    )
    region = client_for("region")
    before = row_counts()

    statuses = {
        fmt: region.get(
            reverse(
                "portal:node_export",
                kwargs={"slug": round.slug, "kind": "owner", "pk": owner.pk, "fmt": fmt},
            )
        ).status_code
        for fmt in ("json", "xlsx", "pdf")
    }

    assert statuses == {"json": 404, "xlsx": 404, "pdf": 404}
    assert row_counts() == before  # no export logged


def test_a_new_password_is_asked_for_the_same_way_for_known_and_unknown_addresses(demo_org):
    url = reverse("account_reset_password")
    known = demo_org.user("rektor").email

    answers = [
        client_for(None).post(url, {"email": address})
        for address in (known, "ingen@demo.samla.invalid")
    ]

    assert [(a.status_code, a["Location"]) for a in answers] == [
        (302, reverse("account_reset_password_done"))
    ] * 2
    assert [message.to for message in mail.outbox] == [[known]]


def test_a_new_round_without_a_programme_is_refused_on_the_form(demo_org):
    before = row_counts()

    response = client_for("admin").post(
        reverse("portal:round_new"),
        {"programme": "", "name": "T9", "opens_at": "2030-10-01 08:00"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["programme"]
    assert row_counts() == before


def test_removing_a_module_groups_have_worked_on_is_refused_with_a_message(demo_org):
    group = demo_org.learning_group()  # has held a meeting on module 2
    module = group.meetings.get(status="held").module
    url = reverse(
        "portal:module_action",
        kwargs={
            "slug": demo_org.school_programme.slug,
            "pk": module.package_id,
            "module_pk": module.pk,
        },
    )
    before = row_counts()

    response = client_for("admin").post(url, {"action": "delete", "confirm": "yes"}, follow=True)

    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert row_counts() == before
