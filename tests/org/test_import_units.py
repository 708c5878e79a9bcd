import json
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from samla.org.imports.units import apply_units, check_units
from samla.org.models import (
    ChangeAction,
    Enrolment,
    Group,
    ImportState,
    Membership,
    OrgChange,
    OrgImport,
    Owner,
    OwnerKind,
    Region,
    RegionOwner,
    Unit,
    UnitSource,
)
from samla.surveys.models import Response
from samla.surveys.simulate import simulate_responses

SAMPLES = Path(settings.BASE_DIR) / "samla" / "demo" / "samples"
NSR = SAMPLES / "nsr-innlandet.json"
NBR = SAMPLES / "nbr-innlandet.json"
CSV = SAMPLES / "enheter.csv"
HAMAR_NUMBER = "916643268"  # Hamar kommune's (invented) number in the samples


def _import(programme, kind: str, content: bytes, name: str = "file") -> OrgImport:
    return OrgImport(programme=programme, kind=kind, content=content, file_name=name)


def _state():
    return (
        list(Unit.objects.order_by("pk").values_list()),
        list(Owner.objects.order_by("pk").values_list()),
        list(RegionOwner.objects.order_by("pk").values_list()),
        list(Enrolment.objects.order_by("pk").values_list()),
        OrgChange.objects.count(),
    )


def _statuses(result: dict) -> dict[str, str]:
    return {row["label"].rsplit(" (", 1)[0]: row["status"] for row in result["rows"]}


def _register(*units: dict) -> bytes:
    return json.dumps({"Enheter": list(units)}).encode()


def _school(number: str, name: str, *, active: bool = True, municipality: str = "3403") -> dict:
    return {
        "Orgnr": number,
        "Navn": name,
        "Kommune": {"Kommunenr": municipality, "Navn": "Hamar"},
        "ErAktiv": active,
        "ErSkole": True,
        "ErGrunnskole": True,
        "SkoletrinnGSFra": 1,
        "SkoletrinnGSTil": 7,
        "Maalform": {"Id": "B"},
    }


def test_the_school_register_sample_is_previewed_against_the_demo(demo_org):
    before = _state()
    preview = check_units(_import(demo_org.school_programme, "nsr", NSR.read_bytes()))
    assert preview["valid"] is True
    assert preview["counts"] == {
        "new": 6, "changed": 4, "closed": 1, "unchanged": 0, "skipped": 2, "errors": 0,
    }  # fmt: skip
    statuses = _statuses(preview)
    assert statuses["Engtun barneskole"] == "changed"
    assert statuses["Åsheim skole"] == "closed"
    assert statuses["Mjøsbyen videregående skole"] == "skipped"
    renamed = next(r for r in preview["rows"] if r["label"].startswith("Engtun barneskole"))
    assert "Engtun skole → Engtun barneskole" in renamed["message"]
    assert _state() == before


def test_applying_the_sample_then_again_changes_nothing_the_second_time(demo_org):
    programme = demo_org.school_programme
    outcome = apply_units(_import(programme, "nsr", NSR.read_bytes()), actor=demo_org.user("admin"))
    assert outcome["counts"]["new"] == 6
    assert outcome["owners"] == {"new": 1, "numbered": 6, "placed": 1}
    new = Unit.objects.get(name="Ydalen skole")
    assert (new.source, new.lowest_grade, new.highest_grade, new.owner.name) == (
        UnitSource.NSR,
        1,
        7,
        "Elverum kommune",
    )
    assert Enrolment.objects.filter(unit=new, programme=programme).exists()
    assert Unit.objects.get(name="Glommvoll skule").language_form == "nn"
    after = _state()

    again = apply_units(_import(programme, "nsr", NSR.read_bytes()))
    assert again["counts"] == {
        "new": 0, "changed": 0, "closed": 0, "unchanged": 11, "skipped": 2, "errors": 0,
    }  # fmt: skip
    assert _state()[:4] == after[:4]
    change = OrgChange.objects.filter(action=ChangeAction.IMPORTED).order_by("pk").first()
    assert (change.actor, change.programme) == (demo_org.user("admin"), programme)
    assert "6 nye, 4 endret, 1 stengt" in change.detail  # in Bokmål, the default


