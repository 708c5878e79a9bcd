"""Classes, departments and staff from Samla's workbook: the template round trip, the
removals that wait for a confirmation, and every bad file changing nothing."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import time

import pytest
from django.utils import timezone, translation
from openpyxl import load_workbook

from samla.core.time import school_year_of
from samla.org.imports.staff import ImportRefused, apply_workbook, check_workbook
from samla.org.models import Group, GroupKind, Membership, OrgChange, Person, Role
from samla.org.school_year import apply_roll, plan_roll
from tests.org.workbook_support import (
    SAMPLE,
    demo_sample,
    edit,
    rows_with,
    sheets,
    template_for,
    upload,
)


def snapshot():
    """Everything an import may touch, to show that nothing changed."""
    return (
        sorted(
            Person.objects.values_list(
                "pk", "username", "email", "first_name", "last_name", "is_active"
            )
        ),
        sorted(
            Group.objects.values_list("pk", "unit_id", "name", "kind", "grade", "size", "closed_on")
        ),
        sorted(Membership.objects.values_list("pk", "person_id", "role", "unit_id", "group_id")),
        OrgChange.objects.count(),
    )


@pytest.fixture(autouse=True)
def _in_english():
    """The runner checks in the uploader's language; these tests call the checker alone."""
    with translation.override("en"):
        yield


@pytest.fixture
def school(demo_org):
    return demo_org.school


def test_the_template_uploaded_unchanged_changes_nothing(demo_org, school):
    rektor = demo_org.user("rektor")
    content = template_for(rektor, demo_org.school_programme)
    before = snapshot()

    preview = check_workbook(upload(rektor, demo_org.school_programme, content))

    assert preview["valid"] is True
    assert preview["counts"] == {
        "new": 0, "changed": 0, "closed": 0, "skipped": 0, "errors": 0,
        "unchanged": preview["counts"]["unchanged"],
    }  # fmt: skip
    assert preview["removals"] == []
    assert rows_with(preview, "unchanged")
    outcome = apply_workbook(upload(rektor, demo_org.school_programme, content))
    assert outcome["new_people"] == []
    assert outcome["roles_granted"] == 0
    assert snapshot()[:3] == before[:3]


def test_filled_in_template_adds_classes_people_and_roles_and_uploading_it_again_changes_nothing(
    demo_org, school
):
    rektor = demo_org.user("rektor")
    programme = demo_org.school_programme
    content = edit(
        template_for(rektor, programme),
        classes=[[school.name, "", "klasse", "7C", 7, 24]],
        staff=[["Nora", "Nyberg", "  Nora.Nyberg@Example.NO ", school.name, "", "lærer", "7C, 6A"]],
        fill=lambda book: _set_size(book, "6A", 21),
    )
    before_people = Person.objects.count()

    preview = check_workbook(upload(rektor, programme, content))
    outcome = apply_workbook(upload(rektor, programme, content))

    assert preview["counts"]["errors"] == 0
    assert preview["counts"]["new"] == 2  # the class and the person
    assert preview["counts"]["changed"] == 1  # 6A's size
    nora = Person.objects.get(email="nora.nyberg@example.no")
    assert outcome["new_people"] == [nora.pk]
    assert (nora.username, nora.is_active, nora.has_usable_password()) == (
        "nora.nyberg@example.no", True, False,
    )  # fmt: skip
    assert Person.objects.count() == before_people + 1
    new_class = Group.objects.get(unit=school, name="7C")
    assert (new_class.kind, new_class.grade, new_class.size) == (GroupKind.CLASS, 7, 24)
    assert Group.objects.get(unit=school, name="6A").size == 21
    assert sorted(
        (m.role, m.title, m.unit_id, m.group.name if m.group else None)
        for m in nora.memberships.all()
    ) == [
        (Role.STAFF, "", None, "6A"),
        (Role.STAFF, "", None, "7C"),
        (Role.STAFF, "lærer", school.pk, None),
    ]
    assert OrgChange.objects.filter(person=nora, action="granted", actor=rektor).count() == 3
    assert OrgChange.objects.filter(action="imported", actor=rektor).count() == 1

    again = template_for(rektor, programme)
    before = snapshot()
    preview = check_workbook(upload(rektor, programme, again))
    assert (
        preview["counts"]["new"],
        preview["counts"]["changed"],
        preview["counts"]["errors"],
    ) == (0, 0, 0)
    assert preview["removals"] == []
    apply_workbook(upload(rektor, programme, again))
    assert snapshot()[:3] == before[:3]


