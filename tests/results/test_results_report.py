"""The unit's and the owner's PDF report, read as its pages: a cover with the node, the round
and the response rate, a summary page, a chart and tables per respondent group, the classes
whose figures are all hidden named in one line — never a page of dashes."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone, translation

from samla.core.pdf import PdfUnavailable
from samla.org.models import Group, Unit
from samla.results import exports
from samla.results.build import build_round
from samla.results.figures import _d, _figure, difference_band
from samla.results.queries import Node, read_cells, response_counts
from samla.surveys import services
from samla.surveys.models import Round, RoundInstrument
from samla.surveys.simulate import simulate_responses
from tests.results.test_export_trend import GROUP, LABELS, SCALES, rounds  # noqa: F401

pdfium = pytest.importorskip("pypdfium2")

LIBRARY = Path(settings.BASE_DIR) / "samla" / "surveys" / "library"
FORMS = {"pupil_5_7": "elev_5_7.xlsx", "guardian": "foresatte_skole.xlsx", "teacher": "laerer.xlsx"}
HOSTILE = "<b>&\"'"
DASH = "–"
# The first comparison's orange (results.charts.SERIES_COLOURS[1]): only charts use it.
ORANGE = (0xD5, 0x5E, 0x00)


@pytest.fixture
def report_round(demo_org):
    """Pupils 5–7, guardians and teachers at the demo school, six answers from each class
    and six teachers (all hidden there: the threshold is 7), 200 answers at another school
    of the owner; the school and a class renamed with markup in their names."""
    school = demo_org.school
    other = Unit.objects.filter(owner=school.owner, kind=school.kind).exclude(pk=school.pk).first()
    now = timezone.now()
    round = Round.objects.create(
        programme=demo_org.school_programme, name="T4", slug="t4-report",
        opens_at=now - timedelta(days=30), closes_at=now + timedelta(days=1), published=True,
    )  # fmt: skip
    round.units.add(school, other)
    for group, form in FORMS.items():
        version = services.publish_instrument((LIBRARY / form).read_bytes())
        RoundInstrument.objects.create(round=round, respondent_group=group, version=version)
    Unit.objects.filter(pk=school.pk).update(name=f"Bjørkely {HOSTILE} skole")
    Group.objects.filter(unit=school, name="5A").update(name=f"5A {HOSTILE}")
    # 14 classes of guardians, 6 of pupils (5A–7B), 1 slot of teachers: six answers each.
    simulate_responses(round, 21 * 6, seed=1, unit=school)
    simulate_responses(round, 200, seed=2, unit=other)
    Round.objects.filter(pk=round.pk).update(
        closes_at=now - timedelta(days=1), results_released_at=now
    )
    round.refresh_from_db()
    build_round(round)
    school.refresh_from_db()
    return round, school


def _pages(pdf: bytes) -> list[str]:
    document = pdfium.PdfDocument(pdf)
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


def _words(text: str) -> list[str]:
    return text.split()


def _orange_pixels(pdf: bytes, index: int) -> int:
    """How many pixels of the page are the owner's bar colour (the chart was drawn)."""
    document = pdfium.PdfDocument(pdf)
    try:
        image = document[index].render(scale=1).to_pil().convert("RGB")
    finally:
        document.close()
    return sum(
        count
        for count, colour in image.getcolors(maxcolors=1 << 20)
        if all(abs(a - b) <= 8 for a, b in zip(colour, ORANGE, strict=True))
    )


def _render(round, kind, pk):
    try:
        return exports.results_pdf(round, exports.parse_node(round, f"{kind}:{pk}"), "en")
    except PdfUnavailable:
        pytest.skip("WeasyPrint is not installed here")


