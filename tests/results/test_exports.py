"""Results exports (JSON, Excel, PDF) and the researchers' respondent-level files, on a
simulated closed round: every figure exported is worked out again from the respondent
file, hidden cells carry nothing, node filters limit what is written."""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import re
import statistics
import sys
import zlib
from datetime import timedelta
from fractions import Fraction
from pathlib import Path

import numpy as np
import openpyxl
import polars as pl
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone

from samla.core.pdf import PdfUnavailable
from samla.org.models import Group, RegionOwner, Unit, UnitKind
from samla.results import exports
from samla.results.build import build_round
from samla.results.queries import read_cells
from samla.surveys import services
from samla.surveys.answers import pack_answers, unpack_answers
from samla.surveys.models import Response, Round, RoundInstrument
from samla.surveys.simulate import simulate_responses
from samla.surveys.xlsform import read_xlsform
from tests.surveys.xlsforms import begin, end, question, xlsform

LIBRARY = Path(settings.BASE_DIR) / "samla" / "surveys" / "library"


def _all(round: Round):
    """Every built cell of the round, every grade band."""
    return read_cells(round, grade_band=None)


FIGURE_KEYS = {"n", "mean", "sd", "score500", "low_share", "percents"}
FIXED_COLUMNS = [
    "unit",
    "group",
    "respondent_group",
    "instrument_version",
    "grade_band",
    "submitted_on",
]


def _schools(**where) -> list[Unit]:
    return list(
        Unit.objects.filter(kind=UnitKind.PRIMARY, groups__grade=6, **where)
        .distinct()
        .order_by("pk")
    )


@pytest.fixture
def closed_round(demo_org):
    """Pupils 5–7 at two schools of Hamar, one of Løten and one in another region with very
    few answers; closed yesterday; results built."""
    version = services.publish_instrument((LIBRARY / "elev_5_7.xlsx").read_bytes())
    now = timezone.now()
    programme = demo_org.school_programme
    round = Round.objects.create(
        programme=programme, name="T3", slug="t3-export",
        opens_at=now - timedelta(days=10), closes_at=now + timedelta(days=1), published=True,
    )  # fmt: skip
    elsewhere = RegionOwner.objects.filter(programme=programme).exclude(region__short_name="HR")
    schools = [
        *_schools(owner__name="Hamar kommune")[:2],
        _schools(owner__name="Løten kommune")[0],
        _schools(owner_id__in=elsewhere.values("owner_id"))[0],
    ]
    round.units.add(*schools)
    RoundInstrument.objects.create(round=round, respondent_group="pupil_5_7", version=version)
    for number, (school, count) in enumerate(zip(schools, (50, 50, 40, 5), strict=True)):
        simulate_responses(round, count, seed=number, unit=school)
    Round.objects.filter(pk=round.pk).update(closes_at=now - timedelta(days=1))
    round.refresh_from_db()
    build_round(round)
    return round


# --- An independent computation from the respondent file ----------------------------------


def _members(round: Round, node: str) -> set[tuple[str, str | None]]:
    """The (unit pseudonym, group pseudonym) pairs whose respondents make up a node."""
    level, pk = node.split(":")
    units = Unit.objects.filter(rounds=round)
    if level == "unit":
        units = units.filter(pk=int(pk))
    elif level == "owner":
        units = units.filter(owner_id=int(pk))
    elif level == "region":
        owners = RegionOwner.objects.filter(region_id=int(pk)).values("owner_id")
        units = units.filter(owner_id__in=owners)
    programme = round.programme_id
    if level == "group":
        group = Group.objects.get(pk=int(pk))
        return {
            (_pseudonym(programme, "unit", group.unit_id), _pseudonym(programme, "group", group.pk))
        }
    pairs: set[tuple[str, str | None]] = set()
    for unit in units:
        unit_name = _pseudonym(programme, "unit", unit.pk)
        pairs.add((unit_name, None))
        pairs.update((unit_name, _pseudonym(programme, "group", g.pk)) for g in unit.groups.all())
    return pairs


def _pseudonym(programme: int, level: str, pk: int) -> str:
    """The documented scheme, written out again."""
    message = f"samla-export:{programme}:{level}:{pk}".encode()
    digest = hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()
    return level[0].upper() + digest[:16]


