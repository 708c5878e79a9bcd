"""Every Word file Samla hands out opens in LibreOffice Writer, the users' own kind of
office program: each download, as its users get it, is converted to PDF in one run, and
the PDF holds the document's text with æ, ø and å intact."""

from __future__ import annotations

import itertools
import time
from pathlib import Path

import pypdfium2
import pytest
from django.urls import reverse

from samla.analysis import services as analysis_services
from samla.learning import services as learning_services
from tests.conftest import client_for
from tests.libreoffice import convert, pdf_text
from tests.plans.factories import build_plan

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PLAN_YEAR = "2021/2022"
POINTS_PER_CM = 72 / 2.54
MULTI_YEAR = "2025/2026"


def _plan(org) -> tuple[str, str]:
    plan = build_plan(org.school_programme, PLAN_YEAR)
    url = reverse(
        "portal:plan_export",
        kwargs={"slug": plan.programme.slug, "year": plan.school_year, "fmt": "docx"},
    )
    return "rektor", url


def _analysis(org) -> tuple[str, str]:
    analysis = org.analysis_with_measure()
    analysis_services.evaluate_measure(
        analysis.measures.get(), org.user("rektor"), "partly", "Færre konflikter på 7. trinn."
    )
    return "rektor", reverse("portal:analysis_export", args=[analysis.pk, "docx"])


def _meeting_plan(org) -> tuple[str, str]:
    group = org.learning_group()
    return "gruppeleder", reverse(
        "portal:meeting_plan_export", kwargs={"pk": group.pk, "fmt": "docx"}
    )


def _multi_year_plan(org) -> tuple[str, str]:
    programme = org.school_programme
    learning_services.add_plan_entry(programme, "all_staff", MULTI_YEAR, org.learning_package())
    leading = learning_services.save_package(
        programme,
        learning_services.PackageInput(
            title="Å lede læringsgrupper", level="grunnskole", audience="group_leaders"
        ),
    )
    learning_services.add_plan_entry(programme, "group_leaders", MULTI_YEAR, leading)
    return "laerer", reverse(
        "portal:multi_year_plan_export", kwargs={"slug": programme.slug, "fmt": "docx"}
    )


def _left_edges(pdf: Path, words: list[str]) -> list[float]:
    """Where each word first starts on the first page, in points from the left."""
    page = pypdfium2.PdfDocument(str(pdf))[0].get_textpage()
    edges = []
    for word in words:
        index, _count = page.search(word, match_case=True, match_whole_word=True).get_next()
        edges.append(page.get_charbox(index)[0])
    return edges


def test_every_word_export_opens_in_libreoffice_with_its_text_intact(demo_org, tmp_path):
    expected = {
        "handlingsplan": (
            _plan(demo_org),
            ["Målgruppe", "Høst 2021", "Vår 2022", "Regionale eiermøter", "Kurs i analyse"],
        ),
        "analyse": (
            _analysis(demo_org),
            [
                "Arbeidsro i 6A",
                "Uklare regler i friminuttene",
                "Felles friminuttsregler",
                "Færre konflikter på 7. trinn.",
                demo_org.school.name,
            ],
        ),
        "motplan": (
            _meeting_plan(demo_org),
            ["Gruppe A", "Heidi Kolstad", "Prøv ut strukturen i egen klasse."],
        ),
        "flerarsplan": (
            _multi_year_plan(demo_org),
            [MULTI_YEAR, "Å lede læringsgrupper", demo_org.learning_package().title],
        ),
    }
    sources = []
    for name, ((username, url), _texts) in expected.items():
        response = client_for(username).get(url)
        assert (response.status_code, response["Content-Type"]) == (200, DOCX), name
        source = tmp_path / f"{name}.docx"
        source.write_bytes(response.content)
        sources.append(source)

    started = time.perf_counter()
    convert(sources, tmp_path, "pdf")
    print(
        f"LibreOffice converted {len(sources)} Word files in {time.perf_counter() - started:.1f} s"
    )

    for name, (_download, texts) in expected.items():
        pdf = tmp_path / f"{name}.pdf"
        assert pdf.is_file() and pdf.stat().st_size > 0, f"LibreOffice could not open {name}"
        text = pdf_text(pdf)
        assert [each for each in texts if each not in text] == [], (name, text)

    # The plan's columns are as wide as the export sets them (Når 4.2 cm, Hva 12.5 cm,
    # Ansvar 4.2 cm), not shared out evenly as LibreOffice does with an unset table grid.
    edges = _left_edges(tmp_path / "handlingsplan.pdf", ["Når", "Hva", "Ansvar", "Målgruppe"])
    widths = [(right - left) / POINTS_PER_CM for left, right in itertools.pairwise(edges)]
    assert widths == pytest.approx([4.2, 12.5, 4.2], abs=0.05)
