"""import_instrument with the choices a form can leave open (--respondent-group), and the
reader's warnings printed (stderr, or "warnings" in --format json)."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError

from samla.surveys.models import InstrumentVersion
from tests.portal.test_instrument_choices import no_group_form, unnamed_index_form
from tests.portal.test_instruments import small_form
from tests.surveys.test_commands import run


def test_a_form_without_respondent_group_is_refused_without_the_flag(db, tmp_path):
    path = tmp_path / "skjema.xlsx"
    path.write_bytes(no_group_form())

    with pytest.raises(CommandError) as error:
        run("import_instrument", str(path), "--language", "en")

    assert "The form does not say who answers it" in str(error.value)
    assert not InstrumentVersion.objects.exists()


def test_a_form_without_respondent_group_is_published_with_the_flag(db, tmp_path):
    path = tmp_path / "skjema.xlsx"
    path.write_bytes(no_group_form())

    out, err = run("import_instrument", str(path), "--respondent-group", "guardian")

    assert out.startswith("test 1 (guardian): 1 pages, 1 items")
    assert "Published" in err and "warning:" not in err
    assert InstrumentVersion.objects.get().respondent_group == "guardian"


def test_the_flag_takes_only_a_respondent_group_of_the_registry(db, tmp_path):
    path = tmp_path / "skjema.xlsx"
    path.write_bytes(no_group_form())

    with pytest.raises(CommandError, match="invalid choice: 'king'"):
        run("import_instrument", str(path), "--respondent-group", "king")

    assert not InstrumentVersion.objects.exists()


def test_the_form_s_own_group_wins_over_the_flag(db, tmp_path):
    own = tmp_path / "eget.xlsx"
    own.write_bytes(small_form())

    run("import_instrument", str(own), "--respondent-group", "guardian")

    assert InstrumentVersion.objects.get().respondent_group == "teacher"


def test_warnings_go_to_stderr_in_text_and_into_json(db, tmp_path):
    path = tmp_path / "skjema.xlsx"
    path.write_bytes(unnamed_index_form())

    _out, err = run("import_instrument", str(path), "--dry-run", "--language", "en")
    out_json, err_json = run(
        "import_instrument", str(path), "--dry-run", "--format", "json", "--language", "en"
    )

    (warning,) = [line for line in err.splitlines() if line.startswith("warning: ")]
    assert warning.startswith(
        "warning: survey, row 3, column instance::scale: The index trivsel has no row"
    )
    (described,) = json.loads(out_json)["warnings"]
    assert warning == f"warning: {described}"
    assert "warning:" not in err_json
    assert not InstrumentVersion.objects.exists()
