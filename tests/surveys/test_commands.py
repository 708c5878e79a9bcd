from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from samla.surveys import codes
from samla.surveys.models import AccessCode, InstrumentVersion

LIBRARY = Path(settings.BASE_DIR) / "samla" / "surveys" / "library"


def run(name, *args, **options):
    out, err = StringIO(), StringIO()
    call_command(name, *args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def test_import_instrument_dry_run_then_publish(db):
    out, _err = run("import_instrument", str(LIBRARY / "elev_5_7.xlsx"), "--dry-run")
    assert "pupil_5_7" in out and "3 pages" in out
    assert not InstrumentVersion.objects.exists()
    _out, err = run("import_instrument", str(LIBRARY / "elev_5_7.xlsx"))
    assert "Published" in err
    assert InstrumentVersion.objects.count() == 1


def test_import_instrument_names_sheet_row_and_column_in_norwegian(db, tmp_path):
    workbook = load_workbook(LIBRARY / "elev_5_7.xlsx")
    sheet = workbook["survey"]
    header = [cell.value for cell in sheet[1]]
    column = header.index("type") + 1
    sheet.cell(row=3, column=column).value = "select_one no_such_list"
    broken = tmp_path / "broken.xlsx"
    workbook.save(broken)
    with pytest.raises(CommandError) as error:
        run("import_instrument", str(broken))
    assert "survey, rad 3, kolonne type" in str(error.value)
    assert not InstrumentVersion.objects.exists()


def test_issue_codes_prints_codes_that_are_only_stored_as_hmac(demo_org):
    round = demo_org.survey_round()
    before = AccessCode.objects.count()
    out, _err = run(
        "issue_codes", "--round", round.slug, "--unit", str(demo_org.school.pk),
        "--respondent-group", "pupil_5_7", "--count", "4",
    )  # fmt: skip
    printed = out.split()
    assert len(printed) == 4 and all(codes.normalise(c) for c in printed)
    assert AccessCode.objects.count() == before + 4


def test_issue_codes_refuses_a_unit_outside_the_round(demo_org):
    round = demo_org.survey_round()
    other = demo_org.unit_in("Trysil")
    before = AccessCode.objects.count()
    with pytest.raises(CommandError, match="unit not in round"):
        run(
            "issue_codes", "--round", round.slug, "--unit", str(other.pk),
            "--respondent-group", "pupil_5_7", "--count", "2",
        )  # fmt: skip
    assert AccessCode.objects.count() == before
