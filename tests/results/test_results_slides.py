"""The slide deck (issue 17): a unit leader downloads a deck from the results page's
export link; it reads back with python-pptx (a title slide, one slide per index with its
chart, alt text and comparisons equal to the page's figures), a hidden figure is the word
for hidden, explained, and no digit of its true value is anywhere in the file; LibreOffice
converts it to a PDF with a page per slide."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import uuid
import zipfile

import pypdfium2
import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import formats, timezone, translation
from pptx import Presentation
from pptx.util import Emu

from samla.results import figures, queries
from samla.results.build import build_round
from samla.results.exports import slides
from samla.results.exports.registry import RESULT_FORMATS
from samla.results.models import ExportLog
from samla.results.queries import read_cells
from tests.conftest import client_for

PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
PICTURE = 13  # MSO_SHAPE_TYPE.PICTURE


def _english_client():
    client = client_for("rektor")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _export_url(round, kind: str, pk: int) -> str:
    return reverse(
        "portal:node_export", kwargs={"slug": round.slug, "kind": kind, "pk": pk, "fmt": "pptx"}
    )


def _texts(shape) -> list[str]:
    if shape.has_text_frame:
        return [shape.text_frame.text]
    if shape.has_table:
        return [cell.text for row in shape.table.rows for cell in row.cells]
    return []


def _table(slide) -> list[list[str]]:
    (shape,) = [shape for shape in slide.shapes if shape.has_table]
    return [[cell.text for cell in row.cells] for row in shape.table.rows]


def _expected_rows(row, chain) -> list[list[str]]:
    """The page's figures for one index: the node, then its comparisons."""
    pairs = [(chain[0], row.figure), *((c.node, c.figure) for c in row.comparisons)]
    found = []
    for node, figure in pairs:
        if figure.hidden:
            found.append([node.name, "hidden", ""])
        else:
            found.append([node.name, f"{figure.score500:.0f}", str(figure.n)])
    return found


def test_a_unit_leader_downloads_a_deck_of_the_units_indices(demo_org):
    round, school = demo_org.results_round(), demo_org.school

    response = _english_client().get(_export_url(round, "unit", school.pk))

    assert response.status_code == 200
    assert response["Content-Type"] == PPTX
    assert response["Content-Disposition"] == (
        f'attachment; filename="resultater-{round.slug}-unit-{school.pk}.pptx"'
    )
    assert ExportLog.objects.filter(round=round, kind=f"pptx:unit:{school.pk}").count() == 1
    deck = Presentation(io.BytesIO(response.content))
    assert (deck.slide_width, deck.slide_height) == (Emu(12192000), Emu(6858000))  # 16:9
    here = queries.node(round, "unit", school.pk)
    chain = queries.lineage(round, here)
    blocks = figures.overview(round, chain, "en")
    rows = [(block, row) for block in blocks for row in block.rows]
    assert len(rows) == 3  # elev_5_7 has three indices
    slides_ = list(deck.slides)
    assert len(slides_) == 1 + len(rows)

    title = slides_[0]
    assert title.shapes.title.text == school.name
    title_text = "\n".join(text for shape in title.shapes for text in _texts(shape))
    assert f"Results of {round.name}\n{round.programme.name}\nMade " in title_text
    assert "not for ranking" in title_text

    for slide, (block, row) in zip(slides_[1:], rows, strict=True):
        assert slide.shapes.title.text == f"{block.label}: {row.label}"
        (picture,) = [shape for shape in slide.shapes if shape.shape_type == PICTURE]
        description = picture._element.nvPicPr.cNvPr.get("descr")
        assert description.startswith(f"Bar chart of {row.label} on the 500 scale")
        assert picture.image.content_type == "image/png"
        assert picture.left + picture.width <= deck.slide_width
        table = _table(slide)
        assert table[0] == ["", "500 scale", "n", "Difference"]
        assert [line[:3] for line in table[1:]] == _expected_rows(row, chain)
        if row.figure.shown:
            assert f"{school.name}: {row.figure.score500:.0f}" in description
    # The page shows the same figures: its index table has the unit's scores.
    page = _english_client().get(
        reverse("portal:node_results", kwargs={"slug": round.slug, "kind": "unit", "pk": school.pk})
    )
    for _block, row in rows:
        if row.figure.shown:
            assert f"<strong>{row.figure.score500:.0f}</strong>" in page.content.decode()


def test_the_results_page_offers_the_deck(demo_org):
    round, school = demo_org.results_round(), demo_org.school
    page = _english_client().get(
        reverse("portal:node_results", kwargs={"slug": round.slug, "kind": "unit", "pk": school.pk})
    )
    assert _export_url(round, "unit", school.pk) in page.content.decode()
    assert "slides (PowerPoint)" in page.content.decode()
    assert RESULT_FORMATS["pptx"].extension == "pptx"


@pytest.fixture
def hidden_class(demo_org):
    """The results round with the programme's threshold raised to 10, so that the demo
    school's classes (7 to 9 pupils each) are hidden and the school (45) is shown; a class
    and its first index's true figures (read from a build with a threshold of 1, then
    built again)."""
    round = demo_org.results_round()
    programme = round.programme
    programme.anonymity_threshold = 10
    programme.save(update_fields=["anonymity_threshold"])
    classes = [("group", pk) for pk in demo_org.school.groups.values_list("pk", flat=True)]
    asked = read_cells(round, classes, kind="scale", codes={"trivsel"}, grade_band="")
    class_id = min(cell.node_id for cell in asked)
    build_round(round, threshold=1)
    (true,) = read_cells(
        round, [("group", class_id)], kind="scale", codes={"trivsel"}, grade_band=""
    )
    assert not true.suppressed and 0 < true.n < 10
    build_round(round)
    (again,) = read_cells(
        round, [("group", class_id)], kind="scale", codes={"trivsel"}, grade_band=""
    )
    assert again.suppressed
    return round, class_id, true