def test_owner_is_found_by_municipality_number_and_gets_its_organisation_number(demo_org):
    owners = Owner.objects.count()
    apply_units(_import(demo_org.school_programme, "nsr", NSR.read_bytes()))
    hamar = Owner.objects.get(name="Hamar kommune")
    assert hamar.organisation_number == HAMAR_NUMBER
    # Only the private school's foundation is new; the municipalities were found.
    assert Owner.objects.count() == owners + 1
    lerkeberget = Unit.objects.get(name="Lerkeberget skole")  # no owner in the register
    assert lerkeberget.owner == hamar


def test_a_new_owner_is_placed_in_the_region_of_its_municipality(demo_org):
    apply_units(_import(demo_org.school_programme, "nsr", NSR.read_bytes()))
    foundation = Owner.objects.get(name="STIFTELSEN HEDMARKEN MONTESSORI")
    assert foundation.kind == OwnerKind.PRIVATE
    region = Region.objects.get(programme=demo_org.school_programme, short_name="HR")
    assert list(RegionOwner.objects.filter(owner=foundation).values_list("region", flat=True)) == [
        region.pk
    ]


def test_a_unit_closed_in_the_register_keeps_its_groups_people_and_responses(demo_org):
    school = demo_org.school
    round = demo_org.survey_round()
    simulate_responses(round, 3, seed=1, unit=school)
    groups, members = school.groups.count(), Membership.objects.filter(unit=school).count()
    responses = Response.objects.filter(unit=school).count()
    assert responses == 3
    closing = _register(_school(school.organisation_number, school.name, active=False))
    outcome = apply_units(_import(demo_org.school_programme, "nsr", closing))
    assert outcome["counts"]["closed"] == 1
    school.refresh_from_db()
    assert school.closed_on is not None
    assert (
        Group.objects.filter(unit=school).count(),
        Membership.objects.filter(unit=school).count(),
        Response.objects.filter(unit=school).count(),
    ) == (groups, members, responses)

    opening = _register(_school(school.organisation_number, school.name))
    outcome = apply_units(_import(demo_org.school_programme, "nsr", opening))
    assert outcome["counts"]["changed"] == 1
    school.refresh_from_db()
    assert school.closed_on is None


def test_a_closed_unit_not_in_samla_is_skipped(demo_org):
    gone = _register(_school("974552124", "Nedlagt skole", active=False))
    preview = check_units(_import(demo_org.school_programme, "nsr", gone))
    assert [r["status"] for r in preview["rows"]] == ["skipped"]


def test_the_kindergarten_register_and_the_list_samples(demo_org):
    nbr = apply_units(_import(demo_org.kindergarten_programme, "nbr", NBR.read_bytes()))
    assert nbr["counts"] == {
        "new": 2, "changed": 2, "closed": 1, "unchanged": 0, "skipped": 1, "errors": 0,
    }  # fmt: skip
    assert Unit.objects.get(name="Trollstua barnehage", owner__name="Hamar kommune").closed_on == (
        date(2026, 6, 30)
    )
    private = Unit.objects.get(name="Måltrosten barnehage AS")
    assert (private.owner.kind, private.owner.name) == (
        OwnerKind.PRIVATE,
        "Måltrosten barnehage AS",
    )

    listed = apply_units(_import(demo_org.school_programme, "csv", CSV.read_bytes()))
    assert _statuses(listed) == {
        "Hamar PPT": "changed",
        "PPT for Sør-Østerdal": "new",
        "Hamar læringssenter": "new",
        "Kongsvinger PPT": "closed",
        "Solbakken familiebarnehage": "skipped",
    }
    assert Enrolment.objects.filter(
        unit__name="Hamar PPT", programme=demo_org.school_programme
    ).exists()


def test_a_row_with_an_error_is_left_out_and_the_rest_applied(demo_org):
    content = _register(_school("974552124", "Ny skole"), _school("123456789", "Feil skole"))
    outcome = apply_units(_import(demo_org.school_programme, "nsr", content))
    assert (outcome["counts"]["new"], outcome["counts"]["errors"]) == (1, 1)
    error = next(r for r in outcome["rows"] if r["status"] == "error")
    assert (error["row"], error["column"], error["label"]) == (2, "Orgnr", "Feil skole")
    assert Unit.objects.filter(name="Ny skole").exists()
    assert not Unit.objects.filter(name="Feil skole").exists()