def test_the_unit_report_is_a_cover_a_summary_and_a_page_per_group(report_round):
    round, school = report_round
    classes = list(
        Group.objects.filter(unit=school).order_by("name").values_list("name", flat=True)
    )
    cells = read_cells(round, [("group", pk) for pk in school.groups.values_list("pk", flat=True)])
    assert cells and all(cell.suppressed for cell in cells)  # every class hidden

    pdf = _render(round, "unit", school.pk)
    pages = _pages(pdf)

    assert len(pages) == 5  # cover, summary, pupils, guardians, teachers
    for number, text in enumerate(pages, 1):
        words = _words(text)
        assert words, number
        assert words.count(DASH) / len(words) < 0.2, (number, text)
    cover = " ".join(_words(pages[0]))
    counts = response_counts(round, Node("unit", school.pk, school.name))
    issued, answered = counts["pupil_5_7"]
    assert (issued, answered) == (36, 36)
    assert school.name in cover and HOSTILE in cover
    assert "Results of T4" in cover and round.programme.name in cover
    assert f"Pupils, grades 5–7 {answered} {issued} 100 %" in cover
    assert "Teachers 6 6 100 %" in cover
    summary = " ".join(_words(pages[1]))
    assert summary.startswith("Summary Differences from the comparisons")
    assert "There is no earlier round with results to compare with." in summary
    pupils, guardians, teachers = (" ".join(_words(page)) for page in pages[2:])
    assert pupils.startswith("Pupils, grades 5–7")
    pupil_classes = [name for name in classes if name[0] in "567"]
    assert f"Hidden for: {', '.join(pupil_classes)} (fewer than 7 answered" in pupils
    assert f"Hidden for: {', '.join(classes)} (fewer than 7 answered" in guardians
    # A table whose rows are all hidden is not printed: no column header for the classes.
    assert "Classes and departments" not in pupils + guardians
    assert f"Hidden for: {school.name} (fewer than 7 answered" in teachers
    assert (
        "They count in the figure of Hamar kommune, the nearest level that shows them." in teachers
    )
    for index in (2, 3, 4):
        assert _orange_pixels(pdf, index) > 500, index  # the chart is drawn
    assert _orange_pixels(pdf, 0) == 0  # and not on the cover


def test_the_summary_names_the_differences_of_shown_figures(report_round):
    round, school = report_round
    with translation.override("en"):
        context = exports.pdf_context(round, exports.parse_node(round, f"unit:{school.pk}"), "en")
    cells = {
        (c.node_kind, c.respondent_group, c.scale): c
        for c in read_cells(round, [("unit", school.pk), ("owner", school.owner_id)], kind="scale")
    }
    expected = []
    for (kind, group, scale), cell in cells.items():
        if kind != "unit":
            continue
        d = _d(_figure(cell), _figure(cells[("owner", group, scale)]))
        if d is not None and abs(d) >= 0.2:
            expected.append((group, scale, difference_band(d)))
    named = [
        (line["group"], line["index"])
        for line in context["summary"]["differences"]
        if school.owner.name in line["text"]
    ]
    assert len(named) == len(expected)
    assert context["subject"] == school.name
    assert [group["label"] for group in context["groups"]] == [
        "Pupils, grades 5–7", "Guardians", "Teachers",
    ]  # fmt: skip


def test_the_owner_report_has_its_units_below(report_round):
    round, school = report_round
    pdf = _render(round, "owner", school.owner_id)
    pages = _pages(pdf)
    assert len(pages) <= 6
    for text in pages:
        words = _words(text)
        assert words.count(DASH) / len(words) < 0.2
    text = " ".join(_words(" ".join(pages)))
    assert f"Owner · {round.programme.name} {school.owner.name} Results of T4" in text
    assert "Units Wellbeing at school" in text
    assert school.name in text


def test_the_summary_names_changes_since_the_round_before_between_shown_figures(rounds):  # noqa: F811
    _t1, t2, t3 = rounds
    small = Unit.objects.get(rounds=t3, owner__name="Løten kommune")  # hidden in T2

    def summary(nodes):
        with translation.override("en"):
            return exports.pdf_context(t3, nodes, "en")["summary"]

    def figure(round, node, scale):
        (found,) = read_cells(round, [node], respondent_group=GROUP, codes={scale}, kind="scale")
        return _figure(found)

    programme = ("programme", t3.programme_id)
    expected = []
    for scale, label in zip(SCALES, LABELS, strict=True):
        d = _d(figure(t3, programme, scale), figure(t2, programme, scale))
        if abs(d) >= 0.2:
            expected.append(label)
    whole = summary(None)
    assert whole["previous"] == t2.name
    assert expected, "the simulated shift moves at least one index by 0.2 SD"
    assert [line["index"] for line in whole["changes"]] == expected
    for line in whole["changes"]:
        assert line["text"].startswith("up from")
        assert ("compare with care" in line["text"]) == (line["index"] == LABELS[0])
    # The small school's T2 figures are hidden: nothing to compare T3 with.
    assert figure(t2, ("unit", small.pk), SCALES[0]).hidden
    assert summary(exports.parse_node(t3, f"unit:{small.pk}"))["changes"] == []