def _score(row: dict, items) -> float | None:
    values = []
    for item in items:
        value = row[item.code]
        if value is None:  # not answered or "vet ikke"
            continue
        values.append(item.likert_points + 1 - value if item.reversed else value)
    if 2 * len(values) < len(items):
        return None
    return sum(values) / len(values)


def _expected(rows: list[dict], cell: dict, instrument, reference: dict) -> dict:
    if cell["scale"]:
        scale = next(s for s in instrument.scales if s.code == cell["scale"])
        items = [instrument.item(code) for code in scale.item_codes]
        values = [v for row in rows if (v := _score(row, items)) is not None]
        points = max(item.likert_points for item in items)
    else:
        item = instrument.item(cell["item"])
        values = [row[item.code] for row in rows if row[item.code] is not None]
        points = len([c for c in item.choices if not c.is_dont_know])
    mean = statistics.fmean(values)
    figures = {
        "n": len(values),
        "mean": mean,
        "sd": statistics.stdev(values),
        "low_share": sum(v < 1 + (points - 1) / 4 for v in values) / len(values),
    }
    if cell["scale"]:
        ref_mean, ref_sd = reference[cell["scale"]]
        figures["score500"] = 500 + 100 * (mean - ref_mean) / ref_sd
    else:
        figures["percents"] = {
            str(option): int(Fraction(100 * values.count(option), len(values)) + Fraction(1, 2))
            for option in range(1, points + 1)
        }
    return figures


def test_every_json_figure_is_reproduced_from_the_respondent_file(closed_round):
    exported = json.loads(json.dumps(exports.results_json(closed_round)))
    frame = exports.responses_frame(closed_round)
    rows = frame.to_dicts()
    instrument = closed_round.instruments.get().version.instrument()
    # This is the programme's first round: its respondents are the 500 scale's reference.
    reference = {}
    for scale in instrument.scales:
        items = [instrument.item(code) for code in scale.item_codes]
        scores = [v for row in rows if (v := _score(row, items)) is not None]
        reference[scale.code] = (statistics.fmean(scores), statistics.stdev(scores))

    assert exported["round"]["slug"] == "t3-export"
    assert exported["round"]["anonymity_threshold"] == 7
    assert len(exported["cells"]) == len(_all(closed_round))
    checked = hidden = blank = 0
    for cell in exported["cells"]:
        if cell["suppressed"]:
            assert FIGURE_KEYS.isdisjoint(cell), cell
            hidden += 1
            continue
        members = _members(closed_round, cell["node"])
        in_cell = [
            row
            for row in rows
            if (row["unit"], row["group"]) in members
            and (cell["grade_band"] is None or row["grade_band"] == cell["grade_band"])
        ]
        expected = _expected(in_cell, cell, instrument, reference)
        assert cell["n"] == expected["n"], cell
        assert cell["n"] >= 7
        if cell["mean"] is None:  # n only (suppression.protect_figures): nothing else
            assert (cell["sd"], cell["low_share"], cell.get("score500")) == (None,) * 3, cell
            assert set((cell.get("percents") or {None: None}).values()) == {None}, cell
            blank += 1
            continue
        for name in ("mean", "sd", "low_share", "score500"):
            if name in expected:
                assert cell[name] == pytest.approx(expected[name]), (name, cell)
        if "percents" in expected:
            shown = {k: v for k, v in cell["percents"].items() if v is not None}
            assert shown == {k: expected["percents"][k] for k in shown}, cell
        checked += 1
    assert hidden > 0 and checked > 50 and blank > 0
    assert {cell["node"].split(":")[0] for cell in exported["cells"]} == {
        "programme", "region", "owner", "unit", "group",
    }  # fmt: skip


def test_exports_run_a_fixed_number_of_queries(closed_round, django_assert_num_queries):
    unit = next(c.node_id for c in _all(closed_round) if c.node_kind == "unit")
    nodes = exports.parse_node(closed_round, f"unit:{unit}")
    for selection in (nodes, None):
        # Ten for the round's cells (the nodes, the questionnaires, the sheets, how many
        # rows each, the rows, the build's time), one to see that the programme has no
        # earlier round (so no trend).
        with django_assert_num_queries(11):
            exports.results_json(closed_round, selection)
    with django_assert_num_queries(2):
        exports.responses_frame(closed_round)