def _set_size(book, name: str, size: int) -> None:
    sheet = book["Klasser og avdelinger"]
    for row in sheet.iter_rows(min_row=2):
        if row[3].value == name:
            row[5].value = size


def _drop_staff(book, email: str) -> None:
    sheet = book["Ansatte"]
    for row in sheet.iter_rows(min_row=2):
        if row[2].value == email:
            for cell in row:
                cell.value = None


def test_people_no_longer_in_the_file_lose_their_roles_only_when_confirmed(demo_org, school):
    rektor = demo_org.user("rektor")
    programme = demo_org.school_programme
    laerer = demo_org.user("laerer")
    content = edit(
        template_for(rektor, programme), fill=lambda book: _drop_staff(book, laerer.email)
    )

    preview = check_workbook(upload(rektor, programme, content))
    apply_workbook(upload(rektor, programme, content))  # not confirmed

    assert preview["removals"] == [
        {"person": "Ivar Nordby", "email": laerer.email, "role": "Staff", "place": "6A"}
    ]
    assert [row["label"] for row in rows_with(preview, "removed")] == [
        f"Ivar Nordby ({laerer.email})"
    ]
    assert laerer.memberships.count() == 1

    apply_workbook(upload(rektor, programme, content, confirm=True))

    assert laerer.memberships.count() == 0
    change = OrgChange.objects.get(person=laerer, action="revoked")
    assert (change.actor, change.role, change.place) == (rektor, Role.STAFF, "6A")
    assert Person.objects.get(pk=laerer.pk).is_active  # the person stays


def test_classes_not_in_the_file_are_closed_only_when_confirmed(demo_org, school):
    rektor = demo_org.user("rektor")
    programme = demo_org.school_programme

    def drop_7b(book):
        for row in book["Klasser og avdelinger"].iter_rows(min_row=2):
            if row[3].value == "7B":
                for cell in row:
                    cell.value = None

    content = edit(template_for(rektor, programme), fill=drop_7b)
    preview = check_workbook(upload(rektor, programme, content))
    apply_workbook(upload(rektor, programme, content))

    assert [row["label"] for row in rows_with(preview, "closed")] == [f"{school.name}: 7B"]
    assert Group.objects.get(unit=school, name="7B").closed_on is None

    apply_workbook(upload(rektor, programme, content, confirm=True))
    assert Group.objects.get(unit=school, name="7B").closed_on is not None


def _refused(person, programme, content, **kwargs) -> dict:
    """The preview of a bad file; applying it is refused and changes nothing."""
    before = snapshot()
    preview = check_workbook(upload(person, programme, content, **kwargs))
    with pytest.raises(ImportRefused) as refused:
        apply_workbook(upload(person, programme, content, confirm=True, **kwargs))
    assert refused.value.preview["counts"]["errors"] >= 1
    assert snapshot() == before
    return preview


def _error_starts(preview: dict, expected: list[tuple]) -> list[tuple]:
    """The errors, each message cut to the length of the expected one's start."""
    found = _errors(preview)
    return [
        (*row[:3], row[3][: len(want[3])]) for row, want in zip(found, expected, strict=False)
    ] + found[len(expected) :]