def _number_forms(value: float, places: int) -> set[str]:
    text = f"{value:.{places}f}"
    return {text, text.replace(".", ",")}


def test_a_hidden_figure_is_explained_and_none_of_its_digits_are_in_the_deck(hidden_class):
    round, class_id, true = hidden_class

    response = _english_client().get(_export_url(round, "group", class_id))

    assert response.status_code == 200
    deck = Presentation(io.BytesIO(response.content))
    here = queries.node(round, "group", class_id)
    chain = queries.lineage(round, here)
    slide = next(
        s for s in list(deck.slides)[1:] if s.shapes.title.text.endswith(": Wellbeing at school")
    )
    table = _table(slide)
    assert table[1][:3] == [here.name, "hidden", ""]
    assert table[2][0] == chain[1].name  # the unit, the level above
    text = " ".join(t for shape in slide.shapes for t in _texts(shape))
    assert (
        f"The figure for {here.name} is hidden to protect anonymity: fewer than "
        f"{round.programme.anonymity_threshold} answered, or showing it would reveal a hidden "
        "figure."
    ) in text
    assert f"Look at {chain[1].name} instead, the nearest level above that shows it." in text
    (picture,) = [shape for shape in slide.shapes if shape.shape_type == PICTURE]
    assert f"{here.name}: hidden" in picture._element.nvPicPr.cNvPr.get("descr")

    (block,) = figures.overview(round, chain, "en")
    labels = [block.label, *(node.name for node in chain), *(row.label for row in block.rows)]
    with translation.override("en"):  # the title slide's date ("Made 7 Dec 2026")
        labels.append(formats.date_format(timezone.localdate(), "SHORT_DATE_FORMAT"))
    forms = {str(true.n), *_number_forms(true.score500, 0), *_number_forms(true.score500, 1)}
    forms |= _number_forms(true.mean, 2) | _number_forms(true.mean, 1)
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        for name in archive.namelist():
            if not name.endswith(".xml"):
                continue
            xml = archive.read(name).decode()
            # Every written text and every alt text of the deck, as whole numbers.
            written = " ".join(re.findall(r"<a:t>([^<]*)</a:t>", xml))
            written += " " + " ".join(re.findall(r'descr="([^"]*)"', xml))
            for label in labels:  # names may hold digits of their own ("grades 5–7")
                written = written.replace(label, "")
            for form in forms:
                pattern = rf"(?<![\d.,]){re.escape(form)}(?![\d]|[.,]\d)"
                assert not re.search(pattern, written), (name, form)
            assert not re.search(rf"(?<![\d.,]){re.escape(f'{true.score500:.0f}')}(?!\d)", xml)


def test_the_chart_spec_of_a_hidden_figure_holds_no_number(hidden_class):
    round, class_id, true = hidden_class
    chain = queries.lineage(round, queries.node(round, "group", class_id))
    (block,) = figures.overview(round, chain, "en")
    row = next(row for row in block.rows if row.code == true.scale)

    with translation.override("en"):
        chart = slides.index_slide_chart(block, row, chain)

    colours = chart.spec["layer"][1]["encoding"]["color"]["scale"]
    assert len(set(colours["range"])) == len(colours["domain"]) == len(chain) == 5
    own = [each for each in chart.spec["data"]["values"] if each["node"] == chain[0].name]
    assert own == [
        {
            "node": chain[0].name,
            "order": 0,
            "score": None,
            "bar": 300,
            "text": "hidden",
            "hidden": True,
        }
    ]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is absent")
def test_libreoffice_converts_the_deck_with_a_page_per_slide(demo_org, tmp_path):
    round, school = demo_org.results_round(), demo_org.school
    content = _english_client().get(_export_url(round, "unit", school.pk)).content
    source = tmp_path / "deck.pptx"
    source.write_bytes(content)
    profile = tmp_path / f"libreoffice-{uuid.uuid4().hex}"  # parallel runs keep apart

    try:
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(tmp_path),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)  # hundreds of files: not kept in tmp

    pdf = pypdfium2.PdfDocument(str(tmp_path / "deck.pdf"))
    assert len(pdf) == len(Presentation(io.BytesIO(content)).slides)
    page = pdf[1]
    assert page.get_width() / page.get_height() == pytest.approx(16 / 9, rel=0.01)
    assert "Wellbeing at school" in page.get_textpage().get_text_range()


def test_the_export_command_writes_the_deck_of_the_top_node(demo_org, tmp_path):
    round, school = demo_org.results_round(), demo_org.school
    output = tmp_path / "deck.pptx"

    call_command(
        "export_results", round=round.slug, format="PPTX", node=f"unit:{school.pk}",
        output=str(output), language="en", stdout=io.StringIO(),
    )  # fmt: skip

    deck = Presentation(str(output))
    titles = [slide.shapes.title.text for slide in deck.slides]
    assert titles == [
        school.name,
        "Pupils, grades 5–7: Wellbeing at school",
        "Pupils, grades 5–7: Support from teachers",
        "Pupils, grades 5–7: Calm to work in lessons",
    ]