def test_the_workbook_shows_every_hidden_cell_as_a_dash(closed_round):
    content = exports.results_xlsx(closed_round, language="en")
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["README", "Pupils, grades 5–7", "Item distributions", "Questions"]
    readme = {row[0]: row[1] for row in book["README"].iter_rows(min_row=2, values_only=True)}
    assert readme["Round"] == "T3 (t3-export)"
    assert readme["Anonymity threshold"] == 7  # a number, not text
    assert "not for ranking" in readme["Not for ranking"]

    sheet = book["Pupils, grades 5–7"]
    assert "fewer than 7 respondents" in sheet["A1"].value
    header = [cell.value for cell in sheet[2]]
    assert header[:4] == ["Level", "Name", "Part of", "Grade band"]
    rows = {row[1:4]: row for row in sheet.iter_rows(min_row=3, values_only=True)}
    tree = exports.tree_for(closed_round)

    def key(cell, *more):
        above = tree.ancestors(cell.node_kind, cell.node_id)
        shown = above[:2] if cell.node_kind == "group" else above[:1]
        part_of = ", ".join(tree.name(*node) for node in shown) or None
        return (tree.name(cell.node_kind, cell.node_id), part_of, cell.grade_band or "All", *more)

    # Names, never Samla's ids ("unit:109") anywhere in the file.
    for each in book.worksheets:
        for values in each.iter_rows(values_only=True):
            assert not any(isinstance(v, str) and re.fullmatch(r"[a-z]+:\d+", v) for v in values), (
                values
            )
    labels = {
        s.code: s.label["en"] for s in closed_round.instruments.get().version.instrument().scales
    }
    scale_cells = [c for c in _all(closed_round) if not c.item]
    assert len(rows) == len({(c.node_kind, c.node_id, c.grade_band) for c in scale_cells})
    hidden = 0
    for cell in scale_cells:
        row = rows[key(cell)]
        columns = [
            header.index(f"{labels[cell.scale]}: {name}") for name in ("n", "mean", "500 scale")
        ]
        values = [row[column] for column in columns]
        if cell.suppressed:
            assert values == ["–", "–", "–"]
            hidden += 1
        else:
            assert values == [cell.n, pytest.approx(cell.mean), pytest.approx(cell.score500)]
    assert hidden > 0

    items = book["Item distributions"]
    item_header = [cell.value for cell in items[2]]
    assert item_header[:9] == [
        "Respondent group", "Level", "Name", "Part of", "Grade band", "Item", "Question", "n",
        "mean",
    ]  # fmt: skip
    item_rows = {row[2:6]: row for row in items.iter_rows(min_row=3, values_only=True)}
    for cell in [c for c in _all(closed_round) if c.item]:
        row = item_rows[key(cell, cell.item)]
        if cell.suppressed:
            assert set(row[7:]) == {"–"}
        else:
            assert row[7] == cell.n
            percents = cell.distribution["percents"]
            assert [row[8 + int(k)] for k in percents] == [
                "–" if v is None else v for v in percents.values()
            ]


def test_the_pdf_is_tagged(closed_round):
    unit = next(c for c in _all(closed_round) if c.node_kind == "unit" and not c.suppressed)
    try:
        content = exports.results_pdf(
            closed_round, exports.parse_node(closed_round, f"unit:{unit.node_id}"), "en"
        )
    except PdfUnavailable:
        pytest.skip("WeasyPrint is not installed here")
    assert content.startswith(b"%PDF")
    assert b"/StructTreeRoot" in _pdf_objects(content)
    assert b"/Marked true" in _pdf_objects(content)


def _pdf_objects(pdf: bytes) -> bytes:
    """The PDF with its compressed streams inflated (the catalogue sits in an object
    stream, so the raw bytes do not show it)."""
    parts = [pdf]
    for chunk in re.findall(rb"stream\r?\n(.*?)endstream", pdf, flags=re.DOTALL):
        try:
            parts.append(zlib.decompress(chunk))
        except zlib.error:
            continue
    return b"\n".join(parts)