def _errors(preview: dict) -> list[tuple]:
    return [(r["sheet"], r["row"], r["column"], r["message"]) for r in rows_with(preview, "error")]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "This is an old Excel file (.xls)."),
        ("Enhet;Navn\nBjørkely skole;8A\n".encode(), "The file is not an Excel workbook (.xlsx)."),
        (b"PK\x03\x04 not really a zip", "The file is not an Excel workbook (.xlsx)."),
    ],
    ids=["xls", "csv", "broken zip"],
)
def test_a_file_that_is_no_workbook_is_refused_with_what_to_do(demo_org, content, message):
    preview = _refused(demo_org.user("rektor"), demo_org.school_programme, content)
    assert preview["valid"] is False
    assert _errors(preview)[0][3].startswith(message)


def test_wrong_columns_and_a_missing_sheet_are_refused(demo_org, school):
    rektor, programme = demo_org.user("rektor"), demo_org.school_programme
    wrong = sheets([[school.name, "8A"]], [], class_head=["Skole", "Klassenavn"])
    preview = _refused(rektor, programme, wrong)
    assert _errors(preview) == [
        (
            "",
            None,
            "",
            "The sheet “Klasser og avdelinger” has no heading row with the columns “Navn”, "
            "“Enhet”. Keep the headings of Samla's template in the first row.",
        )
    ]

    def drop_staff_sheet(book):
        del book["Ansatte"]

    missing = edit(template_for(rektor, programme), fill=drop_staff_sheet)
    assert "no sheet called “Ansatte”" in _errors(_refused(rektor, programme, missing))[0][3]


def test_duplicates_unknown_units_and_bad_values_are_row_errors(demo_org, school):
    rektor, programme = demo_org.user("rektor"), demo_org.school_programme
    stange = demo_org.unit_in("Stange")
    content = sheets(
        [
            [school.name, "", "klasse", "8A", 8, 20],
            [school.name, "", "klasse", "8a", 8, 21],
            ["Finnes ikke skole", "", "klasse", "1A", 1, 20],
            [stange.name, "", "klasse", "1A", 1, 20],
            [school.name, "12345", "klasse", "1A", 1, 20],
            [school.name, "", "klasse", "9A", "ni", "mange"],
            [school.name, "", "avdeling", "Ugla", 3, None],
        ],
        [
            ["Ole", "Olsen", "ole@example.no", school.name, "", "lærer", ""],
            ["Ole", "Olsen", "OLE@example.no", school.name, "", "ansatt", ""],
            ["Per", "Pan", "ikke-en-epost", school.name, "", "lærer", ""],
            ["Eva", "Ek", "eva@example.no", school.name, "", "vaktmester", "9Z"],
            ["Rita", "Rask", "rita@example.no", school.name, "", "rektor", ""],
        ],
    )
    preview = _refused(rektor, programme, content)
    expected = [
        ("Ansatte", 3, "Rolle", "Staff at Bjørkely skole is listed twice for this person"),
        ("Ansatte", 4, "E-post", "ikke-en-epost is not an e-mail address. Correct it."),
        ("Ansatte", 5, "Rolle", "“vaktmester” is not a role Samla knows. Write one of: rek"),
        ("Ansatte", 5, "Klasser/avdelinger", "Bjørkely skole has no class or department 9Z."),
        ("Ansatte", 6, "Rolle", "You may not give the role Unit leader. Remove it from"),
        ("Klasser og avdelinger", 3, "Navn", "8a is listed twice for Bjørkely skole (also in"),
        ("Klasser og avdelinger", 4, "Enhet", "No unit in Kultur for læring – skole is called"),
        ("Klasser og avdelinger", 5, "Enhet", f"{stange.name} is not among the units you may"),
        ("Klasser og avdelinger", 6, "Organisasjonsnummer", "An organisation number has nine"),
        ("Klasser og avdelinger", 7, "Trinn", "Write the class's grade, a whole number from 1"),
        ("Klasser og avdelinger", 7, "Antall barn/elever", "Write the number of children or"),
        ("Klasser og avdelinger", 8, "Trinn", "A department has no grade: leave the cell empty"),
    ]
    assert _error_starts(preview, expected) == expected


