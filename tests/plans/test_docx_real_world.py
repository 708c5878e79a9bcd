"""Plans as other partnerships write them (issue 18, "Word plans"): the importer's answers to
files that differ from the fixtures it was built with."""

from datetime import date

from samla.plans.docx_import import Message, RegionName, read_plan
from samla.plans.when_values import Term
from tests.plans.docx_builders import build_docx, plan_table

REGIONS = (
    RegionName("NØR", ("Nord-Østerdal", "NØR")),
    RegionName("SØR", ("Sør-Østerdal", "SØR")),
    RegionName("KR", ("Kongsvingerregionen", "KR", "Glåmdalen")),
    RegionName("HR", ("Hamarregionen", "HR", "Hedmarken")),
)
HEADER = ["Når", "Aktiviteter", "Ansvar", "Målgruppe"]


def read(*content, school_year="2020/2021"):
    return read_plan(build_docx(*content), school_year, REGIONS)


def english(messages: tuple[Message, ...]) -> list[str]:
    return [str(message) for message in messages]


# --- A table continued after a page break ---


def test_a_row_above_the_repeated_header_continues_the_plan():
    first = plan_table(["September", "Regional samling", "SePU", ""])
    second = [
        ["12.01.21", "Fagdag for skoleledere", "SePU", "Skoleledere"],
        HEADER,
        ["Februar", "Work-shop", "Regionene", ""],
    ]

    plan = read(first, "", second)

    assert [(a.title, a.when.start, a.source) for a in plan.activities] == [
        ("Regional samling", date(2020, 9, 1), (1, 2)),
        ("Fagdag for skoleledere", date(2021, 1, 12), (2, 1)),
        ("Work-shop", date(2021, 2, 1), (2, 3)),
    ]
    assert plan.activities[1].responsible == "SePU"
    assert plan.activities[1].audience == "Skoleledere"
    assert plan.skipped == ()
    assert english(plan.warnings) == [
        "Table 2: The rows above the header row are read as the continuation of table 1.",
    ]


def test_a_term_row_above_the_repeated_header_continues_the_plan():
    first = plan_table(["Høst 2020", "", "", ""], ["September", "Regional samling", "SePU", ""])
    second = [["Vår 2021", "", "", ""], HEADER, ["Januar", "Resultatportalen", "Conexus", ""]]

    plan = read(first, second)

    last = plan.activities[-1]
    assert (last.title, last.term, last.when.start) == (
        "Resultatportalen",
        Term.SPRING,
        date(2021, 1, 1),
    )
    assert plan.skipped == ()


def test_a_title_above_the_header_of_the_first_table_is_still_skipped():
    table = [["Handlingsplan KFL", "", "", ""], HEADER, ["September", "Samling", "SePU", ""]]

    plan = read(table)

    assert [(s.table, s.row, s.text) for s in plan.skipped] == [(1, 1, "Handlingsplan KFL")]


def test_rows_above_a_header_of_other_columns_do_not_continue_the_plan():
    first = plan_table(["September", "Regional samling", "SePU", ""])
    second = [
        ["12.01.21", "Fagdag", "SePU", ""],
        ["Aktiviteter", "Når", "Ansvar", "Målgruppe"],
        ["Work-shop", "Februar", "Regionene", ""],
    ]

    plan = read(first, second)

    assert [a.title for a in plan.activities] == ["Regional samling", "Work-shop"]
    assert [(s.table, s.row) for s in plan.skipped] == [(2, 1)]


def test_a_headerless_table_starting_with_a_dated_row_continues_the_plan():
    first = plan_table(["September", "Regional samling", "SePU", ""])
    second = [["12.01.21", "Fagdag", "SePU", "Skoleledere"], ["Mars", "Work-shop", "SePU", ""]]

    plan = read(first, second)

    assert [(a.title, a.when.start) for a in plan.activities] == [
        ("Regional samling", date(2020, 9, 1)),
        ("Fagdag", date(2021, 1, 12)),
        ("Work-shop", date(2021, 3, 1)),
    ]