def test_the_pdf_context_hides_and_compares(closed_round):
    shown = [c.node_id for c in _all(closed_round) if c.node_kind == "unit" and not c.suppressed]
    school = Unit.objects.get(pk=min(shown))
    context = exports.pdf_context(
        closed_round, exports.parse_node(closed_round, f"unit:{school.pk}"), "en"
    )
    assert "not for ranking" in context["not_for_ranking"]
    assert context["subject"] == school.name
    (section,) = context["sections"]
    table = section["overview"]
    assert table["rows"][0]["label"] == "Wellbeing at school"
    assert table["node"] == school.name
    assert table["comparisons"][-1] == closed_round.programme.name
    for row in table["rows"]:
        assert row["own"]["hidden"] == ("n" not in row["own"])
    # The classes: a row for each with a figure shown, the rest named in one line.
    below = section["below"]
    cells = [c for c in _all(closed_round) if c.node_kind == "group" and c.scale and not
             c.grade_band and Group.objects.get(pk=c.node_id).unit_id == school.pk]  # fmt: skip
    shown_classes = {c.node_id for c in cells if not c.suppressed}
    hidden_classes = {c.node_id for c in cells} - shown_classes
    assert len(below["rows"]) == len(shown_classes)
    for pk in hidden_classes:
        assert Group.objects.get(pk=pk).name in below["hidden"]
    assert bool(below["hidden"]) == bool(hidden_classes)


def test_a_node_filter_limits_the_cells(closed_round):
    owner = Unit.objects.filter(rounds=closed_round).first().owner
    units = set(Unit.objects.filter(rounds=closed_round, owner=owner).values_list("pk", flat=True))
    groups = set(Group.objects.filter(unit_id__in=units).values_list("pk", flat=True))
    nodes = exports.parse_node(closed_round, f"owner:{owner.pk}")
    assert nodes == {
        "programme": set(),
        "region": set(),
        "owner": {owner.pk},
        "unit": units,
        "group": groups,
    }
    found = {(c.node_kind, c.node_id) for c in exports.cells_for(closed_round, nodes)}
    everything = {(c.node_kind, c.node_id) for c in _all(closed_round)}
    assert found == {
        (level, pk)
        for level, pk in everything
        if (level, pk) == ("owner", owner.pk)
        or (level == "unit" and pk in units)
        or (level == "group" and pk in groups)
    }
    assert len(found) < len(everything) and ("owner", owner.pk) in found
    unit = min(units)
    only_unit = exports.results_json(closed_round, exports.parse_node(closed_round, f"unit:{unit}"))
    unit_groups = set(Group.objects.filter(unit_id=unit).values_list("pk", flat=True))
    assert {c["node"] for c in only_unit["cells"]} <= {f"unit:{unit}"} | {
        f"group:{pk}" for pk in unit_groups
    }
    assert f"unit:{unit}" in {c["node"] for c in only_unit["cells"]}
    # The shape access.result_nodes gives works too.
    assert len(exports.cells_for(closed_round, {"unit": {unit}})) == len(
        [c for c in _all(closed_round) if (c.node_kind, c.node_id) == ("unit", unit)]
    )
    region = RegionOwner.objects.get(programme=closed_round.programme, owner=owner).region_id
    in_region = exports.parse_node(closed_round, f"region:{region}")
    assert owner.pk in in_region["owner"] and units <= in_region["unit"]
    assert in_region["unit"] < set(
        Unit.objects.filter(rounds=closed_round).values_list("pk", flat=True)
    )
    for spec in ("owner:999999", "school:1", "unit:abc"):
        with pytest.raises(exports.UnknownNode):
            exports.parse_node(closed_round, spec)


def test_the_respondent_file_is_pseudonymous_and_holds_no_free_text(closed_round):
    secret = "Kari Nordmann i 6B blir plaget"
    first = Response.objects.filter(round=closed_round).order_by("pk").first()
    Response.objects.filter(pk=first.pk).update(text_answers={"kommentar": secret})
    instrument = closed_round.instruments.get().version.instrument()

    frame = exports.responses_frame(closed_round)
    item_columns = []
    for item in instrument.items:
        item_columns.append(item.code)
        if item.has_dont_know:
            item_columns.append(f"{item.code}/dk")
    assert frame.columns == FIXED_COLUMNS + item_columns
    assert frame.height == Response.objects.filter(round=closed_round).count()
    unit_ids = set(Response.objects.filter(round=closed_round).values_list("unit_id", flat=True))
    assert set(frame["unit"]) == {
        _pseudonym(closed_round.programme_id, "unit", u) for u in unit_ids
    }
    assert frame["submitted_on"].dtype == pl.Date

    content = exports.responses_csv(closed_round)
    text = content.decode()
    assert secret not in text and "kommentar" not in text
    header, *lines = text.splitlines()
    assert header.split(",") == frame.columns and len(lines) == frame.height
    for unit_id in unit_ids:  # no raw id in an id column
        assert str(unit_id) not in set(frame["unit"]) | set(frame["group"].drop_nulls())
    parquet = pl.read_parquet(io.BytesIO(exports.responses_parquet(closed_round)))
    assert parquet.equals(frame)
    # Each row's answers are the stored ones, decoded.
    answers = [
        unpack_answers(instrument, bytes(r.answers))
        for r in Response.objects.filter(round=closed_round)
    ]
    likert = sorted(int(a["trivsel_1"]) for a in answers if a.get("trivsel_1") not in (None, "dk"))
    assert sorted(frame["trivsel_1"].drop_nulls().to_list()) == likert
    dont_know = sum(a.get("voksne_griper_inn") == "dk" for a in answers)
    assert frame["voksne_griper_inn/dk"].sum() == dont_know