def test_e_mails_of_people_elsewhere_or_deactivated_are_row_errors(demo_org, school):
    rektor, programme = demo_org.user("rektor"), demo_org.school_programme
    styrer = demo_org.user("styrer")  # leads the kindergarten, outside the rektor's school
    gone = Person.objects.create(username="gone", email="gone@example.no", is_active=False)
    content = sheets(
        [],
        [
            ["Gunn", "Ødegård", styrer.email.upper(), school.name, "", "lærer", ""],
            ["Gone", "Away", "gone@example.no", school.name, "", "lærer", ""],
        ],
    )
    preview = _refused(rektor, programme, content)
    expected = [
        ("Ansatte", 2, "E-post", "This e-mail belongs to Gunn Ødegård, who also has roles"),
        ("Ansatte", 3, "E-post", f"{gone} is deactivated in Samla. Ask the programme admin"),
    ]
    assert _error_starts(preview, expected) == expected
    assert styrer.memberships.count() == 1


def test_a_workbook_saved_by_another_program_is_read_alike(demo_org, school):
    """Headings moved and in other case, blank rows, spaces, numbers as decimals, an
    e-mail in capitals: what Excel, LibreOffice and Numbers leave behind."""
    rektor, programme = demo_org.user("rektor"), demo_org.school_programme
    content = sheets(
        [[None] * 6, ["  7c ", 24.0, 7.0, school.name + " ", "Klasse", None]],
        [[None], ["", school.name, "lærer", "7C", "NORA@EXAMPLE.NO ", "Nora", " Nyberg"]],
        class_head=["navn ", "ANTALL BARN/ELEVER", "trinn", "Enhet", "type", "Organisasjonsnummer"],
        staff_head=[
            "Organisasjonsnummer", "enhet", "Rolle", "Klasser/avdelinger", "e-post",
            "fornavn", "Etternavn",
        ],
    )  # fmt: skip
    preview = check_workbook(upload(rektor, programme, content))
    assert preview["counts"]["errors"] == 0, _errors(preview)
    apply_workbook(upload(rektor, programme, content))
    assert Group.objects.get(unit=school, name="7c").size == 24
    nora = Person.objects.get(email="nora@example.no")
    assert (nora.first_name, nora.last_name) == ("Nora", "Nyberg")
    assert nora.memberships.filter(group__name="7c").exists()


def test_the_template_saved_by_libreoffice_round_trips(demo_org, tmp_path):
    if not shutil.which("soffice"):
        # make test installs it (as root on Debian); in CI the test must run.
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("LibreOffice (soffice) is missing; apt-get install libreoffice-calc-nogui")
        pytest.skip("LibreOffice (soffice) is not installed")
    rektor, programme = demo_org.user("rektor"), demo_org.school_programme
    source = tmp_path / "mal.xlsx"
    source.write_bytes(template_for(rektor, programme))
    out = tmp_path / "out"
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "xlsx", "--outdir", str(out), str(source)],
        check=True, timeout=120, capture_output=True,
    )  # fmt: skip
    preview = check_workbook(upload(rektor, programme, (out / "mal.xlsx").read_bytes()))
    assert (preview["counts"]["errors"], preview["counts"]["new"], preview["removals"]) == (
        0,
        0,
        [],
    )


def test_ten_thousand_rows_of_unknown_units_are_all_reported_and_change_nothing(demo_org):
    rektor, programme = demo_org.user("rektor"), demo_org.school_programme
    content = sheets(
        [[f"Skole {n}", "", "klasse", "1A", 1, 20] for n in range(5_000)],
        [[f"P{n}", "Q", f"p{n}@example.no", f"Skole {n}", "", "lærer", ""] for n in range(5_000)],
    )
    started = time.perf_counter()
    preview = _refused(rektor, programme, content)
    seconds = time.perf_counter() - started
    print(f"10 000 bad rows checked and refused twice in {seconds:.1f} s")
    assert preview["counts"]["errors"] == 10_000


