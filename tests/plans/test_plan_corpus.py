"""The corpus of Word plans in tests/fixtures/plans (issue 18, "Word plans"): 22 plans written
the way different partnerships write them, each with what the importer must read from it.

The files are written by tests/fixtures/plans/build_corpus.py (see the README there). Each
expectation is written out by hand: title, time text, first and last day, precision, status and
the regional sessions of every activity, in order, and the plan's goals.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from samla.plans.docx_import import (
    Block,
    BlockKind,
    ImportedActivity,
    ImportedPlan,
    RegionName,
    Status,
    read_plan,
)
from samla.plans.when_values import Precision, Term

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "plans"
REGIONS = (
    RegionName("NORD", ("Nord", "Region Nord")),
    RegionName("SØR", ("Sør", "Region Sør")),
    RegionName("HAMAR", ("Region Hamar", "Hamar")),
    RegionName("GJØVIK", ("Region Gjøvik", "Gjøvik")),
    RegionName("LILLEHAMMER", ("Region Lillehammer", "Lillehammer")),
)
DAY, WEEK, MONTH, TERM = Precision.DAY, Precision.WEEK, Precision.MONTH, Precision.TERM
PLANNED, TENTATIVE, POSTPONED = Status.PLANNED, Status.TENTATIVE, Status.POSTPONED
AUTUMN, SPRING = Term.AUTUMN, Term.SPRING
PARAGRAPH, BULLET = BlockKind.PARAGRAPH, BlockKind.BULLET


@dataclass(frozen=True)
class Expected:
    school_year: str
    goals: tuple[str, ...]
    activities: list[tuple]


def summary(activity: ImportedActivity) -> tuple:
    when = activity.when
    sessions = [(s.region, s.when.text, s.when.start, s.when.end) for s in activity.sessions]
    return (
        activity.title,
        when.text,
        when.start,
        when.end,
        when.precision,
        activity.status,
        sessions,
    )


def read(name: str) -> ImportedPlan:
    return read_plan((CORPUS / f"{name}.docx").read_bytes(), EXPECTED[name].school_year, REGIONS)


EXPECTED = {
    "01-nb-fjellregionen-2022-2023": Expected(
        "2022/2023",
        goals=(
            "Alle barn og elever skal oppleve mestring og trivsel.",
            "Lederne skal lede profesjonelle læringsfellesskap.",
        ),
        activities=[
            (
                "Oppstartsmøte for styringsgruppa",
                "12.09.22",
                date(2022, 9, 12),
                date(2022, 9, 12),
                DAY,
                PLANNED,
                [],
            ),
            (
                "Nettverkssamling 1",
                "Oktober",
                date(2022, 10, 1),
                date(2022, 10, 31),
                MONTH,
                PLANNED,
                [],
            ),
            ("Skolebesøk", "Uke 45", date(2022, 11, 7), date(2022, 11, 13), WEEK, PLANNED, []),
            (
                "Utprøving i klasserommet",
                "Januar–mars",
                date(2023, 1, 1),
                date(2023, 3, 31),
                MONTH,
                PLANNED,
                [],
            ),
            ("Erfaringsdeling", "Mai?", date(2023, 5, 1), date(2023, 5, 31), MONTH, TENTATIVE, []),
        ],
    ),
    "02-nn-fjordane-2023-2024": Expected(
        "2023/2024",
        goals=(
            "Barnehagane skal utvikle språkmiljøet saman.",
            "Styrarane skal leie utviklingsarbeidet i eigen barnehage.",
        ),
        activities=[
            (
                "Oppstartssamling for styrarar",
                "Veke 36",
                date(2023, 9, 4),
                date(2023, 9, 10),
                WEEK,
                PLANNED,
                [],
            ),
            ("Språkdag", "Haust", date(2023, 8, 1), date(2023, 12, 31), TERM, PLANNED, []),
            ("Nettverksmøte", "14.11.23", date(2023, 11, 14), date(2023, 11, 14), DAY, PLANNED, []),
            (
                "Vurdering av arbeidet",
                "Vår",
                date(2024, 1, 1),
                date(2024, 6, 30),
                TERM,
                PLANNED,
                [],
            ),
        ],
    ),
    "03-nb-dato-merknad-2024-2025": Expected(
        "2024/2025",
        goals=(),
        activities=[
            (
                "Planleggingsmøte",
                "03.09.2024",
                date(2024, 9, 3),
                date(2024, 9, 3),
                DAY,
                PLANNED,
                [],
            ),
            (
                "Samling med overnatting",
                "24.–25.10.2024",
                date(2024, 10, 24),
                date(2024, 10, 25),
                DAY,
                PLANNED,
                [],
            ),
            (
                "Digital samling",
                "05.12.2024",
                date(2024, 12, 5),
                date(2024, 12, 5),
                DAY,
                PLANNED,
                [],
            ),
            ("Fagdag", "13.02.2025", date(2025, 2, 13), date(2025, 2, 13), DAY, PLANNED, []),
            (
                "Hospitering",
                "Fra 01.04.2025 til 30.04.2025",
                date(2025, 4, 1),
                date(2025, 4, 30),
                DAY,
                PLANNED,
                [],
            ),
        ],
    ),
    "04-nb-regionkolonner-2023-2024": Expected(
        "2023/2024",
        goals=(),
        activities=[
            (
                "Regionale nettverk",
                "September",
                date(2023, 9, 1),
                date(2023, 9, 30),
                MONTH,
                PLANNED,
                [
                    ("NORD", "12.09", date(2023, 9, 12), date(2023, 9, 12)),
                    ("SØR", "14.09", date(2023, 9, 14), date(2023, 9, 14)),
                ],
            ),
            (
                "Felles fagdag",
                "Oktober",
                date(2023, 10, 1),
                date(2023, 10, 31),
                MONTH,
                PLANNED,
                [
                    ("NORD", "19.10", date(2023, 10, 19), date(2023, 10, 19)),
                    ("SØR", "19.10", date(2023, 10, 19), date(2023, 10, 19)),
                ],
            ),
            (
                "Styrermøte",
                "",
                date(2023, 11, 7),
                date(2023, 11, 9),
                DAY,
                PLANNED,
                [
                    ("NORD", "07.11.23", date(2023, 11, 7), date(2023, 11, 7)),
                    ("SØR", "09.11.23", date(2023, 11, 9), date(2023, 11, 9)),
                ],
            ),
            (
                "Samling om lek",
                "Februar?",
                date(2024, 2, 1),
                date(2024, 2, 29),
                MONTH,
                TENTATIVE,
                [("NORD", "Dato kommer", None, None), ("SØR", "Dato kommer", None, None)],
            ),
        ],
    ),
    "05-nn-tre-regionar-2024-2025": Expected(
        "2024/2025",
        goals=(),
        activities=[
            (
                "Leiarsamling",
                "Veke 38",
                date(2024, 9, 16),
                date(2024, 9, 22),
                WEEK,
                PLANNED,
                [
                    ("HAMAR", "17.09", date(2024, 9, 17), date(2024, 9, 17)),
                    ("GJØVIK", "18.09", date(2024, 9, 18), date(2024, 9, 18)),
                    ("LILLEHAMMER", "19.09", date(2024, 9, 19), date(2024, 9, 19)),
                ],
            ),
            (
                "Nettverk for lærarar",
                "November",
                date(2024, 11, 1),
                date(2024, 11, 30),
                MONTH,
                PLANNED,
                [
                    ("GJØVIK", "20.11", date(2024, 11, 20), date(2024, 11, 20)),
                    ("LILLEHAMMER", "21.11", date(2024, 11, 21), date(2024, 11, 21)),
                ],
            ),
            (
                "Erfaringsdeling",
                "Mars",
                date(2025, 3, 1),
                date(2025, 3, 31),
                MONTH,
                PLANNED,
                [
                    ("HAMAR", "11.03.25", date(2025, 3, 11), date(2025, 3, 11)),
                    ("GJØVIK", "11.03.25", date(2025, 3, 11), date(2025, 3, 11)),
                    ("LILLEHAMMER", "11.03.25", date(2025, 3, 11), date(2025, 3, 11)),
                ],
            ),
        ],
    ),
    "06-nb-flettet-tid-2022-2023": Expected(
        "2022/2023",
        goals=("Bedre vurderingspraksis i alle fag.",),
        activities=[
            ("Skolevandring", "Uke 38", date(2022, 9, 19), date(2022, 9, 25), WEEK, PLANNED, []),
            ("Refleksjonsmøte", "Uke 38", date(2022, 9, 19), date(2022, 9, 25), WEEK, PLANNED, []),
            (
                "Rapport til kommunen",
                "Uke 38",
                date(2022, 9, 19),
                date(2022, 9, 25),
                WEEK,
                PLANNED,
                [],
            ),
            (
                "Felles planleggingsdag",
                "Desember",
                date(2022, 12, 1),
                date(2022, 12, 31),
                MONTH,
                PLANNED,
                [],
            ),
        ],
    ),
    "07-nb-nestet-tabell-2023-2024": Expected(
        "2023/2024",
        goals=(),
        activities=[
            (
                "Regional fagdag",
                "18.10.23",
                date(2023, 10, 18),
                date(2023, 10, 18),
                DAY,
                PLANNED,
                [],
            ),
            (
                "Oppfølging i nettverkene",
                "November",
                date(2023, 11, 1),
                date(2023, 11, 30),
                MONTH,
                PLANNED,
                [],
            ),
        ],
    ),
    "08-nb-punktlister-2022-2023": Expected(
        "2022/2023",
        goals=(),
        activities=[
            (
                "Oppstart for skoleledere",
                "August",
                date(2022, 8, 1),
                date(2022, 8, 31),
                MONTH,
                PLANNED,
                [],
            ),
            ("Lærermøte", "Uke 40", date(2022, 10, 3), date(2022, 10, 9), WEEK, PLANNED, []),
            (
                "Skolene leverer plan",
                "Innen 1.12",
                date(2022, 12, 1),
                date(2022, 12, 1),
                DAY,
                PLANNED,
                [],
            ),
        ],
    ),
    "09-nb-delt-over-sider-2023-2024": Expected(
        "2023/2024",
        goals=(),
        activities=[
            ("Oppstart", "29.08.23", date(2023, 8, 29), date(2023, 8, 29), DAY, PLANNED, []),
            (
                "Nettverkssamling",
                "Oktober",
                date(2023, 10, 1),
                date(2023, 10, 31),
                MONTH,
                PLANNED,
                [],
            ),
            (
                "Julemøte for ledere",
                "Desember",
                date(2023, 12, 1),
                date(2023, 12, 31),
                MONTH,
                PLANNED,
                [],
            ),
            ("Nettverkssamling", "Uke 6", date(2024, 2, 5), date(2024, 2, 11), WEEK, PLANNED, []),
        ],
    ),
    "10-nb-uten-topprad-2024-2025": Expected(
        "2024/2025",
        goals=(),
        activities=[
            ("Oppstartsmøte", "02.09.24", date(2024, 9, 2), date(2024, 9, 2), DAY, PLANNED, []),
            (
                "Observasjon i klasser",
                "Uke 43",
                date(2024, 10, 21),
                date(2024, 10, 27),
                WEEK,
                PLANNED,
                [],
            ),
            ("Oppfølgingsmøte", "Januar", date(2025, 1, 1), date(2025, 1, 31), MONTH, PLANNED, []),
            ("Evaluering", "Juni", date(2025, 6, 1), date(2025, 6, 30), MONTH, PLANNED, []),
        ],
    ),
    "11-nn-delt-med-ny-topprad-2023-2024": Expected(
        "2023/2024",
        goals=(),
        activities=[
            (
                "Planleggingsdagar",
                "Veke 35",
                date(2023, 8, 28),
                date(2023, 9, 3),
                WEEK,
                PLANNED,
                [],
            ),
            (
                "Fagleg samling",
                "Oktober",
                date(2023, 10, 1),
                date(2023, 10, 31),
                MONTH,
                PLANNED,
                [],
            ),
            ("Nettverksmøte", "Januar", date(2024, 1, 1), date(2024, 1, 31), MONTH, PLANNED, []),
            ("Sluttrapport", "Vår 2024", date(2024, 1, 1), date(2024, 6, 30), TERM, PLANNED, []),
        ],
    ),
    "12-nb-maal-i-en-celle-2022-2023": Expected(
        "2022/2023",
        goals=("Økt leseglede", "Mer samarbeid i teamene"),
        activities=[
            ("Planleggingsdag", "Uke 34", date(2022, 8, 22), date(2022, 8, 28), WEEK, PLANNED, []),
            (
                "Fagdag om lesing",
                "November",
                date(2022, 11, 1),
                date(2022, 11, 30),
                MONTH,
                PLANNED,
                [],
            ),
        ],
    ),
    "13-nb-maal-i-to-kolonner-2023-2024": Expected(
        "2023/2024",
        goals=(
            "Alle elever skal få tilpasset opplæring.",
            "Lærerne skal samarbeide om undervisningen.",
        ),
        activities=[
            ("Kartlegging", "September", date(2023, 9, 1), date(2023, 9, 30), MONTH, PLANNED, []),
            ("Fagdag", "05.03.24", date(2024, 3, 5), date(2024, 3, 5), DAY, PLANNED, []),
        ],
    ),
    "14-nn-maala-tabell-2024-2025": Expected(
        "2024/2025",
        goals=("Fleire elevar skal fullføre.", "Betre overgangar."),
        activities=[
            ("Leiarsamling", "Veke 37", date(2024, 9, 9), date(2024, 9, 15), WEEK, PLANNED, []),
            ("Fagnettverk", "Januar", date(2025, 1, 1), date(2025, 1, 31), MONTH, PLANNED, []),
        ],
    ),
    "15-nn-maal-for-aaret-2023-2024": Expected(
        "2023/2024",
        goals=("Barna skal få leike meir ute.", "Personalet skal dele erfaringar."),
        activities=[
            (
                "Oppstart i nettverka",
                "Haust 2023",
                date(2023, 8, 1),
                date(2023, 12, 31),
                TERM,
                PLANNED,
                [],
            ),
            (
                "Fagdag om uteleik",
                "Februar",
                date(2024, 2, 1),
                date(2024, 2, 29),
                MONTH,
                PLANNED,
                [],
            ),
        ],
    ),
    "16-nb-tid-med-ord-2022-2023": Expected(
        "2022/2023",
        goals=(),
        activities=[
            (
                "Fagdag om vurdering",
                "12.01.23 Fagdag for alle",
                date(2023, 1, 12),
                date(2023, 1, 12),
                DAY,
                PLANNED,
                [],
            ),
            (
                "Ledersamling",
                "ca. 15.03.23",
                date(2023, 3, 15),
                date(2023, 3, 15),
                DAY,
                TENTATIVE,
                [],
            ),
            ("Skolebesøk", "Uke 5?", date(2023, 1, 30), date(2023, 2, 5), WEEK, TENTATIVE, []),
            (
                "Ny rutine for observasjon",
                "Fra og med 20.02.23",
                date(2023, 2, 20),
                None,
                DAY,
                PLANNED,
                [],
            ),
            (
                "Regional samling",
                "Regional samling\n(Foreløpig utsatt)",
                None,
                None,
                None,
                POSTPONED,
                [],
            ),
            (
                "Skolevandring",
                "Etter påske",
                date(2023, 4, 17),
                date(2023, 4, 23),
                WEEK,
                PLANNED,
                [],
            ),
            (
                "Læringsvandring",
                "Etter vinterferien (mars)",
                date(2023, 3, 1),
                date(2023, 3, 31),
                MONTH,
                PLANNED,
                [],
            ),
            (
                "Avslutning",
                "14.06.23, kl. 12-15",
                date(2023, 6, 14),
                date(2023, 6, 14),
                DAY,
                PLANNED,
                [],
            ),
        ],
    ),
    "17-nb-perioder-2023-2024": Expected(
        "2023/2024",
        goals=(),
        activities=[
            (
                "Spørreundersøkelse",
                "15. oktober – 30. november",
                date(2023, 10, 15),
                date(2023, 11, 30),
                DAY,
                PLANNED,
                [],
            ),
            (
                "Analyse av resultater",
                "Uke 3-5",
                date(2024, 1, 15),
                date(2024, 2, 4),
                WEEK,
                PLANNED,
                [],
            ),
            (
                "Læringsvandring",
                "April/mai",
                date(2024, 4, 1),
                date(2024, 5, 31),
                MONTH,
                PLANNED,
                [],
            ),
            (
                "Samling med overnatting",
                "26.-27.9.23",
                date(2023, 9, 26),
                date(2023, 9, 27),
                DAY,
                PLANNED,
                [],
            ),
            (
                "Regionale møter",
                "19/3-20/3",
                date(2024, 3, 19),
                date(2024, 3, 20),
                DAY,
                PLANNED,
                [],
            ),
            (
                "Klassebesøk",
                "Uke 41 og 43",
                date(2023, 10, 9),
                date(2023, 10, 29),
                WEEK,
                PLANNED,
                [],
            ),
            (
                "Rapport til skoleeier",
                "Frist: 15. mai",
                date(2024, 5, 15),
                date(2024, 5, 15),
                DAY,
                PLANNED,
                [],
            ),
            (
                "Sommermøte",
                "Juni (foreløpig)",
                date(2024, 6, 1),
                date(2024, 6, 30),
                MONTH,
                TENTATIVE,
                [],
            ),
        ],
    ),
    "18-nn-tid-2024-2025": Expected(
        "2024/2025",
        goals=(),
        activities=[
            (
                "Planleggingsdagar",
                "Veke 34",
                date(2024, 8, 19),
                date(2024, 8, 25),
                WEEK,
                PLANNED,
                [],
            ),
            ("Observasjon", "Haust 2024", date(2024, 8, 1), date(2024, 12, 31), TERM, PLANNED, []),
            (
                "Skulane sender rapport",
                "Innan 1. desember",
                date(2024, 12, 1),
                date(2024, 12, 1),
                DAY,
                PLANNED,
                [],
            ),
            ("Nye team", "Frå og med januar", date(2025, 1, 1), None, MONTH, PLANNED, []),
            ("Samling", "Veke 10?", date(2025, 3, 3), date(2025, 3, 9), WEEK, TENTATIVE, []),
            ("Evaluering", "Vår 2025", date(2025, 1, 1), date(2025, 6, 30), TERM, PLANNED, []),
        ],
    ),
    "19-nb-tittelrad-kommentar-2023-2024": Expected(
        "2023/2024",
        goals=(),
        activities=[
            (
                "Styringsgruppemøte",
                "21.09.23",
                date(2023, 9, 21),
                date(2023, 9, 21),
                DAY,
                PLANNED,
                [],
            ),
            ("Fagdag", "November", date(2023, 11, 1), date(2023, 11, 30), MONTH, PLANNED, []),
        ],
    ),
    "20-nb-hva-naar-hvem-2022-2023": Expected(
        "2022/2023",
        goals=("Trygt og godt skolemiljø for alle",),
        activities=[
            (
                "Kartlegging av skolemiljøet",
                "Høst",
                date(2022, 8, 1),
                date(2022, 12, 31),
                TERM,
                PLANNED,
                [],
            ),
            (
                "Tiltaksplan for hver klasse",
                "Innen 15.12.22",
                date(2022, 12, 15),
                date(2022, 12, 15),
                DAY,
                PLANNED,
                [],
            ),
            ("Ny kartlegging", "Vår", date(2023, 1, 1), date(2023, 6, 30), TERM, PLANNED, []),
        ],
    ),
    "21-nb-regionlinjer-2024-2025": Expected(
        "2024/2025",
        goals=(),
        activities=[
            (
                "Regionale samlinger",
                "Oktober",
                date(2024, 10, 1),
                date(2024, 10, 31),
                MONTH,
                PLANNED,
                [
                    ("NORD", "15.10", date(2024, 10, 15), date(2024, 10, 15)),
                    ("SØR", "17.10", date(2024, 10, 17), date(2024, 10, 17)),
                ],
            ),
            (
                "Nettverk",
                "Januar",
                date(2025, 1, 1),
                date(2025, 1, 31),
                MONTH,
                PLANNED,
                [
                    ("NORD", "uke 3", date(2025, 1, 13), date(2025, 1, 19)),
                    ("SØR", "uke 4", date(2025, 1, 20), date(2025, 1, 26)),
                ],
            ),
            (
                "Erfaringsdeling",
                "",
                date(2025, 3, 11),
                date(2025, 3, 11),
                DAY,
                PLANNED,
                [
                    ("NORD", "11.03.25", date(2025, 3, 11), date(2025, 3, 11)),
                    ("SØR", "", None, None),
                ],
            ),
        ],
    ),
    "22-nn-hending-kommentar-2022-2023": Expected(
        "2022/2023",
        goals=("Elevane skal lære meir.", "Lærarane skal samarbeide betre."),
        activities=[
            ("Oppstart", "Veke 35", date(2022, 8, 29), date(2022, 9, 4), WEEK, PLANNED, []),
            (
                "Kurs i klasseleiing",
                "Oktober",
                date(2022, 10, 1),
                date(2022, 10, 31),
                MONTH,
                PLANNED,
                [],
            ),
            (
                "Kurs i klasseleiing, del 2",
                "Mars",
                date(2023, 3, 1),
                date(2023, 3, 31),
                MONTH,
                PLANNED,
                [],
            ),
        ],
    ),
}


# --- Every file, as a whole ---------------------------------------------------------------


def test_the_corpus_is_every_file_and_at_least_twenty():
    files = sorted(path.stem for path in CORPUS.glob("*.docx"))

    assert files == sorted(EXPECTED)
    assert len(files) >= 20


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_plan_imports_its_activities_dates_regions_and_goals(name):
    expected = EXPECTED[name]

    plan = read(name)

    assert [summary(activity) for activity in plan.activities] == expected.activities
    assert plan.goals == expected.goals


def test_the_generator_writes_the_committed_files(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("build_corpus", CORPUS / "build_corpus.py")
    assert spec is not None and spec.loader is not None
    build_corpus = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "build_corpus", build_corpus)  # for its dataclasses
    spec.loader.exec_module(build_corpus)

    for plan in build_corpus.PLANS:
        written = build_corpus.write(plan, tmp_path)
        assert written.read_bytes() == (CORPUS / written.name).read_bytes(), written.name


def test_the_school_year_in_each_name_is_the_one_read_with():
    for name, expected in EXPECTED.items():
        first, second = re.search(r"(\d{4})-(\d{4})$", name).groups()
        assert expected.school_year == f"{first}/{second}"


# --- What the files show beyond the dates ------------------------------------------------


def test_responsible_audience_and_terms_come_from_their_columns():
    plan = read("01-nb-fjellregionen-2022-2023")

    assert [(a.responsible, a.audience, a.term) for a in plan.activities] == [
        ("Koordinator", "Rektorer", AUTUMN),
        ("Nettverksleder", "Lærere", AUTUMN),
        ("Universitetet", "Skoleledere", AUTUMN),
        ("Skolene", "Lærere", SPRING),
        ("Koordinator", "Alle", SPRING),
    ]
    assert plan.activities[1].details == (Block(PARAGRAPH, "Lesing i alle fag"),)
    assert plan.skipped == plan.notes == plan.warnings == ()


def test_nynorsk_columns_in_another_order():
    plan = read("02-nn-fjordane-2023-2024")

    assert [(a.responsible, a.audience) for a in plan.activities] == [
        ("Høgskulen", "Styrarar"),
        ("Barnehagemyndigheita", "Tilsette"),
        ("Nettverksleiar", "Pedagogiske leiarar"),
        ("Styringsgruppa", "Styrarar"),
    ]


def test_a_remark_column_is_kept_in_the_details():
    plan = read("03-nb-dato-merknad-2024-2025")

    assert [a.details for a in plan.activities] == [
        (),
        (Block(PARAGRAPH, "Merknad: Hotell"),),
        (Block(PARAGRAPH, "Merknad: Lenke kommer"),),
        (),
        (),
    ]
    assert [a.audience for a in plan.activities][:2] == ["Rektorer", "Ledere"]
    assert [str(w) for w in plan.warnings] == [
        "Table 1: The column “Merknad” is unknown; its content is added to the details."
    ]


def test_regional_columns_give_sessions_and_a_merged_date_is_every_regions():
    plan = read("04-nb-regionkolonner-2023-2024")

    assert [a.details for a in plan.activities] == [(), (), (), ()]
    assert [a.responsible for a in plan.activities] == [
        "Regionene",
        "Fylket",
        "Regionene",
        "Høgskolen",
    ]
    # "Samling om lek" beside "Dato kommer" is a plan row, not a header row.
    assert [str(w) for w in plan.warnings] == [
        "Table 1, row 5: The time “Dato kommer” for NORD was not understood; the text is kept.",
        "Table 1, row 5: The time “Dato kommer” for SØR was not understood; the text is kept.",
    ]


def test_three_regional_columns_make_a_header_row_and_term_rows_still_count():
    plan = read("05-nn-tre-regionar-2024-2025")

    assert [a.term for a in plan.activities] == [AUTUMN, AUTUMN, SPRING]
    assert plan.warnings == plan.skipped == ()


def test_a_nested_table_is_read_one_line_per_row():
    plan = read("07-nb-nestet-tabell-2023-2024")

    assert plan.activities[0].details == (
        Block(PARAGRAPH, "Program:"),
        Block(PARAGRAPH, "09.00 – Velkommen"),
        Block(PARAGRAPH, "09.30 – Foredrag om lesing"),
    )
    assert plan.skipped == ()


def test_bullets_in_cells_styled_or_typed():
    plan = read("08-nb-punktlister-2022-2023")

    assert [a.details for a in plan.activities] == [
        (Block(BULLET, "Presentasjon av planen"), Block(BULLET, "Valg av tema")),
        (Block(BULLET, "Analyse av kartlegging"), Block(BULLET, "Valg av tiltak")),
        (),
    ]
    assert plan.activities[2].responsible == "Rektor\nmed ressurslærer"
    assert plan.activities[2].when.deadline


def test_a_plan_split_over_pages_with_a_row_above_the_repeated_header():
    plan = read("09-nb-delt-over-sider-2023-2024")

    assert [(a.source, a.term) for a in plan.activities] == [
        ((1, 3), AUTUMN),
        ((1, 4), AUTUMN),
        ((2, 1), AUTUMN),
        ((2, 4), SPRING),
    ]
    assert [str(w) for w in plan.warnings] == [
        "Table 2: The rows above the header row are read as the continuation of table 1."
    ]
    assert plan.skipped == ()


def test_a_plan_split_over_pages_without_a_header_on_the_second_page():
    plan = read("10-nb-uten-topprad-2024-2025")

    assert [a.source for a in plan.activities] == [(1, 2), (1, 3), (2, 1), (2, 2)]
    assert [str(w) for w in plan.warnings] == [
        "Table 2 has no header row and is read as the continuation of table 1."
    ]


@pytest.mark.parametrize(
    "name",
    [
        "12-nb-maal-i-en-celle-2022-2023",
        "13-nb-maal-i-to-kolonner-2023-2024",
        "14-nn-maala-tabell-2024-2025",
        "15-nn-maal-for-aaret-2023-2024",
    ],
)
def test_a_table_of_goals_gives_the_goals_and_is_no_plan_table(name):
    plan = read(name)

    assert plan.goals
    assert plan.skipped == ()  # nothing in the goals table is lost
    assert {a.source.table for a in plan.activities} == {2}
    assert plan.warnings == ()


def test_times_with_words_and_question_marks():
    plan = read("16-nb-tid-med-ord-2022-2023")
    fagdag, leaders, visit, routine, postponed, _easter, _winter, ending = plan.activities

    assert (fagdag.when.note, fagdag.details) == (
        "Fagdag for alle",
        (Block(PARAGRAPH, "Fagdag for alle"),),
    )
    assert (leaders.when.tentative, visit.when.tentative) == (True, True)
    assert (routine.when.open_end, routine.when.end) == (True, None)
    assert postponed.when.postponed
    assert (str(ending.when.start_time), str(ending.when.end_time)) == ("12:00:00", "15:00:00")
    assert plan.warnings == ()


def test_a_title_row_a_note_row_and_a_comment_column():
    plan = read("19-nb-tittelrad-kommentar-2023-2024")

    assert [(s.table, s.row, s.text) for s in plan.skipped] == [
        (1, 1, "Handlingsplan for Dalbygda 2023/2024")
    ]
    assert [(n.text, n.source) for n in plan.notes] == [
        ("OBS: Alle datoer kan bli endret.", (1, 3))
    ]
    assert [a.details for a in plan.activities] == [
        (Block(PARAGRAPH, "Kommentar: Teams"),),
        (Block(PARAGRAPH, "Kommentar: Påmelding innen 1.11"),),
    ]


def test_term_rows_merged_over_the_whole_width():
    plan = read("22-nn-hending-kommentar-2022-2023")

    assert [a.term for a in plan.activities] == [AUTUMN, AUTUMN, SPRING]
    assert plan.notes == ()
