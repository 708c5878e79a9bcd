"""Register files as an outsider would make them, and a register that no longer agrees
with what Samla holds: every row gets its error or is applied, nothing crashes."""

from __future__ import annotations

import json

import pytest
from django.utils import translation

from samla.org.imports.registers import UnitFileError, read_register
from samla.org.imports.units import apply_units, check_units
from samla.org.models import OrgImport, Unit


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def _school(unit: Unit, name: str, **extra) -> dict:
    return {
        "Orgnr": unit.organisation_number,
        "Navn": name,
        "Kommune": {"Kommunenr": unit.municipality_number, "Navn": "Hamar"},
        "ErAktiv": True,
        "ErSkole": True,
        "ErGrunnskole": True,
        **extra,
    }


def _import(org, *units: dict) -> OrgImport:
    return OrgImport(
        programme=org.school_programme,
        kind="nsr",
        content=json.dumps({"Enheter": list(units)}).encode(),
        file_name="nsr.json",
    )


def _siblings(org) -> tuple[Unit, Unit]:
    school = org.school
    other = (
        Unit.objects.filter(owner=school.owner, enrolment__programme=org.school_programme)
        .exclude(pk=school.pk)
        .exclude(organisation_number="")
        .order_by("name")
        .first()
    )
    return school, other


def test_a_unit_renamed_to_the_name_another_unit_of_its_owner_has_is_a_row_error(demo_org):
    # The register gives Bjørkely skole the name of a neighbouring school of the same
    # owner (merged, or a typing error in the register). The check said "changed"; the
    # apply broke the owner's unique names and failed as a whole.
    school, other = _siblings(demo_org)
    file = _import(demo_org, _school(school, other.name), _school(other, other.name))

    preview = check_units(file)
    outcome = apply_units(file)

    errors = [row for row in preview["rows"] if row["status"] == "error"]
    assert [row["label"] for row in errors] == [f"{other.name} ({school.organisation_number})"]
    assert errors[0]["message"].startswith(
        f"{school.owner} has another unit called {other.name} in Samla"
    )
    assert outcome["counts"]["errors"] == 1
    assert Unit.objects.get(pk=school.pk).name == "Bjørkely skole"


def test_two_units_swapping_names_in_one_file_are_row_errors_not_a_failed_apply(demo_org):
    school, other = _siblings(demo_org)
    file = _import(demo_org, _school(school, other.name), _school(other, school.name))

    preview = check_units(file)
    apply_units(file)

    assert preview["counts"]["errors"] == 2
    assert Unit.objects.get(pk=school.pk).name == school.name
    assert Unit.objects.get(pk=other.pk).name == other.name


@pytest.mark.parametrize("relations", [5, "Hamar kommune", True, {"Enhet": "x"}])
def test_a_parent_relation_of_the_wrong_shape_is_read_as_no_owner(demo_org, relations):
    school = demo_org.school
    entry = _school(school, school.name, ForeldreRelasjoner=relations)
    read = read_register("nsr", json.dumps([entry]).encode(), "grunnskole")
    assert [record.owner_organisation_number for record in read.records] == [""]


@pytest.mark.parametrize(
    "value",
    [{"Enheter": 5}, [[[]]], {"Enheter": [{"Navn": "Uten nummer"}]}],
    ids=["units not a list", "lists in lists", "no numbers"],
)
def test_json_of_the_wrong_shape_is_refused_with_what_to_do(value):
    with pytest.raises(UnitFileError) as refused:
        read_register("nsr", json.dumps(value).encode(), "grunnskole")
    assert "not a list of units from the register" in str(refused.value)


@pytest.mark.parametrize("number", [{"a": 1}, ["974760673"], 1e300, None])
def test_an_organisation_number_of_the_wrong_shape_is_a_row_error(demo_org, number):
    entries = [_school(demo_org.school, "Bjørkely skole"), {"Orgnr": number, "Navn": "Rar"}]
    read = read_register("nsr", json.dumps(entries).encode(), "grunnskole")
    assert [problem.column for problem in read.problems] == ["Orgnr"]
    assert len(read.records) == 1


def test_json_nested_ten_thousand_deep_is_refused_as_not_json():
    deep = b"[" * 10_000 + b"]" * 10_000
    with pytest.raises(UnitFileError) as refused:
        read_register("nsr", deep, "grunnskole")
    assert str(refused.value).startswith("The file is not JSON")