def test_more_rows_than_one_upload_may_hold_are_refused(demo_org):
    rektor, programme = demo_org.user("rektor"), demo_org.school_programme
    rows = [[f"a{n}@example.no"] for n in range(20_001)]
    content = sheets([], rows, staff_head=["E-post", "Enhet"])
    preview = _refused(rektor, programme, content)
    assert _errors(preview)[0][3].startswith("The sheet “Ansatte” has more than 20")


def test_the_demo_sample_fills_in_the_demo_school(demo_org):
    rektor, programme = demo_org.user("rektor"), demo_org.school_programme
    if os.environ.get("SAMLA_WRITE_SAMPLE") == "true":
        SAMPLE.write_bytes(demo_sample(demo_org))
    preview = check_workbook(upload(rektor, programme, SAMPLE.read_bytes()))
    assert preview["counts"]["errors"] == 0, _errors(preview)
    assert sorted(row["label"] for row in rows_with(preview, "new")) == [
        f"{demo_org.school.name}: 7C",
        "solveig.lunde@bjorkely.demo.samla.invalid",
    ]
    # The demo's staff have no e-mail yet: found by name at the school, the address added.
    added = [row for row in rows_with(preview, "changed") if row["message"] == "e-mail added"]
    assert len(added) == preview["counts"]["changed"] >= 4
    assert preview["removals"] == []
    apply_workbook(upload(rektor, programme, SAMPLE.read_bytes()))
    again = check_workbook(upload(rektor, programme, SAMPLE.read_bytes()))
    assert (again["counts"]["new"], again["counts"]["changed"]) == (0, 0)


def test_a_kindergarten_leader_adds_a_department_without_a_grade(demo_org):
    styrer, programme = demo_org.user("styrer"), demo_org.kindergarten_programme
    kindergarten = demo_org.kindergarten
    template = template_for(styrer, programme)
    book = load_workbook(io.BytesIO(template))
    lists = {
        rule.formula1
        for title in ("Klasser og avdelinger", "Ansatte")
        for rule in book[title].data_validations.dataValidation
    }
    assert lists == {'"klasse,avdeling"', '"rektor,styrer,gruppeleder,ansatt,lærer,ppt-rådgiver"'}
    content = edit(template, classes=[[kindergarten.name, "", "", "Ugla", None, 14]])

    apply_workbook(upload(styrer, programme, content))

    ugla = Group.objects.get(unit=kindergarten, name="Ugla")
    assert (ugla.kind, ugla.grade, ugla.size, ugla.school_year) == (
        GroupKind.DEPARTMENT, None, 14, None,
    )  # fmt: skip


def test_an_owner_may_not_fill_in_another_owners_school(demo_org, school):
    eier, programme = demo_org.user("eier"), demo_org.school_programme
    trysil = demo_org.unit_in("Trysil")
    content = sheets(
        [[trysil.name, "", "klasse", "9Q", 9, 20], [school.name, "", "klasse", "9Q", 9, 20]], []
    )
    preview = _refused(eier, programme, content)
    expected = [
        ("Klasser og avdelinger", 2, "Enhet", f"{trysil.name} is not among the units you may"),
    ]
    assert _error_starts(preview, expected) == expected
    assert [row["label"] for row in rows_with(preview, "new")] == [f"{school.name}: 9Q"]


def test_a_first_grade_added_after_the_roll_is_in_the_new_school_year(demo_org, school):
    rektor, programme = demo_org.user("rektor"), demo_org.school_programme
    to_year = int(school_year_of(timezone.localdate())[:4]) + 1
    apply_roll(programme, to_year=to_year, actor=None)
    content = edit(
        template_for(rektor, programme), classes=[[school.name, "", "klasse", "1A", 1, 20]]
    )

    apply_workbook(upload(rektor, programme, content))

    first_grade = school.groups.open().get(name="1A")
    assert (first_grade.grade, first_grade.school_year) == (1, to_year)
    # Rolling into the same year again leaves the new 1st grade where it is.
    assert plan_roll(programme, to_year=to_year).nothing_to_do
