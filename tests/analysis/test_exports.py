"""An analysis as Word and tagged PDF: the files read back, hidden figures as "–", and the
downloads only for those who may open the analysis (the owner only while it is shared)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import zlib

import docx
import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from samla.analysis import exports, services
from samla.analysis.models import Comment, EvidenceSnapshot, SnapshotKind, Source, SourceKind
from samla.core.pdf import PdfUnavailable, render_html
from tests.conftest import client_for

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _download(username: str, analysis, fmt: str, language: str | None = None):
    client = client_for(username)
    if language:
        client.cookies["samla_language"] = language
    return client.get(reverse("portal:analysis_export", args=[analysis.pk, fmt]))


def _word_texts(content: bytes) -> list[str]:
    """Every paragraph and every table cell of the Word file, in order."""
    document = docx.Document(io.BytesIO(content))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            texts.extend(cell.text for cell in row.cells)
    return texts


def _word_tables(content: bytes) -> list[list[list[str]]]:
    document = docx.Document(io.BytesIO(content))
    return [[[c.text for c in row.cells] for row in table.rows] for table in document.tables]


def _pdf_or_skip(analysis, language: str) -> bytes:
    try:
        return exports.analysis_to_pdf(analysis, language)
    except PdfUnavailable:
        pytest.skip("WeasyPrint is not installed here")


def _poppler(tool: str, pdf: bytes, tmp_path, *args: str) -> str:
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} is missing: apt-get install poppler-utils")
    path = tmp_path / "analysis.pdf"
    path.write_bytes(pdf)
    result = subprocess.run([tool, str(path), *args], capture_output=True, check=True)
    return result.stdout.decode()


def _pdf_text(pdf: bytes, tmp_path) -> str:
    return " ".join(_poppler("pdftotext", pdf, tmp_path, "-enc", "UTF-8", "-").split())


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


def _worked(demo_org):
    """The analysis worked to a measure, with an evaluation and a comment from PPT."""
    analysis = demo_org.analysis_with_measure()
    measure = analysis.measures.get()
    services.evaluate_measure(
        measure, demo_org.user("rektor"), "partly", "Færre konflikter, men ikke i 7. trinn."
    )
    services.add_comment(analysis, demo_org.user("ppt"), "analysis", "Hemmelig veiledningsnotat.")
    services.update_source_note(analysis.sources.get(), "Lavest for jentene på 6. trinn.")
    services.add_source(
        analysis,
        demo_org.user("rektor"),
        "observation",
        "Friminuttsvakt uke 40",
        "Mange konflikter.",
    )
    return analysis


def _hidden_source(analysis, person) -> EvidenceSnapshot:
    """More results as information, one class hidden for anonymity. The hidden row also
    carries numbers (as a careless copy could): the exports must not read them."""
    baseline = analysis.snapshots.get(kind=SnapshotKind.BASELINE)
    rows = [
        {"kind": "group", "id": 1, "name": "6B", "n": 3, "mean": 1.23, "score500": 987,
         "hidden": True},
        *baseline.figures["rows"],
    ]  # fmt: skip
    snapshot = EvidenceSnapshot.objects.create(
        analysis=analysis,
        kind=SnapshotKind.SOURCE,
        round=baseline.round,
        round_name=baseline.round_name,
        round_opened_at=baseline.round_opened_at,
        node_kind="group",
        node_id=1,
        node_name="6B",
        respondent_group=baseline.respondent_group,
        scale=baseline.scale,
        scale_labels=baseline.scale_labels,
        threshold=baseline.threshold,
        figures={"rows": rows, "items": []},
        taken_by=person,
    )
    Source.objects.create(
        analysis=analysis, kind=SourceKind.RESULTS, title="Trivsel i 6B", snapshot=snapshot
    )
    return snapshot


def _figures(row: dict, decimal: str) -> tuple[str, str, str]:
    return (f"{row['score500']:.0f}", f"{row['mean']:.2f}".replace(".", decimal), str(row["n"]))


# --- Word --------------------------------------------------------------------------------


def test_word_file_holds_the_analysis_and_not_the_comments(demo_org):
    analysis = _worked(demo_org)
    own = analysis.snapshots.get().own

    response = _download("rektor", analysis, "docx")

    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    texts = _word_texts(response.content)
    joined = "\n".join(texts)
    assert "Elevene på 6. trinn trives dårligere enn før." in texts
    assert "Trivselen på 6. trinn er over 500 ved neste runde." in texts
    assert "Uklare regler i friminuttene" in joined
    assert "Lavest for jentene på 6. trinn." in joined
    assert "Friminuttsvakt uke 40" in joined and "Mange konflikter." in joined
    assert f"Enhet: {demo_org.school.name}" in texts
    tables = _word_tables(response.content)
    evidence = tables[0]
    assert evidence[0][:2] == ["Navn", "Nivå"]
    assert evidence[1] == [demo_org.school.name, "Enhet", *_figures(own, ",")]
    measures = next(t for t in tables if t[1][0] == "Felles friminuttsregler")
    assert measures[1][1:] == [
        "Uklare regler i friminuttene",
        "Rektor og kontaktlærerne",
        *measures[1][3:5],
        "Færre konflikter meldt i friminuttene.",
        measures[1][6],
    ]
    assert "Reglene gjennomgått i alle klasser." in joined
    assert "Færre konflikter, men ikke i 7. trinn." in joined
    assert "Hemmelig veiledningsnotat." not in joined


def test_word_file_in_english_has_the_sections_and_the_labels(demo_org):
    analysis = _worked(demo_org)
    own = analysis.snapshots.get().own

    content = exports.analysis_to_docx(analysis, "en")

    texts = _word_texts(content)
    for heading in (
        "Problem",
        "Goal",
        "Results",
        "Sources of information",
        "Maintaining factors",
        "Context",
        "Strategies and measures",
        "Implementation log",
        "Evaluation",
    ):
        assert heading in texts
    assert "Kind of goal: Closed goal (concrete)" in texts
    assert "Uklare regler i friminuttene (Likely)\nRests on: " in "\n".join(texts)
    tables = _word_tables(content)
    assert tables[0][0] == ["Name", "Level", "500 scale, T2", "Mean, T2", "n, T2"]
    assert tables[0][1] == [demo_org.school.name, "Unit", *_figures(own, ".")]
    measures = next(t for t in tables if t[0][0] == "Measure" and len(t[0]) == 7)
    assert measures[0] == ["Measure", "Aimed at", "Who", "Start", "End", "Success criteria",
                           "Status"]  # fmt: skip
    assert measures[1][6] == "Running"
    evaluations = next(t for t in tables if t[0][2:3] == ["Judgement"])
    assert evaluations[1][0] == "Felles friminuttsregler"
    assert evaluations[1][2:] == ["Partly met", "Færre konflikter, men ikke i 7. trinn."]


def test_the_language_cookie_chooses_the_language_of_the_file(demo_org):
    analysis = demo_org.analysis_with_measure()

    texts = _word_texts(_download("rektor", analysis, "docx", language="en").content)

    assert "Maintaining factors" in texts
    assert f"Unit: {demo_org.school.name}" in texts


def test_the_follow_up_stands_beside_its_baseline(demo_org):
    analysis = demo_org.analysis_with_measure()
    demo_org.later_results_round()
    assert services.take_follow_ups(analysis, demo_org.user("rektor")) == 1
    before = analysis.snapshots.get(kind=SnapshotKind.BASELINE)
    after = analysis.snapshots.get(kind=SnapshotKind.FOLLOW_UP)

    tables = _word_tables(exports.analysis_to_docx(analysis, "en"))

    assert tables[0][0] == [
        "Name", "Level", "500 scale, T2", "Mean, T2", "n, T2", "500 scale, T3", "Mean, T3",
        "n, T3", "Change (500 scale)",
    ]  # fmt: skip
    change = round(after.own["score500"] - before.own["score500"])
    assert tables[0][1] == [
        demo_org.school.name, "Unit", *_figures(before.own, "."), *_figures(after.own, "."),
        f"+{change}" if change > 0 else str(change),
    ]  # fmt: skip
    assert len(tables[0]) == len(before.figures["rows"]) + 1
    html = render_html(exports.PDF_TEMPLATE, exports.pdf_context(analysis, "en"))
    assert '<th scope="rowgroup" colspan="9">For comparison</th>' in html
    assert "<caption>Figures in T2 and T3</caption>" in html


def test_figures_are_written_as_the_results_pages_write_them():
    shown = {"n": 45, "mean": 3.125, "score500": 487.5, "hidden": False}
    hidden = {"n": 3, "mean": 1.23, "score500": 987, "hidden": True}
    nobody = {"n": None, "hidden": False}

    with translation.override("nb"):
        texts = [exports.figure_texts(row) for row in (shown, hidden, nobody, None)]

    assert texts == [
        (f"{487.5:.0f}", f"{3.125:.2f}".replace(".", ","), "45"),
        ("–", "–", "–"),
        ("ingen svar", "", ""),
        ("", "", ""),
    ]


def test_a_hidden_figure_is_a_dash_and_never_a_number(demo_org):
    analysis = demo_org.analysis_with_measure()
    _hidden_source(analysis, demo_org.user("rektor"))

    content = exports.analysis_to_docx(analysis, "en")

    hidden = next(t for t in _word_tables(content) if t[1][0] == "6B")
    assert hidden[1] == ["6B", "Class or department", "–", "–", "–"]
    joined = "\n".join(_word_texts(content))
    assert "987" not in joined and "1.23" not in joined
    threshold = analysis.unit.programmes.first().anonymity_threshold
    assert f"– hidden: fewer than {threshold} respondents" in joined


def test_the_facts_name_the_learning_group_the_round_and_the_phase(demo_org):
    analysis = demo_org.analysis("Gruppens analyse", group=True)
    baseline = analysis.snapshots.get()
    with translation.override("en"):
        opened = date_format(
            timezone.localtime(baseline.round_opened_at).date(), "SHORT_DATE_FORMAT"
        )

    english = _word_texts(exports.analysis_to_docx(analysis, "en"))
    bokmal = _word_texts(exports.analysis_to_docx(analysis, "nb"))

    assert english[1:6] == [
        f"Unit: {demo_org.school.name}",
        "Learning group: Gruppe A",
        f"Result the analysis starts from: T2, opened {opened}",
        "Phase: Problem",
        "Status: In progress",
    ]
    assert bokmal[1:3] == [f"Enhet: {demo_org.school.name}", "Læringsgruppe: Gruppe A"]


def test_the_override_reason_is_exported(demo_org):
    analysis = demo_org.analysis("Lesing på 5. trinn")
    services.override_phase_rule(
        analysis, demo_org.user("rektor"), "Vi må starte før jul, kartleggingen kommer senere."
    )

    texts = _word_texts(exports.analysis_to_docx(analysis, "en"))

    assert "Measures before the analysis was complete" in texts
    assert "Reason: Vi må starte før jul, kartleggingen kommer senere." in texts


# --- PDF ----------------------------------------------------------------------------------


def test_pdf_is_tagged_and_holds_the_analysis(demo_org, tmp_path):
    analysis = _worked(demo_org)
    _hidden_source(analysis, demo_org.user("rektor"))
    own = analysis.snapshots.get(kind=SnapshotKind.BASELINE).own

    pdf = _pdf_or_skip(analysis, "en")

    assert pdf.startswith(b"%PDF")
    objects = _pdf_objects(pdf)
    assert b"/StructTreeRoot" in objects
    assert b"/Marked true" in objects
    info = _poppler("pdfinfo", pdf, tmp_path)
    assert "Tagged:          yes" in info
    assert "Title:           Pedagogical analysis: Arbeidsro i 6A" in info
    text = _pdf_text(pdf, tmp_path)
    assert "Elevene på 6. trinn trives dårligere enn før." in text
    assert "Uklare regler i friminuttene" in text
    assert "Felles friminuttsregler" in text
    assert "Friminuttsvakt uke 40 (Observation): Mange konflikter." in text
    assert "Færre konflikter, men ikke i 7. trinn." in text
    assert "Reglene gjennomgått i alle klasser." in text
    assert "Maintaining factors" in text and "Strategies and measures" in text
    assert f"{demo_org.school.name} Unit {' '.join(_figures(own, '.'))}" in text
    assert "987" not in text and "1.23" not in text
    assert "Hemmelig veiledningsnotat." not in text


def test_pdf_html_shows_a_hidden_row_as_dashes_in_an_accessible_table(demo_org):
    analysis = demo_org.analysis_with_measure()
    _hidden_source(analysis, demo_org.user("rektor"))

    html = render_html(exports.PDF_TEMPLATE, exports.pdf_context(analysis, "en"))

    assert '<html lang="en">' in html
    assert "<title>Pedagogical analysis: Arbeidsro i 6A</title>" in html
    hidden_row = re.search(r'<th scope="row">6B</th>(.*?)</tr>', html, flags=re.DOTALL)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", hidden_row.group(1))
    assert cells == ["Class or department", "–", "–", "–"]
    assert "987" not in html and "1,23" not in html and "1.23" not in html
    assert html.count("<caption>") == html.count("<table")
    assert '<th scope="rowgroup" colspan="5">For comparison</th>' in html


def test_pdf_download_in_the_persons_language(demo_org, tmp_path):
    analysis = demo_org.analysis_with_measure()
    _pdf_or_skip(analysis, "nb")

    response = _download("rektor", analysis, "pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content, tmp_path)
    assert f"Enhet: {demo_org.school.name}" in text
    own = analysis.snapshots.get().own
    assert " ".join(_figures(own, ",")) in text


def test_without_weasyprint_the_pdf_page_offers_the_word_file(demo_org, monkeypatch):
    analysis = demo_org.analysis()
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as if it were not installed

    response = _download("rektor", analysis, "pdf")

    assert response.status_code == 503
    word_url = reverse("portal:analysis_export", args=[analysis.pk, "docx"])
    assert f'href="{word_url}"' in response.content.decode()


# --- Who may download ---------------------------------------------------------------------


def test_the_owner_downloads_only_while_the_analysis_is_shared(demo_org):
    analysis = demo_org.analysis_with_measure()
    _pdf_or_skip(analysis, "nb")
    rektor = demo_org.user("rektor")

    assert _download("eier", analysis, "docx").status_code == 404
    assert _download("eier", analysis, "pdf").status_code == 404

    services.share_with_owner(analysis, rektor)
    assert _download("eier", analysis, "docx").status_code == 200
    assert _download("eier", analysis, "pdf").status_code == 200

    services.withdraw_sharing(analysis)
    assert _download("eier", analysis, "docx").status_code == 404
    assert _download("eier", analysis, "pdf").status_code == 404


@pytest.mark.parametrize("username", ["styrer", "laerer", "ppt", "region", None])
def test_who_else_may_download(demo_org, username):
    analysis = demo_org.analysis_with_measure()
    expected = {"laerer": 200, "ppt": 200}.get(username, 404)

    response = _download(username, analysis, "docx")

    if username is None:
        assert response.status_code == 302
    else:
        assert response.status_code == expected


def test_an_unknown_format_is_404(demo_org):
    analysis = demo_org.analysis()

    assert _download("rektor", analysis, "xlsx").status_code == 404


def test_the_file_name_is_ascii(demo_org):
    analysis = demo_org.analysis("Trivsel og læringsmiljø på 5.–7. trinn")

    response = _download("rektor", analysis, "docx")

    disposition = response["Content-Disposition"]
    assert disposition == (
        'attachment; filename="analyse-bjorkely-skole-trivsel-og-laeringsmiljo-pa-57-trinn.docx"'
    )
    disposition.encode("ascii")


def test_comments_stay_out_of_the_export_data(demo_org):
    analysis = _worked(demo_org)
    assert Comment.objects.filter(analysis=analysis).count() == 1

    data = exports.analysis_document(analysis, "en")

    assert "comments" not in data
    assert "Hemmelig veiledningsnotat." not in repr(data)
