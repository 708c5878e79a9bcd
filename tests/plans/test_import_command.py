"""manage.py import_plan: dry run, JSON, saving, and clear errors that save nothing."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from samla.plans.models import Activity, Plan
from tests.portal.test_plan_import import word_plan


@pytest.fixture
def plan_file(tmp_path):
    path = tmp_path / "plan.docx"
    path.write_bytes(word_plan())
    return path


def run(*args):
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command("import_plan", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_dry_run_json_has_the_documented_shape_and_saves_nothing(demo_org, plan_file):
    out, _err = run(
        str(plan_file), "--programme", "kfl-skole", "--school-year", "2026/2027",
        "--dry-run", "--format", "json",
    )  # fmt: skip
    data = json.loads(out)
    assert set(data) >= {"activities", "skipped", "warnings"}
    first = data["activities"][0]
    assert set(first) >= {
        "title",
        "details",
        "responsible",
        "audience",
        "status",
        "when",
        "sessions",
    }
    assert first["title"] == "Regional samling"
    assert first["sessions"] == [
        {"region": "NØR", "text": "19/10", "start": "2026-10-19", "end": "2026-10-19"},
        {"region": "HR", "text": "27/10", "start": "2026-10-27", "end": "2026-10-27"},
    ]
    second = data["activities"][1]
    assert second["status"] == "tentative"
    assert second["when"] == {
        "text": "Februar?", "start": "2027-02-01", "end": "2027-02-28",
        "precision": "month", "tentative": True,
    }  # fmt: skip
    assert data["activities"][2]["when"]["start"] is None
    assert not Plan.objects.exists()


def test_import_saves_and_refuses_to_overwrite(demo_org, plan_file):
    args = (str(plan_file), "--programme", "kfl-skole", "--school-year", "2026/2027")
    out, err = run(*args)
    assert "Saved 3 activities" in err
    assert "Regional samling" in out
    plan = Plan.objects.get(school_year="2026/2027")
    assert plan.activities.get(title="Regional samling").sessions.get(
        region__short_name="HR"
    ).start_date == date(2026, 10, 27)
    with pytest.raises(CommandError, match="already has 3 activities"):
        run(*args)
    assert Activity.objects.count() == 3
    run(*args, "--replace")
    assert Activity.objects.count() == 3


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"not a word file", "ikke et Word-dokument"), (None, "No file at")],
)
def test_bad_files_get_clear_errors(demo_org, tmp_path, content, message):
    path = tmp_path / "plan.docx"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run(str(path), "--programme", "kfl-skole", "--school-year", "2026/2027")
    assert not Plan.objects.exists()


def test_messages_are_in_bokmal_unless_another_language_is_asked_for(demo_org, plan_file):
    args = (str(plan_file), "--programme", "kfl-skole", "--school-year", "2026/2027", "--dry-run")
    kept = "«en gang i løpet av våren»; teksten er beholdt."
    data = json.loads(run(*args, "--format", "json")[0])
    assert data["warnings"] == [f"Tabell 1, rad 6: Forstod ikke tiden {kept}"]
    assert data["activities"][2]["warnings"] == [f"Forstod ikke tiden {kept}"]

    out, _err = run(*args, "--language", "nn")
    assert "Dette la Samla merke til" in out
    nynorsk = "Forstod ikkje tida «en gang i løpet av våren»; teksten er teken vare på."
    assert f"- Tabell 1, rad 6: {nynorsk}" in out
    data = json.loads(run(*args, "--format", "json", "--language", "en")[0])
    assert data["warnings"] == [
        "Table 1, row 6: The time “en gang i løpet av våren” was not understood; the text is kept."
    ]


def test_a_bad_file_is_reported_in_the_language_asked_for(demo_org, tmp_path):
    path = tmp_path / "plan.docx"
    path.write_bytes(b"not a word file")
    args = (str(path), "--programme", "kfl-skole", "--school-year", "2026/2027")
    with pytest.raises(CommandError, match="Fila er ikkje eit Word-dokument"):
        run(*args, "--language", "nn")
    with pytest.raises(CommandError, match="The file is not a Word document"):
        run(*args, "--language", "en")


def test_unknown_programme_and_bad_school_year(demo_org, plan_file):
    with pytest.raises(CommandError, match="No programme"):
        run(str(plan_file), "--programme", "nope", "--school-year", "2026/2027")
    with pytest.raises(CommandError, match="School year"):
        run(str(plan_file), "--programme", "kfl-skole", "--school-year", "2026/2028")
    assert not Plan.objects.exists()
