"""Samla's workbook as an outsider would fill it in: a steward listing themselves with a
new role, names and e-mails longer than Samla keeps, e-mails pasted with invisible
characters. Each is a row error or read as meant; nothing is written wrongly."""

from __future__ import annotations

import pytest
from django.utils import translation

from samla.org.imports.staff import ImportRefused, apply_workbook, check_workbook
from samla.org.models import Membership, Person, Role
from tests.org.test_workbook import snapshot
from tests.org.workbook_support import rows_with, sheets, upload


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def _errors(preview: dict) -> list[tuple]:
    return [(r["row"], r["column"], r["message"]) for r in rows_with(preview, "error")]


def _refused(person, programme, content) -> dict:
    before = snapshot()
    preview = check_workbook(upload(person, programme, content))
    with pytest.raises(ImportRefused):
        apply_workbook(upload(person, programme, content, confirm=True))
    assert snapshot() == before
    return preview


def test_an_owner_cannot_make_themselves_unit_leader_through_the_workbook(demo_org):
    # The person's page refuses a steward's change of their own roles; the workbook did
    # not: the owner's contact listed herself as "rektor" and became the school's leader.
    eier, programme, school = demo_org.user("eier"), demo_org.school_programme, demo_org.school
    content = sheets([], [["Elin", "Fossum", eier.email, school.name, "", "rektor", ""]])

    preview = _refused(eier, programme, content)

    assert _errors(preview) == [
        (2, "Rolle", "You cannot change your own roles. Ask another administrator.")
    ]
    assert not Membership.objects.filter(person=eier, role=Role.UNIT_LEADER).exists()


def test_a_unit_leader_cannot_add_themselves_to_a_class_but_keeps_the_role_they_have(demo_org):
    rektor, programme, school = demo_org.user("rektor"), demo_org.school_programme, demo_org.school
    unchanged = sheets([], [["Frode", "Sandvik", rektor.email, school.name, "", "rektor", ""]])
    assert check_workbook(upload(rektor, programme, unchanged))["counts"]["errors"] == 0

    content = sheets([], [["Frode", "Sandvik", rektor.email, school.name, "", "rektor", "6A"]])
    preview = _refused(rektor, programme, content)

    assert [row[:2] for row in _errors(preview)] == [(2, "Rolle")]


def test_an_over_long_name_is_a_row_error_for_new_and_known_people(demo_org):
    # The name columns hold 150 characters. A new person's name was cut short silently;
    # a known person's was written whole, which PostgreSQL refuses: the apply failed.
    rektor, programme, school = demo_org.user("rektor"), demo_org.school_programme, demo_org.school
    laerer = demo_org.user("laerer")
    long = "N" * 10_000
    content = sheets(
        [],
        [
            [long, "Nyberg", "nora@example.no", school.name, "", "lærer", ""],
            ["Ivar", long, laerer.email, school.name, "", "", "6A"],
        ],
    )

    preview = _refused(rektor, programme, content)

    message = "Write a name of at most 150 characters in each of the name columns."
    assert _errors(preview) == [(2, "Fornavn", message), (3, "Etternavn", message)]
    assert Person.objects.get(pk=laerer.pk).last_name == "Nordby"


def test_an_email_longer_than_samla_keeps_is_a_row_error(demo_org):
    # Django's validator takes 320 characters; the e-mail column holds 254.
    rektor, programme, school = demo_org.user("rektor"), demo_org.school_programme, demo_org.school
    email = "a" * 280 + "@example.no"
    content = sheets([], [["Nora", "Nyberg", email, school.name, "", "lærer", ""]])

    preview = _refused(rektor, programme, content)

    assert [row[:2] for row in _errors(preview)] == [(2, "E-post")]
    assert "is not an e-mail address" in _errors(preview)[0][2]


@pytest.mark.parametrize(
    "pasted",
    [
        "laerer@demo.samla.invalid\u200b",
        "\ufefflaerer@demo.samla.invalid",
        "laerer@demo.samla\u00ad.invalid",
    ],
    ids=["zero-width space", "byte order mark", "soft hyphen"],
)
def test_an_email_pasted_with_an_invisible_character_is_the_person_already_there(demo_org, pasted):
    # Copied from a web page or a chat, an address may carry a character nobody sees; it
    # passed as a new address, so the teacher got a second account.
    rektor, programme, school = demo_org.user("rektor"), demo_org.school_programme, demo_org.school
    laerer = demo_org.user("laerer")
    people = Person.objects.count()
    content = sheets([], [["Ivar", "Nordby", pasted.upper(), school.name, "", "lærer", "6A"]])

    preview = check_workbook(upload(rektor, programme, content))
    apply_workbook(upload(rektor, programme, content))

    assert preview["counts"]["errors"] == 0
    assert rows_with(preview, "new") == []
    assert Person.objects.count() == people
    assert Person.objects.get(pk=laerer.pk).email == "laerer@demo.samla.invalid"