FORM = read_xlsform(
    xlsform(
        begin("page"),
        question("select_one agree4dk", "likert"),
        question("select_one yn", "screen"),
        question("select_multiple fruit", "fruit"),
        question("integer", "age", constraint=". >= 0 and . <= 120"),
        question("text", "why"),
        end(),
    )
)


def test_answers_decode_to_positions_markers_and_numbers():
    answers = [
        {"likert": "3", "screen": "nei", "fruit": ["pære", "eple"], "age": 12},
        {"likert": "dk", "fruit": []},
        {},
    ]
    matrix = np.frombuffer(b"".join(pack_answers(FORM, a) for a in answers), dtype=np.uint8)
    columns = exports.decoded_columns(FORM, matrix.reshape(len(answers), -1))
    assert pl.DataFrame(columns).to_dict(as_series=False) == {
        "likert": [3, None, None],
        "likert/dk": [0, 1, None],
        "screen": [2, None, None],
        "fruit/eple": [1, 0, None],
        "fruit/banan": [0, 0, None],
        "fruit/pære": [1, 0, None],
        "age": [12, None, None],
    }


def test_the_commands_write_files(closed_round, tmp_path):
    owner = Unit.objects.filter(rounds=closed_round).first().owner_id
    for kind in ("json", "xlsx"):
        target = tmp_path / f"results.{kind}"
        call_command(
            "export_results",
            round="t3-export",
            format=kind,
            node=f"owner:{owner}",
            output=str(target),
            stdout=io.StringIO(),
        )
        assert target.stat().st_size > 0
    data = json.loads((tmp_path / "results.json").read_text())
    assert {c["node"].split(":")[0] for c in data["cells"]} == {"owner", "unit", "group"}
    for kind in ("csv", "parquet"):
        target = tmp_path / f"responses.{kind}"
        out = io.StringIO()
        call_command(
            "export_responses", round="t3-export", format=kind, output=str(target), stdout=out
        )
        assert f"Wrote {Response.objects.filter(round=closed_round).count()} responses" in (
            out.getvalue()
        )
    assert (
        pl.read_parquet(tmp_path / "responses.parquet").height
        == pl.read_csv(tmp_path / "responses.csv").height
    )


def test_the_pdf_command_says_what_to_install_without_weasyprint(
    closed_round, tmp_path, monkeypatch
):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as if it were not installed
    target = tmp_path / "results.pdf"
    with pytest.raises(CommandError, match="PDF export needs WeasyPrint"):
        call_command("export_results", round="t3-export", format="pdf", output=str(target))
    assert not target.exists()


@pytest.mark.parametrize(
    ("command", "options", "message"),
    [
        ("export_results", {"round": "nope", "format": "json"}, "No round has the short name"),
        ("export_results", {"round": "t3-export", "format": "doc"}, "Unknown format 'doc'"),
        ("export_results", {"round": "t3-export", "format": "json", "node": "unit:0"}, "No unit"),
        ("export_responses", {"round": "nope", "format": "csv"}, "No round has the short name"),
        ("export_responses", {"round": "t3-export", "format": "xlsx"}, "Unknown format"),
    ],
)
def test_the_commands_refuse_bad_input_and_write_nothing(
    closed_round, tmp_path, command, options, message
):
    target = tmp_path / "out"
    with pytest.raises(CommandError, match=message):
        call_command(command, output=str(target), **options)
    assert not target.exists()