def test_a_file_that_cannot_be_read_changes_nothing(demo_org):
    before = _state()
    result = apply_units(_import(demo_org.school_programme, "nsr", b"<html>not json</html>"))
    assert result["valid"] is False
    assert result["counts"]["errors"] == 1
    assert _state() == before


def test_units_of_the_same_owner_may_not_share_a_name(demo_org):
    school = demo_org.school  # Bjørkely skole of Hamar, with a number
    content = _register(_school("974552124", school.name))
    preview = check_units(_import(demo_org.school_programme, "nsr", content))
    assert [r["status"] for r in preview["rows"]] == ["error"]
    assert school.organisation_number in preview["rows"][0]["message"]


def test_the_queries_do_not_grow_with_the_number_of_units(demo_org, django_assert_max_num_queries):
    def register(count: int) -> bytes:
        return _register(*(_school(_number(i), f"Skole {i}") for i in range(count)))

    with django_assert_max_num_queries(20):
        apply_units(_import(demo_org.school_programme, "nsr", register(250)))
    assert Unit.objects.filter(name__startswith="Skole ").count() == 250


def _number(seed: int) -> str:
    weights = (3, 2, 7, 6, 5, 4, 3, 2)
    while True:
        base = f"8{seed:07d}"
        remainder = sum(int(d) * w for d, w in zip(base, weights, strict=True)) % 11
        check = 0 if remainder == 0 else 11 - remainder
        if check != 10:
            return base + str(check)
        seed += 100_000


# --- the command -----------------------------------------------------------------------


def test_the_command_dry_run_changes_nothing(demo_org, capsys):
    before = (_state(), OrgImport.objects.count())
    call_command("import_units", str(NSR), register="nsr", programme="kfl-skole", dry_run=True)
    assert "Ydalen skole" in capsys.readouterr().out
    assert (_state(), OrgImport.objects.count()) == before


def test_the_command_applies_and_prints_json(demo_org, capsys):
    call_command("import_units", str(NSR), register="nsr", programme="kfl-skole", format="json")
    outcome = json.loads(capsys.readouterr().out)
    assert outcome["counts"]["new"] == 6
    saved = OrgImport.objects.get()
    assert (saved.state, saved.kind, saved.file_name) == (
        ImportState.APPLIED, "nsr", "nsr-innlandet.json"
    )  # fmt: skip
    assert saved.outcome["counts"] == outcome["counts"]
    assert Unit.objects.filter(name="Ydalen skole").exists()


def test_the_command_prints_text(demo_org, capsys):
    call_command("import_units", str(CSV), register="csv", programme="kfl-skole", language="en")
    out = capsys.readouterr().out
    assert "New: PPT for Sør-Østerdal (960912543) (row 3) – " in out
    assert out.rstrip().endswith("2 new, 1 changed, 1 closed, 0 unchanged, 1 skipped, 0 errors.")


def test_the_command_refuses_a_file_with_errors_and_changes_nothing(demo_org, tmp_path, capsys):
    bad = tmp_path / "feil.csv"
    bad.write_text("organisasjonsnummer;navn;type;kommunenummer\n974552124;Ny skole;skole;3403\n"
                   "123;Feil skole;skole;3403\n")  # fmt: skip
    before = _state()
    with pytest.raises(CommandError, match="1 rows have errors"):
        call_command("import_units", str(bad), register="csv", programme="kfl-skole",
                     language="en")  # fmt: skip
    assert "Feil skole (row 3, organisasjonsnummer)" in capsys.readouterr().err
    assert _state() == before
    assert OrgImport.objects.get().state == ImportState.INVALID


def test_the_command_refuses_an_unreadable_file(demo_org, tmp_path):
    bad = tmp_path / "enheter.json"
    bad.write_bytes(b"\x00\x01")
    before = _state()
    with pytest.raises(CommandError, match="not JSON"):
        call_command("import_units", str(bad), register="nsr", programme="kfl-skole",
                     language="en")  # fmt: skip
    with pytest.raises(CommandError, match="No programme"):
        call_command("import_units", str(bad), register="nsr", programme="ukjent", language="en")
    assert _state() == before
